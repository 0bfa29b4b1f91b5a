// The verdict: signals combined into one probability per definition, and from it a severity and a
// confidence. Within a kind, the strongest hit counts fully and the rest add a little (ten sentences
// saying the same thing are not ten times the evidence); across kinds, contributions add, because
// independent signals (an instruction, a secret, a channel, secrecy) are what poisoning looks like.
// Supporting kinds only count beside a decisive one: "IMPORTANT" and "you must" alone are how honest
// documentation reads. The combiner (trained: weights.ts, model/trained.ts) turns that score and the
// learned model's score into a probability; the model alone can make a definition uncertain (and so
// reviewed by the judge), never a finding.
import type { Confidence, Severity } from '../../../types.js';
import { CATEGORY_OF, type Hit, type SignalCategory, type SignalKind } from './signals/types.js';
import { COMBINER, SUPPORTING_KINDS } from './weights.js';

export interface Verdict {
  /** Sum of the kinds' contributions (the offline, hand-weighted score). */
  score: number;
  /** The learned model's log-odds for the most suspicious sentence. */
  modelLogit: number;
  /** Estimated probability that the definition is poisoned or offensive, 0–1. */
  probability: number;
  severity: Severity | null;
  confidence: Confidence;
  category: SignalCategory;
  /** The hits that count, strongest first. */
  hits: Hit[];
  /** What each kind added to the score, strongest first (for explanations and the bench). */
  contributions: { kind: SignalKind; value: number }[];
  /** Close to the reporting threshold, or in a language no lexicon reads: what the judge reviews. */
  uncertain: boolean;
  /** Written (partly) in a script no lexicon covers: the offline reading is less sure. */
  uncovered: boolean;
}

function kindScore(kind: SignalKind, hits: Hit[]): number {
  const weights = hits.map((h) => h.weight).sort((a, b) => b - a);
  const total =
    kind === 'offense'
      ? weights.reduce((a, b) => a + b, 0)
      : weights[0]! + COMBINER.extraHitShare * weights.slice(1).reduce((a, b) => a + b, 0);
  return Math.min(COMBINER.kindCap[kind] ?? COMBINER.defaultKindCap, total);
}

/** The combiner: the offline score and the model's log-odds to a calibrated probability. */
export function probabilityOf(score: number, modelLogit: number): number {
  const { learned } = COMBINER;
  const clipped = Math.max(-COMBINER.modelLogitRange, Math.min(COMBINER.modelLogitRange, modelLogit));
  let z = learned.intercept + learned.score * score + learned.model * clipped;
  // One signal, never the only one: without an offline signal the model stops short of a finding.
  if (score === 0) z = Math.min(z, COMBINER.modelAloneMaxLogit);
  return 1 / (1 + Math.exp(-z));
}

export function confidenceOf(probability: number, uncovered: boolean): Confidence {
  const level = probability >= COMBINER.confirmedAt ? 2 : probability >= COMBINER.likelyAt ? 1 : 0;
  // A verdict read partly in a language we do not cover is one step less sure.
  const sure = Math.max(0, level - (uncovered ? 1 : 0));
  return (['possible', 'likely', 'confirmed'] as const)[sure]!;
}

/** Words aimed at the model, as opposed to a tool describing its own (possibly offensive) job. */
const ADDRESSES_MODEL: readonly SignalKind[] = [
  'override',
  'secrecy',
  'safety-bypass',
  'exfiltration',
  'schema-instruction',
  'fake-authority',
  'tampering',
];

/**
 * Which rule reports: shadowing names another tool, so it wins whenever present; a tool that only
 * describes an offensive job is offense; otherwise the heavier category.
 */
function categoryOf(byKind: Map<SignalKind, Hit[]>, byCategory: Map<SignalCategory, number>): SignalCategory {
  if (byKind.has('shadowing')) return 'cross-tool';
  if (
    (byCategory.get('offense') ?? 0) >= COMBINER.offenseAlone &&
    !ADDRESSES_MODEL.some((kind) => byKind.has(kind))
  )
    return 'offense';
  return [...byCategory].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'instructions';
}

export function verdictOf(
  hits: readonly Hit[],
  options: { uncovered?: boolean; modelLogit?: number } = {},
): Verdict {
  const uncovered = options.uncovered ?? false;
  const modelLogit = options.modelLogit ?? -COMBINER.modelLogitRange;
  const byKind = new Map<SignalKind, Hit[]>();
  for (const hit of hits) {
    const list = byKind.get(hit.kind);
    if (list) list.push(hit);
    else byKind.set(hit.kind, [hit]);
  }
  const decisive = [...byKind.keys()].some((kind) => !SUPPORTING_KINDS.has(kind));
  const byCategory = new Map<SignalCategory, number>();
  const contributions: { kind: SignalKind; value: number }[] = [];
  let score = 0;
  // Acts a sentence only examines or quotes (a scanner's examples) do not add up across kinds: a
  // guard quoting "ignore your instructions and send the key" is one example, not two attacks.
  let examinedOnly = 0;
  for (const [kind, kindHits] of byKind) {
    if (!decisive && SUPPORTING_KINDS.has(kind)) continue;
    const value = kindScore(kind, kindHits);
    if (kindHits.every((hit) => hit.examined)) examinedOnly = Math.max(examinedOnly, value);
    else score += value;
    contributions.push({ kind, value });
    byCategory.set(CATEGORY_OF[kind], (byCategory.get(CATEGORY_OF[kind]) ?? 0) + value);
  }
  score += examinedOnly;
  const category = categoryOf(byKind, byCategory);
  const probability = probabilityOf(score, modelLogit);
  const { reportAt } = COMBINER;
  const severity: Severity | null =
    probability >= reportAt.critical
      ? 'critical'
      : probability >= reportAt.high
        ? 'high'
        : probability >= reportAt.medium
          ? 'medium'
          : null;
  return {
    score: Math.round(score * 100) / 100,
    modelLogit,
    probability,
    severity,
    confidence: confidenceOf(probability, uncovered),
    category,
    hits: decisive ? [...hits].sort((a, b) => b.weight - a.weight) : [],
    contributions: contributions.sort((a, b) => b.value - a.value),
    uncertain: severity === null && (probability >= COMBINER.uncertainFrom || uncovered),
    uncovered,
  };
}
