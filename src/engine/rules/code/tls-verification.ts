import type { ValueSummary } from '../../collect/code/model.js';
import { defineRule } from '../../types.js';
import { locationOf } from './sinks.js';

const isFalse = (value: ValueSummary | undefined) => value?.literal === false || value?.literal === 0;
const isCertNone = (value: ValueSummary | undefined) =>
  value !== undefined && /\bCERT_NONE$/.test(value.text);
/** Environment switches that turn verification off for a whole process. */
const ENV_SWITCHES: Record<string, (value: ValueSummary) => boolean> = {
  NODE_TLS_REJECT_UNAUTHORIZED: (v) => v.literal === '0' || v.literal === 0 || v.literal === 'false',
  PYTHONHTTPSVERIFY: (v) => v.literal === '0' || v.literal === 0,
  CURL_CA_BUNDLE: (v) => v.literal === '',
  REQUESTS_CA_BUNDLE: (v) => v.literal === '',
};

export const tlsVerificationDisabled = defineRule({
  meta: {
    id: 'CODE-005',
    title: 'TLS certificate verification turned off',
    severity: 'high',
    confidence: 'likely',
    owasp_category: 'LLM02',
    owasp_mcp: 'MCP07',
    cwe: 'CWE-295',
    hipaa_mapping: '45 CFR 164.312(e)(1)',
    description:
      'The code turns off TLS certificate verification. Anyone on the network path can impersonate the remote service, read the credentials sent to it and feed back forged responses (which then reach the model).',
    remediation:
      'Keep verification on. To trust a private CA, pass its bundle (verify="/path/ca.pem", ca: fs.readFileSync(...), NODE_EXTRA_CA_CERTS) instead of disabling checks.',
    monitor_candidate: false,
    docs: 'Flags `verify=False` (requests, httpx), `ssl=False`/`verify_ssl=False` (aiohttp), `ssl._create_unverified_context`, `check_hostname = False`, `CERT_NONE`, `rejectUnauthorized: false` in Node TLS/HTTPS options, and process-wide switches such as `NODE_TLS_REJECT_UNAUTHORIZED=0`, `PYTHONHTTPSVERIFY=0` or an empty `CURL_CA_BUNDLE`. Example: `requests.get(url, headers={"Authorization": f"Bearer {token}"}, verify=False)` sends the token to whoever answers.',
  },
  artifact: 'source-file',
  check(source, context) {
    const report = (evidence: string, at: { position: { line: number; column: number }; handler?: string }) =>
      context.report({ evidence, location: locationOf(source, at) });
    for (const call of source.calls) {
      const { keywords } = call;
      if (/(?:^|\.)_create_unverified_context$/.test(call.callee)) report(call.text, call);
      else if (
        isFalse(keywords.verify) ||
        isFalse(keywords.ssl) ||
        isFalse(keywords.verify_ssl) ||
        isCertNone(keywords.cert_reqs)
      ) {
        report(call.text, call);
      } else if (call.args.some((a) => isFalse(a.properties?.rejectUnauthorized))) report(call.text, call);
      else if (/(?:^|\.)(?:environ\.setdefault|environ\.update)$/.test(call.callee)) {
        const [name, value] = call.args;
        const test = typeof name?.literal === 'string' ? ENV_SWITCHES[name.literal] : undefined;
        if (test && value && test(value)) report(call.text, call);
      }
    }
    for (const write of source.writes) {
      const name = write.target.slice(write.target.lastIndexOf('.') + 1);
      const test = ENV_SWITCHES[name];
      const off =
        (test && /(?:^|\.)(?:env|environ)\.\w+$/.test(write.target) && test(write.value)) ||
        ((name === 'rejectUnauthorized' || name === 'check_hostname') && isFalse(write.value)) ||
        (name === 'verify_mode' && isCertNone(write.value)) ||
        (name === '_create_default_https_context' && /_create_unverified_context$/.test(write.value.text));
      if (off) report(write.text, write);
    }
  },
});
