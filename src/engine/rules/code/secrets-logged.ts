import type { CallSite } from '../../collect/code/model.js';
import { defineRule } from '../../types.js';
import { locationOf } from './sinks.js';

const LOG_LEVELS = 'debug|info|warning|warn|error|exception|critical|fatal|log|trace|dir';
// A logger is an object whose name holds `log`, `LOG` or `Logger` (a lookahead into the name, so that a
// long name is not read again from every place the word could start).
const LOGGERS = new RegExp(
  `^(?:print|pprint\\.pprint|sys\\.(?:stdout|stderr)\\.write|process\\.(?:stdout|stderr)\\.write|console\\.(?:${LOG_LEVELS}|table)|(?:\\w+\\.)*(?=\\w*(?:log|LOG|Logger))\\w+\\.(?:${LOG_LEVELS}))$`,
);

/** Name parts that make a name hold a credential. */
const SECRET_PARTS = new Set([
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'credential',
  'credentials',
  'apikey',
  'token',
  'bearer',
  'jwt',
]);
/** Qualifiers that make a `key` a credential (`api_key`, `private_key`). */
const KEY_QUALIFIERS = new Set([
  'api',
  'secret',
  'private',
  'access',
  'auth',
  'signing',
  'encryption',
  'client',
  'master',
  'session',
  'openai',
  'anthropic',
]);
/** Parts that make a name describe a credential rather than hold one (`token_count`, `password_url`). */
const NOT_A_VALUE = new Set([
  'count',
  'max',
  'num',
  'limit',
  'usage',
  'total',
  'len',
  'length',
  'type',
  'url',
  'uri',
  'endpoint',
  'path',
  'file',
  'name',
  'id',
  'budget',
  'prefix',
  'expiry',
  'expires',
  'ttl',
  'header',
  'field',
  'env',
  'input',
  'output',
  'prompt',
  'completion',
  'tokens',
  'is',
  'has',
  'set',
  'present',
  'missing',
  'valid',
  'hint',
  'policy',
  'min',
]);

function parts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export function isSecretName(name: string): boolean {
  const words = parts(name);
  if (words.some((w) => NOT_A_VALUE.has(w))) return false;
  return words.some(
    (w, i) => SECRET_PARTS.has(w) || (w === 'key' && i > 0 && KEY_QUALIFIERS.has(words[i - 1]!)),
  );
}

function secretNames(call: CallSite): string[] {
  const names = new Set<string>();
  for (const value of [...call.args, ...Object.values(call.keywords)]) {
    if (value.constant) continue;
    for (const name of value.names) if (isSecretName(name)) names.add(name);
  }
  return [...names];
}

export const secretsLogged = defineRule({
  meta: {
    id: 'CODE-009',
    title: 'Secret written to logs or output',
    severity: 'medium',
    confidence: 'likely',
    owasp_category: 'LLM02',
    owasp_mcp: 'MCP01',
    cwe: 'CWE-532',
    hipaa_mapping: '45 CFR 164.312(b)',
    description:
      'A value named like a credential (API key, token, secret, password) is printed or logged. Logs are kept, shipped and read by people and tools that should never see credentials; for stdio MCP servers, stdout is also the protocol channel.',
    remediation:
      'Log that a credential is present, or its last four characters, never the value. Keep secrets out of f-strings and log arguments; use a logging filter that masks known secret patterns.',
    monitor_candidate: false,
    docs: 'Flags `print`, `logging.*`, `logger.*`, `console.*` and writes to stdout/stderr whose arguments read a variable, attribute or environment variable named like a credential (`api_key`, `GITHUB_TOKEN`, `client_secret`, `password`), including through f-strings and template literals. Names that describe rather than hold a credential (`max_tokens`, `token_count`, `password_url`) and slices such as `token[:4]` stay silent. Example: `logger.info(f"calling upstream with key {api_key}")`.',
  },
  artifact: 'source-file',
  check(source, context) {
    for (const call of source.calls) {
      if (!LOGGERS.test(call.callee)) continue;
      const names = secretNames(call);
      if (names.length === 0) continue;
      context.report({
        evidence: call.text,
        location: locationOf(source, call),
        description: `This call writes ${names.map((n) => `\`${n}\``).join(', ')} to the log or the console.`,
      });
    }
  },
});
