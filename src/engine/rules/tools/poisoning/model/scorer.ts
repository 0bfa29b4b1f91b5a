// The learned scorer: a logistic regression over hashed n-grams (features.ts), trained by
// scripts/train-poisoning-model.ts on public honest tool text and on poisoned sentences (see
// model/MANIFEST.md and model/NOTICE). It scores sentences; a definition's score is its most
// suspicious sentence. It is one signal among the others, never the only one. Its weights (a quarter
// of a megabyte) load the first time a definition is analysed, not when the engine loads.
import { featurize, FEATURE_DIMS } from './features.js';
import { SENTENCE_MODEL } from './trained.js';

let weights: Int8Array | undefined;
let loading: Promise<void> | undefined;

/** Loads and decodes the weights, once; analyzeSurface awaits it before the first analysis. */
export function loadSentenceModel(): Promise<void> {
  loading ??= import('./sentence-weights.js').then(({ SENTENCE_WEIGHTS }) => {
    const bytes = Buffer.from(SENTENCE_WEIGHTS, 'base64');
    if (bytes.length !== FEATURE_DIMS)
      throw new Error(`poisoning model: ${bytes.length} weights, expected ${FEATURE_DIMS}`);
    weights = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  });
  return loading;
}

function decoded(): Int8Array {
  if (!weights) throw new Error('the poisoning model is not loaded: await loadSentenceModel() first');
  return weights;
}

/** The model's log-odds that a sentence is poisoned. */
export function sentenceLogit(sentence: string): number {
  const w = decoded();
  const { indices, values } = featurize(sentence);
  let sum = SENTENCE_MODEL.bias;
  for (let i = 0; i < indices.length; i++) sum += w[indices[i]!]! * SENTENCE_MODEL.scale * values[i]!;
  return sum;
}

/** The most suspicious of a definition's sentences, as log-odds; very negative when there are none. */
export function definitionLogit(sentences: readonly string[]): {
  logit: number;
  sentence: string | undefined;
} {
  let best = { logit: SENTENCE_MODEL.bias, sentence: undefined as string | undefined };
  for (const sentence of sentences) {
    const logit = sentenceLogit(sentence);
    if (logit > best.logit) best = { logit, sentence };
  }
  return best;
}
