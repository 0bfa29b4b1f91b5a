// CFG-009: a containerised server started with the isolation that makes a container worth having
// switched off: privileged mode, host namespaces, the Docker socket or the host root mounted inside.
import { defineRule, type Severity } from '../../types.js';
import { launchedPackage, locate, type Word } from './command-line.js';

const SOCKET = /(?:^|\/)(?:var\/)?run\/docker\.sock$|docker_engine$|podman\.sock$/;
const CRITICAL_SOURCES = /^(?:\/|[A-Za-z]:[\\/]?|\/\/\.\/pipe\/docker_engine)$/;
const SENSITIVE_SOURCES =
  /^(?:~|\$HOME|\$\{HOME\}|%USERPROFILE%|\/etc|\/root|\/home|\/Users|\/var\/run|\/run|\/proc|\/sys|\/dev|\/boot|\/var\/lib\/docker|\/home\/[^/]+|\/Users\/[^/]+|~\/\.ssh|~\/\.aws|\/home\/[^/]+\/\.ssh)\/?$/;
const DANGEROUS_CAPS =
  /^(?:ALL|SYS_ADMIN|SYS_PTRACE|SYS_MODULE|SYS_RAWIO|NET_ADMIN|DAC_READ_SEARCH|DAC_OVERRIDE|BPF|PERFMON)$/i;

interface Problem {
  severity: Severity;
  what: string;
}

/** The source of a bind mount: `-v SRC:DST[:opts]` or `--mount type=bind,source=SRC,…`. */
function mountSource(flag: string, value: string): string | undefined {
  if (flag === '--mount') return /(?:^|,)(?:source|src)=([^,]+)/.exec(value)?.[1];
  // `C:\data:/data` keeps its drive letter.
  const match = /^([A-Za-z]:[\\/][^:]*|[^:]+):/.exec(value);
  return match?.[1];
}

function judgeOption(flag: string, value: string | undefined): Problem | undefined {
  const name = flag.toLowerCase();
  if (name === '--privileged' && (value === undefined || !/^false$/i.test(value)))
    return { severity: 'critical', what: 'privileged container' };
  if (value === undefined) return undefined;
  if ((name === '--net' || name === '--network') && value === 'host')
    return { severity: 'high', what: 'host network' };
  if (
    (name === '--pid' ||
      name === '--ipc' ||
      name === '--userns' ||
      name === '--uts' ||
      name === '--cgroupns') &&
    value === 'host'
  )
    return { severity: 'high', what: `host ${name.slice(2)} namespace` };
  if (name === '--cap-add' && value.split(',').some((cap) => DANGEROUS_CAPS.test(cap.replace(/^CAP_/i, ''))))
    return { severity: 'high', what: `capability ${value}` };
  if (
    name === '--security-opt' &&
    /^(?:seccomp[=:]unconfined|apparmor[=:]unconfined|label[=:]disable|no-new-privileges[=:]false|systempaths=unconfined)$/i.test(
      value,
    )
  )
    return { severity: 'high', what: `security option ${value}` };
  if (name === '--device') return { severity: 'medium', what: `host device ${value}` };
  if (name === '-v' || name === '--volume' || name === '--mount') {
    const source = mountSource(name, value);
    if (!source) return undefined;
    if (SOCKET.test(source))
      return { severity: 'critical', what: 'Docker socket mounted (control of the host)' };
    if (CRITICAL_SOURCES.test(source)) return { severity: 'critical', what: 'host root filesystem mounted' };
    if (SENSITIVE_SOURCES.test(source)) return { severity: 'high', what: `host ${source} mounted` };
  }
  return undefined;
}

export const dockerPrivileges = defineRule({
  meta: {
    id: 'CFG-009',
    title: 'Containerised MCP server runs with host privileges',
    severity: 'high',
    confidence: 'likely',
    owasp_category: 'LLM06',
    owasp_mcp: 'MCP02',
    cwe: 'CWE-250',
    hipaa_mapping: '45 CFR 164.312(a)(1)',
    description:
      'The server runs in a container that is not isolated from the host: privileged mode, the host ' +
      'network or PID namespace, extra kernel capabilities, or the host root, home or Docker socket ' +
      'mounted inside. A compromised server then controls the machine.',
    remediation:
      'Drop `--privileged`, host namespaces and added capabilities; mount only the project folder the ' +
      'server needs, read-only where possible (`-v "$PWD/data:/data:ro"`), and never the Docker socket.',
    monitor_candidate: false,
    docs:
      'Parses `docker run`/`podman run` options up to the image name. Critical: `--privileged`, the ' +
      'Docker socket or `/` mounted. High: `--network=host`, `--pid=host`, `--cap-add=SYS_ADMIN`, ' +
      '`--security-opt seccomp=unconfined`, `/etc`, `/root` or the home directory mounted. Example: ' +
      '`docker run -i --rm -v /var/run/docker.sock:/var/run/docker.sock mcp/docker`.',
  },
  artifact: 'mcp-config',
  check(config, context) {
    for (const server of config.servers) {
      const launched = launchedPackage(server);
      if (launched?.ecosystem !== 'docker') continue;
      const options = launched.options;
      for (let i = 0; i < options.length; i++) {
        const word: Word = options[i]!;
        if (!word.text.startsWith('-')) continue;
        const eq = word.text.indexOf('=');
        const flag = eq > 0 ? word.text.slice(0, eq) : word.text;
        const next = options[i + 1];
        const value =
          eq > 0 ? word.text.slice(eq + 1) : next && !next.text.startsWith('-') ? next.text : undefined;
        const problem = judgeOption(flag, value);
        if (!problem) continue;
        context.report({
          evidence: `${server.name}: ${flag}${value !== undefined && flag !== '--privileged' ? ` ${value}` : ''} (${problem.what})`,
          severity: problem.severity,
          location: locate(config, server, word.path),
        });
      }
    }
  },
});
