// Text preparation for the poisoning signals: one normal form to match lexicons against, and the
// sentences that co-occurrence is judged in ("read X" and "send it to Y" count together only when
// they sit in the same sentence).

/** Invisible characters an attacker slips inside words to break a phrase match (`ig\u200Bnore`). */
const INVISIBLE_IN_WORDS =
  /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFE00-\uFE0F\uFEFF]|\uDB40[\uDC00-\uDFFF]/g;

/** Cyrillic and Greek letters that look like Latin ones, folded only inside words that mix scripts. */
const HOMOGLYPHS: Record<string, string> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ɡ: 'g',
  ο: 'o',
  α: 'a',
  ε: 'e',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
};
// A word is a run of letters and marks, found once by a linear scan; whether it mixes scripts is then
// two lookups in that word. (One pattern that demands both scripts inside the run backtracks
// cubically on a long word of one script.)
const WORD = /[\p{L}\p{M}]+/gu;
const LATIN = /\p{Script=Latin}/u;
const CYRILLIC_OR_GREEK = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;

/** Longest text a signal looks at per field; longer fields are cut (the cut is itself suspicious elsewhere). */
export const MAX_FIELD_CHARS = 20_000;

/**
 * NFKC (fullwidth and compatibility forms fold to plain letters), invisible characters removed,
 * homoglyphs folded in mixed-script words, lower case, runs of spaces collapsed.
 */
export function normalize(text: string): string {
  if (text.length > RECENT_MAX_CHARS) return normalizeText(text);
  let normalized = recent.get(text);
  if (normalized === undefined) {
    if (recent.size >= RECENT_MAX) recent.clear();
    normalized = normalizeText(text);
    recent.set(text, normalized);
  }
  return normalized;
}

/** A definition's description is read for its purpose, its prose and its offense signals: normalize once. */
const recent = new Map<string, string>();
const RECENT_MAX = 1024;
const RECENT_MAX_CHARS = 4096;

function normalizeText(text: string): string {
  const folded = text.slice(0, MAX_FIELD_CHARS).normalize('NFKC').replace(INVISIBLE_IN_WORDS, '');
  // Most text is in one script; the mixed-script scan is only worth running when two are present.
  const mixed = MAYBE_MIXED_LATIN.test(folded) && MAYBE_MIXED_OTHER.test(folded);
  return (mixed ? folded.replace(WORD, foldMixedScriptWord) : folded)
    .toLowerCase()
    .replace(/[ \t\u00A0\u3000]+/g, ' ');
}

const MAYBE_MIXED_LATIN = /[a-zA-Z]/;
const MAYBE_MIXED_OTHER = /[\u0370-\u04FF\u0500-\u052F]/;

/** Homoglyphs folded in a word that mixes Latin with Cyrillic or Greek; any other word as it is. */
function foldMixedScriptWord(word: string): string {
  if (!LATIN.test(word) || !CYRILLIC_OR_GREEK.test(word)) return word;
  return Array.from(word, (ch) => HOMOGLYPHS[ch.toLowerCase()] ?? ch).join('');
}

/**
 * Splits normalized text into sentences: at `.`, `!`, `?` followed by a space (not at `;`, which
 * joins a request to its object: "needs your ~/.npmrc; pass it as token"), at CJK
 * full stops, at line breaks, and around markup tags, which attackers use to open a new "voice".
 * A dot inside a path or a file name (`~/.ssh`, `id_rsa.pub`) does not split.
 */
export function sentences(normalized: string): string[] {
  return normalized
    .split(/(?<=[.!?])\s+|(?<=[。！？；؟।॥])|\n+|(?=<\/?[a-z_|][\w|-]*>)|(?<=<\/?[a-z_|][\w|-]*>)/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Words of an identifier: `get_weatherForecast-v2` → `get weather forecast v2`. */
export function identifierWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** A short excerpt around a match, for evidence. */
export function excerpt(text: string, index: number, length: number, around = 60): string {
  const start = Math.max(0, index - around);
  const end = Math.min(text.length, index + length + around);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}
