// Everything a scanned file or server says is hostile. Evidence, names and messages pass through here
// before they reach a result, a stored scan or an error, so that no output (terminal, JSON, SARIF, HTML,
// PDF, logs) ever carries a raw control character, an invisible character, or an unbounded string.
//
// One escape spelling everywhere: `\u{1B}`, `\u{202E}`, `\u{E0041}` (upper-case hex, braces, so that a
// tag character is one escape rather than a surrogate pair). Prose (titles, descriptions, evidence,
// messages) is one line: its line breaks and tabs become spaces. Names (files, tools, fields, servers)
// keep every character distinguishable: their line breaks and tabs are escaped like the rest.

const MAX_EVIDENCE = 300;
/** Longest name a result shows (a file, tool, field or server name). */
const MAX_NAME = 1_000;

// Controls (C0, DEL, C1), format characters (zero-width, bidi embeddings, overrides and isolates, tag
// characters, the BOM, the soft hyphen), line and paragraph separators, the other default-ignorable
// characters (variation selectors, Hangul fillers, …) and lone surrogates: none shows as itself.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Cs}]/gu;
const LINE_BREAK_OR_TAB = /\r\n|[\r\n\t]/g;
/** The start of an escape that a cut left without its closing brace. */
const CUT_ESCAPE = /\\u\{[0-9A-F]{0,6}$/;

function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE, (ch) => `\\u{${ch.codePointAt(0)!.toString(16).toUpperCase()}}`);
}

/** Prose as one visible line: line breaks and tabs as spaces, every other invisible character escaped. */
export function makeVisible(text: string): string {
  return escapeInvisible(text.replace(LINE_BREAK_OR_TAB, ' '));
}

/** Cuts to `max` characters (on a code point boundary, never inside an escape) and marks the cut. */
export function truncate(text: string, max = MAX_EVIDENCE): string {
  const points = Array.from(text);
  if (points.length <= max) return text;
  return `${points
    .slice(0, max - 1)
    .join('')
    .replace(CUT_ESCAPE, '')}…`;
}

/** The part of `text` that can show in `max` characters (and one more, so that a cut is marked). */
function head(text: string, max: number): string {
  return text.length > max + 1 ? text.slice(0, max + 1) : text;
}

/** Prose for a result, a stored scan or an error: visible, one line, at most `max` characters. */
export function visibleLine(text: string, max: number): string {
  return truncate(makeVisible(head(text, max)), max);
}

/** Evidence: a visible line of at most 300 characters (or `max`). */
export function toEvidence(text: string, max = MAX_EVIDENCE): string {
  return visibleLine(text, max);
}

/**
 * A name as it is, made visible and bounded: every invisible character escaped, line breaks included,
 * so that `a\nb` and `a b` stay two names. Applying it twice changes nothing.
 */
export function visibleName(text: string, max = MAX_NAME): string {
  return truncate(escapeInvisible(head(text, max)), max);
}

/** Masks a secret, keeping a short prefix and the last 4 characters: `sk-ant-…f3a9`. */
export function maskSecret(secret: string): string {
  const value = secret.trim();
  if (value.length <= 8) return '…' + '*'.repeat(Math.min(value.length, 4));
  const prefixMatch = /^[A-Za-z]{2,5}[-_](?:[A-Za-z]{2,5}[-_])?/.exec(value);
  const prefix = prefixMatch && prefixMatch[0].length <= 10 ? prefixMatch[0] : value.slice(0, 2);
  return `${prefix}…${value.slice(-4)}`;
}

/** A thrown value as one bounded, visible line (for gaps and failed scans). */
export function errorReason(error: unknown): string {
  return toEvidence(error instanceof Error ? error.message : String(error), 200);
}

// ---------------------------------------------------------------------------------------------------
// Credentials in messages. A library's error may quote what it was given (`"Bearer …" is an invalid
// header value`), and a message we store, log or answer with must not carry it on. Each pattern is
// linear: its repeats are bounded or stop at the next quote.

const REDACTED = '[redacted]';
const AUTH_SCHEME = /\b(Bearer|Basic)\s+[^\s"',;]+/gi;
const QUOTED_HEADER_VALUE = /"[^"]*"(\s+is an invalid header value)/g;
const URL_USER_INFO = /\/\/[^\s/?#@]{1,256}@/g;
const OUR_API_KEY = /\bsk_scan_[\w-]+/g;
// A key that ends in a credential word (`password`, `auth_token`, `x-api-key`, `client_secret`,
// `Authorization`), then `=` or `:` and a value.
const CREDENTIAL_PAIR =
  /([\w-]{0,30}?(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[-_]?key|auth(?:orization)?|credentials?|session(?:[-_]?id)?|cookie|private[-_]?key|access[-_]?key))(["']?\s{0,3}[:=]\s{0,3}["']?)[^\s"'&,;]+/gi;

/**
 * Hides values that look like credentials: `Bearer …` and `Basic …`, `password=…`-like pairs, user-info
 * in URLs, our own API keys, and a header value an HTTP library quotes back. Best effort for values it
 * cannot know; `withoutSecret` removes a value that is known.
 */
export function redactCredentials(text: string): string {
  return text
    .replace(QUOTED_HEADER_VALUE, `"${REDACTED}"$1`)
    .replace(AUTH_SCHEME, `$1 ${REDACTED}`)
    .replace(URL_USER_INFO, `//${REDACTED}@`)
    .replace(OUR_API_KEY, `sk_scan_${REDACTED}`)
    .replace(CREDENTIAL_PAIR, `$1$2${REDACTED}`);
}

/**
 * `text` without a known secret, in the forms a message may quote it in: as is, JSON-escaped, made
 * visible, and each line of it (a message may quote only up to a line break).
 */
export function withoutSecret(text: string, secret: string): string {
  const forms = new Set([secret, JSON.stringify(secret).slice(1, -1), makeVisible(secret)]);
  for (const line of secret.split(/[\r\n]+/)) if (line.trim().length >= 6) forms.add(line);
  let out = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    if (form.trim()) out = out.replaceAll(form, REDACTED);
  }
  return out;
}
