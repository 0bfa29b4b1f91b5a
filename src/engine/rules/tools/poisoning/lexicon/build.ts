// How lexicon entries become regular expressions. Text is normalized (lower case, NFKC) before it is
// matched, so entries are written in lower case.

export interface LexiconSource {
  /** Scripts with spaces between words (Latin, Cyrillic, Greek…): matched on word boundaries. */
  words?: readonly string[];
  /** Chinese, Japanese (and Korean particles glued to words): matched anywhere. */
  cjk?: readonly string[];
}

const BEFORE_WORD = '(?<![\\p{L}\\p{N}])';
const AFTER_WORD = '(?![\\p{L}\\p{N}])';

/** One global, Unicode-aware expression that matches any entry of the lexicon. */
export function lexicon(source: LexiconSource): RegExp {
  const parts: string[] = [];
  if (source.words?.length) parts.push(`${BEFORE_WORD}(?:${source.words.join('|')})${AFTER_WORD}`);
  if (source.cjk?.length) parts.push(`(?:${source.cjk.join('|')})`);
  return new RegExp(parts.join('|') || '(?!)', 'gu');
}

export interface LexiconMatch {
  index: number;
  text: string;
}

/**
 * Every match of `pattern` (a global expression) in `text`; the pattern's lastIndex is left as it was.
 * An exec loop rather than String.prototype.matchAll, which clones the pattern on every call: a clone
 * of a large lexicon runs an order of magnitude slower than the pattern itself.
 */
export function matchAll(pattern: RegExp, text: string): LexiconMatch[] {
  if (!pattern.global) throw new TypeError('matchAll needs a global pattern');
  const out: LexiconMatch[] = [];
  const saved = pattern.lastIndex;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    out.push({ index: m.index, text: m[0] });
    // An empty match moves on by one character (a whole code point in Unicode mode), as matchAll does.
    if (m[0] === '')
      pattern.lastIndex += pattern.unicode && (text.codePointAt(m.index) ?? 0) > 0xffff ? 2 : 1;
  }
  pattern.lastIndex = saved;
  return out;
}

export function test(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  const found = pattern.test(text);
  pattern.lastIndex = 0;
  return found;
}

export function first(pattern: RegExp, text: string): LexiconMatch | undefined {
  pattern.lastIndex = 0;
  const m = pattern.exec(text);
  pattern.lastIndex = 0;
  return m ? { index: m.index, text: m[0] } : undefined;
}
