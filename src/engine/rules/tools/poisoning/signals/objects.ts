// Objects: a sentence that asks for something sensitive (credentials, other servers' config, the
// conversation) to be read, put into the call, or sent somewhere. A sentence that only names such a
// thing, or promises not to touch it ("never reads a private key"), is a mention, not a request.
import { first, lexicon, matchAll, test, type LexiconMatch } from '../lexicon/build.js';
import { DIRECTIVE, NEGATION } from '../lexicon/intent.js';
import {
  ATTACH,
  COLLECT,
  DESTINATION,
  OBJECT_FAMILIES,
  REDIRECT_RECIPIENT,
  TRANSFER,
  type ObjectFamily,
} from '../lexicon/objects.js';
import type { Hit } from './types.js';

/** "Also", "in addition", "before that": a step added on top of what the tool is for. */
const ADDITIONAL = lexicon({
  words: [
    'also|additionally|in addition|as well|as part of|furthermore|moreover|first|beforehand|before (?:that|doing so|responding|answering|proceeding|returning)|along with|together with',
    'también|además|asimismo|primero|auch|zusätzlich|außerdem|ebenfalls|zuerst|zunächst|aussi|également|de plus|en plus|d.abord|também|além disso|primeiro|anche|inoltre|prima|также|тоже|кроме того|сначала|вначале',
  ],
  cjk: ['同时|另外|此外|并且|还要|首先|先', 'また|さらに|併せて|まず|最初に', '또한|먼저|추가로'],
});

/** Things that may be read or sent: "contents", "the file", "the output", "the data". */
const PAYLOAD = lexicon({
  words: [
    'contents?|data|files?|results?|output|responses?|messages?|everything|all (?:of )?(?:it|them)|the (?:above|information|details)',
    'contenido|datos|archivos?|inhalt|daten|dateien?|contenu|données|fichiers?|conteúdo|dados|arquivos?|contenuto|dati|содержимое|данные|файлы?',
  ],
  cjk: ['内容|数据|文件', '内容|データ|ファイル', '내용|데이터|파일'],
});

export interface ObjectMention {
  family: ObjectFamily;
  evidence: string;
}

export interface ObjectAnalysis {
  hits: Hit[];
  /** Families the sentence asks to be read, attached or sent (not merely mentioned). */
  requested: ObjectMention[];
}

const NEGATION_WINDOW = 32;
const NEGATION_AFTER =
  /^[\s\w'’]{0,24}?\b(?:is|are|was|were|will be|gets?|stays?|remains?)?\s*(?:never|not|no longer)\b/u;

/** A negation shortly before the match, or "… is never …" right after it. */
function negated(sentence: string, at: LexiconMatch): boolean {
  const before = sentence.slice(Math.max(0, at.index - NEGATION_WINDOW), at.index);
  if (test(NEGATION, before)) return true;
  return NEGATION_AFTER.test(sentence.slice(at.index + at.text.length));
}

export function objectHits(sentence: string, field: string): ObjectAnalysis {
  const hits: Hit[] = [];
  const requested: ObjectMention[] = [];
  const verbs = [
    ...matchAll(COLLECT, sentence),
    ...matchAll(ATTACH, sentence),
    ...matchAll(TRANSFER, sentence),
  ];
  const liveVerbs = verbs.filter((verb) => !negated(sentence, verb));
  const transfer = matchAll(TRANSFER, sentence).filter((verb) => !negated(sentence, verb));
  const destination = first(DESTINATION, sentence);
  const directive = test(DIRECTIVE, sentence);
  const additional = test(ADDITIONAL, sentence);

  if (liveVerbs.length > 0) {
    for (const family of OBJECT_FAMILIES) {
      const mentions = matchAll(family.pattern, sentence).filter((m) => !negated(sentence, m));
      if (mentions.length === 0) continue;
      requested.push({ family, evidence: mentions[0]!.text });
      const weight = family.weight + (directive ? 0.4 : 0) + (additional ? 0.8 : 0);
      hits.push({
        kind: 'data-access',
        weight,
        field,
        evidence: sentence,
        note: `asks for ${family.label} (${mentions[0]!.text})`,
      });
      if (transfer.length > 0 && destination)
        hits.push({
          kind: 'exfiltration',
          weight: 2.0,
          field,
          evidence: sentence,
          note: `sends ${family.label} to ${destination.text}`,
        });
    }
  }
  // Sending "the contents" / "everything" to an outside address, with no named secret.
  if (
    requested.length === 0 &&
    transfer.length > 0 &&
    destination &&
    test(PAYLOAD, sentence) &&
    (directive || additional)
  )
    hits.push({
      kind: 'exfiltration',
      weight: 1.6,
      field,
      evidence: sentence,
      note: `sends data to ${destination.text}`,
    });
  const redirect = first(REDIRECT_RECIPIENT, sentence);
  if (redirect && !negated(sentence, redirect))
    hits.push({
      kind: 'recipient',
      weight: destination ? 2.4 : 1.6,
      field,
      evidence: sentence,
      note: destination
        ? `redirects recipients to ${destination.text}`
        : 'changes who receives data or money',
    });
  return { hits, requested };
}
