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
    // A second step after the tool's job: "afterwards, send …".
    'afterwards|after that|then|subsequently|mirror|mirrors|once (?:done|finished)|after (?:fetching|reading|loading|running|answering|summari[sz]ing|downloading)|a copy of|después|luego|a continuación|anschließend|danach|dann|ensuite|puis|em seguida|depois|poi|quindi|successivamente|после этого|затем|потом',
  ],
  cjk: [
    '同时|另外|此外|并且|还要|首先|先|之后|然后|随后|完成后|后把|后将',
    'また|さらに|併せて|まず|最初に|その後',
    '또한|먼저|추가로|그 다음',
  ],
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
    'contents?|data|files?|results?|result sets?|output|responses?|messages?|everything|all (?:of )?(?:it|them)|the (?:above|information|details)|text|page|summary|summaries|rows|records|list|cop(?:y|ies)',
    'contenido|datos|archivos?|texto|inhalt|daten|dateien?|text|contenu|données|fichiers?|liste|texte|conteúdo|dados|arquivos?|contenuto|dati|testo|lista|содержимое|данные|файлы?|текст|список',
  ],
  cjk: ['内容|数据|文件', '内容|データ|ファイル', '내용|데이터|파일'],
});

/** "The notes field must contain …": what follows is put into the call. */
const FILLED_WITH = lexicon({
  words: [
    '(?:should|must|shall|needs? to|has to|is to)(?: always)? (?:contain|hold|carry|be (?:set|filled|populated|prefixed|suffixed) (?:to|with))',
  ],
});

/** "Send …", "Forward …" opening a sentence: an order to the model, where a description says "Sends …". */
const IMPERATIVE_TRANSFER =
  /^(?:(?:also|then|and|afterwards|finally),? )?(?:send|forward|upload|post|mirror|text|email|e-mail|mail|transmit|submit|relay|copy|cc|bcc|share)(?![\p{L}\p{N}])/u;

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

/** Portuguese "no" ("in the") before a place in the call is not the English or Spanish "no". */
const PORTUGUESE_IN_THE =
  /(?<![\p{L}\p{N}])no (?=(?:parâmetro|campo|argumento|valor|início|final|fim|corpo|cabeçalho)(?![\p{L}\p{N}]))/gu;

/** A negation shortly before the match, or "… is never …" right after it. */
function negated(sentence: string, at: LexiconMatch): boolean {
  const before = sentence
    .slice(Math.max(0, at.index - NEGATION_WINDOW), at.index)
    .replace(PORTUGUESE_IN_THE, 'em ');
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
  const filled = first(FILLED_WITH, sentence);
  const moves =
    transfer ||
    live(COLLECT) ||
    live(ATTACH) ||
    (filled !== undefined && mentioned.some((f) => f.mentions.some((m) => m.index > filled.index)));
  const directive = test(DIRECTIVE, sentence) || IMPERATIVE_TRANSFER.test(sentence);
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
  // Sending "the contents" / "everything" to an address written into the description, with no named
  // secret. As a step bolted on after the tool's job ("also", "afterwards") it is the whole attack:
  // an honest sender takes its destination from the user, not from its own description.
  if (
    requested.length === 0 &&
    !consented &&
    transfer &&
    destination &&
    test(PAYLOAD, sentence) &&
    (directive || additional)
  )
    hits.push({
      kind: 'exfiltration',
      weight: additional ? 2.6 : 1.6,
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
