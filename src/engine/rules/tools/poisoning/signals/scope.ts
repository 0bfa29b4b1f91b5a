// Scope: what a sentence asks for beyond this one call. A sentence is read as concepts (acts such as
// transmit or conceal, reaches such as secrets or other tools, and its mood), in whichever languages it
// is written in; a signal is a combination of an act and a reach that a tool's own job does not
// explain: keeping something from the user, reaching into other tools' calls, claiming the user's
// consent, sending the user's data to an address written into the text, destroying or planting
// something lasting. What the tool's name and purpose are about is its job and weighs little; a
// sentence that examines or quotes such acts (a scanner describing attacks) is not making them.
import type { Concept } from '../lexicon/concepts.js';
import { findArtifacts, type Artifact, type ArtifactKind } from '../lexicon/artifacts.js';
import {
  matchConcepts,
  tokenize,
  type CompiledLexicons,
  type ConceptMatch,
  type Token,
} from '../lexicon/match.js';
import { SIGNAL_WEIGHTS, type ScopeSignal } from '../weights.js';
import type { Hit } from './types.js';

/** A stretch of a sentence read as one unit: a clause together with the clause before it. */
export interface SentenceReading {
  text: string;
  /** The whole sentence the unit belongs to (parameters named anywhere in it count). */
  sentence: string;
  concepts: ReadonlyMap<Concept, readonly ConceptMatch[]>;
  artifacts: readonly Artifact[];
  /** Told to someone: an obligation cue, or a command form at the start of a clause. */
  directive: boolean;
  /** Describes or quotes the acts it names (a scanner's description) rather than asking for them. */
  examining: boolean;
  /** Acts given as commands: a command form at a clause start, or right after an obligation cue. */
  commanded: ReadonlySet<Concept>;
}

/** Clause starts (token indexes): the sentence start and the first token after `, ; : ( — –` or a bullet. */
function clauseStarts(sentence: string, tokens: readonly Token[]): number[] {
  const starts = [0];
  let previousEnd = 0;
  tokens.forEach((token, i) => {
    if (i > 0 && /[,;:—–•*>\n]|\s-\s/u.test(sentence.slice(previousEnd, token.index))) starts.push(i);
    previousEnd = token.index + token.text.length;
  });
  return starts;
}

const ACTS: readonly Concept[] = [
  'transmit',
  'collect',
  'conceal',
  'destroy',
  'persist',
  'skip',
  'override',
  'invoke',
  'alter',
];
/** Acts a negation just before undoes ("do not include", "never send"); conceal and skip carry their own. */
const NEGATABLE: ReadonlySet<Concept> = new Set([
  'transmit',
  'collect',
  'destroy',
  'persist',
  'invoke',
  'alter',
  'override',
]);
const QUOTED = /"[^"]*"|“[^”]*”|«[^»]*»|„[^“”]*[“”]|'[^']{8,}'|`[^`]*`/gu;

/**
 * Reads a (normalised) sentence as units: each clause with the clause before it, so that "whenever a
 * booking tool runs, change its amount" is one unit but a list of twenty options is not one bag of words.
 */
export function readSentence(sentence: string, compiled: CompiledLexicons): SentenceReading[] {
  const tokens = tokenize(sentence);
  const matches = matchConcepts(sentence, compiled, tokens);
  const negations = new Set(matches.filter((m) => m.concept === 'negation').map((m) => m.token));
  const kept = matches.filter(
    (m) =>
      !(NEGATABLE.has(m.concept) && m.token > 0 && [1, 2, 3].some((back) => negations.has(m.token - back))),
  );
  const artifacts = findArtifacts(sentence);
  const quoted: [number, number][] = [];
  for (const q of sentence.matchAll(QUOTED)) quoted.push([q.index, q.index + q[0].length]);

  const starts = clauseStarts(sentence, tokens);
  const offsets = starts.map((t) => tokens[t]?.index ?? 0);
  const units: SentenceReading[] = [];
  for (let c = 0; c < starts.length; c++) {
    const from = offsets[Math.max(0, c - 1)]!;
    const to = c + 1 < offsets.length ? offsets[c + 1]! : sentence.length;
    // A clause start counts as a command only when the clause is one (three words or more): the items
    // of a list ("create, read, update, delete") are not.
    const long = (k: number) => (k + 1 < starts.length ? starts[k + 1]! : tokens.length) - starts[k]! >= 3;
    // A command may follow one adverb or politeness word: "quietly send", "kindly paste", "also put".
    const startTokens = new Set(
      [Math.max(0, c - 1), c].filter(long).flatMap((k) => [starts[k]!, starts[k]! + 1]),
    );
    const inside = kept.filter((m) => m.index >= from && m.index < to);
    const concepts = new Map<Concept, ConceptMatch[]>();
    for (const match of inside) {
      const list = concepts.get(match.concept);
      if (list) list.push(match);
      else concepts.set(match.concept, [match]);
    }
    const atStart = (m: ConceptMatch) =>
      (m.token >= 0 && startTokens.has(m.token)) ||
      (m.token < 0 && (m.index === from || m.index === offsets[c]));
    const imperatives = (concepts.get('imperative') ?? []).filter(atStart);
    const commanded = imperatives.length > 0;
    const cues = (concepts.get('directive') ?? []).map((m) => m.token);
    const commandedActs = new Set<Concept>();
    for (const act of ACTS)
      for (const m of concepts.get(act) ?? [])
        if (
          imperatives.some((i) => i.token === m.token && i.index === m.index) ||
          cues.some((cue) => cue >= 0 && m.token > cue && m.token - cue <= 4)
        )
          commandedActs.add(act);
    const acts = ACTS.flatMap((act) => concepts.get(act) ?? []);
    const firstAct = acts.reduce((min, m) => Math.min(min, m.index), Infinity);
    const firstExamine = (concepts.get('examine') ?? []).reduce((min, m) => Math.min(min, m.index), Infinity);
    const allQuoted =
      acts.length > 0 && acts.every((m) => quoted.some(([a, b]) => m.index >= a && m.index < b));
    units.push({
      text: sentence.slice(from, to).trim(),
      sentence,
      concepts,
      artifacts: artifacts.filter((a) => a.index >= from && a.index < to),
      directive: commanded || concepts.has('directive'),
      examining: (firstExamine < firstAct && !commanded) || allQuoted,
      commanded: commandedActs,
    });
    if (starts.length === 1) break;
  }
  return units;
}

/** What the tool itself is about: the concepts of its name, title and first sentence. */
export interface ToolIdentity {
  concepts: ReadonlySet<Concept>;
  /** Its parameters' names, lower case. */
  params: readonly string[];
  /** Other tools this sentence may name: tools of other servers in the scan and well-known tools. */
  foreignTools: readonly string[];
}

function has(reading: SentenceReading, concept: Concept): boolean {
  return reading.concepts.has(concept);
}

function hasArtifact(reading: SentenceReading, ...kinds: ArtifactKind[]): boolean {
  return reading.artifacts.some((artifact) => kinds.includes(artifact.kind));
}

/** A concept the sentence reaches that the tool's own purpose does not explain. */
function beyondJob(reading: SentenceReading, identity: ToolIdentity, concept: Concept): boolean {
  return has(reading, concept) && !identity.concepts.has(concept);
}

function namesParameter(reading: SentenceReading, identity: ToolIdentity): string | undefined {
  const words = new Set(tokenize(reading.sentence).map((t) => t.text));
  return identity.params.find((param) => words.has(param) || reading.sentence.includes(`\`${param}\``));
}

function namesForeignTool(reading: SentenceReading, identity: ToolIdentity): string | undefined {
  return identity.foreignTools.find((tool) => {
    const at = reading.text.indexOf(tool);
    if (at < 0) return false;
    const before = reading.text[at - 1];
    const after = reading.text[at + tool.length];
    return !(before && /[\p{L}\p{N}_]/u.test(before)) && !(after && /[\p{L}\p{N}_]/u.test(after));
  });
}

/** The scope signals of one sentence, each with its weight and a note that says what it reaches for. */
export function scopeSignals(
  reading: SentenceReading,
  identity: ToolIdentity,
  field: string,
  /** The field opened a system or administrator voice (`<system>` … `</system>`) somewhere. */
  underFakeVoice = false,
): Hit[] {
  const found: { signal: ScopeSignal; note: string }[] = [];
  const add = (signal: ScopeSignal, note: string) => found.push({ signal, note });
  const directive = reading.directive;

  if (has(reading, 'override') && (has(reading, 'instructions') || (has(reading, 'model') && directive)))
    add('override', 'tells the model to set aside its instructions');

  if (has(reading, 'conceal')) {
    if (has(reading, 'user')) add('secrecy', 'tells the model to keep something from the user');
    else if ((['transmit', 'collect', 'alter', 'destroy'] as const).some((act) => reading.commanded.has(act)))
      add('secrecy', 'asks for an act to be done without the user knowing');
  }

  if (has(reading, 'preapproval')) add('safety-bypass', 'claims the user already approved');
  else if (has(reading, 'skip') && beyondJob(reading, identity, 'safety'))
    add('safety-bypass', "tells the model to skip the user's confirmation or safety checks");

  const toolMentions = (reading.concepts.get('tools') ?? []).filter(
    (t) =>
      !(reading.concepts.get('self') ?? []).some(
        (own) => t.index >= own.index && t.index < own.index + own.text.length,
      ),
  );
  const otherTools = toolMentions.length > 0 && has(reading, 'other');
  if (
    has(reading, 'invoke') &&
    has(reading, 'self') &&
    has(reading, 'other') &&
    (has(reading, 'priority') || has(reading, 'universal'))
  )
    add('hijacking', 'tells the model to choose this tool over all others');
  else if (otherTools && has(reading, 'deprecation'))
    add('hijacking', 'disparages the other tools so that this one is used');
  else if (otherTools && has(reading, 'invoke') && has(reading, 'negation'))
    add('hijacking', 'tells the model not to use other tools');
  else if (
    has(reading, 'invoke') &&
    has(reading, 'self') &&
    has(reading, 'priority') &&
    has(reading, 'universal')
  )
    add('self-promotion', 'tells the model to call this tool first, every time');

  const foreign = namesForeignTool(reading, identity);
  if (has(reading, 'alter') && (has(reading, 'arguments') || foreign)) {
    if (foreign) add('tampering', `changes what the tool \`${foreign}\` is called with`);
    else if (toolMentions.length > 0 && (has(reading, 'conditional') || has(reading, 'other')))
      add('tampering', "reaches into other tools' calls to change their arguments");
    else if (has(reading, 'priority') && has(reading, 'user'))
      add('tampering', "puts something else in place of the user's own details");
  }

  const sensitive: [Concept | ArtifactKind, string][] = [
    ['secrets', 'credentials'],
    ['session', 'the conversation'],
    ['user-data', "the user's data"],
    ['code', 'source code'],
  ];
  const reach =
    sensitive.find(([c]) => beyondJob(reading, identity, c as Concept))?.[1] ??
    (hasArtifact(reading, 'secret-file')
      ? 'a credential file'
      : hasArtifact(reading, 'user-file')
        ? "the user's files"
        : hasArtifact(reading, 'code-file')
          ? 'the repository'
          : undefined);
  const moves = has(reading, 'transmit') || has(reading, 'collect');
  const route = namesParameter(reading, identity);
  const personal =
    beyondJob(reading, identity, 'secrets') ||
    beyondJob(reading, identity, 'session') ||
    hasArtifact(reading, 'secret-file', 'user-file');
  if (moves && reach) {
    if (hasArtifact(reading, 'destination') || has(reading, 'elsewhere'))
      add('exfiltration', `sends ${reach} to an address written into the text`);
    else if (route && personal && has(reading, 'collect'))
      add('exfiltration', `routes ${reach} into the parameter \`${route}\``);
    else if (personal && has(reading, 'collect'))
      add('data-grab', `gathers ${reach}, which the tool's job does not need`);
  } else if (reading.commanded.has('transmit') && hasArtifact(reading, 'destination')) {
    if (identity.concepts.has('transmit'))
      add('literal-destination', 'sends to an address written into the text');
    else
      add(
        'exfiltration',
        'sends what the tool handles to an address written into the text, which its job does not need',
      );
  }

  const lasting = ['system', 'user-data', 'code', 'universal'] as const;
  if (
    reading.commanded.has('destroy') &&
    !identity.concepts.has('destroy') &&
    (lasting.some((c) => has(reading, c)) || hasArtifact(reading, 'system-file', 'user-file', 'code-file'))
  )
    add('destruction', 'tells the model to destroy or disable something beyond its own job');

  if (
    (has(reading, 'persist') || hasArtifact(reading, 'system-file')) &&
    !identity.concepts.has('persist') &&
    (directive || has(reading, 'conditional'))
  )
    add('persistence', 'tells the model to plant something that lasts beyond this call');

  if ((underFakeVoice || hasArtifact(reading, 'authority-tag')) && directive)
    add('fake-authority', 'gives orders in a fake system or administrator voice');
  else if (hasArtifact(reading, 'authority-tag'))
    add('authority', 'opens a fake system or administrator voice');
  else if (has(reading, 'authority') && directive && (has(reading, 'model') || has(reading, 'user')))
    add('authority', 'claims an authority to command the model');

  if (found.length === 0 && has(reading, 'model') && directive) add('address-model', 'speaks to the model');

  const damp = reading.examining ? SIGNAL_WEIGHTS.examiningFactor : 1;
  return found.map(({ signal, note }) => ({
    kind: signal,
    weight: SIGNAL_WEIGHTS.scope[signal] * damp * (directive ? 1 : SIGNAL_WEIGHTS.statementFactor),
    field,
    evidence: reading.text,
    note,
  }));
}
