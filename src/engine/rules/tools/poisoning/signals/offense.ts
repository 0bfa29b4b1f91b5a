// Offensive purpose: a tool that says it exfiltrates, harvests credentials, escalates privileges,
// opens shells or scouts targets. Defensive tools use the same words about what they detect
// ("flags phishing links", "scans for malware", "detecta intentos de phishing"), so a defensive verb
// before the term in its sentence disarms it, in any language the lexicons read (the `examine`
// concept); a definition framed as authorised testing (a pentest helper) declares no attack at all.
import { lexicon, matchAll, test } from '../lexicon/build.js';
import { isVerbFinal } from '../lexicon/index.js';
import { matchConcepts, type CompiledLexicons, type ConceptMatch } from '../lexicon/match.js';
import {
  AUTHORISED_TESTING,
  OFFENSE_STRONG,
  OFFENSE_WEAK,
  OFFENSIVE_NAME_WORDS,
  OFFENSIVE_PARAM_WORDS,
} from '../lexicon/offense.js';
import { identifierWords, sentences } from '../text.js';
import { SIGNAL_WEIGHTS } from '../weights.js';
import type { Hit } from './types.js';

const DEFENSIVE = lexicon({
  words: [
    'detect\\p{L}*|identif\\p{L}*|check(?:s|ing)? (?:for|whether|if)|scan(?:s|ning)? (?:[\\w-]+ ){0,3}for|protect\\p{L}*|prevent\\p{L}*|block\\p{L}*|flag(?:s|ging)?|warn(?:s|ing)? (?:about|of|against)|defen[cs]\\p{L}*|mitigat\\p{L}*|quarantin\\p{L}*|remov\\p{L}* (?:\\w+ )?(?:malware|backdoors?)|classif\\p{L}*|analy[sz]\\p{L}* (?:\\w+ )?(?:for|suspicious)|report(?:s|ing|ed)?|whether|is (?:it|this) (?:a )?|known|against|audit\\p{L}*|monitor(?:s|ing)? for|simulat\\p{L}*|train\\p{L}* (?:\\w+ )?(?:to|on)|awareness|breach(?:ed|es)? (?:databases?|lists?)|has been',
  ],
});

const DEFENSIVE_WINDOW = 48;

/** The term names the kind of thing a defence handles: "the phishing mailbox", "malware signatures". */
const DEFENDED_THING = lexicon({
  words: [
    '(?:mailbox|inbox|reports?|detection|detector|filters?|scanners?|signatures?|indicators?|alerts?|awareness|training|simulations?|database|feeds?|(?:block|allow|deny)lists?|checks?|protection|analysis|triage|attempts?|risks?|threats?|samples?|intelligence|classifier|rules?|queue)',
  ],
});
const DEFENDED_WINDOW = 24;

/** One sentence of the prose, with its examining verbs read once (when first needed). */
class ProseSentence {
  private examines?: ConceptMatch[];

  constructor(
    readonly field: string,
    readonly text: string,
    private readonly compiled: CompiledLexicons,
  ) {}

  /** Is the term at `index` described rather than declared: a defensive verb before it? */
  examined(index: number, length: number): boolean {
    if (test(DEFENSIVE, this.text.slice(Math.max(0, index - DEFENSIVE_WINDOW), index))) return true;
    const next = /^\s+(\S+)/u.exec(this.text.slice(index + length, index + length + DEFENDED_WINDOW));
    if (next && test(DEFENDED_THING, next[1]!)) return true;
    this.examines ??= matchConcepts(this.text, this.compiled).filter((m) => m.concept === 'examine');
    return this.examines.some((m) => m.index < index || isVerbFinal(m.language));
  }
}

/** Offense hits for one definition: its name, its prose (normalised) and its parameter names. */
export function offenseHits(
  name: string,
  prose: readonly { field: string; text: string }[],
  paramNames: readonly string[],
  compiled: CompiledLexicons,
): Hit[] {
  if (prose.some(({ text }) => test(AUTHORISED_TESTING, text))) return [];
  const hits: Hit[] = [];
  const read = prose.flatMap(({ field, text }) =>
    sentences(text).map((sentence) => new ProseSentence(field, sentence, compiled)),
  );
  // "phishing_check: checks whether a URL is a known phishing site": the name word, disarmed by the
  // name itself (`malware_scan`) or in prose.
  const nameText = identifierWords(name).join(' ');
  const nameExamines =
    test(DEFENSIVE, nameText) || matchConcepts(nameText, compiled).some((m) => m.concept === 'examine');
  const disarmed = (word: string) =>
    nameExamines ||
    read.some((sentence) =>
      matchAll(new RegExp(`(?<![\\p{L}])${word}`, 'gu'), sentence.text).some((m) =>
        sentence.examined(m.index, m.text.length),
      ),
    );
  const nameWords = identifierWords(name).filter((word) => OFFENSIVE_NAME_WORDS.has(word) && !disarmed(word));
  if (nameWords.length > 0)
    hits.push({
      kind: 'offense',
      weight: SIGNAL_WEIGHTS.offense.name,
      field: 'name',
      evidence: name,
      note: `its name declares an offensive purpose (${nameWords.join(', ')})`,
    });

  let strong = 0;
  let weak = 0;
  for (const sentence of read) {
    const { field, text } = sentence;
    for (const match of matchAll(OFFENSE_STRONG, text)) {
      if (sentence.examined(match.index, match.text.length)) continue;
      hits.push({
        kind: 'offense',
        weight: strong === 0 ? SIGNAL_WEIGHTS.offense.strong : SIGNAL_WEIGHTS.offense.strongAgain,
        field,
        evidence: text,
        note: `declares an offensive purpose (${match.text})`,
      });
      strong++;
    }
    for (const match of matchAll(OFFENSE_WEAK, text)) {
      if (weak >= 2) break;
      hits.push({
        kind: 'offense',
        weight: SIGNAL_WEIGHTS.offense.weak,
        field,
        evidence: text,
        note: `offensive tradecraft (${match.text})`,
      });
      weak++;
    }
  }
  const paramWords = new Set(
    paramNames.flatMap((p) => identifierWords(p)).filter((w) => OFFENSIVE_PARAM_WORDS.has(w)),
  );
  if (paramWords.size > 0)
    hits.push({
      kind: 'offense',
      weight: Math.min(SIGNAL_WEIGHTS.offense.paramWords, SIGNAL_WEIGHTS.offense.paramWord * paramWords.size),
      field: 'inputSchema',
      evidence: paramNames.join(', '),
      note: `parameters of offensive tooling (${[...paramWords].join(', ')})`,
    });
  return hits;
}
