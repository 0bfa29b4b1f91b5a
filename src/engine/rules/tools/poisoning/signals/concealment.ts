// Concealment: text a person reading the definition would not see. Invisible characters alone are a
// weak sign (the hidden-text rules report them); hidden text that itself gives instructions is the
// strongest sign there is, because nobody hides an honest sentence.
import { findHiddenText } from '../../text/hidden.js';
import { SIGNAL_WEIGHTS } from '../weights.js';
import type { Hit } from './types.js';

export interface HiddenPassage {
  field: string;
  /** The hidden content, readable (decoded where it was encoded). */
  text: string;
  detail: string;
}

export interface ConcealmentAnalysis {
  hits: Hit[];
  /** Hidden passages with content, to be read by the other signals too. */
  passages: HiddenPassage[];
}

const CONTENT_KINDS = new Set([
  'tag-characters',
  'html-comment',
  'markdown-comment',
  'hidden-html',
  'blank-run',
  'encoded-blob',
  'variation-selectors',
]);

export function concealmentOf(field: string, text: string): ConcealmentAnalysis {
  const hits: Hit[] = [];
  const passages: HiddenPassage[] = [];
  for (const span of findHiddenText(text)) {
    if (span.decoded || CONTENT_KINDS.has(span.kind)) {
      passages.push({ field, text: span.shown, detail: span.detail });
    }
    hits.push({
      kind: 'concealment',
      weight: SIGNAL_WEIGHTS.hiddenText,
      field,
      evidence: span.shown,
      note: `hidden text (${span.detail})`,
    });
  }
  return { hits, passages };
}

/** Raised when a hidden passage turns out to instruct the model. */
export function hiddenInstructionHit(passage: HiddenPassage): Hit {
  return {
    kind: 'concealment',
    weight: SIGNAL_WEIGHTS.hiddenInstruction,
    field: passage.field,
    evidence: passage.text,
    note: `instructions hidden from the reader (${passage.detail})`,
  };
}
