// Scope: what a sentence asks for beyond this one call. A sentence is read as concepts (acts such as
// transmit or conceal, reaches such as secrets or other tools, and its mood), in whichever languages it
// is written in; a signal is a combination of an act and a reach that a tool's own job does not
// explain: keeping something from the user, reaching into other tools' calls, claiming the user's
// consent, sending the user's data to an address written into the text, destroying or planting
// something lasting. What the tool's name and purpose are about is its job and weighs little; a
// sentence that examines or quotes such acts (a scanner describing attacks) is not making them.
import type { Concept } from '../lexicon/concepts.js';
import { findArtifacts, type Artifact, type ArtifactKind } from '../lexicon/artifacts.js';
import { isUnspaced, isVerbFinal } from '../lexicon/index.js';
import {
  matchConcepts,
  tokenize,
  type CompiledLexicons,
  type ConceptMatch,
  type Token,
} from '../lexicon/match.js';
import { SIGNAL_WEIGHTS, type ScopeSignal } from '../weights.js';
import type { Hit } from './types.js';

/**
 * What the units of one sentence share, worked out once: a sentence of a thousand clauses costs its
 * length, not its length for each clause.
 */
export interface SentenceFacts {
  text: string;
  /** Its words (normalised): a parameter named anywhere in the sentence counts. */
  words: ReadonlySet<string>;
  /** What its backquoted spans hold (`notes`). */
  code: ReadonlySet<string>;
  /** Tool names already looked for as whole words, and whether they were found. */
  named: Map<string, boolean>;
}

/** A stretch of a sentence read as one unit: a clause together with the clause before it. */
export interface SentenceReading {
  text: string;
  /** The whole sentence the unit belongs to. */
  sentence: SentenceFacts;
  /** Words of what the whole sentence reaches (secrets, session, user data, system): `message`, `history`. */
  reached: ReadonlySet<string>;
  concepts: ReadonlyMap<Concept, readonly ConceptMatch[]>;
  artifacts: readonly Artifact[];
  /** Told to someone: an obligation cue, or a command form at the start of a clause. */
  directive: boolean;
  /** Describes or quotes the acts it names (a scanner's description) rather than asking for them. */
  examining: boolean;
  /** Acts given as commands: a command form at a clause start, or right after an obligation cue. */
  commanded: ReadonlySet<Concept>;
}

/**
 * Clause starts (token indexes): the sentence start and the first token after `, ; : — –` or a bullet,
 * except inside an address or a path (`https://…`, `c:\\users`), which is one thing.
 */
function clauseStarts(sentence: string, tokens: readonly Token[], inArtifact: Uint8Array): number[] {
  const starts = [0];
  let previousEnd = 0;
  tokens.forEach((token, i) => {
    if (
      i > 0 &&
      // Strictly inside: an address's first character may start a clause.
      !(inArtifact[token.index] && inArtifact[token.index - 1]) &&
      /[,;:—–•*>\n、،؛]|\s-\s/u.test(sentence.slice(previousEnd, token.index))
    )
      starts.push(i);
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
// A single-quoted passage starts and ends outside a word, so that elisions (l'envoi … l'utilisateur) are not quotes.
// A typographic quote runs to its closing mark or to the next opening one: read to the end of the text
// from every opening mark, a run of `“` without a `”` costs the square of its length.
const QUOTED = /"[^"]*"|“[^“”]*”|«[^«»]*»|„[^„“”]*[“”]|(?<![\p{L}\p{N}])'[^']{8,}'(?![\p{L}\p{N}])|`[^`]*`/gu;

/** Marks the characters each span covers, so that "is this position inside one?" costs one look. */
function coverage(length: number, spans: Iterable<readonly [number, number]>): Uint8Array {
  const covered = new Uint8Array(length);
  for (const [from, to] of spans) covered.fill(1, from, to);
  return covered;
}

/** Is there a value of `sorted` (ascending) within `distance` of `at`, at or after it unless `before`? */
function near(sorted: readonly number[], at: number, distance: number, before: boolean): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < at - distance) lo = mid + 1;
    else hi = mid;
  }
  const value = sorted[lo];
  return value !== undefined && value <= at + distance && (before || value <= at);
}

/**
 * Reads a (normalised) sentence as units: each clause with the clause before it, so that "whenever a
 * booking tool runs, change its amount" is one unit but a list of twenty options is not one bag of words.
 */
export function readSentence(sentence: string, compiled: CompiledLexicons): SentenceReading[] {
  const tokens = tokenize(sentence);
  const matches = matchConcepts(sentence, compiled, tokens);
  const artifacts = findArtifacts(sentence).sort((a, b) => a.index - b.index);
  const inArtifact = coverage(
    sentence.length,
    artifacts.map((a) => [a.index, a.index + a.text.length] as const),
  );
  const negations = new Set(matches.filter((m) => m.concept === 'negation').map((m) => m.lastToken));
  // Words inside an address or a path are not prose: "hooks.chat.example" names no chat.
  const kept = matches.filter(
    (m) =>
      !inArtifact[m.index] &&
      !(NEGATABLE.has(m.concept) && [1, 2, 3].some((back) => negations.has(m.token - back))),
  );
  const quotes = [...sentence.matchAll(QUOTED)];
  const inQuote = coverage(
    sentence.length,
    quotes.map((q) => [q.index, q.index + q[0].length] as const),
  );
  const facts: SentenceFacts = {
    text: sentence,
    words: new Set(tokens.map((t) => t.text)),
    code: new Set(quotes.filter((q) => q[0].startsWith('`')).map((q) => q[0].slice(1, -1))),
    named: new Map(),
  };

  // "…und überspringe die Vorschau": a coordinating word right before a command opens a clause of its
  // own, so the command is read as one wherever the sentence started.
  const imperativeAt = new Set(kept.filter((m) => m.concept === 'imperative').map((m) => m.token));
  const conjoined = kept
    .filter((m) => m.concept === 'conjunction' && imperativeAt.has(m.lastToken + 1))
    .map((m) => m.token);
  const starts = [...new Set([...clauseStarts(sentence, tokens, inArtifact), ...conjoined])].sort(
    (a, b) => a - b,
  );
  const ends = starts.map((_, k) => (k + 1 < starts.length ? starts[k + 1]! - 1 : tokens.length - 1));
  // A clause counts as a command only when it is one (two words or more): the items of a list
  // ("create, read, update, delete") are not.
  const long = (k: number) => ends[k]! - starts[k]! + 1 >= 2;
  // A command may follow up to two lead-in words: "quietly send", "kindly paste", "after that delete",
  // "em seguida envie".
  const LEAD_IN: ReadonlySet<Concept> = new Set([
    'conjunction',
    'imperative',
    'directive',
    'conceal',
    'conditional',
    'priority',
  ]);
  const leadInEnd = new Map<number, number>();
  for (const m of kept)
    if (LEAD_IN.has(m.concept)) leadInEnd.set(m.token, Math.max(leadInEnd.get(m.token) ?? -1, m.lastToken));
  /** The last token a command of clause `k` may start at: its first, or the one after its lead-ins. */
  const commandSlot = (k: number) => {
    let slot = starts[k]!;
    for (let step = 0; step < 2 && leadInEnd.has(slot); step++) slot = leadInEnd.get(slot)! + 1;
    return slot;
  };
  /** Does `m` stand where a command stands in clause `k`: first (after its lead-ins), or last in a verb-final language? */
  const commandPosition = (m: ConceptMatch, k: number) =>
    long(k) &&
    ((m.token >= starts[k]! && m.token <= commandSlot(k)) ||
      (isVerbFinal(m.language) && m.lastToken >= ends[k]! - 1 && m.token <= ends[k]!));

  const REACHES: ReadonlySet<Concept> = new Set(['secrets', 'session', 'user-data', 'system']);
  const reached = new Set(
    kept
      .filter((m) => REACHES.has(m.concept))
      .flatMap((m) => tokenize(m.text).map((t) => t.text.replace(/'s$/, ''))),
  );
  const units: SentenceReading[] = [];
  // Units overlap by one clause and move forward: the matches and artifacts of each are a window
  // into the sorted lists, found by moving both ends forward.
  let matchesFrom = 0;
  let matchesTo = 0;
  let artifactsFrom = 0;
  let artifactsTo = 0;
  for (let c = 0; c < starts.length; c++) {
    const first = Math.max(0, c - 1);
    const from = tokens[starts[first]!]?.index ?? 0;
    const to = c + 1 < starts.length ? tokens[starts[c + 1]!]!.index : sentence.length;
    while (matchesFrom < kept.length && kept[matchesFrom]!.index < from) matchesFrom++;
    matchesTo = Math.max(matchesTo, matchesFrom);
    while (matchesTo < kept.length && kept[matchesTo]!.index < to) matchesTo++;
    while (artifactsFrom < artifacts.length && artifacts[artifactsFrom]!.index < from) artifactsFrom++;
    artifactsTo = Math.max(artifactsTo, artifactsFrom);
    while (artifactsTo < artifacts.length && artifacts[artifactsTo]!.index < to) artifactsTo++;
    const concepts = new Map<Concept, ConceptMatch[]>();
    for (const match of kept.slice(matchesFrom, matchesTo)) {
      const list = concepts.get(match.concept);
      if (list) list.push(match);
      else concepts.set(match.concept, [match]);
    }
    const imperatives = (concepts.get('imperative') ?? []).filter(
      (m) => commandPosition(m, first) || commandPosition(m, c),
    );
    const commanded = imperatives.length > 0;
    // A clause given as a command commands every act in it ("read X and send it to Y", "把…发给…"); an
    // obligation cue commands the act next to it ("you must send", "発送してください").
    const commandedClauses = [first, c].filter((k) =>
      imperatives.some((m) => m.token >= starts[k]! && m.token <= ends[k]!),
    );
    const cues = (concepts.get('directive') ?? []).map((m) => m.lastToken).sort((a, b) => a - b);
    const commandedActs = new Set<Concept>();
    for (const act of ACTS)
      for (const m of concepts.get(act) ?? [])
        if (
          commandedClauses.some((k) => m.token >= starts[k]! && m.token <= ends[k]!) ||
          near(cues, m.token, isUnspaced(m.language) ? 10 : 4, isVerbFinal(m.language))
        )
          commandedActs.add(act);
    const acts = ACTS.flatMap((act) => concepts.get(act) ?? []);
    const firstAct = acts.reduce((min, m) => Math.min(min, m.index), Infinity);
    // A scanner's description examines the acts it names: "detects attempts to steal passwords"; in a
    // verb-final language the examining verb comes after them.
    const examines = (concepts.get('examine') ?? []).some(
      (m) => m.index < firstAct || isVerbFinal(m.language),
    );
    const allQuoted = acts.length > 0 && acts.every((m) => inQuote[m.index]);
    units.push({
      text: sentence.slice(from, to).trim(),
      sentence: facts,
      reached,
      concepts,
      artifacts: artifacts.slice(artifactsFrom, artifactsTo),
      directive: commanded || concepts.has('directive'),
      examining: (examines && !commanded) || allQuoted,
      commanded: commandedActs,
    });
    if (starts.length === 1) break;
  }
  return units;
}

/** What the tool itself is about: the concepts of its name, title and first sentence. */
export interface ToolIdentity {
  concepts: ReadonlySet<Concept>;
  /** The words of its name, title and first sentence (normalised): its own subject. */
  words: ReadonlySet<string>;
  /** Its parameters' names, lower case. */
  params: readonly string[];
  /** Other tools this sentence may name: tools of other servers in the scan and well-known tools. */
  foreignTools: readonly string[];
  /** The other tools of the same server, lower case: naming one is the server's own workflow. */
  siblingTools: readonly string[];
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

/** The tool's parameters, split by whether they are named for what the sentence reaches. */
function parametersFor(
  reading: SentenceReading,
  identity: ToolIdentity,
  field: string,
): { named: string[]; others: string[] } {
  const { words, code } = reading.sentence;
  const reached = reading.reached;
  // Text inside a parameter (its description, default, enum, example) routes into that parameter.
  const own = /^inputSchema\.properties\.([^.]+)\./.exec(field)?.[1]?.toLowerCase();
  // Only an order routes into the field it sits in: "set to true to include each message" is not one.
  const mentioned = identity.params.filter(
    (param) => (param === own && ordered(reading)) || words.has(param) || code.has(param),
  );
  const isNamedFor = (param: string) => tokenize(param.replace(/_/g, ' ')).some((t) => reached.has(t.text));
  return {
    named: identity.params.filter(isNamedFor),
    others: mentioned.filter((param) => !isNamedFor(param)),
  };
}

/** Does `text` name `tool` as a whole word (not inside a longer name)? */
function namesWhole(text: string, tool: string): boolean {
  const wordy = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}_]/u.test(ch);
  for (let at = text.indexOf(tool); at >= 0; at = text.indexOf(tool, at + 1))
    if (!wordy(text[at - 1]) && !wordy(text[at + tool.length])) return true;
  return false;
}

/** The first of `tools` the text names as a whole word. */
function namedTool(text: string, tools: readonly string[]): string | undefined {
  return tools.find((tool) => namesWhole(text, tool));
}

/** The first of `tools` the whole sentence names, each looked for once per sentence. */
function namedInSentence(sentence: SentenceFacts, tools: readonly string[]): string | undefined {
  return tools.find((tool) => {
    let named = sentence.named.get(tool);
    if (named === undefined) sentence.named.set(tool, (named = namesWhole(sentence.text, tool)));
    return named;
  });
}

/** The sentence orders data put somewhere: a gathering or changing act given as a command. */
function ordered(reading: SentenceReading): boolean {
  return (
    reading.commanded.has('collect') || reading.commanded.has('alter') || reading.commanded.has('transmit')
  );
}

/** The send act carries an object: a thing named, or words between the verb and the address. */
function handsOver(reading: SentenceReading): boolean {
  if (has(reading, 'arguments') || has(reading, 'collect') || has(reading, 'universal')) return true;
  const verb = (reading.concepts.get('transmit') ?? [])[0];
  const address = reading.artifacts.find((a) => a.kind === 'destination');
  if (!verb || !address || address.index < verb.index) return false;
  // Offsets are the sentence's: "email helpdesk@…" is the verb alone, "upload its contents to …" is not.
  return tokenize(reading.sentence.text.slice(verb.index, address.index)).length >= 3;
}

/** A signal one reading shows, before it is weighed: what it is and what it reaches for, in words. */
interface Found {
  signal: ScopeSignal;
  note: string;
}

/** Reads a signal family off one unit, with the tool's identity and the field the text sits in. */
type SignalReader = (reading: SentenceReading, identity: ToolIdentity, field: string) => Found[];

/** Throwing away the model's guidance: its instructions named, or an order spoken to the model. */
const overrideSignals: SignalReader = (reading, identity) => {
  // The model's guidance, not the tool's own subject: a firewall tool's "previous rules no longer
  // apply" speaks of its rules; without a named guidance, only an order to the model overrides.
  const guidance = (reading.concepts.get('instructions') ?? []).some(
    (m) => !identity.words.has(m.text.split(/\s+/).pop()!),
  );
  return has(reading, 'override') && (guidance || (has(reading, 'model') && reading.directive))
    ? [{ signal: 'override', note: 'tells the model to set aside its instructions' }]
    : [];
};

/** Keeping the user in the dark, or acting behind their back. */
const secrecySignals: SignalReader = (reading) => {
  if (!has(reading, 'conceal')) return [];
  if (has(reading, 'user'))
    return [{ signal: 'secrecy', note: 'tells the model to keep something from the user' }];
  return (['transmit', 'collect', 'alter', 'destroy'] as const).some((act) => reading.commanded.has(act))
    ? [{ signal: 'secrecy', note: 'asks for an act to be done without the user knowing' }]
    : [];
};

/** The user's controls skipped, or their consent claimed. */
const safetySignals: SignalReader = (reading, identity) => {
  // "if the user opted in" states a condition; "the user has opted in" claims it.
  const conditions = (reading.concepts.get('conditional') ?? []).map((m) => m.lastToken);
  const claimed = (reading.concepts.get('preapproval') ?? []).some(
    (m) => !conditions.some((end) => m.token > end && m.token - end <= 4),
  );
  if (claimed && (has(reading, 'user') || has(reading, 'model') || reading.directive))
    return [{ signal: 'safety-bypass', note: 'claims the user already approved' }];
  if (has(reading, 'skip') && beyondJob(reading, identity, 'safety'))
    return [
      { signal: 'safety-bypass', note: "tells the model to skip the user's confirmation or safety checks" },
    ];
  return [];
};

/** Tools named as things, except this tool itself ("this tool"). */
function otherToolMentions(reading: SentenceReading): ConceptMatch[] {
  const own = reading.concepts.get('self') ?? [];
  // Both lists run in sentence order: one pass over each.
  let s = 0;
  return (reading.concepts.get('tools') ?? []).filter((t) => {
    while (s < own.length && own[s]!.index + own[s]!.text.length <= t.index) s++;
    const self = own[s];
    return !(self && t.index >= self.index);
  });
}

/** Steering the choice of tool: this one over all others, or the others disparaged or forbidden. */
const hijackingSignals: SignalReader = (reading) => {
  const otherTools = otherToolMentions(reading).length > 0 && has(reading, 'other');
  const promotesSelf = has(reading, 'invoke') && has(reading, 'self');
  if (promotesSelf && has(reading, 'other') && (has(reading, 'priority') || has(reading, 'universal')))
    return [{ signal: 'hijacking', note: 'tells the model to choose this tool over all others' }];
  if (otherTools && has(reading, 'deprecation'))
    return [{ signal: 'hijacking', note: 'disparages the other tools so that this one is used' }];
  if (otherTools && has(reading, 'invoke') && has(reading, 'negation'))
    return [{ signal: 'hijacking', note: 'tells the model not to use other tools' }];
  if (promotesSelf && has(reading, 'priority') && has(reading, 'universal'))
    return [{ signal: 'self-promotion', note: 'tells the model to call this tool first, every time' }];
  return [];
};

/** Reaching into other tools' calls: a named foreign tool, "whenever a booking tool …", "instead of the user's". */
const tamperingSignals: SignalReader = (reading, identity) => {
  const foreign = namedTool(reading.text, identity.foreignTools);
  const reachesInto =
    has(reading, 'alter') ||
    (has(reading, 'conditional') && reading.directive) ||
    ((has(reading, 'transmit') || has(reading, 'collect')) && hasArtifact(reading, 'destination'));
  if (foreign && reachesInto)
    return [{ signal: 'tampering', note: `changes what the tool \`${foreign}\` does when it is called` }];
  if (!has(reading, 'alter') || !has(reading, 'arguments')) return [];
  const sibling = namedInSentence(reading.sentence, identity.siblingTools);
  if (
    otherToolMentions(reading).length > 0 &&
    !sibling &&
    reading.commanded.has('alter') &&
    (has(reading, 'conditional') || has(reading, 'other'))
  )
    return [{ signal: 'tampering', note: "reaches into other tools' calls to change their arguments" }];
  if (has(reading, 'instead') && has(reading, 'user'))
    return [{ signal: 'tampering', note: "puts something else in place of the user's own details" }];
  return [];
};

/**
 * The user's data leaving the call: sent to an address written into the text, smuggled into a
 * parameter, handed to this tool, or gathered when the tool's job does not need it.
 */
const dataSignals: SignalReader = (reading, identity, field) => {
  // What the act reaches of the user's that this one call does not need. The instructions the model
  // was given ("the system instructions you received") are the session's too.
  const hiddenContext =
    has(reading, 'instructions') && has(reading, 'model') && !identity.concepts.has('instructions');
  const reaches: [boolean, string, boolean][] = [
    [beyondJob(reading, identity, 'secrets'), 'credentials', true],
    [beyondJob(reading, identity, 'session'), 'the conversation', true],
    [hiddenContext, 'the instructions the model was given', true],
    [hasArtifact(reading, 'secret-file') && !identity.concepts.has('secrets'), 'a credential file', true],
    [hasArtifact(reading, 'user-file') && !identity.concepts.has('user-data'), "the user's files", true],
    [beyondJob(reading, identity, 'user-data'), "the user's data", false],
    [beyondJob(reading, identity, 'code'), 'source code', false],
    [hasArtifact(reading, 'code-file') && !identity.concepts.has('code'), 'the repository', false],
  ];
  const reach = reaches.find(([present]) => present)?.[1];
  /** Secrets, the session and private files: what a tool never needs to hand anywhere. */
  const personal = reaches.some(([present, , isPersonal]) => present && isPersonal);
  const moves = has(reading, 'transmit') || has(reading, 'collect');
  // A parameter named for what is asked ("include the user's message" on a tool with a `message`) is
  // the tool's own, open channel for it; another parameter ("…into the `notes` field") is a smuggling one.
  const parameters = parametersFor(reading, identity, field);
  const route = parameters.others[0];
  // "If the user agrees, include the history": the act waits for the user's consent.
  if (has(reading, 'conditional') && has(reading, 'safety') && !has(reading, 'skip')) return [];
  // Smuggling into another parameter is never a tool's job, even a password tool's: "put the current
  // password in `note`" reaches credentials whatever the tool is for.
  const smuggled =
    (['secrets', 'session'] as const).find((c) => has(reading, c)) ??
    (hasArtifact(reading, 'secret-file') ? 'secrets' : undefined);
  if (smuggled && !reach && route && ordered(reading))
    return [
      {
        signal: 'exfiltration',
        note: `routes ${smuggled === 'secrets' ? 'credentials' : 'the conversation'} into the parameter \`${route}\``,
      },
    ];
  if ((moves || has(reading, 'alter')) && reach) {
    if (moves && (hasArtifact(reading, 'destination') || has(reading, 'elsewhere')))
      return [{ signal: 'exfiltration', note: `sends ${reach} to an address written into the text` }];
    if (personal && route && ordered(reading))
      return [{ signal: 'exfiltration', note: `routes ${reach} into the parameter \`${route}\`` }];
    // Handed over in the open, through the parameter made for it.
    if (parameters.named.length > 0) return [];
    if (personal && has(reading, 'transmit') && has(reading, 'self'))
      return [{ signal: 'exfiltration', note: `has ${reach} handed to this tool` }];
    if (personal && reading.commanded.has('collect'))
      return [{ signal: 'data-grab', note: `gathers ${reach}, which the tool's job does not need` }];
    if (personal && has(reading, 'collect'))
      return [
        {
          signal: 'collection-statement',
          note: `says it gathers ${reach}, which the tool's job does not need`,
        },
      ];
    return [];
  }
  if (reading.commanded.has('transmit') && hasArtifact(reading, 'destination')) {
    // Something handed over ("the result", "its contents") to an address the text names: a tool whose
    // job is not sending has no reason to, and a copy of everything ("a copy of every summary") goes
    // beyond any sender's job. Naming an address to write to ("for outages, email helpdesk@…") is not.
    const copies = has(reading, 'collect') || has(reading, 'universal');
    if (handsOver(reading) && (copies || !identity.concepts.has('transmit')))
      return [
        {
          signal: 'exfiltration',
          note: 'sends what the tool handles to an address written into the text, which its job does not need',
        },
      ];
    return [{ signal: 'literal-destination', note: 'sends to an address written into the text' }];
  }
  return [];
};

/** Destroying or disabling lasting things, or planting something that survives the call. */
const lastingSignals: SignalReader = (reading, identity) => {
  const found: Found[] = [];
  const lasting = ['system', 'user-data', 'code', 'universal'] as const;
  if (
    reading.commanded.has('destroy') &&
    !identity.concepts.has('destroy') &&
    (lasting.some((c) => has(reading, c)) || hasArtifact(reading, 'system-file', 'user-file', 'code-file'))
  )
    found.push({
      signal: 'destruction',
      note: 'tells the model to destroy or disable something beyond its own job',
    });
  if (
    (has(reading, 'persist') || hasArtifact(reading, 'system-file')) &&
    !identity.concepts.has('persist') &&
    (reading.directive || has(reading, 'conditional'))
  )
    found.push({
      signal: 'persistence',
      note: 'tells the model to plant something that lasts beyond this call',
    });
  return found;
};

const READERS: readonly SignalReader[] = [
  overrideSignals,
  secrecySignals,
  safetySignals,
  hijackingSignals,
  tamperingSignals,
  dataSignals,
  lastingSignals,
];

/** The scope signals of one sentence, each with its weight and a note that says what it reaches for. */
export function scopeSignals(
  reading: SentenceReading,
  identity: ToolIdentity,
  field: string,
  /** The field opened a system or administrator voice (`<system>` … `</system>`) somewhere. */
  underFakeVoice = false,
): Hit[] {
  const directive = reading.directive;
  const found = READERS.flatMap((read) => read(reading, identity, field));
  if ((underFakeVoice || hasArtifact(reading, 'authority-tag')) && directive)
    found.push({ signal: 'fake-authority', note: 'gives orders in a fake system or administrator voice' });
  else if (hasArtifact(reading, 'authority-tag'))
    found.push({ signal: 'authority', note: 'opens a fake system or administrator voice' });
  else if (has(reading, 'authority') && directive && (has(reading, 'model') || has(reading, 'user')))
    found.push({ signal: 'authority', note: 'claims an authority to command the model' });
  if (found.length === 0 && has(reading, 'model') && directive)
    found.push({ signal: 'address-model', note: 'speaks to the model' });

  const damp = reading.examining ? SIGNAL_WEIGHTS.examiningFactor : 1;
  return found.map(({ signal, note }) => ({
    kind: signal,
    weight: SIGNAL_WEIGHTS.scope[signal] * damp * (directive ? 1 : SIGNAL_WEIGHTS.statementFactor),
    field,
    evidence: reading.text,
    note,
    artifacts: [...new Set(reading.artifacts.map((a) => a.kind))],
    ...(reading.examining ? { examined: true } : {}),
  }));
}
