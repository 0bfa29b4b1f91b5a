import type { SourceFile } from '../../collect/code/model.js';
import { defineRule } from '../../types.js';
import { deserialiseInput, evalInput, locationOf, shellInput, sqlInput } from './sinks.js';

const SINKS = [
  { find: (call: Parameters<typeof shellInput>[0]) => shellInput(call), what: 'a shell command' },
  { find: evalInput, what: 'code evaluation' },
  { find: (call: Parameters<typeof sqlInput>[0]) => sqlInput(call), what: 'an SQL statement' },
  { find: deserialiseInput, what: 'a deserializer' },
] as const;

export const llmOutputToSink = defineRule({
  meta: {
    id: 'CODE-010',
    title: 'Model output executed as a command, code or SQL',
    severity: 'high',
    confidence: 'likely',
    owasp_category: 'LLM05',
    owasp_mcp: 'MCP05',
    cwe: 'CWE-94',
    hipaa_mapping: '45 CFR 164.312(c)(1)',
    description:
      "Text produced by a language model flows into a shell, eval, SQL or a deserializer. A prompt injection anywhere in the model's context (a web page, a file, a tool result) becomes code execution.",
    remediation:
      'Treat model output as untrusted input: have the model choose from fixed operations (structured output validated against a schema), never splice its text into commands or queries, and require human approval for side effects.',
    monitor_candidate: false,
    docs: 'Follows the response of OpenAI, Anthropic, Gemini, LiteLLM, Ollama, LangChain `invoke` and Vercel AI SDK calls (`response.choices[0].message.content`, `message.content[0].text`, `output_text`, `generateText().text`) through assignments and string building into the sinks of CODE-001 to CODE-004. Example: `sql = client.chat.completions.create(...).choices[0].message.content` followed by `cursor.execute(sql)` lets whoever controls the prompt drop tables.',
  },
  artifact: 'source-file',
  check(source: SourceFile, context) {
    for (const call of source.calls) {
      for (const sink of SINKS) {
        const input = sink.find(call, source);
        if (!input?.value.llm) continue;
        context.report({
          evidence: call.text,
          location: locationOf(source, call),
          description: `Language model output reaches ${sink.what} here.`,
        });
        break;
      }
    }
  },
});
