// CFG-001: a credential written into a client config's `env`, `headers` or `args` instead of being
// referenced (`${env:GITHUB_TOKEN}`, `${input:token}`) or left to the server's own environment.
import { maskSecret } from '../../evidence.js';
import { defineRule } from '../../types.js';
import {
  credentialPart,
  findProviderSecrets,
  isPlaceholder,
  isReference,
  looksLikeSecretValue,
  secretKindOfName,
} from '../secrets/patterns.js';
import { locate } from './command-line.js';

const SECRET_HEADERS =
  /^(?:authorization|proxy-authorization|cookie|x-api-key|api-key|apikey|x-auth-token|private-token)$/i;

type Verdict = { severity: 'critical' | 'high' | 'medium'; confidence: 'likely' | 'possible'; label: string };

/** Whether `value`, written under `name`, is a credential in plain text. */
function judge(name: string, value: string, secretName: boolean): Verdict | undefined {
  const provider = findProviderSecrets(value)[0];
  if (provider) return { severity: provider.severity, confidence: 'likely', label: provider.label };
  const credential = credentialPart(value);
  if (!secretName || isReference(credential) || isPlaceholder(credential)) return undefined;
  const kind = secretKindOfName(name) ?? 'token';
  if (looksLikeSecretValue(credential, kind))
    return { severity: 'high', confidence: 'likely', label: 'secret' };
  // A short or plain value under a credential name is still a credential, just a less certain one.
  if (
    credential.length >= 8 &&
    !/^(?:\d+|true|false|yes|no|on|off)$/i.test(credential) &&
    !/^(?:https?:)?\/\//.test(credential)
  )
    return { severity: 'medium', confidence: 'possible', label: 'secret' };
  return undefined;
}

export const inlineSecret = defineRule({
  meta: {
    id: 'CFG-001',
    title: 'Secret written inline in an MCP server config',
    severity: 'high',
    confidence: 'likely',
    owasp_category: 'LLM02',
    owasp_mcp: 'MCP01',
    cwe: 'CWE-798',
    hipaa_mapping: '45 CFR 164.312(a)(1); 45 CFR 164.312(d)',
    description:
      'An API key, token or password is written in plain text into the `env`, `headers` or arguments of ' +
      'an MCP server entry. Client configs are synced, shared in repositories and read by agents.',
    remediation:
      'Rotate the credential, then reference it instead of writing it: `${env:NAME}` (VS Code, Cursor), ' +
      '`${NAME}` (Claude Code), an `inputs` prompt, or the environment the client is started from.',
    monitor_candidate: false,
    docs:
      'Checks every `env` entry, every credential header (`Authorization`, `X-Api-Key`, …) and every ' +
      '`--token`/`--api-key` argument. Provider-format keys are always reported; other values only when ' +
      'their name says they are credentials. References and placeholders (`${env:X}`, `<your-key>`, ' +
      '`YOUR_API_KEY`) are fine. Example: `"env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_…"}` in ' +
      '`claude_desktop_config.json` is reported as `env.GITHUB_PERSONAL_ACCESS_TOKEN = ghp_…9f2c`.',
  },
  artifact: 'mcp-config',
  check(config, context) {
    for (const server of config.servers) {
      const report = (path: string, shown: string, value: string, verdict: Verdict) =>
        context.report({
          evidence: `${server.name}: ${shown} = ${maskSecret(credentialPart(value))}${verdict.label === 'secret' ? '' : ` (${verdict.label})`}`,
          severity: verdict.severity,
          confidence: verdict.confidence,
          location: locate(config, server, path),
        });
      for (const [name, value] of Object.entries(server.env)) {
        const verdict = judge(name, value, secretKindOfName(name) !== undefined);
        if (verdict) report(`env.${name}`, `env.${name}`, value, verdict);
      }
      for (const [name, value] of Object.entries(server.headers)) {
        const verdict = judge(name, value, SECRET_HEADERS.test(name) || secretKindOfName(name) !== undefined);
        if (verdict) report(`headers.${name}`, `headers.${name}`, value, verdict);
      }
      server.args.forEach((arg, i) => {
        // `--token=V`, `--token V`, and header arguments such as `--header "Authorization: Bearer V"`.
        const flag = /^(-[\w.-]+)=(.*)$/.exec(arg) ?? /^([\w-]+):\s*(\S.*)$/.exec(arg);
        const previous = server.args[i - 1];
        const flagName = flag ? flag[1]! : previous?.startsWith('-') ? previous : undefined;
        const value = flag ? flag[2]! : arg;
        const bareName = flagName?.replace(/^-+/, '') ?? '';
        const named =
          flagName !== undefined &&
          (SECRET_HEADERS.test(bareName) || secretKindOfName(bareName) !== undefined);
        if (!flag && !named && arg.startsWith('-')) return;
        const verdict = judge(flagName ?? 'arg', value, named);
        if (verdict) report(`args.${i}`, flagName ? `args ${flagName}` : `args[${i}]`, value, verdict);
      });
    }
  },
});
