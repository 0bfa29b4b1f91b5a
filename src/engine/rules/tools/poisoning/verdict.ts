// The verdict: signals combined into one score per definition, turned into a probability, a severity
// and a confidence. Within a kind, the strongest hit counts fully and the rest add a little (ten
// sentences saying "always" are not ten times the evidence); across kinds, weights add, because
// independent signals (an instruction, a secret, a channel, secrecy) are what poisoning looks like.
// Weak kinds only count beside a strong one: "always" and "IMPORTANT" alone are how honest
// documentation reads.
import type { Confidence, Severity } from '../../../types.js';
import { CATEGORY_OF, type Hit, type SignalCategory, type SignalKind } from './signals/types.js';

/** Kinds that never decide on their own. */
const SUPPORTING: ReadonlySet<SignalKind> = new Set([
  'directive',
  'urgency',
  'role-tag',
  'concealment',
  'mismatch',
]);

const KIND_CAP: Partial<Record<SignalKind, number>> = { offense: 6, 'data-access': 3.5, concealment: 3.5 };
const EXTRA_HIT_SHARE = 0.3;

/** Scores at and above these report a finding of that severity. */
export const MEDIUM_SCORE = 2.5;
export const HIGH_SCORE = 3.6;
export const CRITICAL_SCORE = 5.5;
/** Below the reporting threshold but close: what the optional second opinion is asked about. */
export const BORDERLINE_SCORE = 1.2;

export interface Verdict {
  score: number;
  /** Estimated probability that the definition is poisoned or offensive, 0–1. */
  probability: number;
  severity: Severity | null;
  confidence: Confidence;
  category: SignalCategory;
  /** The hits that count, strongest first. */
  hits: Hit[];
  borderline: boolean;
}

function kindScore(kind: SignalKind, hits: Hit[]): number {
  const weights = hits.map((h) => h.weight).sort((a, b) => b - a);
  const total =
    kind === 'offense'
      ? weights.reduce((a, b) => a + b, 0)
      : weights[0]! + EXTRA_HIT_SHARE * weights.slice(1).reduce((a, b) => a + b, 0);
  return Math.min(KIND_CAP[kind] ?? 4, total);
}

/**
 * A logistic curve centred just under the medium threshold: 2.5 → 0.62, 3.6 → 0.9, 5 → 0.98.
 * docs/performance.md prints how these estimates line up with the labelled corpus.
 */
export function probabilityOf(score: number): number {
  return 1 / (1 + Math.exp(-1.6 * (score - 2.2)));
}

export function confidenceOf(probability: number): Confidence {
  return probability >= 0.98 ? 'confirmed' : probability >= 0.85 ? 'likely' : 'possible';
}

/** Words aimed at the model, as opposed to a tool describing its own (possibly offensive) job. */
const ADDRESSES_MODEL: readonly SignalKind[] = [
  'override',
  'secrecy',
  'consent-bypass',
  'channel',
  'schema-instruction',
  'role-tag',
];

/**
 * Which rule reports: shadowing names another tool, so it wins whenever present; a tool that only
 * describes an offensive job is offense; otherwise the heavier category.
 */
function categoryOf(byKind: Map<SignalKind, Hit[]>, byCategory: Map<SignalCategory, number>): SignalCategory {
  if (byKind.has('shadowing')) return 'cross-tool';
  if ((byCategory.get('offense') ?? 0) >= MEDIUM_SCORE && !ADDRESSES_MODEL.some((kind) => byKind.has(kind)))
    return 'offense';
  return [...byCategory].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'instructions';
}

export function verdictOf(hits: readonly Hit[]): Verdict {
  const byKind = new Map<SignalKind, Hit[]>();
  for (const hit of hits) byKind.set(hit.kind, [...(byKind.get(hit.kind) ?? []), hit]);
  const decisive = [...byKind.keys()].some((kind) => !SUPPORTING.has(kind));
  const byCategory = new Map<SignalCategory, number>();
  let score = 0;
  for (const [kind, kindHits] of byKind) {
    if (!decisive && SUPPORTING.has(kind)) continue;
    const value = kindScore(kind, kindHits);
    score += value;
    byCategory.set(CATEGORY_OF[kind], (byCategory.get(CATEGORY_OF[kind]) ?? 0) + value);
  }
  const category = categoryOf(byKind, byCategory);
  const probability = score === 0 ? 0 : probabilityOf(score);
  const severity: Severity | null =
    score >= CRITICAL_SCORE
      ? 'critical'
      : score >= HIGH_SCORE
        ? 'high'
        : score >= MEDIUM_SCORE
          ? 'medium'
          : null;
  const counted = decisive ? [...hits] : [];
  return {
    score: Math.round(score * 100) / 100,
    probability,
    severity,
    confidence: confidenceOf(probability),
    category,
    hits: counted.sort((a, b) => b.weight - a.weight),
    borderline: severity === null && score >= BORDERLINE_SCORE,
  };
}
