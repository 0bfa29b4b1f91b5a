// How a configured server is started, read the way its launcher reads it: the words of its command
// line (each with the config path a finding should point at), the package a launcher fetches (npx,
// bunx, pnpm dlx, uvx, pipx run, docker run), and redaction of credentials in text shown as evidence.
import { maskSecret } from '../../evidence.js';
import type { ConfiguredServer, Location, McpConfig } from '../../types.js';
import { findProviderSecrets } from '../secrets/patterns.js';

export interface Word {
  text: string;
  /** Path for `ConfiguredServer.positionOf`: `command` or `args.N`. */
  path: string;
}

/** A command written as one string (`"command": "npx -y pkg"`) is split the way a shell would split it. */
function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) {
    words.push(match[1] ?? match[2] ?? match[3] ?? '');
  }
  return words;
}

export function commandWords(server: ConfiguredServer): Word[] {
  const words: Word[] = [];
  if (server.command !== undefined) {
    const command = server.command.trim();
    const split = server.args.length === 0 && /\s/.test(command) ? splitCommandLine(command) : [command];
    for (const text of split) words.push({ text, path: 'command' });
  }
  server.args.forEach((text, i) => words.push({ text, path: `args.${i}` }));
  return words;
}

/** `C:\Tools\node.exe` → `node`; `/usr/bin/python3` → `python3`. */
export function programName(word: string): string {
  // The last path segment, found by index: splitting builds an array as long as the word's run of slashes.
  const base = word.slice(Math.max(word.lastIndexOf('/'), word.lastIndexOf('\\')) + 1);
  return base.replace(/\.(?:exe|cmd|bat|ps1)$/i, '').toLowerCase();
}

export interface LaunchedPackage {
  ecosystem: 'npm' | 'pypi' | 'docker';
  launcher: string;
  /** The spec as written: `@scope/pkg@1.2.3`, `pkg==1.0`, `ghcr.io/org/img:tag`. */
  spec: string;
  /** Without the version: `@scope/pkg`, `pkg`, `ghcr.io/org/img`. */
  name: string;
  /** The version, tag or digest the spec pins, if any (`latest` counts as none). */
  pinned?: string;
  /** What the spec asks for instead of a version: `latest`, a range, or nothing. */
  floating?: string;
  word: Word;
  /** docker only: the `run` options before the image. */
  options: Word[];
}

const NPM_VALUE_FLAGS = new Set(['-p', '--package', '-c', '--call', '--registry', '--cache', '--userconfig']);
const UV_VALUE_FLAGS = new Set([
  '--from',
  '--with',
  '--with-editable',
  '--with-requirements',
  '--python',
  '-p',
  '--index',
  '--index-url',
  '--extra-index-url',
  '--default-index',
  '--constraint',
  '-c',
  '--directory',
  '--cache-dir',
  '--spec',
  '--pip-args',
]);
const DOCKER_VALUE_FLAGS = new Set([
  '-e',
  '--env',
  '--env-file',
  '-v',
  '--volume',
  '--mount',
  '-p',
  '--publish',
  '--name',
  '-w',
  '--workdir',
  '-u',
  '--user',
  '--network',
  '--net',
  '--entrypoint',
  '--platform',
  '-l',
  '--label',
  '--add-host',
  '--cap-add',
  '--cap-drop',
  '--security-opt',
  '--device',
  '--pid',
  '--ipc',
  '--userns',
  '--uts',
  '-m',
  '--memory',
  '--cpus',
  '-h',
  '--hostname',
  '--restart',
  '--log-driver',
  '--log-opt',
  '--tmpfs',
  '--ulimit',
  '--dns',
  '--gpus',
  '--runtime',
  '--pull',
  '--expose',
  '--link',
  '--volumes-from',
  '--group-add',
  '--shm-size',
  '--cgroupns',
  '--health-cmd',
  '--stop-signal',
  '--label-file',
  '--cidfile',
]);

/** The first word that is not a flag (or a flag's value), and the flags seen before it. */
function firstOperand(
  words: Word[],
  valueFlags: ReadonlySet<string>,
): { operand?: Word; flags: Map<string, Word>; options: Word[] } {
  const flags = new Map<string, Word>();
  const options: Word[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word.text === '--') return { operand: words[i + 1], flags, options };
    if (!word.text.startsWith('-') || word.text === '-') return { operand: word, flags, options };
    options.push(word);
    const eq = word.text.indexOf('=');
    if (eq > 0) {
      flags.set(word.text.slice(0, eq), { text: word.text.slice(eq + 1), path: word.path });
    } else if (valueFlags.has(word.text) && i + 1 < words.length) {
      flags.set(word.text, words[i + 1]!);
      options.push(words[++i]!);
    }
  }
  return { flags, options };
}

function isLocalOrUrl(spec: string): boolean {
  return /^(?:\.{0,2}[\\/]|~|[A-Za-z]:[\\/]|file:|git\+|https?:|github:|git@|link:|workspace:)/.test(spec);
}

function npmPackage(spec: string): Pick<LaunchedPackage, 'name' | 'pinned' | 'floating'> {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  if (at < 0) return { name: spec };
  const name = spec.slice(0, at);
  const version = spec.slice(at + 1);
  if (/^\d+\.\d+\.\d+(?:[-+][\w.-]+)?$/.test(version)) return { name, pinned: version };
  return { name, floating: version || 'latest' };
}

function pythonPackage(spec: string): Pick<LaunchedPackage, 'name' | 'pinned' | 'floating'> {
  const exact = /^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?\s*===?\s*([\w.!+-]+)$/.exec(spec);
  if (exact) return { name: exact[1]!, pinned: exact[2]! };
  const at = /^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?@([\w.!+-]+)$/.exec(spec);
  if (at) return at[2] === 'latest' ? { name: at[1]!, floating: 'latest' } : { name: at[1]!, pinned: at[2]! };
  const range = /^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?\s*([<>~!=].*)$/.exec(spec);
  if (range) return { name: range[1]!, floating: range[2]! };
  return { name: spec.replace(/\[[^[\]]*\]$/, '') };
}

export function dockerImage(spec: string): Pick<LaunchedPackage, 'name' | 'pinned' | 'floating'> {
  const digest = spec.indexOf('@sha256:');
  if (digest >= 0)
    return { name: spec.slice(0, digest).replace(/:[^/:]+$/, ''), pinned: spec.slice(digest + 1) };
  const colon = spec.lastIndexOf(':');
  if (colon > spec.lastIndexOf('/')) {
    const tag = spec.slice(colon + 1);
    return tag === 'latest'
      ? { name: spec.slice(0, colon), floating: 'latest' }
      : { name: spec.slice(0, colon), pinned: tag };
  }
  return { name: spec };
}

/** The package a launcher downloads and runs, if the server is started through one. */
export function launchedPackage(server: ConfiguredServer): LaunchedPackage | undefined {
  const words = commandWords(server);
  if (words.length === 0) return undefined;
  const program = programName(words[0]!.text);
  const second = words[1]?.text;
  let launcher: string | undefined;
  let rest: Word[] = [];
  if (program === 'npx' || program === 'bunx' || program === 'pnpx')
    [launcher, rest] = [program, words.slice(1)];
  else if (
    (program === 'pnpm' || program === 'yarn' || program === 'bun') &&
    (second === 'dlx' || second === 'x')
  )
    [launcher, rest] = [`${program} ${second}`, words.slice(2)];
  else if (program === 'npm' && (second === 'exec' || second === 'x'))
    [launcher, rest] = [`npm ${second}`, words.slice(2)];
  else if (program === 'uvx') [launcher, rest] = ['uvx', words.slice(1)];
  else if (program === 'uv' && second === 'tool' && words[2]?.text === 'run')
    [launcher, rest] = ['uv tool run', words.slice(3)];
  else if (program === 'pipx' && second === 'run') [launcher, rest] = ['pipx run', words.slice(2)];
  else if ((program === 'docker' || program === 'podman') && words.some((w) => w.text === 'run')) {
    const run = words.findIndex((w) => w.text === 'run');
    [launcher, rest] = [`${program} run`, words.slice(run + 1)];
  }
  if (!launcher) return undefined;

  if (launcher.endsWith(' run') && (launcher.startsWith('docker') || launcher.startsWith('podman'))) {
    const { operand, options } = firstOperand(rest, DOCKER_VALUE_FLAGS);
    if (!operand) return undefined;
    return {
      ecosystem: 'docker',
      launcher,
      spec: operand.text,
      word: operand,
      options,
      ...dockerImage(operand.text),
    };
  }
  const npm = !['uvx', 'uv tool run', 'pipx run'].includes(launcher);
  const { operand, flags } = firstOperand(rest, npm ? NPM_VALUE_FLAGS : UV_VALUE_FLAGS);
  const chosen =
    (npm ? (flags.get('--package') ?? flags.get('-p')) : (flags.get('--from') ?? flags.get('--spec'))) ??
    operand;
  if (!chosen || isLocalOrUrl(chosen.text)) return undefined;
  return {
    ecosystem: npm ? 'npm' : 'pypi',
    launcher,
    spec: chosen.text,
    word: chosen,
    options: [],
    ...(npm ? npmPackage(chosen.text) : pythonPackage(chosen.text)),
  };
}

/** Where a finding on one server points: the file, line and column, and the config path. */
export function locate(config: McpConfig, server: ConfiguredServer, path: string): Location {
  return { file: config.file, ...server.positionOf(path), field: `${server.name}.${path}` };
}

// `--api-key=VALUE` or `--token VALUE`: any flag with a value, masked when its name holds a secret
// word. (A pattern that looks for the word at every place in the name, reading the rest of the name
// after each, costs the square of the name's length.)
const FLAG_WITH_VALUE = /(?<!\S)(-[\w-]*)(=|\s+)(?!-)([^\s"']+)/g;
const SECRET_FLAG_NAME = /token|key|secret|password|passwd|pwd|auth|credential/i;

/**
 * Text from a config made safe to show: provider keys, URL passwords, secret query parameters,
 * `--token=…` values and `Bearer …` credentials are masked.
 */
export function redact(text: string): string {
  let out = '';
  let from = 0;
  for (const match of findProviderSecrets(text)) {
    out += text.slice(from, match.start) + maskSecret(match.value);
    from = match.end;
  }
  out += text.slice(from);
  return out
    .replace(/(\/\/[^/\s:@]+:)([^@\s/]+)@/g, (_, user: string, pass: string) => `${user}${maskSecret(pass)}@`)
    .replace(
      // The parameter's name is read whole, then looked back into for a secret word.
      /([?&;][\w.-]*=)(?<=(?:token|key|secret|pass|pwd|auth|sig|session|code|jwt|bearer)[\w.-]*=)([^&#\s"']+)/gi,
      (_, head: string, value: string) => `${head}${maskSecret(value)}`,
    )
    .replace(
      /\b(bearer|basic|token)(\s+)([A-Z0-9._~+/=-]{8,})/gi,
      (_, scheme: string, gap: string, value: string) => `${scheme}${gap}${maskSecret(value)}`,
    )
    .replace(FLAG_WITH_VALUE, (whole: string, flag: string, gap: string, value: string) =>
      SECRET_FLAG_NAME.test(flag) ? `${flag}${gap}${maskSecret(value)}` : whole,
    );
}

/** The command line, redacted, for evidence. */
export function commandLineText(server: ConfiguredServer): string {
  return redact(
    commandWords(server)
      .map((w) => (/\s/.test(w.text) ? JSON.stringify(w.text) : w.text))
      .join(' '),
  );
}
