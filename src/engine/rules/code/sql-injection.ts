import { defineRule } from '../../types.js';
import { judge, reportSink, sqlInput } from './sinks.js';

export const sqlInjection = defineRule({
  meta: {
    id: 'CODE-003',
    title: 'SQL built from strings',
    severity: 'high',
    confidence: 'likely',
    owasp_category: 'LLM06',
    owasp_mcp: 'MCP05',
    cwe: 'CWE-89',
    hipaa_mapping: '45 CFR 164.312(c)(1)',
    description:
      'A query is built by string formatting, f-strings, concatenation or a template literal and handed to execute/query. Values spliced into SQL can change the statement: read other tables, modify or delete data.',
    remediation:
      'Use placeholders and pass values separately (cursor.execute("... WHERE id = ?", (id,)), client.query("... $1", [id])). Table and column names must come from a fixed allow-list.',
    monitor_candidate: false,
    docs: "Flags `execute`, `executemany`, `executescript`, `read_sql`, Prisma `$queryRawUnsafe` and database-looking receivers' `query`/`raw`/`exec`/`prepare`/`run` when the SQL text is built from non-constant parts, or when a tool argument is the whole query. Example: `cursor.execute(f\"SELECT * FROM notes WHERE owner = '{owner}'\")` returns every note for `owner = \"x' OR '1'='1\"`; `cursor.execute(\"SELECT * FROM notes WHERE owner = ?\", (owner,))` is safe and stays silent.",
  },
  artifact: 'source-file',
  check(source, context) {
    for (const call of source.calls) {
      const input = sqlInput(call);
      const verdict = input && judge(input.value);
      if (verdict)
        reportSink(
          context.report,
          source,
          call,
          verdict,
          'This call runs SQL assembled from strings',
          'medium',
        );
    }
  },
});
