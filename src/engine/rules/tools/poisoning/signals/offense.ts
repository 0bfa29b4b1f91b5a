// Offensive purpose: a tool that says it exfiltrates, harvests credentials, escalates privileges,
// opens shells or scouts targets. Defensive tools use the same words about what they detect
// ("flags phishing links", "scans for malware"), so a defensive verb before the term disarms it.
import { lexicon, matchAll, test } from '../lexicon/build.js';
import {
  OFFENSE_STRONG,
  OFFENSE_WEAK,
  OFFENSIVE_NAME_WORDS,
  OFFENSIVE_PARAM_WORDS,
} from '../lexicon/offense.js';
import { identifierWords } from '../text.js';
import { SIGNAL_WEIGHTS } from '../weights.js';
import type { Hit } from './types.js';

const DEFENSIVE = lexicon({
  words: [
    'detect\\p{L}*|identif\\p{L}*|check(?:s|ing)? (?:for|whether|if)|scan(?:s|ning)? (?:[\\w-]+ ){0,3}for|protect\\p{L}*|prevent\\p{L}*|block\\p{L}*|flag(?:s|ging)?|warn(?:s|ing)? (?:about|of|against)|defen[cs]\\p{L}*|mitigat\\p{L}*|quarantin\\p{L}*|remov\\p{L}* (?:\\w+ )?(?:malware|backdoors?)|classif\\p{L}*|analy[sz]\\p{L}* (?:\\w+ )?(?:for|suspicious)|report(?:s|ing|ed)?|whether|is (?:it|this) (?:a )?|known|against|audit\\p{L}*|monitor(?:s|ing)? for|simulat\\p{L}*|train\\p{L}* (?:\\w+ )?(?:to|on)|awareness|breach(?:ed|es)? (?:databases?|lists?)|has been',
  ],
});

const DEFENSIVE_WINDOW = 48;

/** Offense hits for one definition: its name, its prose and its parameter names. */
export function offenseHits(
  name: string,
  prose: readonly { field: string; text: string }[],
  paramNames: readonly string[],
): Hit[] {
  const hits: Hit[] = [];
  // "phishing_check: checks whether a URL is a known phishing site": the name word, disarmed in prose.
  const disarmed = (word: string) =>
    prose.some(({ text }) => {
      const lower = text.toLowerCase();
      return matchAll(new RegExp(`(?<![\\p{L}])${word}`, 'gu'), lower).some((m) =>
        test(DEFENSIVE, lower.slice(Math.max(0, m.index - DEFENSIVE_WINDOW), m.index)),
      );
    });
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
  for (const { field, text } of prose) {
    for (const match of matchAll(OFFENSE_STRONG, text)) {
      const before = text.slice(Math.max(0, match.index - DEFENSIVE_WINDOW), match.index);
      if (test(DEFENSIVE, before)) continue;
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
