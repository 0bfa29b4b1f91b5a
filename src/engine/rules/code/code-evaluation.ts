import { defineRule } from '../../types.js';
import { evalInput, judge, reportSink } from './sinks.js';

export const codeEvaluation = defineRule({
  meta: {
    id: 'CODE-002',
    title: 'Dynamic code evaluation of non-constant input',
    severity: 'critical',
    confidence: 'likely',
    owasp_category: 'LLM06',
    owasp_mcp: 'MCP05',
    cwe: 'CWE-94',
    hipaa_mapping: '45 CFR 164.312(a)(1)',
    description:
      'The code evaluates a string as code (eval, exec, compile, new Function, vm.runIn*) and the string is not a constant. A tool argument that reaches it is arbitrary code execution in the server process.',
    remediation:
      'Never evaluate text you did not write. Parse data with a real parser (json.loads, ast.literal_eval for Python literals, JSON.parse) or map inputs to a fixed set of operations.',
    monitor_candidate: false,
    docs: 'Flags Python `eval`, `exec` and `compile`, and JavaScript `eval`, `Function`/`new Function` and `vm.runInNewContext/runInThisContext/runInContext/compileFunction`/`new vm.Script` when the code is not a constant. Example: a "calculator" tool written as `server.tool("calc", {expr: z.string()}, async ({expr}) => ({content: [{type: "text", text: String(eval(expr))}]}))` lets the caller run `process.mainModule.require("child_process").execSync("id")`.',
  },
  artifact: 'source-file',
  check(source, context) {
    for (const call of source.calls) {
      const input = evalInput(call, source);
      const verdict = input && judge(input.value);
      if (verdict)
        reportSink(
          context.report,
          source,
          call,
          verdict,
          'This call evaluates code built at run time',
          'high',
        );
    }
  },
});
