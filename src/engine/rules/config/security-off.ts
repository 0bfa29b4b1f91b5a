// CFG-006 and CFG-007: flags and environment variables that switch a protection off for the server
// process: certificate checks (CFG-006), and sandboxes, permission prompts and auth (CFG-007).
import { defineRule, type McpConfig, type RuleContext } from '../../types.js';
import { commandWords, locate, programName, redact } from './command-line.js';

const TRUE = /^(?:1|true|yes|on|y|enabled?)$/i;
const FALSE = /^(?:0|false|no|off|n|disabled?)$/i;

interface Switch {
  /** Matches an environment variable; `value` says which values switch the protection off. */
  env?: RegExp;
  value?: RegExp;
  /** Matches an argument (the whole word, or the flag part before `=`). */
  flag?: RegExp;
  /** Only for these programs (e.g. `-k` means insecure only to curl). */
  programs?: RegExp;
}

const TLS_OFF: Switch[] = [
  { env: /^NODE_TLS_REJECT_UNAUTHORIZED$/i, value: FALSE },
  { env: /^PYTHONHTTPSVERIFY$/i, value: FALSE },
  {
    env: /(?:^|_)(?:SSL|TLS|HTTPS|CERT)_?VERIF(?:Y|ICATION)(?:_|$)|(?:^|_)VERIFY_?(?:SSL|TLS|CERTS?)(?:_|$)/i,
    value: FALSE,
  },
  {
    env: /(?:^|_)(?:INSECURE|SKIP_?(?:TLS|SSL)_?VERIFY|(?:TLS|SSL)_?(?:NO|SKIP)_?VERIFY|NO_?VERIFY_?(?:SSL|TLS)?|DISABLE_?(?:SSL|TLS)(?:_VERIFY)?|IGNORE_?(?:SSL|TLS|CERT)\w*)(?:_|$)/i,
    value: TRUE,
  },
  { env: /^(?:REQUESTS_CA_BUNDLE|CURL_CA_BUNDLE)$/i, value: /^$/ },
  {
    flag: /^--(?:insecure|no-check-certificates?|ignore-certificate-errors|ignore-ssl-errors|no-verify-ssl|no-ssl-verify|ssl-no-verify|skip-tls-verify|tls-skip-verify|insecure-skip-tls-verify|disable-ssl-verification|trust-all-certs|trust-all|allow-insecure|accept-invalid-certs|danger-accept-invalid-certs)$/i,
  },
  {
    flag: /^--(?:verify|ssl-verify|tls-verify|verify-ssl|reject-unauthorized|strict-ssl)=(?:0|false|no|off)$/i,
  },
  { flag: /^-k$/, programs: /^(?:curl|wget)$/ },
];

const SAFETY_OFF: Switch[] = [
  { env: /DANGEROUS/i, value: /^(?!(?:0|false|no|off)$).+/i },
  {
    env: /(?:^|_)(?:DISABLE_?(?:AUTH\w*|SANDBOX|SECURITY|PERMISSIONS?|APPROVALS?|CONFIRMATIONS?)|SKIP_?(?:AUTH\w*|PERMISSIONS?|APPROVALS?|CONFIRMATIONS?)|NO_?(?:AUTH|SANDBOX)|ALLOW_?ALL\w*|UNSAFE\w*|AUTO_?APPROVE\w*|YOLO)(?:_|$)/i,
    value: TRUE,
  },
  {
    env: /^(?:NODE_OPTIONS|CHROME_FLAGS|PUPPETEER_ARGS|PUPPETEER_LAUNCH_OPTIONS|PLAYWRIGHT_\w+|\w*_ARGS|\w*_FLAGS)$/i,
    value: /--(?:no-sandbox|disable-web-security|disable-setuid-sandbox)\b/i,
  },
  {
    flag: /^--(?:no-sandbox|disable-setuid-sandbox|disable-web-security|disable-site-isolation-trials|allow-all|allow-all-tools|allow-all-paths|allow-all-commands|allow-everything|disable-auth|no-auth|skip-auth|disable-security|unsafe[\w-]*|allow-unsafe[\w-]*|allow-dangerous[\w-]*|dangerously[\w-]*|yolo|auto-approve(?:-all)?|trust-all-tools|no-confirm(?:ation)?s?|skip-permissions?|bypass-permissions?)$/i,
  },
  { flag: /^-A$/, programs: /^deno$/ },
];

function isOff(switches: Switch[], config: McpConfig, context: RuleContext, what: string): void {
  for (const server of config.servers) {
    const words = commandWords(server);
    const programs = words
      .filter((w) => w.path === 'command' || !w.text.startsWith('-'))
      .map((w) => programName(w.text));
    for (const [name, value] of Object.entries(server.env)) {
      const hit = switches.find((s) => s.env?.test(name) && (s.value ?? TRUE).test(value.trim()));
      if (hit)
        context.report({
          evidence: `${server.name}: env.${name}=${redact(value)} (${what})`,
          location: locate(config, server, `env.${name}`),
        });
    }
    for (const word of words) {
      const hit = switches.find((s) => {
        if (!s.flag) return false;
        if (s.programs && !programs.some((p) => s.programs!.test(p))) return false;
        return s.flag.test(word.text) || s.flag.test(word.text.split('=')[0]!);
      });
      if (hit)
        context.report({
          evidence: `${server.name}: ${redact(word.text)} (${what})`,
          location: locate(config, server, word.path),
        });
    }
  }
}

export const tlsVerificationOff = defineRule({
  meta: {
    id: 'CFG-006',
    title: 'TLS certificate checks turned off for an MCP server',
    severity: 'high',
    confidence: 'likely',
    owasp_category: 'LLM02',
    owasp_mcp: 'MCP07',
    cwe: 'CWE-295',
    hipaa_mapping: '45 CFR 164.312(e)(1)',
    description:
      'An environment variable or flag makes the server (or the client bridge) accept any certificate. ' +
      'Every HTTPS connection it makes can then be intercepted and altered without a warning.',
    remediation:
      'Remove the switch. If a private CA is the reason, trust that CA instead (`NODE_EXTRA_CA_CERTS`, ' +
      '`REQUESTS_CA_BUNDLE=/path/to/ca.pem`, `SSL_CERT_FILE`).',
    monitor_candidate: false,
    docs:
      'Reported: `NODE_TLS_REJECT_UNAUTHORIZED=0`, `PYTHONHTTPSVERIFY=0`, `*_SSL_VERIFY=false`, ' +
      '`*_INSECURE=true`, an empty `REQUESTS_CA_BUNDLE`, and flags such as `--insecure`, ' +
      '`--ignore-certificate-errors`, `--no-verify-ssl`, `--verify=false` (and `-k` for curl or wget). ' +
      'Example: `"env": {"NODE_TLS_REJECT_UNAUTHORIZED": "0"}` on an `mcp-remote` bridge.',
  },
  artifact: 'mcp-config',
  check(config, context) {
    isOff(TLS_OFF, config, context, 'certificate checks off');
  },
});

export const safetyOff = defineRule({
  meta: {
    id: 'CFG-007',
    title: 'Sandbox, permission checks or auth turned off for an MCP server',
    severity: 'high',
    confidence: 'likely',
    owasp_category: 'LLM06',
    owasp_mcp: 'MCP02',
    cwe: 'CWE-693',
    hipaa_mapping: '45 CFR 164.312(a)(1)',
    description:
      'A flag or environment variable disables a protection the server would otherwise apply: the ' +
      'browser sandbox, same-origin checks, permission prompts, tool approvals or authentication. An ' +
      'agent steered by injected content then acts with nothing in its way.',
    remediation:
      'Remove the switch, grant only the permissions the task needs (`--allow-read=./data` rather than ' +
      '`--allow-all`), and keep approvals on for tools that change things.',
    monitor_candidate: false,
    docs:
      'Reported: `--no-sandbox`, `--disable-web-security`, `--allow-all` (and `deno -A`), ' +
      '`--dangerously-*`, `--unsafe*`, `--disable-auth`, `--yolo`, `--auto-approve`, and environment ' +
      'variables such as `DANGEROUSLY_ALLOW_ALL=1`, `DISABLE_AUTH=true`, `*_NO_SANDBOX=1` or ' +
      '`PUPPETEER_ARGS=--no-sandbox`. Example: a Puppeteer server with `"args": ["--no-sandbox"]`.',
  },
  artifact: 'mcp-config',
  check(config, context) {
    isOff(SAFETY_OFF, config, context, 'protection off');
  },
});
