// SEC-002: API keys in provider formats the secretlint preset does not cover (or covers only in part):
// OpenAI project and legacy keys, Anthropic, Hugging Face, Google, Stripe, GitLab, Groq, JWTs, private
// keys, … A key secretlint already reported is not reported again.
import { defineRule } from '../../types.js';
import { detectSecrets } from './detect.js';
import { maskForEvidence } from './patterns.js';

export const providerApiKey = defineRule({
  meta: {
    id: 'SEC-002',
    title: 'API key or token in file',
    severity: 'high',
    confidence: 'likely',
    owasp_category: 'LLM02',
    owasp_mcp: 'MCP01',
    cwe: 'CWE-798',
    hipaa_mapping: '45 CFR 164.312(a)(1); 45 CFR 164.312(d)',
    description:
      'A value in the format of a provider API key, access token, JSON Web Token or private key is ' +
      'written into the file. Model-provider keys in agent configs are a common and costly leak.',
    remediation:
      'Revoke and rotate the key at the provider, delete it from the file and its history, and reference ' +
      'it from the environment (`${env:OPENAI_API_KEY}`) or a secret manager instead.',
    monitor_candidate: false,
    docs:
      'Matches provider key formats at token boundaries (so base64 integrity hashes in lockfiles do not ' +
      'match), then requires the random part to be random: `sk-...`, `hf_xxxxxxxx` or ' +
      '`<your-key>` are ignored. Example: `ANTHROPIC_API_KEY: sk-ant-api03-…` in a YAML file is reported ' +
      'as `Anthropic API key: sk-ant-…f3a9` (critical). Stripe test keys are reported as medium.',
  },
  artifact: 'text-file',
  async check(file, context) {
    const { providers } = await detectSecrets(file);
    for (const secret of providers) {
      context.report({
        evidence: `${secret.label}: ${maskForEvidence(secret.value)}`,
        title: `${secret.label} in file`,
        severity: secret.severity,
        location: { file: file.file, ...file.positionAt(secret.start) },
      });
    }
  },
});
