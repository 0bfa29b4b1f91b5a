// The language registry: every lexicon, which of them a text is written in, and their compiled tables.
// A text is read with English plus the languages it shows (by script, and by the function words each
// lexicon lists as markers); a text in a script no lexicon covers is reported as not covered, which
// lowers the verdict's confidence and sends the definition to the judge when one is configured.
import type { Lexicon } from './concepts.js';
import { en } from './en.js';
import { compileLexicons, tokenize, type CompiledLexicons } from './match.js';

export const LEXICONS: readonly Lexicon[] = [en];

const BY_CODE = new Map(LEXICONS.map((lexicon) => [lexicon.code, lexicon]));

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

/** Which lexicons read `text` (normalised): English, the scripts it uses, and the languages of its markers. */
export function languagesOf(text: string): LanguageReading {
  const codes = new Set<string>(['en']);
  for (const [script, languages] of SCRIPT_LANGUAGES)
    if (script.test(text)) for (const code of languages) if (BY_CODE.has(code)) codes.add(code);
  const counts = new Map<string, number>();
  for (const { text: word } of tokenize(text))
    for (const code of markerLanguages.get(word) ?? []) counts.set(code, (counts.get(code) ?? 0) + 1);
  // Two markers make a language: one shared word ("de", "a") is not enough to read a text as Spanish.
  for (const [code, count] of counts) if (count >= 2) codes.add(code);
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
