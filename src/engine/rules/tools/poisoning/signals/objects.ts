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

/** "If the user agrees", "with the user's permission": the user stays in charge, so it is a mention. */
const WITH_CONSENT = lexicon({
  words: [
    "if (?:the user|they|he|she) (?:agrees?|consents?|approves?|allows? it|opts? in)|with (?:the user's |their |explicit )?(?:consent|permission|approval)|(?:only )?(?:after|once) (?:the user|they) (?:confirms?|approves?|agrees?)|only when (?:the user|they) (?:asks?|requests?)|ask(?:ing)? the user (?:first|for permission|for consent)",
    'si el usuario (?:lo )?(?:acepta|autoriza|consiente)|con (?:el )?(?:consentimiento|permiso) del usuario|wenn (?:der|die) (?:benutzer|nutzer)(?:in)? (?:zustimmt|einwilligt)|mit (?:zustimmung|einwilligung|erlaubnis) des (?:benutzers|nutzers)|si l.utilisat(?:eur|rice) (?:accepte|consent)|avec (?:le consentement|la permission|l.accord) de l.utilisat(?:eur|rice)|se o usuário (?:concordar|autorizar|permitir)|com (?:o )?(?:consentimento|permissão) do usuário|se l.utente (?:accetta|acconsente)|с согласия пользователя|если пользователь (?:согласится|согласен|разрешит)',
  ],
  cjk: [
    '经用户同意|在用户同意后|如果用户同意|征得用户同意',
    'ユーザーの同意を得て|ユーザーが同意した場合|ユーザーの許可',
    '사용자의 동의',
  ],
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

/** One pass that tells whether any object family is named at all (most sentences name none). */
const ANY_OBJECT = new RegExp(OBJECT_FAMILIES.map((f) => f.pattern.source).join('|'), 'u');

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
  // Objects first: most sentences name none, and the verb lexicons are the expensive part.
  const mentioned = (test(ANY_OBJECT, sentence) ? OBJECT_FAMILIES : [])
    .map((family) => ({
      family,
      mentions: matchAll(family.pattern, sentence).filter((m) => !negated(sentence, m)),
    }))
    .filter((f) => f.mentions.length > 0);
  const destination = first(DESTINATION, sentence);
  if (mentioned.length === 0 && !destination)
    return recipientHits(sentence, field, hits, requested, undefined);
  const live = (pattern: RegExp) => matchAll(pattern, sentence).some((verb) => !negated(sentence, verb));
  const transfer = live(TRANSFER);
  const moves = transfer || live(COLLECT) || live(ATTACH);
  const directive = test(DIRECTIVE, sentence);
  const additional = test(ADDITIONAL, sentence);
  const consented = test(WITH_CONSENT, sentence);

  if (moves && !consented) {
    for (const { family, mentions } of mentioned) {
      requested.push({ family, evidence: mentions[0]!.text });
      const weight = family.weight + (directive ? 0.4 : 0) + (additional ? 0.8 : 0);
      hits.push({
        kind: 'data-access',
        weight,
        field,
        evidence: sentence,
        note: `asks for ${family.label} (${mentions[0]!.text})`,
      });
      if (transfer && destination)
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
    transfer &&
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
  return recipientHits(sentence, field, hits, requested, destination);
}

/** Changing who receives a message or a payment. */
function recipientHits(
  sentence: string,
  field: string,
  hits: Hit[],
  requested: ObjectMention[],
  destination: LexiconMatch | undefined,
): ObjectAnalysis {
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
