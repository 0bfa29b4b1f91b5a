// Finds text in a definition that a person reading it would not see but a model would read: invisible
// characters, bidi controls, Unicode tag characters, comments and hidden markup, terminal escapes,
// long blank runs that push text out of view, and encoded blobs. Every span says what it hides, decoded
// where there is something to decode. Legitimate uses stay silent: emoji ZWJ sequences, joiners inside
// Arabic or Indic words, bidi marks in right-to-left text, subdivision flags, single variation selectors.
//
// Input is hostile: every pattern here is linear, and what a span shows is bounded.

import { makeVisible, truncate } from '../../../evidence.js';

export type HiddenKind =
  /** Zero-width and other invisible format characters (ZWSP, ZWJ, word joiner, invisible operators, fillers). */
  | 'zero-width'
  /** Bidirectional controls that reorder what is displayed (overrides, embeddings, isolates, stray marks). */
  | 'bidi'
  /** Unicode tag characters (U+E0000–U+E007F): invisible ASCII. */
  | 'tag-characters'
  /** Runs of variation selectors, which can carry arbitrary bytes after a visible character. */
  | 'variation-selectors'
  /** `<!-- … -->`, hidden when Markdown or HTML is rendered. */
  | 'html-comment'
  /** `[//]: # (…)`, a Markdown link definition that renders as nothing. */
  | 'markdown-comment'
  /** HTML elements styled or marked as hidden (`display:none`, `hidden`, `font-size:0`, …). */
  | 'hidden-html'
  /** Terminal escape sequences (colours, concealment, cursor movement, OSC). */
  | 'ansi-escape'
  /** Other control characters (C0/C1, interlinear annotation marks). */
  | 'control'
  /** A long run of blank lines or spaces followed by more text, pushing it out of view. */
  | 'blank-run'
  /** Base64, hex or `\x..` escapes that decode to readable text. */
  | 'encoded-blob';

export interface HiddenSpan {
  kind: HiddenKind;
  /** Start of the span in the text, in UTF-16 code units (JavaScript string index). */
  offset: number;
  /** Length of the span in UTF-16 code units. */
  length: number;
  /**
   * What the span hides, readable: the ASCII smuggled in tag characters, the decoded blob, the comment
   * body, the text after a blank run, or the invisible characters themselves as `\u{…}` escapes.
   * Bounded, but not escaped: pass it through toEvidence like any scanned text.
   */
  shown: string;
  /** True when `shown` was decoded from an encoding (tag characters, base64, hex, zero-width bits, …). */
  decoded: boolean;
  /** A short note on what was found, e.g. `U+200B ×3`, `24 blank lines`, `base64, 88 chars`. */
  detail: string;
}

const MAX_SHOWN = 400;
/** A hostile text can hold a million escapes; past this many spans of one kind, more say nothing new. */
export const MAX_SPANS_PER_KIND = 50;
const MAX_DECODE_INPUT = 64 * 1024;

/**
 * Characters or sequences that every kind of span starts with or is made of: anything outside
 * printable ASCII (invisibles, bidi, tags, selectors, controls, escapes), `<` and `[` (comments,
 * markup), `\x` (escaped bytes), eight blanks in a row, and 32 characters of the base64 alphabet
 * (hex is a subset). Most fields hold none of them and need no further scan.
 */
const MAYBE_HIDDEN = /[^\t\n\r\x20-\x7E]|[<[]|\\x|[\t\n\r ]{8}|[A-Za-z0-9+/_-]{32}/;

/**
 * Results by text: the hidden-text and poisoning rules read the same fields of the same definitions.
 * Bounded (short texts, a few hundred kilobytes in all) so that a long-running worker holds no more.
 */
const recent = new Map<string, readonly HiddenSpan[]>();
const RECENT_MAX = 1024;
const RECENT_MAX_CHARS = 4096;

/** Every hidden span in `text` (at most MAX_SPANS_PER_KIND of each kind), ordered by offset. */
export function findHiddenText(text: string): readonly HiddenSpan[] {
  if (!MAYBE_HIDDEN.test(text)) return [];
  if (text.length > RECENT_MAX_CHARS) return scanHiddenText(text);
  let spans = recent.get(text);
  if (!spans) {
    if (recent.size >= RECENT_MAX) recent.clear();
    spans = scanHiddenText(text);
    recent.set(text, spans);
  }
  return spans;
}

function scanHiddenText(text: string): HiddenSpan[] {
  const found: HiddenSpan[] = [
    ...findInvisibles(text),
    ...findBidi(text),
    ...findTagCharacters(text),
    ...findVariationSelectors(text),
    ...findComments(text),
    ...findHiddenHtml(text),
    ...findControls(text),
    ...findBlankRuns(text),
    ...findEncodedBlobs(text),
  ];
  const perKind = new Map<HiddenKind, number>();
  const spans = found.filter((span) => {
    const count = (perKind.get(span.kind) ?? 0) + 1;
    perKind.set(span.kind, count);
    return count <= MAX_SPANS_PER_KIND;
  });
  return spans.sort((a, b) => a.offset - b.offset || b.length - a.length);
}

/**
 * The matches of a global pattern, in order. String.prototype.matchAll clones the pattern on every
 * call, which costs more than the scan itself on the short fields most definitions have.
 */
function* matchesOf(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  try {
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      const next = match[0] === '' ? pattern.lastIndex + 1 : pattern.lastIndex;
      yield match;
      pattern.lastIndex = next;
    }
  } finally {
    pattern.lastIndex = 0;
  }
}

function span(
  kind: HiddenKind,
  offset: number,
  length: number,
  shown: string,
  detail: string,
  decoded = false,
): HiddenSpan {
  return { kind, offset, length, shown: truncate(shown, MAX_SHOWN), decoded, detail };
}

function codePointLabel(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `U+200B ×3, U+200D` for a run of characters. */
function describeRun(run: string): string {
  const counts = new Map<number, number>();
  for (const ch of run) {
    const cp = ch.codePointAt(0)!;
    counts.set(cp, (counts.get(cp) ?? 0) + 1);
  }
  return [...counts]
    .slice(0, 4)
    .map(([cp, n]) => {
      const label = codePointLabel(String.fromCodePoint(cp));
      return n > 1 ? `${label} ×${n}` : label;
    })
    .join(', ');
}

/** The first characters of a run as `\u{…}` escapes, without escaping a megabyte to show 400 characters. */
function visibleRun(run: string): string {
  return makeVisible(run.slice(0, MAX_SHOWN));
}

function charBefore(text: string, offset: number): string {
  if (offset <= 0) return '';
  const code = text.charCodeAt(offset - 1);
  if (code >= 0xdc00 && code <= 0xdfff && offset >= 2) return text.slice(offset - 2, offset);
  return text[offset - 1]!;
}

function charAfter(text: string, offset: number): string {
  const cp = text.codePointAt(offset);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

// ---------------------------------------------------------------------------------------------------
// Invisible format characters

const INVISIBLE_RUN =
  /[\u00AD\u034F\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200D\u2060-\u2064\u206A-\u206F\u3164\uFEFF\uFFA0]+/g;
const EMOJI_BEFORE_JOINER = /^[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F\u20E3]$/u;
const EMOJI_AFTER_JOINER = /^\p{Extended_Pictographic}$/u;
// Scripts where ZWJ/ZWNJ shape letters (Arabic, Persian, Indic, Sinhala, …): any letter or mark that is
// not Latin and not shared punctuation.
const JOINING_LETTER = /^(?![\p{Script=Latin}\p{Script=Common}])[\p{L}\p{M}]$/u;
const WORD_LETTER = /^\p{L}$/u;
// Scripts written without spaces, where ZWSP marks the word breaks.
const UNSPACED_LETTER =
  /^[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Javanese}\p{Script=Balinese}]$/u;

function isLegitimateInvisible(text: string, offset: number, run: string): boolean {
  if (run.length !== 1) return false;
  const before = charBefore(text, offset);
  const after = charAfter(text, offset + 1);
  switch (run) {
    case '\u200D':
      return (
        (EMOJI_BEFORE_JOINER.test(before) && EMOJI_AFTER_JOINER.test(after)) ||
        (JOINING_LETTER.test(before) && JOINING_LETTER.test(after))
      );
    case '\u200C':
      return JOINING_LETTER.test(before) && JOINING_LETTER.test(after);
    case '\u200B':
      return UNSPACED_LETTER.test(before) && UNSPACED_LETTER.test(after);
    case '\uFEFF':
      return offset === 0;
    case '\u00AD':
      // A soft hyphen marks where a long word may break.
      return WORD_LETTER.test(before) && WORD_LETTER.test(after);
    default:
      return false;
  }
}

function findInvisibles(text: string): HiddenSpan[] {
  const out: HiddenSpan[] = [];
  for (const match of matchesOf(INVISIBLE_RUN, text)) {
    if (out.length >= MAX_SPANS_PER_KIND) break;
    const run = match[0];
    if (isLegitimateInvisible(text, match.index, run)) continue;
    const bits = decodeZeroWidthBits(run);
    out.push(
      bits === undefined
        ? span('zero-width', match.index, run.length, visibleRun(run), describeRun(run))
        : span(
            'zero-width',
            match.index,
            run.length,
            bits,
            `${describeRun(run)} encoding text as bits`,
            true,
          ),
    );
  }
  return out;
}

/** A run of two alternating zero-width characters can spell bytes, one bit each; try both readings. */
function decodeZeroWidthBits(run: string): string | undefined {
  if (run.length < 16 || run.length % 8 !== 0) return undefined;
  const symbols = [...new Set(run)];
  if (symbols.length !== 2) return undefined;
  for (const one of symbols) {
    const bytes = new Uint8Array(run.length / 8);
    for (let i = 0; i < run.length; i++) if (run[i] === one) bytes[i >> 3]! |= 0x80 >> (i & 7);
    const decoded = readableText(bytes);
    if (decoded !== undefined) return decoded;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Bidi controls

const BIDI_RUN = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]+/g;
const OVERRIDE = /[\u202D\u202E]/;
const RTL_TEXT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;
const BIDI_NAMES: Record<string, string> = {
  '\u061C': 'ALM',
  '\u200E': 'LRM',
  '\u200F': 'RLM',
  '\u202A': 'LRE',
  '\u202B': 'RLE',
  '\u202C': 'PDF',
  '\u202D': 'LRO',
  '\u202E': 'RLO',
  '\u2066': 'LRI',
  '\u2067': 'RLI',
  '\u2068': 'FSI',
  '\u2069': 'PDI',
};

function findBidi(text: string): HiddenSpan[] {
  const out: HiddenSpan[] = [];
  const hasRtl = RTL_TEXT.test(text);
  for (const match of matchesOf(BIDI_RUN, text)) {
    if (out.length >= MAX_SPANS_PER_KIND) break;
    const run = match[0];
    // Marks, embeddings and isolates are how right-to-left text is written correctly; overrides are
    // how displayed text is made to differ from what is read.
    if (hasRtl && !OVERRIDE.test(run)) continue;
    const names = [...run].map((ch) => BIDI_NAMES[ch] ?? codePointLabel(ch)).join(' ');
    const after = text.slice(match.index + run.length, match.index + run.length + MAX_SHOWN);
    const end = after.search(/[\u202C\u2069\n]/);
    const affected = end < 0 ? after : after.slice(0, end);
    const shown = affected.trim() ? `${visibleRun(run)} over "${affected}"` : visibleRun(run);
    out.push(span('bidi', match.index, run.length, shown, names));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Unicode tag characters and variation selectors

const TAG_RUN = /(?:\uDB40[\uDC00-\uDC7F])+/g;
const BLACK_FLAG = '\u{1F3F4}';
// An emoji subdivision flag: black flag, lowercase tag letters/digits, cancel tag (e.g. gbeng, usca).
const SUBDIVISION_FLAG = /^(?:\uDB40[\uDC30-\uDC39\uDC61-\uDC7A]){2,7}\uDB40\uDC7F$/;

function findTagCharacters(text: string): HiddenSpan[] {
  const out: HiddenSpan[] = [];
  for (const match of matchesOf(TAG_RUN, text)) {
    if (out.length >= MAX_SPANS_PER_KIND) break;
    const run = match[0];
    if (charBefore(text, match.index) === BLACK_FLAG && SUBDIVISION_FLAG.test(run)) continue;
    let ascii = ''; // only as much as can be shown: each tag character is two code units
    for (const ch of run.slice(0, MAX_SHOWN * 2)) {
      const cp = ch.codePointAt(0)! - 0xe0000;
      if (cp >= 0x20 && cp <= 0x7e) ascii += String.fromCharCode(cp);
    }
    const count = run.length / 2;
    out.push(
      ascii
        ? span('tag-characters', match.index, run.length, ascii, `${count} tag characters`, true)
        : span('tag-characters', match.index, run.length, visibleRun(run), `${count} tag characters`),
    );
  }
  return out;
}

const VARIATION_RUN = /(?:[\uFE00-\uFE0F]|\uDB40[\uDD00-\uDDEF]){2,}/g;

function findVariationSelectors(text: string): HiddenSpan[] {
  const out: HiddenSpan[] = [];
  for (const match of matchesOf(VARIATION_RUN, text)) {
    if (out.length >= MAX_SPANS_PER_KIND) break;
    const run = match[0];
    const selectors = [...run];
    // Two selectors in a row are never a valid sequence; a long run is a payload.
    const bytes = Uint8Array.from(selectors, (ch) => {
      const cp = ch.codePointAt(0)!;
      return cp <= 0xfe0f ? cp - 0xfe00 : cp - 0xe0100 + 16;
    });
    const decoded = readableText(bytes);
    const detail = `${selectors.length} variation selectors`;
    out.push(
      decoded === undefined
        ? span('variation-selectors', match.index, run.length, visibleRun(run), detail)
        : span('variation-selectors', match.index, run.length, decoded, `${detail} encoding bytes`, true),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Comments and hidden markup

const HTML_COMMENT = /<!--([\s\S]*?)(?:-->|$)/g;
const MARKDOWN_COMMENT =
  /^[ \t]*\[(?:\/\/|#|comment|_)\]:[ \t]*#[ \t]*(?:\(([^)\n]*)\)|"([^"\n]*)"|'([^'\n]*)')/gm;

function collapse(body: string): string {
  return body.replace(/\s+/g, ' ').trim();
}

function findComments(text: string): HiddenSpan[] {
  const out: HiddenSpan[] = [];
  for (const match of matchesOf(HTML_COMMENT, text)) {
    if (out.length >= MAX_SPANS_PER_KIND) break;
    const body = collapse(match[1] ?? '');
    if (!body) continue;
    const closed = match[0].endsWith('-->');
    out.push(
      span(
        'html-comment',
        match.index,
        match[0].length,
        body,
        closed ? 'HTML comment' : 'unclosed HTML comment',
      ),
    );
  }
  for (const match of matchesOf(MARKDOWN_COMMENT, text)) {
    const body = collapse(match[1] ?? match[2] ?? match[3] ?? '');
    if (body) out.push(span('markdown-comment', match.index, match[0].length, body, 'Markdown comment'));
  }
  return out;
}

const OPEN_TAG = /<([a-zA-Z][\w-]{0,30})(\s[^<>]{0,500})>/g;
// The boolean `hidden` attribute (not `type="hidden"`), or a style that makes the text invisible.
const HIDING_ATTRIBUTE =
  /(?:^|\s)hidden(?=[\s=/]|$)|style\s*=\s*["'][^"']*(?:display\s*:\s*none|visibility\s*:\s*hidden|(?<![\w-])(?:font-size|opacity|max-height|height)\s*:\s*0(?![.\d]*[1-9]))/i;
/** Elements with no content: hiding one hides nothing. */
const VOID_ELEMENTS = new Set([
  'input',
  'img',
  'br',
  'hr',
  'meta',
  'link',
  'source',
  'area',
  'base',
  'col',
  'embed',
  'wbr',
]);

const CLOSE_TAG = /<\/([a-zA-Z][\w-]{0,30})\s*>/g;

/**
 * Where the closing tags are, by lower-case element name, in order: found in one pass. Searching the
 * rest of the text for each hiding element's own closing tag reads it again per element.
 */
function closingTags(text: string): Map<string, number[]> {
  const byName = new Map<string, number[]>();
  for (const match of matchesOf(CLOSE_TAG, text)) {
    const name = match[1]!.toLowerCase();
    const offsets = byName.get(name);
    if (offsets) offsets.push(match.index);
    else byName.set(name, [match.index]);
  }
  return byName;
}

/** The first of the ascending `offsets` at or after `from`, or -1. */
function firstFrom(offsets: readonly number[], from: number): number {
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (offsets[mid]! < from) low = mid + 1;
    else high = mid;
  }
  return offsets[low] ?? -1;
}

/** The text an HTML fragment shows: its tags as blanks, blanks collapsed. */
function visibleText(html: string): string {
  return collapse(html.replace(/<[^<>]{0,500}>/g, ' '));
}

function findHiddenHtml(text: string): HiddenSpan[] {
  const out: HiddenSpan[] = [];
  let closes: Map<string, number[]> | undefined;
  // The text before this offset is known to show nothing (only tags and blanks): an element that starts
  // in it is read from there on, not again from its start, so that a long run of empty hidden elements
  // is read once rather than once per element.
  let emptyUntil = -1;
  for (const match of matchesOf(OPEN_TAG, text)) {
    if (out.length >= MAX_SPANS_PER_KIND) break;
    const tag = match[1]!.toLowerCase();
    if (VOID_ELEMENTS.has(tag) || !HIDING_ATTRIBUTE.test(match[2]!)) continue;
    const bodyStart = match.index + match[0].length;
    closes ??= closingTags(text);
    const close = firstFrom(closes.get(tag) ?? [], bodyStart);
    const bodyEnd = Math.min(close < 0 ? text.length : close, bodyStart + MAX_SHOWN * 8);
    if (!visibleText(text.slice(Math.max(bodyStart, Math.min(emptyUntil, bodyEnd)), bodyEnd))) {
      emptyUntil = bodyEnd;
      continue;
    }
    const body = visibleText(text.slice(bodyStart, bodyEnd));
    const end = close < 0 ? text.length : text.indexOf('>', close) + 1 || text.length;
    out.push(span('hidden-html', match.index, end - match.index, body, `hidden <${tag}> element`));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Terminal escapes and control characters

// CSI: parameter bytes 0x30–0x3F, intermediate bytes 0x20–0x2F, a final byte 0x40–0x7E (ECMA-48); OSC up
// to its terminator; or a two-byte escape (0x40–0x5F).
const ANSI_SEQUENCE =
  /(?:\u001B\[|\u009B)[\x30-\x3F]{0,64}[\x20-\x2F]{0,8}[\x40-\x7E]|(?:\u001B\]|\u009D)[^\u0007\u001B\u009C]{0,2000}(?:\u0007|\u001B\\|\u009C)?|\u001B[\x40-\x5A\x5C-\x5F]/g;
const CONTROL_RUN = /[\u0000-\u0008\v\f\u000E-\u001F\u007F-\u009F\uFFF9-\uFFFB]+/g;

function findControls(text: string): HiddenSpan[] {
  const out: HiddenSpan[] = [];
  // Characters inside an escape sequence already reported, so that its ESC is not reported twice.
  let covered: Uint8Array | undefined;
  let escapes = 0;
  for (const match of matchesOf(ANSI_SEQUENCE, text)) {
    const sequence = match[0];
    covered ??= new Uint8Array(text.length);
    covered.fill(1, match.index, match.index + sequence.length);
    if (++escapes > MAX_SPANS_PER_KIND) continue;
    let shown = makeVisible(sequence);
    let detail = 'terminal escape sequence';
    const sgr = /^(?:\u001B\[|\u009B)([\d;]*)m$/.exec(sequence);
    if (sgr && sgr[1]!.split(';').includes('8')) {
      const rest = text.slice(match.index + sequence.length, match.index + sequence.length + MAX_SHOWN * 4);
      const stop = rest.search(/[\u001B\u009B]/);
      shown = rest.slice(0, stop < 0 ? undefined : stop);
      detail = 'concealed by a terminal escape';
    }
    out.push(span('ansi-escape', match.index, sequence.length, shown, detail));
  }
  let controls = 0;
  for (const match of matchesOf(CONTROL_RUN, text)) {
    const start = match.index;
    const rest = [...match[0]].filter((_, i) => !covered?.[start + i]).join('');
    if (!rest) continue;
    if (++controls > MAX_SPANS_PER_KIND) break;
    out.push(span('control', start, match[0].length, visibleRun(match[0]), describeRun(rest)));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Blank runs

const BLANK_RUN = /[\t\n\v\f\r \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\u2800]{8,}/g;
const MIN_BLANK_LINES = 8;
const MIN_BLANK_SPACES = 40;

function findBlankRuns(text: string): HiddenSpan[] {
  const out: HiddenSpan[] = [];
  for (const match of matchesOf(BLANK_RUN, text)) {
    if (out.length >= MAX_SPANS_PER_KIND) break;
    const run = match[0];
    const end = match.index + run.length;
    if (end >= text.length) continue; // trailing blanks hide nothing
    const lines = (run.match(/\r\n|[\n\r\v\f\u2028\u2029]/g) ?? []).length;
    // A loop, not Math.max(...): a hostile run can have more lines than the call stack has room for.
    let widest = 0;
    for (const segment of run.split(/\r\n|[\n\r\v\f\u2028\u2029]/)) widest = Math.max(widest, segment.length);
    if (lines < MIN_BLANK_LINES && widest < MIN_BLANK_SPACES) continue;
    const detail = lines >= MIN_BLANK_LINES ? `${lines} blank lines` : `${widest} blank characters`;
    out.push(span('blank-run', match.index, run.length, collapse(text.slice(end, end + 2000)), detail));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Encoded blobs

const BASE64_CANDIDATE = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{32,}={0,2}(?![A-Za-z0-9+/=_-])/g;
const HEX_CANDIDATE = /(?<![0-9A-Za-z])(?:[0-9A-Fa-f]{2}){16,}(?![0-9A-Za-z])/g;
const ESCAPED_BYTES = /(?:\\x[0-9A-Fa-f]{2}){8,}/g;

function findEncodedBlobs(text: string): HiddenSpan[] {
  const out: HiddenSpan[] = [];
  const hexStarts = new Set<number>();
  for (const match of matchesOf(HEX_CANDIDATE, text)) {
    if (out.length >= MAX_SPANS_PER_KIND) break;
    hexStarts.add(match.index);
    const decoded = readableText(hexBytes(match[0]));
    if (decoded !== undefined)
      out.push(
        span('encoded-blob', match.index, match[0].length, decoded, `hex, ${match[0].length} chars`, true),
      );
  }
  for (const match of matchesOf(BASE64_CANDIDATE, text)) {
    if (out.length >= MAX_SPANS_PER_KIND) break;
    if (hexStarts.has(match.index)) continue;
    const blob = match[0];
    // Letters only (a long identifier, a path) is not worth decoding: base64 of text has digits or
    // both cases mixed within short stretches.
    if (!/[0-9+/]/.test(blob) && !/[a-z][A-Z]|[A-Z]{2}[a-z]/.test(blob)) continue;
    const decoded = readableText(base64Bytes(blob));
    if (decoded !== undefined)
      out.push(span('encoded-blob', match.index, blob.length, decoded, `base64, ${blob.length} chars`, true));
  }
  for (const match of matchesOf(ESCAPED_BYTES, text)) {
    if (out.length >= MAX_SPANS_PER_KIND) break;
    const decoded = readableText(hexBytes(match[0].replace(/\\x/g, '')));
    if (decoded !== undefined)
      out.push(span('encoded-blob', match.index, match[0].length, decoded, 'escaped bytes', true));
  }
  return out;
}

function hexBytes(hex: string): Uint8Array {
  const limited = hex.slice(0, MAX_DECODE_INPUT);
  const bytes = new Uint8Array(limited.length >> 1);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(limited.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function base64Bytes(blob: string): Uint8Array {
  const limited = blob.slice(0, MAX_DECODE_INPUT).replace(/(?<!=)=+$/, '');
  return Buffer.from(limited.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const READABLE_CHAR = /[\p{L}\p{N}\p{P}\p{S}\p{Zs}\t\n\r]/u;

/** The bytes as text when they are well-formed UTF-8 that reads as text, else undefined. */
function readableText(bytes: Uint8Array): string | undefined {
  if (bytes.length < 8) return undefined;
  let decoded: string;
  try {
    decoded = utf8.decode(bytes);
  } catch {
    return undefined;
  }
  const chars = [...decoded];
  const readable = chars.filter((ch) => READABLE_CHAR.test(ch)).length;
  const letters = (decoded.match(/\p{L}/gu) ?? []).length;
  if (readable / chars.length < 0.95 || letters < 4) return undefined;
  return decoded;
}
