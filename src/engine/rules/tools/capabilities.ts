// What a tool can do to the world, inferred from its name, the first sentence of its description and
// its parameters: run shell commands, execute code, write or delete files and data, reach the network.
// These are capabilities, not verdicts: an honest shell tool is powerful, not poisoned. The annotation
// and schema rules ask whether the definition is candid about them.
import type { Definition } from '../../types.js';

export type Capability = 'shell' | 'code-execution' | 'file-write' | 'delete' | 'network';

export const CAPABILITY_LABEL: Record<Capability, string> = {
  shell: 'runs shell commands',
  'code-execution': 'executes code',
  'file-write': 'writes files',
  delete: 'deletes files or data',
  network: 'makes outbound network requests',
};

export interface InferredCapability {
  capability: Capability;
  /** What gave it away, e.g. `name "run_command"`, `parameter "command"`, `description "Executes a shell…"`. */
  because: string[];
}

interface Signal {
  capability: Capability;
  because: string;
  /** A name or a plain statement in the description is enough; a parameter name alone is not. */
  strong: boolean;
}

/** `runShellCommand`, `run-shell_command` → `run`, `shell`, `command`. */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/(?<![A-Z])([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The description up to its first full stop or line break: what the tool says it does. */
export function firstSentence(description: string): string {
  const match = /^[\s\S]{0,400}?(?:[.!?](?=\s|$)|\n|$)/.exec(description.trimStart());
  return (match ? match[0] : description.slice(0, 400)).trim();
}

/** Top-level parameters and their schemas. */
export function parametersOf(definition: Definition): [string, Record<string, unknown>][] {
  const properties = definition.inputSchema.properties;
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) return [];
  return Object.entries(properties as Record<string, unknown>).map(([name, schema]) => [
    name,
    typeof schema === 'object' && schema !== null && !Array.isArray(schema)
      ? (schema as Record<string, unknown>)
      : {},
  ]);
}

const RUN_VERBS = new Set(['run', 'exec', 'execute', 'invoke', 'spawn', 'launch']);
const SHELL_WORDS = new Set([
  'shell',
  'bash',
  'zsh',
  'sh',
  'powershell',
  'pwsh',
  'terminal',
  'subprocess',
  'cmd',
]);
const COMMAND_OBJECTS = new Set(['command', 'commands', 'cmd', 'script', 'process', 'shell', 'bash']);
const CODE_WORDS = new Set(['eval', 'repl', 'interpreter', 'jupyter']);
const CODE_OBJECTS = new Set([
  'code',
  'python',
  'javascript',
  'js',
  'node',
  'ruby',
  'snippet',
  'cell',
  'notebook',
]);
const EVALUATE_OBJECTS = new Set(['script', 'code', 'javascript', 'js', 'function', 'expression']);
const DELETE_VERBS = new Set([
  'delete',
  'remove',
  'rm',
  'unlink',
  'rmdir',
  'erase',
  'purge',
  'destroy',
  'wipe',
  'trash',
  'shred',
  'truncate',
]);
const DROP_OBJECTS = new Set(['table', 'database', 'db', 'collection', 'index', 'schema', 'bucket']);
// `remove_background` edits an image; it deletes nothing of the user's.
const NOT_DELETED = new Set([
  'background',
  'bg',
  'watermark',
  'noise',
  'whitespace',
  'formatting',
  'markdown',
]);
const WRITE_VERBS = new Set([
  'write',
  'save',
  'create',
  'edit',
  'update',
  'append',
  'move',
  'rename',
  'copy',
  'overwrite',
  'put',
  'patch',
  'modify',
  'replace',
  'mkdir',
  'touch',
]);
const PLAIN_WRITE_VERBS = new Set(['write', 'save', 'overwrite', 'append', 'mkdir', 'touch']);
const FILE_NOUNS = new Set([
  'file',
  'files',
  'directory',
  'directories',
  'dir',
  'folder',
  'disk',
  'filesystem',
  'fs',
]);
const NETWORK_VERBS = new Set([
  'fetch',
  'http',
  'https',
  'request',
  'curl',
  'wget',
  'download',
  'navigate',
  'browse',
  'scrape',
  'crawl',
  'webhook',
  'ping',
  'post',
]);

const READ_VERBS = new Set([
  'get',
  'list',
  'read',
  'show',
  'view',
  'describe',
  'search',
  'find',
  'query',
  'check',
  'watch',
  'tail',
  'inspect',
  'count',
  'preview',
  'explain',
  'validate',
  'lint',
]);
const ACTION_VERBS = new Set([
  ...RUN_VERBS,
  ...DELETE_VERBS,
  ...WRITE_VERBS,
  ...NETWORK_VERBS,
  'eval',
  'evaluate',
  'drop',
]);

const COMMAND_PARAMS = /^(?:command|cmd|commands|command_?line|shell_?command|script|shell)$/i;
const CODE_PARAMS = /^(?:code|source_?code|script|snippet|expression|function|js|javascript|python)$/i;
export const PATH_PARAM =
  /^(?:path|paths|file|files|file_?path|file_?paths|file_?name|dir|directory|folder|destination|dest|target_?path|output_?path|source_?path)$/i;
export const URL_PARAM = /^(?:uri|urls|href|link|endpoint|webhook|(?:\w+_)?url|\w+Url|host|hostname)$/;

const NEGATED = /\b(?:not|never|cannot|can't|doesn't|won't|without|no)\b[^.]{0,20}$/i;

/** A match of `pattern` in the sentence that is not negated (`does not run shell commands`). */
function stated(sentence: string, pattern: RegExp): string | undefined {
  const match = pattern.exec(sentence);
  if (!match || NEGATED.test(sentence.slice(0, match.index))) return undefined;
  return match[0];
}

const READ_SENTENCE =
  /^(?:read|get|list|show|return|retrieve|search|find|view|describe|explain|validate|preview|check|count|inspect)s?\b/i;
const SHELL_SENTENCE =
  /\b(?:run|runs|execut\w*|invoke[sd]?|spawn\w*)\s+(?:(?:a|an|the|any|arbitrary|given|one|multiple)\s+)*(?:shell|bash|terminal|system|powershell|command[- ]line|cli|os)\b(?:\s+commands?)?|\b(?:run|runs|execut\w*)\s+(?:(?:a|an|the|any|arbitrary|given)\s+)*commands?\b(?:\s+(?:in|on)\s+(?:a|the)\s+(?:shell|terminal|host|system|server|machine))?/i;
const CODE_SENTENCE =
  /\b(?:run|runs|running|execut\w*|evaluat\w*)\s+(?:(?:a|an|the|any|arbitrary|given|provided|custom)\s+)*(?:[\w-]+\s+)?(?:python|javascript|js|node\.?js|ruby|code|scripts?|snippets?)\b/i;
const DELETE_SENTENCE =
  /\b(?:deletes?|deleting|removes?|removing|erases?|wipes?|destroys?|purges?|truncates?)\s+(?:(?:a|an|the|one|all|every|any|given|specified|selected|existing|multiple)\s+)*(?:[\w-]+\s+)?(?:files?|director(?:y|ies)|folders?|records?|rows?|tables?|databases?|collections?|repositor(?:y|ies)|branch(?:es)?|buckets?|objects?|data|everything)\b/i;
const DROP_SENTENCE =
  /\bdrops?\s+(?:the\s+|a\s+)?(?:tables?|databases?|collections?|schemas?|index(?:es)?)\b/i;
const WRITE_SENTENCE =
  /\b(?:writes?|writing|overwrites?|saves?|creates?|appends?|edits?|modif(?:y|ies))\s+(?:(?:a|an|the|new|one|given|existing)\s+)*(?:[\w-]+\s+)?(?:files?|director(?:y|ies)|folders?)\b|\bto disk\b/i;
const NETWORK_SENTENCE =
  /\b(?:fetch\w*|download\w*|retriev\w*|request\w*|navigat\w*|load\w*|open\w*|send\w*|post\w*|scrap\w*|crawl\w*|call\w*)\b[^.\n]{1,40}\b(?:urls?|web ?pages?|websites?|https?|endpoints?|internet|remote (?:server|host)s?)\b/i;

/** Per definition: TOOL-010, TOOL-011 and TOOL-020 all ask about the same definitions. */
const inferred = new WeakMap<Definition, readonly InferredCapability[]>();

export function inferCapabilities(definition: Definition): readonly InferredCapability[] {
  let capabilities = inferred.get(definition);
  if (!capabilities) {
    capabilities = inferFromDefinition(definition);
    inferred.set(definition, capabilities);
  }
  return capabilities;
}

function inferFromDefinition(definition: Definition): InferredCapability[] {
  if (definition.kind !== 'tool') return [];
  const tokens = nameTokens(definition.name);
  const has = (set: ReadonlySet<string>) => tokens.some((t) => set.has(t));
  const params = parametersOf(definition).map(([name]) => name);
  const sentence = firstSentence(definition.description);
  const signals: Signal[] = [];
  // `get_terminal_output`, `list_jupyter_kernels`: a name that starts by reading does not act.
  const readsFirst = READ_VERBS.has(tokens.find((t) => READ_VERBS.has(t) || ACTION_VERBS.has(t)) ?? '');
  const byName = (capability: Capability) => {
    if (!readsFirst) signals.push({ capability, because: `name "${definition.name}"`, strong: true });
  };
  const byParam = (capability: Capability, pattern: RegExp) => {
    const param = params.find((p) => pattern.test(p));
    if (param) signals.push({ capability, because: `parameter "${param}"`, strong: false });
  };
  // `Read the output of a running terminal`, `Explains a query without running it`: describes, does not act.
  const sentenceReads = READ_SENTENCE.test(sentence);
  const bySentence = (capability: Capability, pattern: RegExp, strong = true) => {
    if (sentenceReads && capability !== 'network') return;
    const phrase = stated(sentence, pattern);
    if (phrase) signals.push({ capability, because: `description "${phrase}"`, strong });
  };

  if (has(SHELL_WORDS) || (has(RUN_VERBS) && has(COMMAND_OBJECTS))) byName('shell');
  bySentence('shell', SHELL_SENTENCE);
  byParam('shell', COMMAND_PARAMS);

  if (
    has(CODE_WORDS) ||
    (has(RUN_VERBS) && has(CODE_OBJECTS)) ||
    (tokens.includes('evaluate') && has(EVALUATE_OBJECTS))
  )
    byName('code-execution');
  if (tokens.includes('evaluate') && params.some((p) => CODE_PARAMS.test(p))) byName('code-execution');
  bySentence('code-execution', CODE_SENTENCE);
  byParam('code-execution', CODE_PARAMS);

  if ((has(DELETE_VERBS) && !has(NOT_DELETED)) || (tokens.includes('drop') && has(DROP_OBJECTS)))
    byName('delete');
  bySentence('delete', DELETE_SENTENCE);
  bySentence('delete', DROP_SENTENCE);

  if (
    (has(WRITE_VERBS) && has(FILE_NOUNS)) ||
    (has(PLAIN_WRITE_VERBS) && params.some((p) => PATH_PARAM.test(p)))
  )
    byName('file-write');
  bySentence('file-write', WRITE_SENTENCE);

  const urlParam = params.some((p) => URL_PARAM.test(p));
  if (has(NETWORK_VERBS) && urlParam) byName('network');
  bySentence('network', NETWORK_SENTENCE, false);
  byParam('network', URL_PARAM);

  const out: InferredCapability[] = [];
  for (const capability of Object.keys(CAPABILITY_LABEL) as Capability[]) {
    const found = signals.filter((s) => s.capability === capability);
    if (found.some((s) => s.strong) || found.length >= 2)
      out.push({ capability, because: [...new Set(found.map((s) => s.because))] });
  }
  return out;
}

/** Code that runs in a sandbox says so; claiming it is read-only is then not a contradiction. */
export function claimsSandbox(definition: Definition): boolean {
  return /\b(?:sandbox\w*|isolated|no (?:file(?:system)?|network|disk) access)\b/i.test(
    definition.description,
  );
}
