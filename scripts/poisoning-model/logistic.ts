// Logistic regression, twice: sparse over hashed n-grams (the sentence model) and dense over a handful
// of signal features (the combiner). Both train with AdaGrad and L2, in a seeded order, so that the same
// data and seed give the same weights.
import { FEATURE_DIMS, type SparseVector } from '../../src/engine/rules/tools/poisoning/model/features.js';
import { seededRandom } from './generator.js';

export interface SparseExample {
  x: SparseVector;
  y: 0 | 1;
  /** Weight of the example in the loss (classes are balanced with it). */
  weight: number;
}

export interface SparseModel {
  weights: Float32Array;
  bias: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Gives each class the same total weight, whatever their sizes. */
export function balance<T extends { y: 0 | 1; weight: number }>(examples: T[]): T[] {
  const positives = examples.filter((e) => e.y === 1).length || 1;
  const negatives = examples.length - positives || 1;
  return examples.map((e) => ({
    ...e,
    weight: e.weight * (e.y === 1 ? examples.length / (2 * positives) : examples.length / (2 * negatives)),
  }));
}

export function trainSparse(
  examples: readonly SparseExample[],
  options: { epochs?: number; rate?: number; l2?: number; seed?: number } = {},
): SparseModel {
  const { epochs = 12, rate = 0.5, l2 = 1e-6, seed = 1 } = options;
  const random = seededRandom(seed);
  const weights = new Float32Array(FEATURE_DIMS);
  const squared = new Float32Array(FEATURE_DIMS).fill(1e-8);
  let bias = 0;
  let biasSquared = 1e-8;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const { x, y, weight } of shuffled(examples, random)) {
      let z = bias;
      for (let i = 0; i < x.indices.length; i++) z += weights[x.indices[i]!]! * x.values[i]!;
      const error = (sigmoid(z) - y) * weight;
      for (let i = 0; i < x.indices.length; i++) {
        const index = x.indices[i]!;
        const gradient = error * x.values[i]! + l2 * weights[index]!;
        squared[index]! += gradient * gradient;
        weights[index]! -= (rate * gradient) / Math.sqrt(squared[index]!);
      }
      biasSquared += error * error;
      bias -= (rate * error) / Math.sqrt(biasSquared);
    }
  }
  return { weights, bias };
}

export function logitSparse(model: SparseModel, x: SparseVector): number {
  let z = model.bias;
  for (let i = 0; i < x.indices.length; i++) z += model.weights[x.indices[i]!]! * x.values[i]!;
  return z;
}

/** Weights as int8 with one scale (what the engine ships), and the same model read back. */
export function quantize(model: SparseModel): { scale: number; bytes: Int8Array } {
  let max = 0;
  for (const w of model.weights) max = Math.max(max, Math.abs(w));
  const scale = max / 127 || 1;
  const bytes = new Int8Array(FEATURE_DIMS);
  for (let i = 0; i < FEATURE_DIMS; i++) bytes[i] = Math.round(model.weights[i]! / scale);
  return { scale, bytes };
}

export interface DenseExample {
  x: number[];
  y: 0 | 1;
  weight: number;
}

export interface DenseModel {
  coefficients: number[];
  intercept: number;
}

export function trainDense(
  examples: readonly DenseExample[],
  options: { epochs?: number; rate?: number; l2?: number; seed?: number } = {},
): DenseModel {
  const { epochs = 300, rate = 0.1, l2 = 1e-3, seed = 1 } = options;
  const random = seededRandom(seed);
  const dims = examples[0]?.x.length ?? 0;
  const coefficients = new Array<number>(dims).fill(0);
  const squared = new Array<number>(dims + 1).fill(1e-8);
  let intercept = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const { x, y, weight } of shuffled(examples, random)) {
      const z = intercept + x.reduce((sum, value, i) => sum + value * coefficients[i]!, 0);
      const error = (sigmoid(z) - y) * weight;
      for (let i = 0; i < dims; i++) {
        const gradient = error * x[i]! + l2 * coefficients[i]!;
        squared[i]! += gradient * gradient;
        coefficients[i]! -= (rate * gradient) / Math.sqrt(squared[i]!);
      }
      squared[dims]! += error * error;
      intercept -= (rate * error) / Math.sqrt(squared[dims]!);
    }
  }
  return { coefficients, intercept };
}

/** Area under the ROC curve. */
export function auc(scores: readonly { score: number; y: 0 | 1 }[]): number {
  const sorted = [...scores].sort((a, b) => a.score - b.score);
  let rankSum = 0;
  let positives = 0;
  sorted.forEach((s, i) => {
    if (s.y === 1) {
      rankSum += i + 1;
      positives++;
    }
  });
  const negatives = sorted.length - positives;
  return positives === 0 || negatives === 0
    ? NaN
    : (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
