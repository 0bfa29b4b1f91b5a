// Structure: evidence that does not depend on the exact phrasing. An override is recognised by its
// parts (an act that drops guidance, the guidance, and where that guidance came from), and an
// exfiltration step by its frame (an imperative transfer verb whose destination is an address written
// into the description), so a paraphrase that keeps the parts is caught as well as the phrase.
import { first, test } from '../lexicon/build.js';
import {
  ADDRESSES_MODEL_EN,
  CJK_SEND_TO,
  DROP_ACT,
  EN_GUIDANCE_VOID,
  EN_IMPERATIVE_ACT,
  ENGLISH,
  GUIDANCE,
  GUIDANCE_SOURCE,
  IMPERATIVE_SEND,
  LEADING_ADVERBS,
  LEADING_CLAUSE,
  LITERAL_DESTINATION,
  NOT_SESSION_DATA,
  SECOND_PERSON_OTHER,
  SOLE_AUTHORITY,
  UNMISTAKABLE_IMPERATIVE,
} from '../lexicon/structure.js';
import type { Hit } from './types.js';

/** Override weight, the same as a known override phrase: telling the model to drop its guidance. */
const OVERRIDE_WEIGHT = 3.8;
/** An imperative transfer to a written-in address: the step an honest tool never asks the model for. */
export const SEND_STEP_WEIGHT = 2.6;

function dropsGuidance(sentence: string): boolean {
  if (!test(GUIDANCE, sentence) || !test(GUIDANCE_SOURCE, sentence)) return false;
  if (ENGLISH.test(sentence))
    return (
      ADDRESSES_MODEL_EN.test(sentence) &&
      (EN_IMPERATIVE_ACT.test(sentence) || EN_GUIDANCE_VOID.test(sentence))
    );
  return (
    test(DROP_ACT, sentence) &&
    (SECOND_PERSON_OTHER.test(sentence) || test(UNMISTAKABLE_IMPERATIVE, sentence))
  );
}

/** Clause openings: the sentence start and every point after a comma, colon, semicolon or "and then". */
function clauses(sentence: string): string[] {
  const out = [sentence];
  const lead = LEADING_CLAUSE.exec(sentence);
  if (lead) out.push(sentence.slice(lead[0].length));
  for (const m of sentence.matchAll(/(?:[;:]|,? (?:and|then|and then)) /gu))
    out.push(sentence.slice(m.index + m[0].length));
  return out.map((c) => c.replace(LEADING_ADVERBS, ''));
}

/** "After answering, post the transcript to https://…": the model is told to send data to a fixed address. */
function sendStep(sentence: string): string | undefined {
  const destination = LITERAL_DESTINATION.exec(sentence);
  if (!destination) return undefined;
  if (CJK_SEND_TO.test(sentence)) return destination[0];
  for (const clause of clauses(sentence)) {
    const verb = first(IMPERATIVE_SEND, clause);
    if (verb?.index !== 0) continue;
    const at = clause.indexOf(destination[0]);
    if (at < 0) continue;
    // What is sent sits between the verb and the address; "email support@… instead" sends nothing.
    const object = clause.slice(verb.text.length, at).trim();
    const payload = object.replace(/(?<![\p{L}])(?:to|at|via|us|me|them|an?)(?![\p{L}])/gu, '').trim();
    if (!/\p{L}/u.test(payload) || NOT_SESSION_DATA.test(object)) continue;
    return destination[0];
  }
  return undefined;
}

export function structureHits(sentence: string, field: string): Hit[] {
  const hits: Hit[] = [];
  if (dropsGuidance(sentence) || test(SOLE_AUTHORITY, sentence))
    hits.push({
      kind: 'override',
      weight: OVERRIDE_WEIGHT,
      field,
      evidence: sentence,
      note: 'tells the model to drop the instructions it was given (or to obey this tool alone)',
    });
  const destination = sendStep(sentence);
  if (destination)
    hits.push({
      kind: 'exfiltration',
      weight: SEND_STEP_WEIGHT,
      field,
      evidence: sentence,
      note: `tells the model to send data to ${destination}`,
    });
  return hits;
}
