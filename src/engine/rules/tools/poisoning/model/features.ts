// The learned scorer's view of a sentence: hashed character n-grams (3 to 5, within words padded with
// spaces, so "exfiltrate", "exfiltrated" and "exfiltración" share most of them) and hashed word
// unigrams and bigrams, each with a sign from a second hash so that collisions cancel out instead of
// adding up. The same function serves training (scripts/poisoning-model) and scanning.
import { normalize } from '../text.js';

/** Hash space: 2^18 weights (a quarter of a megabyte as int8). */
export const FEATURE_BITS = 18;
export const FEATURE_DIMS = 1 << FEATURE_BITS;
const MASK = FEATURE_DIMS - 1;
/** Longest text featurised per sentence; a longer one is cut (its start carries the instruction). */
const MAX_CHARS = 600;

const WORD = /[\p{L}\p{M}\p{N}_]+/gu;

/** FNV-1a over UTF-16 code units, 32 bits. */
function fnv1a(text: string, seed: number): number {
  let hash = 0x811c9dc5 ^ seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

/** The features of one sentence, L2-normalised; duplicates are summed. */
export function featurize(sentence: string): SparseVector {
  const text = normalize(sentence).slice(0, MAX_CHARS);
  const counts = new Map<number, number>();
  const add = (feature: string) => {
    const index = fnv1a(feature, 0) & MASK;
    const sign = fnv1a(feature, 0x9e3779b9) & 1 ? 1 : -1;
    counts.set(index, (counts.get(index) ?? 0) + sign);
  };
  const words = text.match(WORD) ?? [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    add(`w:${word}`);
    if (i > 0) add(`b:${words[i - 1]} ${word}`);
    const padded = ` ${word} `;
    for (let n = 3; n <= 5; n++)
      for (let start = 0; start + n <= padded.length; start++) add(`c:${padded.slice(start, start + n)}`);
  }
  const entries = [...counts].filter(([, count]) => count !== 0);
  const norm = Math.sqrt(entries.reduce((sum, [, count]) => sum + count * count, 0)) || 1;
  return {
    indices: Int32Array.from(entries.map(([index]) => index)),
    values: Float32Array.from(entries.map(([, count]) => count / norm)),
  };
}
