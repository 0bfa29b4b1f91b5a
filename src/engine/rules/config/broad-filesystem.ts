// CFG-008: a server given the whole disk or the whole home directory, where the user's keys, shell
// history, browser profiles and every other project live.
import { defineRule } from '../../types.js';
import { commandWords, launchedPackage, locate, programName } from './command-line.js';

// `/`, `~`, `$HOME`, `%USERPROFILE%`, `C:\`, `/home/alice`, `/Users/alice`, `/root`, VS Code's `${userHome}`.
const ROOT_OR_HOME =
  /^(?:\/|~|\$HOME|\$\{HOME\}|\$\{env:(?:HOME|USERPROFILE)\}|\$\{userHome\}|%USERPROFILE%|%HOMEDRIVE%%HOMEPATH%|[A-Za-z]:|\/root|\/home(?:\/[^/\s]*[^\\/\s])?|\/Users(?:\/[^/\s]*[^\\/\s])?|[A-Za-z]:[\\/]Users(?:[\\/][^\\/\s]+)?)[\\/]*$/;

const FILE_SERVER = /file|fs\b|fs-|-fs|disk|director|folder|desktop-commander|shell|terminal|editor/i;
const PATH_FLAG =
  /^--?(?:root|roots|dir|dirs|directory|directories|allowed[-_]?(?:dir|dirs|directory|directories|paths?)|path|paths|base[-_]?(?:dir|path)|workspace|mount|home|cwd|project)$/i;

export const broadFilesystem = defineRule({
  meta: {
    id: 'CFG-008',
    title: 'MCP server given the whole filesystem or home directory',
    severity: 'high',
    confidence: 'likely',
    owasp_category: 'LLM06',
    owasp_mcp: 'MCP02',
    cwe: 'CWE-552',
    hipaa_mapping: '45 CFR 164.308(a)(4)(i); 45 CFR 164.312(a)(1)',
    description:
      'A filesystem-capable server is allowed `/`, a drive root or the home directory. Any prompt ' +
      'injection that reaches the agent can then read SSH keys, cloud credentials and every other ' +
      'project, or change them.',
    remediation:
      'Allow only the project folders the agent needs (`"args": ["-y", "@modelcontextprotocol/server-' +
      'filesystem", "/home/alice/projects/site"]`), read-only where the server supports it.',
    monitor_candidate: false,
    docs:
      'Looks at the positional arguments of file servers and at path flags (`--root`, `--allowed-dirs`, ' +
      '`--directory`, …) of any server. Reported values: `/`, `~`, `$HOME`, `${userHome}`, ' +
      '`%USERPROFILE%`, `C:\\`, `/root`, `/home/<user>`, `/Users/<user>`. Docker volume mounts are ' +
      'judged by CFG-009. Example: `npx -y @modelcontextprotocol/server-filesystem ~`.',
  },
  artifact: 'mcp-config',
  check(config, context) {
    for (const server of config.servers) {
      const launched = launchedPackage(server);
      if (launched?.ecosystem === 'docker') continue;
      const words = commandWords(server);
      const fileServer =
        FILE_SERVER.test(server.name) ||
        words.some((w) => !w.text.startsWith('-') && FILE_SERVER.test(programName(w.text)));
      words.forEach((word, i) => {
        if (i === 0 && word.path === 'command') return;
        const flagged = /^(-[\w-]+)=(.*)$/.exec(word.text);
        const previous = words[i - 1]?.text ?? '';
        const value = flagged ? flagged[2]! : word.text;
        const byFlag = flagged ? PATH_FLAG.test(flagged[1]!) : PATH_FLAG.test(previous);
        if (!ROOT_OR_HOME.test(value.trim())) return;
        if (!byFlag && !(fileServer && !word.text.startsWith('-'))) return;
        context.report({
          evidence: `${server.name}: ${word.text} (${/^(?:\/|[A-Za-z]:[\\/]*)$/.test(value.trim()) ? 'whole filesystem' : 'whole home directory'})`,
          location: locate(config, server, word.path),
        });
      });
    }
  },
});
