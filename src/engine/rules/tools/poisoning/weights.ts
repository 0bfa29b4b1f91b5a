// Every weight of the poisoning verdict, in one place. A weight is roughly the log-odds a signal adds
// that a definition is poisoned; the combiner (verdict.ts) turns their sum into a probability.
import { LEARNED_COMBINER } from './model/trained.js';
import type { SignalKind } from './signals/types.js';

/** The scope signals (signals/scope.ts): an act that reaches beyond the tool's own call. */
export type ScopeSignal =
  | 'override'
  | 'secrecy'
  | 'safety-bypass'
  | 'hijacking'
  | 'self-promotion'
  | 'tampering'
  | 'exfiltration'
  | 'data-grab'
  | 'collection-statement'
  | 'literal-destination'
  | 'destruction'
  | 'persistence'
  | 'fake-authority'
  | 'authority'
  | 'address-model';

export const SIGNAL_WEIGHTS = {
  scope: {
    override: 4.0,
    secrecy: 3.0,
    'safety-bypass': 3.0,
    hijacking: 3.0,
    'self-promotion': 1.4,
    tampering: 3.4,
    exfiltration: 3.8,
    'data-grab': 2.2,
    /** Said, not asked for ("this tool also collects the SSH keys"): decides only beside secrecy or a channel. */
    'collection-statement': 1.2,
    'literal-destination': 1.2,
    destruction: 3.0,
    persistence: 3.0,
    'fake-authority': 2.2,
    authority: 1.2,
    'address-model': 0.5,
  } satisfies Record<ScopeSignal, number>,
  /** A sentence that states rather than commands ("results are forwarded to …") counts this much. */
  statementFactor: 0.6,
  /**
   * A parameter named for the conversation, or for credentials in a name styled to look internal, on a
   * tool whose job needs neither (a channel); a plain credential input weighs little.
   */
  sensitiveParameter: { channel: 2.6, credentialInput: 0.8 },
  /** A schema value (default, example, enum, const) that gives instructions. */
  schemaValue: 1.5,
  /** Naming another server's tool in a sentence that tampers with it or steers away from it. */
  shadowing: 3.0,
  /** Invisible or hidden text, on its own (the hidden-text rules report it too). */
  hiddenText: 1.0,
  /** Hidden text that itself gives instructions: nobody hides an honest sentence. */
  hiddenInstruction: 2.4,
  /** Offensive purpose (signals/offense.ts): a name word, a strong term, a weak term, parameter words. */
  offense: { name: 2.6, strong: 3.0, strongAgain: 0.5, weak: 0.8, paramWord: 0.6, paramWords: 1.2 },
  /** The rest of a server most of whose tools declare an offensive purpose. */
  offensiveKit: 2.6,
  /** A sentence that examines or quotes the acts it names (a scanner's description) counts this much. */
  examiningFactor: 0.2,
};

/** Kinds that never decide on their own: they count only beside a decisive kind. */
export const SUPPORTING_KINDS: ReadonlySet<SignalKind> = new Set([
  'address-model',
  'authority',
  'literal-destination',
  'self-promotion',
  'concealment',
  'schema-instruction',
  'credential-parameter',
]);

/** How the kinds' contributions become a probability, a severity and a confidence. */
export const COMBINER = {
  /** After the strongest hit of a kind, each further hit adds this share of its weight. */
  extraHitShare: 0.3,
  /** Most a single kind can add. */
  defaultKindCap: 4,
  kindCap: { offense: 6, 'data-grab': 3.5, concealment: 3.5 } as Partial<Record<SignalKind, number>>,
  /**
   * Trained by scripts/train-poisoning-model.ts on out-of-fold scores (model/trained.ts):
   * probability = sigmoid(intercept + score × offline score + model × model log-odds).
   */
  learned: LEARNED_COMBINER,
  /** The model's log-odds are clipped to ± this before they count. */
  modelLogitRange: 6,
  /** Without any offline signal the model alone reaches at most this log-odds (p ≈ 0.38: uncertain). */
  modelAloneMaxLogit: -0.5,
  /** An offensive purpose this strong (score) is the finding's category when nothing addresses the model. */
  offenseAlone: 2.5,
  /**
   * Probabilities at and above these report a finding of that severity. Medium is where the trained
   * combiner keeps false alarms on honest definitions under half a percent; high and critical are
   * halfway and nine tenths of the way from there to certainty.
   */
  reportAt: {
    medium: LEARNED_COMBINER.reportAt,
    high: LEARNED_COMBINER.reportAt + (1 - LEARNED_COMBINER.reportAt) * 0.5,
    critical: LEARNED_COMBINER.reportAt + (1 - LEARNED_COMBINER.reportAt) * 0.9,
  },
  /** Below the reporting threshold but from here on: uncertain, what the judge reviews. */
  uncertainFrom: 0.2,
  /** How sure the judge must be for its "poisoned" to add a finding, and its "benign" to withdraw one. */
  judgeReportsAt: 0.7,
  judgeClearsAt: 0.8,
  /** Probabilities at and above these are `confirmed` and `likely` findings (else `possible`). */
  confirmedAt: 0.98,
  likelyAt: 0.85,
};
