// Credentials around the requests we make: what may be sent as a header value, and what of a target
// URL may be stored or shown. A target keeps working with the URL the user gave; everything that
// stores or prints it (the scans table, results, errors, logs, the PDF, the CLI) uses `redactUrl`.

const REDACTED = '[redacted]';

/**
 * Whether a token can travel as an HTTP header value unchanged: visible ASCII and inner spaces only.
 * CR/LF would split the header, other control characters and non-ASCII are refused by HTTP clients
 * (whose errors quote the value), and surrounding spaces would be silently trimmed.
 */
export function isSendableToken(token: string): boolean {
  if (token.length === 0 || token.trim() !== token) return false;
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) return false;
  }
  return true;
}

/** Why a token cannot be sent, in words that never quote it. */
export const UNSENDABLE_TOKEN =
  'must be printable ASCII without line breaks, control characters or surrounding spaces';

// Query parameter names that carry credentials, compared without case, `-`, `_` or `.`:
// `api_key`, `X-Amz-Signature`, `access_token`, `client_secret`, `sig` (Azure SAS), `code` (OAuth)…
const CREDENTIAL_NAME_EXACT = new Set(['key', 'sig', 'code', 'pass', 'pwd', 'sid', 'jwt']);
const CREDENTIAL_NAME_PARTS = [
  'token',
  'secret',
  'passw',
  'apikey',
  'signature',
  'credential',
  'auth',
  'session',
  'bearer',
];

function isCredentialParameter(name: string): boolean {
  let plain: string;
  try {
    plain = decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    plain = name;
  }
  plain = plain.toLowerCase().replace(/[-_.\s]/g, '');
  return (
    CREDENTIAL_NAME_EXACT.has(plain) ||
    plain.endsWith('key') ||
    CREDENTIAL_NAME_PARTS.some((part) => plain.includes(part))
  );
}

/**
 * The URL as it may be stored and shown: no user-info, no fragment, and the value of every
 * credential-like query parameter replaced (`?api_key=[redacted]&region=eu`). Other parameters keep
 * their exact spelling. Text that is not a URL is returned unchanged (there is nothing to find in it).
 */
export function redactUrl(raw: string): string {
  if (!URL.canParse(raw)) return raw;
  const url = new URL(raw);
  url.username = '';
  url.password = '';
  url.hash = '';
  const query = url.search.slice(1);
  if (query) {
    url.search = query
      .split('&')
      .map((pair) => {
        const equals = pair.indexOf('=');
        const name = equals === -1 ? pair : pair.slice(0, equals);
        return equals !== -1 && isCredentialParameter(name) ? `${name}=${REDACTED}` : pair;
      })
      .join('&');
  }
  return url.href;
}

/**
 * The credentials a URL carries (user-info and credential-like query values), as written in the URL
 * and decoded, for `withoutSecret` to keep out of messages. Values shorter than 4 characters are left:
 * removing them would garble a message and hide nothing.
 */
export function urlCredentials(raw: string): string[] {
  if (!URL.canParse(raw)) return [];
  const url = new URL(raw);
  const found = new Set([url.username, url.password]);
  for (const pair of url.search.slice(1).split('&')) {
    const equals = pair.indexOf('=');
    if (equals === -1 || !isCredentialParameter(pair.slice(0, equals))) continue;
    const value = pair.slice(equals + 1);
    found.add(value);
    try {
      found.add(decodeURIComponent(value.replace(/\+/g, ' ')));
    } catch {
      // Malformed escapes: the value as written is all there is.
    }
  }
  return [...found].filter((value) => value.length >= 4);
}
