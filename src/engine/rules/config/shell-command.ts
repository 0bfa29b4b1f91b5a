// CFG-003: a server entry that runs a shell script instead of a program, above all one that pipes a
// download into a shell. Whatever the script fetches or expands runs with the user's rights.
import { defineRule } from '../../types.js';
import { commandLineText, commandWords, locate, programName } from './command-line.js';

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'fish', 'busybox']);
const POWERSHELLS = new Set(['powershell', 'pwsh']);

// `curl … | sh`, `wget -O- … | bash`, `iwr … | iex`, `bash <(curl …)`, `sh -c "$(curl …)"`, `iex (irm …)`.
// The pipe is found first and the download looked for behind it, in its own command: found from each
// download word onward instead, `curl curl curl …` without a pipe would be read once per word.
const DOWNLOAD_TO_SHELL =
  /\|(?<=\b(?:curl|wget|iwr|irm|invoke-webrequest|invoke-restmethod)\b[^|;&]*\|)\s*(?:sudo\s+)?(?:sh|bash|zsh|dash|python3?|node|perl|ruby|iex|invoke-expression)\b|(?:sh|bash|zsh)\s+<\(\s*(?:curl|wget)\b|\$\(\s*(?:curl|wget)\b|\b(?:iex|invoke-expression)\b\s*(?:\(\s*)?(?:(?:\(|\$\()\s*)?(?:iwr|irm|invoke-webrequest|invoke-restmethod|new-object\s+net\.webclient)/i;

/** What kind of shell one-liner this is, if any. */
function shellUse(words: string[]): string | undefined {
  const program = programName(words[0] ?? '');
  const rest = words.slice(1);
  if (SHELLS.has(program) && rest.some((w) => /^-[abd-z]*c[a-z]*$/.test(w))) return `${program} -c`;
  if (program === 'cmd' && rest.some((w) => /^\/[ck]$/i.test(w))) return 'cmd /c';
  if (POWERSHELLS.has(program)) {
    const flag = rest.find((w) => /^-(?:c|command|e|enc|encodedcommand)$/i.test(w));
    if (flag) return `${program} ${flag}`;
  }
  return undefined;
}

export const shellCommand = defineRule({
  meta: {
    id: 'CFG-003',
    title: 'MCP server started through a shell one-liner',
    severity: 'high',
    confidence: 'likely',
    owasp_category: 'LLM06',
    owasp_mcp: 'MCP05',
    cwe: 'CWE-78',
    hipaa_mapping: '45 CFR 164.308(a)(5)(ii)(B)',
    description:
      'The server command is a shell script (`sh -c`, `bash -c`, `cmd /c`, `powershell -Command`) or pipes ' +
      'a download into an interpreter (`curl … | sh`). The script can do anything, changes without notice ' +
      'when it is fetched, and hides what actually runs from review.',
    remediation:
      'Start the server program directly with its arguments (`"command": "node", "args": ["server.js"]`), ' +
      'install it from a pinned package, and never pipe a download into a shell.',
    monitor_candidate: false,
    docs:
      'Looks at the program and its flags and at the whole command line. A download piped into a shell ' +
      'or interpreter is critical; any other shell one-liner is high. Example: `"command": "bash", ' +
      '"args": ["-c", "curl -fsSL https://get.example.dev/mcp.sh | sh"]`.',
  },
  artifact: 'mcp-config',
  check(config, context) {
    for (const server of config.servers) {
      const words = commandWords(server);
      if (words.length === 0) continue;
      const line = words.map((w) => w.text).join(' ');
      const download = DOWNLOAD_TO_SHELL.test(line);
      const shell = shellUse(words.map((w) => w.text));
      if (!download && !shell) continue;
      context.report({
        evidence: `${server.name}: ${commandLineText(server)}`,
        ...(download
          ? { severity: 'critical', title: 'MCP server config pipes a download into a shell' }
          : { title: `MCP server started through a shell one-liner (${shell})` }),
        location: locate(config, server, 'command'),
      });
    }
  },
});
