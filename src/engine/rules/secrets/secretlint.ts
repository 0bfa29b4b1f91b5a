// SEC-001: credentials that secretlint's recommended preset recognises (AWS, GCP, GitHub, Slack, npm,
// OpenAI, Anthropic, private keys, connection strings with passwords, …).
import { defineRule } from '../../types.js';
import { detectSecrets } from './detect.js';
import { maskForEvidence } from './patterns.js';

export const secretlintSecret = defineRule({
  meta: {
    id: 'SEC-001',
    title: 'Credential in file',
    severity: 'critical',
    confidence: 'likely',
    owasp_category: 'LLM02',
    owasp_mcp: 'MCP01',
    cwe: 'CWE-798',
    hipaa_mapping: '45 CFR 164.312(a)(1); 45 CFR 164.312(d)',
    description:
      'A credential in a known provider format is written into the file. Anyone who can read the file, ' +
      'its repository history, a backup or an agent that loads it can use the credential.',
    remediation:
      'Revoke and rotate the credential now, remove it from the file and its history, and load it from ' +
      'the environment or a secret manager at run time.',
    monitor_candidate: false,
    docs:
      'Runs the secretlint recommended preset (@secretlint/core 11) over every accepted file. ' +
      'For example, an AWS access key pair or a GitHub personal access token pasted into ' +
      '`claude_desktop_config.json` is reported with its location and a masked value such as `ghp_…9f2c`; ' +
      'the full secret never appears in any output.',
  },
  artifact: 'text-file',
  async check(file, context) {
    const { secretlint } = await detectSecrets(file);
    for (const secret of secretlint) {
      context.report({
        evidence: `${secret.label}: ${maskForEvidence(secret.value)}`,
        title: `Credential in file: ${secret.label.replace(/ \(secretlint .*\)$/, '')}`,
        location: { file: file.file, ...file.positionAt(secret.start) },
      });
    }
  },
});
