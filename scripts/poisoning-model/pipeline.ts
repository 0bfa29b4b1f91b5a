// The training pipeline of the poisoning model, as functions the training script and its test share:
// sentences in, a sentence model (cross-fitted by group), a combiner over the offline verdict's score
// and the model's score, validation figures, and the generated module the engine ships.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { featurize } from '../../src/engine/rules/tools/poisoning/model/features.js';
import {
  auc,
  balance,
  quantize,
  trainDense,
  trainSparse,
  type SparseExample,
  type SparseModel,
  logitSparse,
} from './logistic.js';

export interface LabelledSentence {
  text: string;
  label: 'malicious' | 'benign';
  /** Validation holds whole groups out: a server's texts, or a template's sentences. */
  group: string;
  /** Where it came from, for the manifest. */
  source: string;
  license: string;
}

export interface Fold {
  model: SparseModel;
  heldOut: ReadonlySet<string>;
}

/** Which fold a group belongs to: a stable hash of its name. */
export function foldOf(group: string, folds: number): number {
  let hash = 2166136261;
  for (let i = 0; i < group.length; i++) hash = Math.imul(hash ^ group.charCodeAt(i), 16777619);
  return (hash >>> 0) % folds;
}

function examplesOf(sentences: readonly LabelledSentence[]): SparseExample[] {
  return balance(
    sentences.map((s) => ({
      x: featurize(s.text),
      y: s.label === 'malicious' ? (1 as const) : (0 as const),
      weight: 1,
    })),
  );
}

export function trainSentenceModel(sentences: readonly LabelledSentence[], seed: number): SparseModel {
  return trainSparse(examplesOf(sentences), { seed });
}

/**
 * K models, each trained without one fold of groups: every sentence (and every definition built from
 * one) can be scored by a model that never saw its group. That is what the combiner is trained on.
 */
export function crossFit(sentences: readonly LabelledSentence[], folds: number, seed: number): Fold[] {
  const out: Fold[] = [];
  for (let k = 0; k < folds; k++) {
    const heldOut = new Set(sentences.filter((s) => foldOf(s.group, folds) === k).map((s) => s.group));
    const model = trainSentenceModel(
      sentences.filter((s) => !heldOut.has(s.group)),
      seed + k,
    );
    out.push({ model, heldOut });
  }
  return out;
}

export interface Validation {
  auc: number;
  /** Recall on held-out poisoned sentences at the threshold that keeps held-out false alarms at 1 %. */
  recallAtOnePercent: number;
  sentences: number;
}

/** Out-of-fold figures: every sentence scored by the model that did not see its group. */
export function validate(sentences: readonly LabelledSentence[], folds: readonly Fold[]): Validation {
  const scored = sentences.map((s) => {
    const fold = folds.find((f) => f.heldOut.has(s.group))!;
    return {
      score: logitSparse(fold.model, featurize(s.text)),
      y: s.label === 'malicious' ? (1 as const) : (0 as const),
    };
  });
  const benign = scored
    .filter((s) => s.y === 0)
    .map((s) => s.score)
    .sort((a, b) => b - a);
  const threshold = benign[Math.floor(benign.length * 0.01)] ?? Infinity;
  const malicious = scored.filter((s) => s.y === 1);
  return {
    auc: auc(scored),
    recallAtOnePercent: malicious.filter((s) => s.score > threshold).length / (malicious.length || 1),
    sentences: scored.length,
  };
}

export interface CombinerExample {
  /** The offline verdict's score (the hand-weighted signals). */
  score: number;
  /** The model's log-odds for the definition's most suspicious sentence (out of fold when trained on). */
  modelLogit: number;
  label: 'malicious' | 'benign';
}

export interface Combiner {
  intercept: number;
  score: number;
  model: number;
  /** The probability at and above which a definition is reported: chosen for TARGET_FALSE_ALARMS on honest ones. */
  reportAt: number;
}

/** Share of honest definitions the reporting threshold may flag (out of fold, on the combiner's data). */
export const TARGET_FALSE_ALARMS = 0.005;

/** Clip the model's log-odds: a runaway value must not outvote everything else. */
export const MODEL_LOGIT_RANGE = 6;
export const clipLogit = (logit: number) => Math.max(-MODEL_LOGIT_RANGE, Math.min(MODEL_LOGIT_RANGE, logit));

/**
 * Honest definitions are most of what a scanner sees, and a false alarm on one costs trust: the
 * combiner weighs the honest class this many times the poisoned one.
 */
export const HONEST_WEIGHT = 3;

export function trainCombiner(examples: readonly CombinerExample[], seed: number): Combiner {
  const dense = balance(
    examples.map((e) => ({
      x: [e.score, clipLogit(e.modelLogit)],
      y: e.label === 'malicious' ? (1 as const) : (0 as const),
      weight: 1,
    })),
  ).map((e) => (e.y === 0 ? { ...e, weight: e.weight * HONEST_WEIGHT } : e));
  const { coefficients, intercept } = trainDense(dense, { seed });
  const probability = (e: CombinerExample) =>
    1 /
    (1 + Math.exp(-(intercept + coefficients[0]! * e.score + coefficients[1]! * clipLogit(e.modelLogit))));
  const honest = examples
    .filter((e) => e.label === 'benign')
    .map(probability)
    .sort((a, b) => b - a);
  const threshold = honest[Math.floor(honest.length * TARGET_FALSE_ALARMS)] ?? 0.5;
  return {
    intercept,
    score: coefficients[0]!,
    model: coefficients[1]!,
    reportAt: Math.min(0.95, Math.max(0.5, threshold + 1e-6)),
  };
}

export interface ManifestSource {
  source: string;
  license: string;
  label: string;
  count: number;
}

/**
 * The generated modules the engine imports: model/trained.ts (the sentence model's bias and scale, the
 * combiner) and model/sentence-weights.ts (the int8 weights as base64, loaded on first use).
 */
export function writeTrainedModule(
  dir: string,
  model: SparseModel,
  combiner: Combiner,
  summary: { seed: number; validation: Validation; sources: ManifestSource[] },
): void {
  const { scale, bytes } = quantize(model);
  const base64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  const header = `// Generated by scripts/train-poisoning-model.ts (seed ${summary.seed}); do not edit. The data it was
// trained on is listed in model/MANIFEST.md, and the sources are credited in model/NOTICE.
`;
  writeFileSync(
    join(dir, 'trained.ts'),
    `${header}// Out-of-fold validation: AUC ${summary.validation.auc.toFixed(3)}, recall ${(100 * summary.validation.recallAtOnePercent).toFixed(1)} % at 1 % false alarms (${summary.validation.sentences} sentences).

/** The sentence model: int8 weights over 2^18 hashed n-grams (sentence-weights.ts), their scale, the bias. */
export const SENTENCE_MODEL = { bias: ${model.bias}, scale: ${scale} };

/** The combiner: probability = sigmoid(intercept + score·offline score + model·model log-odds). */
export const LEARNED_COMBINER = ${JSON.stringify(combiner, null, 2)};
`,
  );
  writeFileSync(
    join(dir, 'sentence-weights.ts'),
    `${header}
/** The sentence model's weights, int8, base64 (2^18 bytes). */
export const SENTENCE_WEIGHTS =
  '${base64}';
`,
  );
}
