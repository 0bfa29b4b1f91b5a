// TOOL-010 and TOOL-011: tools that can run commands, execute code, write or delete files and data,
// or reach the network, judged by what their annotations say about it. Saying nothing is a gap in
// what a client can show the user (low/medium); saying the opposite of what the tool does —
// `readOnlyHint: true` on a shell tool — misleads clients that auto-approve "safe" tools (high).
// These are capability findings, not poisoning: an honest, well-annotated shell tool stays silent.
import type { Definition, Severity, ServerSurface } from '../../types.js';
import { defineRule } from '../../types.js';
import { fieldLocation } from './definitions.js';
import {
  CAPABILITY_LABEL,
  claimsSandbox,
  firstSentence,
  inferCapabilities,
  type Capability,
  type InferredCapability,
} from './capabilities.js';

/** Capabilities that change or can change the user's system or data. */
const EFFECTFUL: ReadonlySet<Capability> = new Set(['shell', 'code-execution', 'file-write', 'delete']);

function hint(definition: Definition, name: string): boolean | undefined {
  const value = definition.annotations?.[name];
  return typeof value === 'boolean' ? value : undefined;
}

function summary(capabilities: readonly InferredCapability[]): string {
  return capabilities.map((c) => `${CAPABILITY_LABEL[c.capability]} (${c.because.join(', ')})`).join('; ');
}

function toolsOf(
  surface: ServerSurface,
): { definition: Definition; capabilities: readonly InferredCapability[] }[] {
  return surface.definitions
    .map((definition) => ({ definition, capabilities: inferCapabilities(definition) }))
    .filter(({ capabilities }) => capabilities.length > 0);
}

export const undeclaredCapability = defineRule({
  meta: {
    id: 'TOOL-010',
    title: 'Powerful tool without safety annotations',
    severity: 'low',
    confidence: 'likely',
    owasp_category: 'LLM06',
    owasp_mcp: 'MCP02',
    cwe: 'CWE-749',
    hipaa_mapping: '45 CFR 164.312(c)(1)',
    description:
      'The tool runs shell commands, executes code, writes or deletes files or data, or makes outbound ' +
      'requests, and its definition carries no `readOnlyHint`/`destructiveHint` (or, for network tools, ' +
      'no annotations at all). Clients use these hints to decide what needs the user’s confirmation.',
    remediation:
      'Declare the tool’s effects in `annotations`: `readOnlyHint: false` and `destructiveHint: true` for ' +
      'tools that can change or delete things, `openWorldHint: true` for tools that reach arbitrary hosts. ' +
      'Configure the client to ask before each call of such a tool.',
    monitor_candidate: false,
    docs:
      'Capabilities are inferred from the tool’s name (`run_command`, `delete_file`, `browser_navigate`), ' +
      'the first sentence of its description (`Executes a shell command…`, `Deletes the given files`) and ' +
      'its parameters (`command`, `code`, `url`, `path`); a parameter name alone is not enough. Shell ' +
      'and code execution without hints are medium, other capabilities low. Example: ' +
      '`{"name": "run_command", "description": "Run a shell command.", "inputSchema": {…"command"…}}` ' +
      'with no annotations is reported as `run_command runs shell commands (name "run_command", …)`.',
  },
  artifact: 'server-surface',
  check(surface, context) {
    for (const { definition, capabilities } of toolsOf(surface)) {
      const effectful = capabilities.filter((c) => EFFECTFUL.has(c.capability));
      const declaresEffects =
        hint(definition, 'readOnlyHint') !== undefined || hint(definition, 'destructiveHint') !== undefined;
      const declaresAnything = declaresEffects || hint(definition, 'openWorldHint') !== undefined;
      let reported: readonly InferredCapability[];
      if (effectful.length > 0 && !declaresEffects) reported = capabilities;
      else if (effectful.length === 0 && !declaresAnything) reported = capabilities;
      else continue;
      const runsAnything = reported.some(
        (c) => c.capability === 'shell' || c.capability === 'code-execution',
      );
      const missing = effectful.length > 0 ? 'readOnlyHint/destructiveHint' : 'openWorldHint';
      context.report({
        evidence: `${definition.name} ${summary(reported)}; no ${missing} annotation`,
        severity: runsAnything ? 'medium' : 'low',
        location: fieldLocation(surface, definition, 'annotations'),
      });
    }
  },
});

interface Contradiction {
  field: string;
  claim: string;
  capabilities: InferredCapability[];
  severity: Severity;
}

function contradictionsOf(
  definition: Definition,
  capabilities: readonly InferredCapability[],
): Contradiction[] {
  const sandboxed = claimsSandbox(definition);
  const pick = (wanted: Capability[]) =>
    capabilities.filter(
      (c) => wanted.includes(c.capability) && !(c.capability === 'code-execution' && sandboxed),
    );
  const out: Contradiction[] = [];
  if (hint(definition, 'readOnlyHint') === true) {
    const found = pick(['shell', 'code-execution', 'file-write', 'delete']);
    if (found.length > 0)
      out.push({
        field: 'annotations.readOnlyHint',
        claim: 'readOnlyHint: true',
        capabilities: found,
        severity: 'high',
      });
  }
  if (hint(definition, 'destructiveHint') === false) {
    // Creating a file or directory is additive; overwriting, deleting and arbitrary commands are not.
    const overwrites = /\b(?:overwrit\w*|replac\w*|truncat\w*)\b/i.test(
      firstSentence(definition.description),
    );
    const found = pick(
      overwrites
        ? ['shell', 'code-execution', 'delete', 'file-write']
        : ['shell', 'code-execution', 'delete'],
    );
    if (found.length > 0)
      out.push({
        field: 'annotations.destructiveHint',
        claim: 'destructiveHint: false',
        capabilities: found,
        severity: 'high',
      });
  }
  if (hint(definition, 'openWorldHint') === false) {
    const found = pick(['network']);
    if (found.length > 0)
      out.push({
        field: 'annotations.openWorldHint',
        claim: 'openWorldHint: false',
        capabilities: found,
        severity: 'medium',
      });
  }
  return out;
}

export const contradictoryAnnotations = defineRule({
  meta: {
    id: 'TOOL-011',
    title: 'Tool annotations contradict what the tool does',
    severity: 'high',
    confidence: 'likely',
    owasp_category: 'LLM06',
    owasp_mcp: 'MCP02',
    cwe: 'CWE-451',
    hipaa_mapping: '45 CFR 164.312(c)(1)',
    description:
      'The tool’s annotations claim it is safe — `readOnlyHint: true`, `destructiveHint: false` or ' +
      '`openWorldHint: false` — while its name, description or parameters show it runs commands, ' +
      'executes code, writes or deletes files or data, or reaches arbitrary hosts. Clients that ' +
      'auto-approve read-only or non-destructive tools will run it without asking.',
    remediation:
      'Correct the annotations to match the tool (`readOnlyHint: false`, `destructiveHint: true`, ' +
      '`openWorldHint: true`). Until the server is fixed, do not let the client auto-approve its tools.',
    monitor_candidate: true,
    docs:
      '`readOnlyHint: true` contradicts shell, code execution, file writes and deletion; ' +
      '`destructiveHint: false` contradicts shell, code execution, deletion and writes that overwrite ' +
      '(creating a new directory is additive and stays silent); `openWorldHint: false` on a tool that ' +
      'fetches arbitrary URLs is medium. Code execution that says it runs in a sandbox is not held to ' +
      'the read-only claim. Example: `{"name": "delete_file", "annotations": {"readOnlyHint": true}}` is ' +
      'reported as `delete_file claims readOnlyHint: true but deletes files or data (name "delete_file")`.',
  },
  artifact: 'server-surface',
  check(surface, context) {
    for (const { definition, capabilities } of toolsOf(surface)) {
      for (const contradiction of contradictionsOf(definition, capabilities)) {
        context.report({
          evidence: `${definition.name} claims ${contradiction.claim} but ${summary(contradiction.capabilities)}`,
          severity: contradiction.severity,
          location: fieldLocation(surface, definition, contradiction.field),
        });
      }
    }
  },
});
