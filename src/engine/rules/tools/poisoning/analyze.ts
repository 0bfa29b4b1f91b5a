// Runs every poisoning signal over every definition of a surface, in the context of the whole scan
// (sibling tools, other servers, well-known tool names), and keeps one verdict per definition. The
// three poisoning rules read the same analysis, computed once per surface.
import type { Definition, ScanContext, ServerSurface } from '../../../types.js';
import { textFieldsOf, type TextField } from '../definitions.js';
import { LITERAL_DESTINATION } from './lexicon/structure.js';
import {
  type ParamProfile,
  profileParams,
  parameterChannelHits,
  routedIntoParameter,
  schemaValueHits,
} from './signals/channels.js';
import { concealmentOf, hiddenInstructionHit } from './signals/concealment.js';
import { crossToolHits, isDistinctiveName, type ToolDirectory } from './signals/cross-tool.js';
import { intentHits } from './signals/intent.js';
import { objectHits, type ObjectMention } from './signals/objects.js';
import { offenseHits } from './signals/offense.js';
import { SEND_STEP_WEIGHT, structureHits } from './signals/structure.js';
import type { Hit, SignalKind } from './signals/types.js';
import { identifierWords, normalize, sentences } from './text.js';
import { verdictOf, type Verdict } from './verdict.js';
import { WELL_KNOWN_TOOLS } from './well-known-tools.js';

export interface DefinitionAnalysis {
  /** Absent for the server's own instructions. */
  definition?: Definition;
  verdict: Verdict;
}

const VALUE_ROLES = new Set<TextField['role']>(['default', 'example', 'enum', 'const']);
const PROSE_ROLES = new Set<TextField['role']>(['title', 'description', 'other', 'instructions']);

const cache = new WeakMap<ServerSurface, DefinitionAnalysis[]>();

export function analyzeSurface(surface: ServerSurface, scan: ScanContext): DefinitionAnalysis[] {
  let analyses = cache.get(surface);
  if (!analyses) {
    analyses = computeSurface(surface, scan);
    cache.set(surface, analyses);
  }
  return analyses;
}

function directoryFor(surface: ServerSurface, scan: ScanContext): ToolDirectory {
  const siblings = new Set(surface.definitions.map((d) => d.name.toLowerCase()));
  const elsewhere = new Map<string, { tool: string; server: string }>();
  for (const [tool, server] of WELL_KNOWN_TOOLS) elsewhere.set(tool, { tool, server });
  for (const other of scan.surfaces) {
    if (other === surface) continue;
    for (const d of other.definitions)
      if (d.kind === 'tool' && isDistinctiveName(d.name))
        elsewhere.set(d.name.toLowerCase(), { tool: d.name, server: `server ${other.server}` });
  }
  return { siblings, elsewhere };
}

/** Signals of one piece of prose (or of a hidden passage read out of it). */
function proseHits(text: string, field: string, directory: ToolDirectory, self: string) {
  const hits: Hit[] = [];
  const requested: { mention: ObjectMention; sentence: string }[] = [];
  for (const sentence of sentences(normalize(text))) {
    hits.push(
      ...intentHits(sentence, field),
      ...structureHits(sentence, field),
      ...crossToolHits(sentence, field, directory, self),
    );
    const objects = objectHits(sentence, field);
    hits.push(...objects.hits);
    for (const mention of objects.requested) requested.push({ mention, sentence });
  }
  return { hits, requested };
}

/** Name or purpose words of a tool whose job is to send or publish something. */
const SENDER_WORDS = new Set([
  'send',
  'sends',
  'emails',
  'mails',
  'post',
  'posts',
  'forward',
  'forwards',
  'notify',
  'notifies',
  'notification',
  'webhook',
  'upload',
  'uploads',
  'sms',
  'publish',
  'publishes',
  'relay',
  'relays',
  'sync',
  'syncs',
  'share',
  'shares',
  'submit',
  'submits',
  'backup',
  'export',
  'exports',
]);
const SENDER_SEND_STEP_WEIGHT = 1.6;

/** Words that say what a tool is for: its name, its title and the first sentence of its description. */
function identityOf(definition: Definition): Set<string> {
  const purpose = sentences(normalize(definition.description))[0] ?? '';
  return new Set(
    [
      ...identifierWords(definition.name),
      ...identifierWords(definition.title ?? ''),
      ...purpose.split(/[^\p{L}\p{N}]+/u),
    ].filter(Boolean),
  );
}

function analyzeDefinition(definition: Definition, directory: ToolDirectory): Hit[] {
  const self = definition.name.toLowerCase();
  const fields = textFieldsOf(definition);
  const params = profileParams(definition.inputSchema);
  const identity = identityOf(definition);
  const hits: Hit[] = [];
  const requested: { mention: ObjectMention; sentence: string; field: string }[] = [];

  for (const field of fields) {
    if (field.role === 'name' || field.role === 'property-name') continue;
    const concealed = concealmentOf(field.field, field.text);
    hits.push(...concealed.hits);
    for (const passage of concealed.passages) {
      const hidden = proseHits(passage.text, field.field, directory, self);
      if (hidden.hits.some((h) => h.kind !== 'concealment'))
        hits.push(hiddenInstructionHit(passage), ...hidden.hits);
    }
    if (!PROSE_ROLES.has(field.role) && !VALUE_ROLES.has(field.role)) continue;
    const prose = proseHits(field.text, field.field, directory, self);
    hits.push(...prose.hits);
    for (const r of prose.requested) requested.push({ ...r, field: field.field });
    if (VALUE_ROLES.has(field.role)) hits.push(...schemaValueHits(field.text, field.field, prose.hits));
  }

  // Channels: parameters that collect secrets, and sentences that route requested data into one.
  for (const param of params) {
    const description = fields.find(
      (f) => f.field === `inputSchema.properties.${param.name}.description`,
    )?.text;
    hits.push(...parameterChannelHits(param, identity, description));
  }
  for (const { mention, sentence, field } of requested) {
    const into = routedIntoParameter(sentence, params);
    if (into)
      hits.push({
        kind: 'channel',
        weight: 2.0,
        field,
        evidence: sentence,
        note: `routes ${mention.family.label} into parameter \`${into.name}\``,
      });
  }

  // Mismatch: what the text asks for against what the tool is. Asking for what the tool is for
  // ("reads .env files" on a dotenv tool) is its job, and weighs little.
  const purpose = sentences(normalize(definition.description))[0];
  const unrelated = requested.filter(
    ({ mention, sentence }) =>
      !mention.family.domain.some((w) => identity.has(w)) && !statesPurpose(sentence, purpose, params, hits),
  );
  if (unrelated.length > 0) {
    const { mention } = unrelated[0]!;
    hits.push({
      kind: 'mismatch',
      weight: 1.5,
      field: unrelated[0]!.field,
      evidence: unrelated[0]!.sentence,
      note: `\`${definition.name}\` has no business with ${mention.family.label} (${mention.evidence})`,
    });
  }
  const ownJob = new Set(requested.filter((r) => !unrelated.includes(r)).map((r) => r.mention.family.label));
  for (const hit of hits)
    if (hit.kind === 'data-access' && [...ownJob].some((label) => hit.note.includes(label)))
      hit.weight *= 0.4;

  // A tool whose job is sending may name where it sends: an imperative send step weighs less there.
  if ([...identity].some((word) => SENDER_WORDS.has(word)))
    for (const hit of hits)
      if (hit.kind === 'exfiltration' && hit.weight === SEND_STEP_WEIGHT)
        hit.weight = SENDER_SEND_STEP_WEIGHT;

  const prose = fields
    .filter((f) => (f.role === 'description' || f.role === 'title') && f.param === undefined)
    .map((f) => ({ field: f.field, text: normalize(f.text) }));
  hits.push(
    ...offenseHits(
      definition.name,
      prose,
      params.map((p) => p.name),
    ),
  );
  return hits;
}

const INTENT_KINDS = new Set<SignalKind>([
  'override',
  'role-tag',
  'secrecy',
  'consent-bypass',
  'directive',
  'urgency',
]);

/**
 * A tool whose first sentence itself names the object ("Envoie un lien de réinitialisation … mot de
 * passe", "返回…聊天记录") is doing its job, in any language, even when its name does not share the
 * object's (English) domain words — as long as that sentence neither routes the object into a parameter
 * nor to an address, and nothing in the description speaks to the model.
 */
function statesPurpose(
  sentence: string,
  purpose: string | undefined,
  params: ParamProfile[],
  hits: readonly Hit[],
): boolean {
  return (
    sentence === purpose &&
    !LITERAL_DESTINATION.test(sentence) &&
    routedIntoParameter(sentence, params) === undefined &&
    !hits.some((hit) => INTENT_KINDS.has(hit.kind) && hit.field === 'description')
  );
}

/**
 * An offensive kit: when most tools of a server openly declare an offensive purpose, the rest of its
 * tools are part of the kit (a "traceroute" in a kit of exploits is reconnaissance).
 */
const KIT_MIN_TOOLS = 5;
const KIT_SHARE = 0.5;

function markOffensiveKit(
  surface: ServerSurface,
  analyses: DefinitionAnalysis[],
  hitsOf: Map<DefinitionAnalysis, Hit[]>,
): void {
  const tools = analyses.filter((a) => a.definition?.kind === 'tool');
  const offensive = tools.filter((a) => a.verdict.severity && a.verdict.category === 'offense');
  if (offensive.length < KIT_MIN_TOOLS || offensive.length < KIT_SHARE * tools.length) return;
  const examples = offensive
    .slice(0, 3)
    .map((a) => a.definition!.name)
    .join(', ');
  for (const analysis of tools) {
    if (analysis.verdict.severity) continue;
    const hits = [
      ...hitsOf.get(analysis)!,
      {
        kind: 'offensive-kit' as const,
        weight: 2.6,
        field: 'name',
        evidence: analysis.definition!.name,
        note: `${offensive.length} of ${tools.length} tools of ${surface.server} openly declare an offensive purpose (${examples}, …)`,
      },
    ];
    analysis.verdict = verdictOf(hits);
  }
}

function computeSurface(surface: ServerSurface, scan: ScanContext): DefinitionAnalysis[] {
  const directory = directoryFor(surface, scan);
  const hitsOf = new Map<DefinitionAnalysis, Hit[]>();
  const analyses: DefinitionAnalysis[] = [];
  if (surface.instructions) {
    const hits = proseHits(surface.instructions, 'instructions', directory, '').hits;
    const analysis = { verdict: verdictOf(hits) };
    hitsOf.set(analysis, hits);
    analyses.push(analysis);
  }
  for (const definition of surface.definitions) {
    const hits = analyzeDefinition(definition, directory);
    const analysis = { definition, verdict: verdictOf(hits) };
    hitsOf.set(analysis, hits);
    analyses.push(analysis);
  }
  markOffensiveKit(surface, analyses, hitsOf);
  return analyses;
}
