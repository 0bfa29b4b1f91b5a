// Everything a scanned file or server says is hostile. Evidence and names pass through here before
// they reach a finding, so that no output (terminal, HTML, PDF, SARIF) ever carries a raw control
// character, an invisible character, or an unbounded string.

const MAX_EVIDENCE = 300;

// C0/C1 controls, zero-width and bidi controls, Unicode tag characters, and other invisibles.
const INVISIBLE =
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF0-\uFFFB]|\uDB40[\uDC00-\uDFFF]/g;

/** Shows every invisible or control character as a visible `\u{…}` escape; newlines and tabs as spaces. */
export function makeVisible(text: string): string {
  return text
    .replace(/\r\n|\r|\n|\t/g, ' ')
    .replace(INVISIBLE, (ch) => `\\u{${ch.codePointAt(0)!.toString(16).toUpperCase()}}`);
}

/** Cuts to `max` characters (on a code point boundary) and marks the cut. */
export function truncate(text: string, max = MAX_EVIDENCE): string {
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, max - 1).join('')}…`;
}

/** Safe evidence: visible, single-line, bounded. */
export function toEvidence(text: string, max = MAX_EVIDENCE): string {
  return truncate(makeVisible(text), max);
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
