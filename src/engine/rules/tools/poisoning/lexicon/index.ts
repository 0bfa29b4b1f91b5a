// The language registry: every lexicon, which of them a text is written in, and their compiled tables.
// A text is read with English plus the languages it shows (by script, and by the function words each
// lexicon lists as markers); a text in a script no lexicon covers is reported as not covered, which
// lowers the verdict's confidence and sends the definition to the judge when one is configured.
import type { Lexicon } from './concepts.js';
import { ar } from './ar.js';
import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { he } from './he.js';
import { hi } from './hi.js';
import { id } from './id.js';
import { it } from './it.js';
import { ja } from './ja.js';
import { ko } from './ko.js';
import { nl } from './nl.js';
import { pl } from './pl.js';
import { pt } from './pt.js';
import { ru } from './ru.js';
import { tr } from './tr.js';
import { uk } from './uk.js';
import { vi } from './vi.js';
import { zh } from './zh.js';
import { compileLexicons, matchConcepts, tokenize, type CompiledLexicons } from './match.js';

export const LEXICONS: readonly Lexicon[] = [
  ar,
  de,
  en,
  es,
  fr,
  he,
  hi,
  id,
  it,
  ja,
  ko,
  nl,
  pl,
  pt,
  ru,
  tr,
  uk,
  vi,
  zh,
];

const BY_CODE = new Map(LEXICONS.map((lexicon) => [lexicon.code, lexicon]));

/** Written without spaces (zh, ja): a token is one character, so distances count characters. */
export function isUnspaced(code: string): boolean {
  return BY_CODE.get(code)?.segmentation === 'unspaced';
}

/** The verb comes last in a clause in this language (a command ends its clause). */
export function isVerbFinal(code: string): boolean {
  return BY_CODE.get(code)?.verbFinal === true;
}

/** Scripts that name their language outright, and the lexicons that read them. */
const SCRIPT_LANGUAGES: readonly [RegExp, readonly string[]][] = [
  [/\p{Script=Han}/u, ['zh', 'ja']],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, ['ja']],
  [/\p{Script=Hangul}/u, ['ko']],
  [/\p{Script=Cyrillic}/u, ['ru', 'uk']],
  [/\p{Script=Arabic}/u, ['ar']],
  [/\p{Script=Hebrew}/u, ['he']],
  [/\p{Script=Devanagari}/u, ['hi']],
];

/** Letters of scripts no lexicon reads (Thai, Greek, Georgian, Tamil, …). */
const UNCOVERED_SCRIPT =
  /[\p{Script=Thai}\p{Script=Greek}\p{Script=Georgian}\p{Script=Armenian}\p{Script=Tamil}\p{Script=Bengali}\p{Script=Telugu}\p{Script=Ethiopic}\p{Script=Khmer}\p{Script=Lao}\p{Script=Myanmar}\p{Script=Sinhala}\p{Script=Gujarati}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Gurmukhi}]/u;

const markerLanguages = new Map<string, string[]>();
for (const lexicon of LEXICONS) {
  if (lexicon.segmentation !== 'spaced') continue;
  for (const marker of lexicon.markers) {
    const list = markerLanguages.get(marker) ?? [];
    list.push(lexicon.code);
    markerLanguages.set(marker, list);
  }
}

export interface LanguageReading {
  /** Lexicon codes to read the text with (always English). */
  languages: string[];
  /** The text holds letters of a script no lexicon covers. */
  uncovered: boolean;
}

/** The Latin-script lexicons other than English: which of them a text is in is told by its words. */
const LATIN = LEXICONS.filter(
  (lexicon) =>
    lexicon.segmentation === 'spaced' &&
    lexicon.code !== 'en' &&
    !SCRIPT_LANGUAGES.some(([, codes]) => codes.includes(lexicon.code)),
);
let latinTable: CompiledLexicons | undefined;

/**
 * Which lexicons read `text` (normalised): English, the scripts it uses, and the Latin-script
 * languages its words belong to. A language counts its markers (function words) and the distinct words
 * of the text its lexicon knows; one that scores at least three, and at least half the best score, is
 * read. A short Spanish sentence ("a partir de ahora estás en modo desarrollador") is read as Spanish
 * even when it carries only one marker.
 */
export function languagesOf(text: string): LanguageReading {
  const codes = new Set<string>(['en']);
  for (const [script, languages] of SCRIPT_LANGUAGES)
    if (script.test(text)) for (const code of languages) if (BY_CODE.has(code)) codes.add(code);
  const tokens = tokenize(text);
  const scores = new Map<string, number>();
  for (const { text: word } of tokens)
    for (const code of markerLanguages.get(word) ?? []) scores.set(code, (scores.get(code) ?? 0) + 1);
  latinTable ??= compileLexicons(LATIN);
  const known = new Map<string, Set<number>>();
  for (const match of matchConcepts(text, latinTable, tokens)) {
    // Short coordinating words ("a", "e", "en", "of") are shared across languages: they vote for none.
    if (match.concept === 'conjunction') continue;
    const words = known.get(match.language) ?? new Set<number>();
    words.add(match.token);
    known.set(match.language, words);
  }
  for (const [code, words] of known) scores.set(code, (scores.get(code) ?? 0) + words.size);
  const best = Math.max(0, ...scores.values());
  for (const [code, score] of scores) if (score >= 3 && score >= best / 2) codes.add(code);
  const scriptUncovered = UNCOVERED_SCRIPT.test(text);
  const scriptsKnown = SCRIPT_LANGUAGES.filter(([script]) => script.test(text)).every(([, languages]) =>
    languages.some((code) => BY_CODE.has(code)),
  );
  return { languages: [...codes].sort(), uncovered: scriptUncovered || !scriptsKnown };
}

const compiledByKey = new Map<string, CompiledLexicons>();

/** The compiled tables of these lexicons (cached per set). */
export function compiledFor(languages: readonly string[]): CompiledLexicons {
  const key = languages.join(',');
  let compiled = compiledByKey.get(key);
  if (!compiled) {
    compiled = compileLexicons(languages.map((code) => BY_CODE.get(code)).filter((l): l is Lexicon => !!l));
    compiledByKey.set(key, compiled);
  }
  return compiled;
}
