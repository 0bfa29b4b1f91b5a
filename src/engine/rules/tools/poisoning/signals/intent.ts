// Intent: sentences that speak to the model (override its instructions, keep the user in the dark,
// skip consent, threaten) rather than describe what the tool does.
import { first, test } from '../lexicon/build.js';
import {
  BENIGN_SILENCE,
  CONSENT_BYPASS,
  DIRECTIVE,
  OVERRIDE,
  ROLE_TAG,
  SECRECY,
  SILENT_ADVERB,
  URGENCY,
} from '../lexicon/intent.js';
import { ATTACH, COLLECT, TRANSFER } from '../lexicon/objects.js';
import type { Hit } from './types.js';

export function intentHits(sentence: string, field: string): Hit[] {
  const hits: Hit[] = [];
  const add = (kind: Hit['kind'], weight: number, pattern: RegExp, note: string) => {
    const match = first(pattern, sentence);
    if (match) hits.push({ kind, weight, field, evidence: sentence, note });
    return match !== undefined;
  };
  add('override', 3.8, OVERRIDE, 'tries to override the model’s instructions');
  add('role-tag', 1.2, ROLE_TAG, 'opens a fake system or priority voice');
  if (!add('secrecy', 2.6, SECRECY, 'tells the model to keep something from the user')) {
    // "Silently" is secrecy only when the sentence also moves data, and not in "fails silently".
    const silent = test(SILENT_ADVERB, sentence) && !test(BENIGN_SILENCE, sentence);
    if (silent && (test(TRANSFER, sentence) || test(COLLECT, sentence) || test(ATTACH, sentence)))
      add('secrecy', 1.6, SILENT_ADVERB, 'asks for an action to be done silently');
  }
  add('consent-bypass', 1.5, CONSENT_BYPASS, 'tells the model to act without the user’s consent');
  const directive = add('directive', 0.6, DIRECTIVE, 'an imperative aimed at the model');
  if (directive) add('urgency', 0.5, URGENCY, 'pressures the model with a threat');
  return hits;
}
