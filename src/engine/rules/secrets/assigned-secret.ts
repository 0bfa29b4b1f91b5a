// SEC-003: a random-looking value assigned to a name like `*_KEY`, `*_TOKEN`, `*_SECRET` or `PASSWORD`,
// in any format (JSON, YAML, TOML, .env-style text, Python, JS/TS). Catches credentials that follow no
// provider format, e.g. an internal service token or a database password.
import { maskSecret } from '../../evidence.js';
import { defineRule } from '../../types.js';
import { detectSecrets } from './detect.js';

export const assignedSecret = defineRule({
  meta: {
    id: 'SEC-003',
    title: 'Hard-coded secret assigned to a credential name',
    severity: 'high',
    confidence: 'possible',
    owasp_category: 'LLM02',
    owasp_mcp: 'MCP01',
    cwe: 'CWE-798',
    hipaa_mapping: '45 CFR 164.312(a)(1); 45 CFR 164.312(d)',
    description:
      'A name that holds a credential (`*_KEY`, `*_TOKEN`, `*_SECRET`, `PASSWORD`, `apiKey`, ' +
      '`Authorization`) is assigned a literal value that looks random enough to be a real secret.',
    remediation:
      'Move the value out of the file: read it from the environment or a secret manager, and rotate it ' +
      'if the file was ever shared or committed.',
    monitor_candidate: false,
    docs:
      'Looks at assignments in every format (`KEY=value`, `"key": "value"`, `key: value`, ' +
      '`api_key = "…"`) and judges the value by length and Shannon entropy for its alphabet. References ' +
      '(`${env:X}`, `$X`, `os.environ[…]`, `process.env.X`), placeholders (`<your-key>`, `YOUR_API_KEY`, ' +
      '`changeme`), UUIDs, paths and lockfiles are left alone. Example: `INTERNAL_API_TOKEN=9fQ2…` in ' +
      '`settings.txt` is reported as `INTERNAL_API_TOKEN = 9f…x7Qa`.',
  },
  artifact: 'text-file',
  async check(file, context) {
    const { assignments } = await detectSecrets(file);
    for (const secret of assignments) {
      context.report({
        evidence: `${secret.name} = ${maskSecret(secret.value)}`,
        ...(secret.kind === 'password' ? { title: 'Hard-coded password' } : {}),
        location: { file: file.file, ...file.positionAt(secret.start) },
      });
    }
  },
});
