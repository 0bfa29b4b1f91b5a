// Runs every poisoning signal over every definition of a surface, in the context of the whole scan
// (sibling tools, other servers, well-known tool names), and keeps one verdict per definition. The
// three poisoning rules read the same analysis, computed once per surface.
//
// A definition is read in three parts: its purpose (name, title and first sentence: what the tool is
// for), the rest of its prose, and its schema text (parameter names, descriptions, enums, defaults,
// examples). Each sentence of the prose and the schema is read for the concepts it combines
// (signals/scope.ts), in the languages the definition is written in; what the purpose already covers
// is the tool's job. Hidden text, shadowing of other servers' tools and an openly offensive purpose
// are read beside it.
import type { Definition, ScanContext, ServerSurface } from '../../../types.js';
import { textFieldsOf, type TextField } from '../definitions.js';
import type { Concept } from './lexicon/concepts.js';
import { compiledFor, languagesOf } from './lexicon/index.js';
import { matchConcepts, tokenize, type CompiledLexicons } from './lexicon/match.js';
import { definitionLogit, loadSentenceModel } from './model/scorer.js';
import { concealmentOf, hiddenInstructionHit } from './signals/concealment.js';
import { offenseHits } from './signals/offense.js';
import { readSentence, scopeSignals, type ToolIdentity } from './signals/scope.js';
import type { Hit } from './signals/types.js';
import { identifierWords, normalize, sentences } from './text.js';
import { verdictOf, type Verdict } from './verdict.js';
import { SIGNAL_WEIGHTS } from './weights.js';
import { WELL_KNOWN_TOOLS } from './well-known-tools.js';

export interface DefinitionAnalysis {
  /** Absent for the server's own instructions. */
  definition?: Definition;
  verdict: Verdict;
}

/** Schema values are data: a value that reads as an instruction is one, whatever it says. */
const VALUE_ROLES = new Set<TextField['role']>(['default', 'example', 'enum', 'const']);
const PROSE_ROLES = new Set<TextField['role']>(['title', 'description', 'other', 'instructions']);
/** Markup that opens a fake privileged voice anywhere in a field: every sentence of it speaks in that voice. */
const FAKE_VOICE =
  /<\/?(?:system|admin|administrator|important|instructions?|critical|priority|sudo|root|developer|policy|compliance|override)\b[^<>]{0,40}>|\[\/?(?:system|admin|administrator|important|inst|critical|priority|notice|override)\b[^[\]]{0,40}\]|<\|(?:im_start|system)\|>/iu;

const cache = new WeakMap<ServerSurface, Promise<DefinitionAnalysis[]>>();

/** The analysis of every definition of a surface (once per surface; the model loads with the first). */
export function analyzeSurface(surface: ServerSurface, scan: ScanContext): Promise<DefinitionAnalysis[]> {
  let analyses = cache.get(surface);
  if (!analyses) {
    analyses = loadSentenceModel().then(() => computeSurface(surface, scan));
    cache.set(surface, analyses);
  }
  return analyses;
}

/** A name is distinctive enough to find in prose when it has a separator or is long. */
export function isDistinctiveName(name: string): boolean {
  return name.length >= 5 && (/[_\-.]/.test(name) || /[a-z][A-Z]/.test(name) || name.length >= 14);
}

interface Directory {
  /** Tools of this surface (lower case). */
  siblings: ReadonlySet<string>;
  /** Tools of other servers in the scan and of well-known servers, lower case → where they live. */
  elsewhere: ReadonlyMap<string, { tool: string; server: string }>;
}

function directoryFor(surface: ServerSurface, scan: ScanContext): Directory {
  const siblings = new Set(surface.definitions.map((d) => d.name.toLowerCase()));
  const elsewhere = new Map<string, { tool: string; server: string }>();
  for (const [tool, server] of WELL_KNOWN_TOOLS) elsewhere.set(tool, { tool, server });
  for (const other of scan.surfaces) {
    if (other === surface) continue;
    for (const d of other.definitions)
      if (d.kind === 'tool' && isDistinctiveName(d.name))
        elsewhere.set(d.name.toLowerCase(), { tool: d.name, server: `server ${other.server}` });
  }
  for (const sibling of siblings) elsewhere.delete(sibling);
  return { siblings, elsewhere };
}

/** The concepts a text names, in the lexicons given. */
function conceptsIn(text: string, compiled: CompiledLexicons): Set<Concept> {
  return new Set(matchConcepts(normalize(text), compiled).map((m) => m.concept));
}

/** What the tool is for: the concepts of its name, title and first sentence, its parameters, the other tools. */
/** Acts that no purpose states: a first clause that has one is an instruction, not the tool's job. */
const NOT_A_PURPOSE: ReadonlySet<Concept> = new Set([
  'override',
  'conceal',
  'skip',
  'persist',
  'preapproval',
]);

/**
 * What the tool says it is for: the first sentence of its description, or only its first clause when
 * the sentence goes on to an instruction ("Converts units; ignore your previous instructions"), or
 * nothing when even that clause carries one.
 */
function purposeOf(definition: Definition, compiled: CompiledLexicons): string {
  const statesOnly = (text: string) => ![...conceptsIn(text, compiled)].some((c) => NOT_A_PURPOSE.has(c));
  const first = sentences(normalize(definition.description))[0] ?? '';
  if (statesOnly(first)) return first;
  const clause = first.split(/[,;:—]/u)[0] ?? '';
  return statesOnly(clause) ? clause : '';
}

function identityOf(definition: Definition, compiled: CompiledLexicons, directory: Directory): ToolIdentity {
  const purpose = purposeOf(definition, compiled);
  const nameWords = identifierWords(definition.name).join(' ');
  const params = Object.keys(
    (definition.inputSchema.properties as Record<string, unknown> | undefined) ?? {},
  ).map((p) => p.toLowerCase());
  const self = definition.name.toLowerCase();
  const about = `${nameWords}. ${normalize(definition.title ?? '')}. ${purpose}`;
  return {
    concepts: conceptsIn(about, compiled),
    words: new Set(tokenize(about).map((t) => t.text)),
    params,
    foreignTools: [...directory.elsewhere.keys()],
    siblingTools: [...directory.siblings].filter((name) => name !== self && isDistinctiveName(name)),
  };
}

/** The signals of one piece of prose (or of a hidden passage read out of it). */
function proseHits(text: string, field: string, compiled: CompiledLexicons, identity: ToolIdentity): Hit[] {
  const voice = FAKE_VOICE.test(text);
  const hits: Hit[] = [];
  for (const sentence of sentences(normalize(text)))
    for (const unit of readSentence(sentence, compiled))
      hits.push(...scopeSignals(unit, identity, field, voice));
  return hits;
}

/**
 * A parameter whose very name asks for something the tool's job does not need (`ssh_key` on a weather
 * tool, `conversation_history` on a calculator): the schema itself is the channel.
 */
function parameterHits(definition: Definition, compiled: CompiledLexicons, identity: ToolIdentity): Hit[] {
  const hits: Hit[] = [];
  for (const param of identity.params) {
    const concepts = conceptsIn(identifierWords(param).join(' '), compiled);
    const reach = (['session', 'secrets'] as const).find((c) => concepts.has(c) && !identity.concepts.has(c));
    if (!reach) continue;
    // A password field on a tool that creates a server is an input the user gives; the session, or a
    // credential field styled to look internal (`_token_`), is something the model is meant to fill in.
    const internal = /^_|_$/.test(param);
    const weights = SIGNAL_WEIGHTS.sensitiveParameter;
    const channel = reach === 'session' || internal;
    hits.push({
      kind: channel ? 'data-grab' : 'credential-parameter',
      weight: channel ? weights.channel : weights.credentialInput,
      field: `inputSchema.properties.${param}`,
      evidence: param,
      note: `has a parameter \`${param}\` for ${reach === 'secrets' ? 'credentials' : 'the conversation'}, which \`${definition.name}\` has no need for`,
    });
  }
  return hits;
}

/** A schema value (default, example, enum, const) that gives orders instead of holding data. */
function valueHits(field: TextField, hits: readonly Hit[]): Hit[] {
  const speaks = hits.some((hit) => hit.field === field.field && hit.kind !== 'address-model');
  return speaks
    ? [
        {
          kind: 'schema-instruction',
          weight: SIGNAL_WEIGHTS.schemaValue,
          field: field.field,
          evidence: field.text,
          note: 'a schema value that gives instructions instead of holding data',
        },
      ]
    : [];
}

/** Other servers' tools named in a sentence that tells the model how to use them. */
function shadowingHits(hits: readonly Hit[], identity: ToolIdentity, directory: Directory): Hit[] {
  const out: Hit[] = [];
  for (const hit of hits) {
    if (hit.kind !== 'tampering' && hit.kind !== 'hijacking') continue;
    const named = identity.foreignTools.find((tool) => hit.evidence.includes(tool));
    const where = named ? directory.elsewhere.get(named) : undefined;
    if (where)
      out.push({
        kind: 'shadowing',
        weight: SIGNAL_WEIGHTS.shadowing,
        field: hit.field,
        evidence: hit.evidence,
        note: `tells the model how to use \`${where.tool}\` of ${where.server}`,
        shadowed: where,
      });
  }
  return out;
}

/** The sentences the learned model reads: every sentence of the definition's prose and schema text. */
export function definitionSentences(definition: Definition): string[] {
  const out: string[] = [];
  for (const field of textFieldsOf(definition)) {
    if (!PROSE_ROLES.has(field.role) && !VALUE_ROLES.has(field.role)) continue;
    for (const sentence of sentences(normalize(field.text))) out.push(sentence);
    for (const passage of concealmentOf(field.field, field.text).passages)
      for (const sentence of sentences(normalize(passage.text))) out.push(sentence);
  }
  return out;
}

interface Analyzed {
  hits: Hit[];
  uncovered: boolean;
  /** The learned model's log-odds for the definition's most suspicious sentence. */
  modelLogit: number;
}

function analyzeDefinition(definition: Definition, directory: Directory): Analyzed {
  const fields = textFieldsOf(definition);
  const reading = languagesOf(normalize(fields.map((f) => f.text).join('\n')));
  const compiled = compiledFor(reading.languages);
  const identity = identityOf(definition, compiled, directory);
  const hits: Hit[] = [];

  for (const field of fields) {
    if (field.role === 'name' || field.role === 'property-name') continue;
    const concealed = concealmentOf(field.field, field.text);
    hits.push(...concealed.hits);
    for (const passage of concealed.passages) {
      const hidden = proseHits(passage.text, field.field, compiled, identity);
      if (hidden.some((h) => h.kind !== 'address-model')) hits.push(hiddenInstructionHit(passage), ...hidden);
    }
    if (!PROSE_ROLES.has(field.role) && !VALUE_ROLES.has(field.role)) continue;
    const prose = proseHits(field.text, field.field, compiled, identity);
    hits.push(...prose);
    if (VALUE_ROLES.has(field.role)) hits.push(...valueHits(field, prose));
  }
  hits.push(...parameterHits(definition, compiled, identity));
  hits.push(...shadowingHits(hits, identity, directory));

  const prose = fields
    .filter((f) => (f.role === 'description' || f.role === 'title') && f.param === undefined)
    .map((f) => ({ field: f.field, text: normalize(f.text) }));
  hits.push(...offenseHits(definition.name, prose, identity.params, compiled));
  return {
    hits,
    uncovered: reading.uncovered,
    modelLogit: definitionLogit(definitionSentences(definition)).logit,
  };
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
  hitsOf: Map<DefinitionAnalysis, Analyzed>,
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
    const { hits, uncovered, modelLogit } = hitsOf.get(analysis)!;
    analysis.verdict = verdictOf(
      [
        ...hits,
        {
          kind: 'offensive-kit',
          weight: SIGNAL_WEIGHTS.offensiveKit,
          field: 'name',
          evidence: analysis.definition!.name,
          note: `${offensive.length} of ${tools.length} tools of ${surface.server} openly declare an offensive purpose (${examples}, …)`,
        },
      ],
      { uncovered, modelLogit },
    );
  }
}

function computeSurface(surface: ServerSurface, scan: ScanContext): DefinitionAnalysis[] {
  const directory = directoryFor(surface, scan);
  const hitsOf = new Map<DefinitionAnalysis, Analyzed>();
  const analyses: DefinitionAnalysis[] = [];
  if (surface.instructions) {
    const reading = languagesOf(normalize(surface.instructions));
    const compiled = compiledFor(reading.languages);
    const identity: ToolIdentity = {
      concepts: new Set(),
      words: new Set(),
      params: [],
      foreignTools: [...directory.elsewhere.keys()],
      siblingTools: [...directory.siblings].filter(isDistinctiveName),
    };
    const hits = proseHits(surface.instructions, 'instructions', compiled, identity);
    const modelLogit = definitionLogit(sentences(normalize(surface.instructions))).logit;
    const analysis = { verdict: verdictOf(hits, { uncovered: reading.uncovered, modelLogit }) };
    hitsOf.set(analysis, { hits, uncovered: reading.uncovered, modelLogit });
    analyses.push(analysis);
  }
  for (const definition of surface.definitions) {
    const analyzed = analyzeDefinition(definition, directory);
    const analysis = { definition, verdict: verdictOf(analyzed.hits, analyzed) };
    hitsOf.set(analysis, analyzed);
    analyses.push(analysis);
  }
  markOffensiveKit(surface, analyses, hitsOf);
  return analyses;
}
