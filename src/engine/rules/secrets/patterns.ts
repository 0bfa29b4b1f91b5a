// What a credential looks like: provider key formats the secretlint preset does not know, and the
// tests that tell a real-looking value from a reference (`${env:X}`), a placeholder (`<your-key>`,
// `sk-...`, `xxxx`) or a hash. Shared by the SEC-* rules and by CFG-* rules that judge config values.
import { maskSecret } from '../../evidence.js';

export interface ProviderPattern {
  /** Shown in the finding's title, e.g. `Anthropic API key`. */
  label: string;
  pattern: RegExp;
  /** Literals one of which every match contains: a cheap test that skips the regex on most files. */
  hints: readonly string[];
  /** Test-mode and publishable keys are real but less dangerous. */
  severity: 'critical' | 'high' | 'medium';
  /** Part of the match that must look random (defaults to the whole match). */
  body?: (match: string) => string;
  /** Extra check on a match, for formats (JWT) that can be told apart from look-alikes. */
  accept?: (match: string) => boolean;
}

// A key stands alone: not inside an identifier or a base64 run (integrity hashes), on both sides.
const START = String.raw`(?<![A-Za-z0-9_+-])`;
const END = String.raw`(?![A-Za-z0-9_-])`;

function token(body: string, flags = 'g'): RegExp {
  return new RegExp(`${START}${body}${END}`, flags);
}

export const PROVIDER_PATTERNS: readonly ProviderPattern[] = [
  {
    label: 'Anthropic API key',
    pattern: token(String.raw`sk-ant-(?:api|admin|sid)?\d{0,2}-?[A-Za-z0-9_-]{32,}`),
    hints: ['sk-ant-'],
    severity: 'critical',
    body: (m) => m.slice(7),
  },
  {
    label: 'OpenAI API key',
    pattern: token(String.raw`sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{32,}`),
    hints: ['sk-proj-', 'sk-svcacct-', 'sk-admin-'],
    severity: 'critical',
    body: (m) => m.slice(m.indexOf('-', 3) + 1),
  },
  {
    label: 'OpenAI-style API key',
    pattern: token(String.raw`sk-[A-Za-z0-9]{32,}`),
    hints: ['sk-'],
    severity: 'high',
    body: (m) => m.slice(3),
  },
  {
    label: 'Hugging Face token',
    pattern: token(String.raw`hf_[A-Za-z0-9]{30,40}`),
    hints: ['hf_'],
    severity: 'high',
  },
  {
    label: 'Google API key',
    pattern: token(String.raw`AIza[0-9A-Za-z_-]{35}`),
    hints: ['AIza'],
    severity: 'high',
  },
  {
    label: 'Stripe live secret key',
    pattern: token(String.raw`(?:sk|rk)_live_[0-9A-Za-z]{20,}`),
    hints: ['_live_'],
    severity: 'critical',
    body: (m) => m.slice(8),
  },
  {
    label: 'Stripe test secret key',
    pattern: token(String.raw`(?:sk|rk)_test_[0-9A-Za-z]{20,}`),
    hints: ['_test_'],
    severity: 'medium',
    body: (m) => m.slice(8),
  },
  {
    label: 'Stripe webhook secret',
    pattern: token(String.raw`whsec_[A-Za-z0-9+/]{32,}`),
    hints: ['whsec_'],
    severity: 'high',
  },
  {
    label: 'GitLab token',
    pattern: token(String.raw`gl(?:pat|dt|ptt|rt)-[A-Za-z0-9_-]{20,}`),
    hints: ['glpat-', 'gldt-', 'glptt-', 'glrt-'],
    severity: 'high',
  },
  {
    label: 'Groq API key',
    pattern: token(String.raw`gsk_[A-Za-z0-9]{48,}`),
    hints: ['gsk_'],
    severity: 'high',
  },
  {
    label: 'xAI API key',
    pattern: token(String.raw`xai-[A-Za-z0-9]{64,}`),
    hints: ['xai-'],
    severity: 'high',
  },
  {
    label: 'Replicate API token',
    pattern: token(String.raw`r8_[A-Za-z0-9]{36,}`),
    hints: ['r8_'],
    severity: 'high',
  },
  {
    label: 'Perplexity API key',
    pattern: token(String.raw`pplx-[A-Za-z0-9]{40,}`),
    hints: ['pplx-'],
    severity: 'high',
  },
  {
    label: 'Notion integration token',
    pattern: token(String.raw`ntn_[A-Za-z0-9]{40,}`),
    hints: ['ntn_'],
    severity: 'high',
  },
  {
    label: 'Tavily API key',
    pattern: token(String.raw`tvly-(?:dev-)?[A-Za-z0-9]{28,}`),
    hints: ['tvly-'],
    severity: 'high',
  },
  {
    label: 'Databricks token',
    pattern: token(String.raw`dapi[a-f0-9]{32}(?:-\d)?`),
    hints: ['dapi'],
    severity: 'high',
  },
  {
    label: 'DigitalOcean token',
    pattern: token(String.raw`do[opr]_v1_[a-f0-9]{64}`),
    hints: ['_v1_'],
    severity: 'high',
  },
  {
    label: 'PyPI upload token',
    pattern: token(String.raw`pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}`),
    hints: ['pypi-'],
    severity: 'high',
  },
  {
    label: 'GitHub token',
    pattern: token(String.raw`(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})`),
    hints: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
    severity: 'critical',
  },
  {
    label: 'Slack token',
    pattern: token(String.raw`xox[abposr]-[A-Za-z0-9-]{20,}`),
    hints: ['xox'],
    severity: 'high',
  },
  {
    label: 'AWS access key id',
    pattern: token(String.raw`(?:AKIA|ASIA)[A-Z0-9]{16}`),
    hints: ['AKIA', 'ASIA'],
    severity: 'high',
  },
  {
    label: 'JSON Web Token',
    pattern: token(String.raw`eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}`),
    hints: ['eyJ'],
    severity: 'high',
    accept: isPlausibleJwt,
  },
  {
    label: 'Private key',
    pattern:
      /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----[\s\S]{64,}?-----END \1-----/g,
    hints: ['-----BEGIN '],
    severity: 'critical',
    body: (m) => m.replace(/-----[A-Z ]+-----|\s/g, ''),
  },
];

/** A JWT whose header and payload decode to JSON objects, and that is not the jwt.io sample. */
function isPlausibleJwt(jwt: string): boolean {
  const [header, payload] = jwt.split('.');
  try {
    const head = JSON.parse(Buffer.from(header!, 'base64url').toString('utf8')) as unknown;
    const body = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof head !== 'object' || head === null || typeof body !== 'object' || body === null) return false;
    return !(body.sub === '1234567890' && body.name === 'John Doe');
  } catch {
    return false;
  }
}

/** A secret as evidence: masked, except that a PEM block shows its (harmless) header to say what it is. */
export function maskForEvidence(value: string): string {
  const pem = /^-----BEGIN [A-Z ]+-----/.exec(value);
  return pem ? `${pem[0]}…` : maskSecret(value);
}

/** Bits of entropy per character. */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * `${env:X}`, `${X}`, `$X`, `%X%`, `{{ secrets.X }}`, `${input:x}`, `env(X)`, `process.env.X`, …
 * A `${…}` or `{{…}}` is found at its closing brace, looking back for the opening: looked for from each
 * opening, `${${${…` without a `}` would be read to its end once per `${`.
 */
export function isReference(value: string): boolean {
  const v = value.trim();
  return (
    /\}(?<=\$\{[^}]*\})|^\$\{[A-Za-z_]|\}\}(?<=\{\{[^}]*\}\})|^\$[A-Za-z_][A-Za-z0-9_]*$|^%[A-Za-z_][A-Za-z0-9_]*%$/.test(
      v,
    ) ||
    /^(?:env|secret|secrets|vault|op):/i.test(v) ||
    /(?:process\.env|os\.environ|os\.getenv|getenv)\b/.test(v)
  );
}

// `<…>` and `[…]` are found at their closing bracket, as in isReference.
const PLACEHOLDER_WORDS =
  /your|example|sample|dummy|placeholder|changeme|change[-_]me|replace|insert|redacted|secret[-_]?here|key[-_]?here|token[-_]?here|todo|fixme|xxx|\.\.\.|…|\*\*\*|>(?<=<[^>]*>)|\](?<=\[[^\]]*\])|^(?:test|fake|none|null|undefined|true|false|string|password|secret|token|key)$/i;

/** A value someone wrote to be replaced: `<your-key>`, `YOUR_API_KEY`, `sk-...`, `xxxx`, `AKIA…EXAMPLE`. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (PLACEHOLDER_WORDS.test(v)) return true;
  // One character repeated (`0000…`, `aaaa…`) or a counting run (`1234567890`, `abcdef`).
  if (/(.)\1{5,}/.test(v)) return true;
  if (/0123456789|123456789|abcdefghij|ABCDEFGHIJ/.test(v)) return true;
  return false;
}

/** The value after `Bearer `/`Basic `/`token `, or the value itself. */
export function credentialPart(value: string): string {
  const match = /^(?:bearer|basic|token|apikey|api-key)\s+(\S.*)$/i.exec(value.trim());
  return match ? match[1]!.trim() : value.trim();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a value assigned to a secret-sounding name looks like a real credential: long enough, not a
 * reference or placeholder, not a UUID, path or URL, and random enough for its alphabet.
 */
export function looksLikeSecretValue(value: string, kind: 'password' | 'token'): boolean {
  const v = credentialPart(value);
  if (isReference(v) || isPlaceholder(v)) return false;
  if (UUID.test(v)) return false;
  if (/^(?:https?|file|s3|gs):\/\//i.test(v) || /^[.~]?\//.test(v)) return false;
  if (/\s/.test(v)) return false;
  if (kind === 'password') {
    if (v.length < 8) return false;
    const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(v)).length;
    return classes >= 2 && shannonEntropy(v) >= 2.5;
  }
  if (v.length < 16) return false;
  if (/^[a-z]+(?:[-_.][a-z]+)*$/i.test(v)) return false; // words and identifiers, e.g. `read_only_scope`
  const entropy = shannonEntropy(v);
  return /^[0-9a-f]+$/i.test(v) ? entropy >= 3.2 : entropy >= 3.5;
}

/** Names that hold credentials: `*_KEY`, `*_TOKEN`, `*_SECRET`, `PASSWORD`, `apiKey`, `clientSecret`, … */
export function secretKindOfName(name: string): 'password' | 'token' | undefined {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const last = words.at(-1);
  if (!last) return undefined;
  if (/^(?:password|passwd|pwd|passphrase|pass)$/.test(last)) return 'password';
  if (!/^(?:key|token|secret|credentials?|apikey|auth|authorization|pat|jwt)$/.test(last)) return undefined;
  // Keys that name a place or a public half, not a credential.
  if (
    words.some((w) =>
      /^(?:public|primary|foreign|sort|partition|cache|idempotency|max|num|total|count)$/.test(w),
    )
  )
    return undefined;
  return 'token';
}

export interface PatternMatch {
  label: string;
  severity: ProviderPattern['severity'];
  start: number;
  end: number;
  value: string;
}

// Every hint in one alternation, longest first, so that one pass over a file tells which patterns can
// match at all (a pass per hint cost more than the patterns themselves).
const ALL_HINTS = [...new Set(PROVIDER_PATTERNS.flatMap((p) => p.hints))].sort((a, b) => b.length - a.length);
const HINT_SCAN = new RegExp(ALL_HINTS.map((h) => h.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');

function hintsIn(text: string): Set<string> {
  const seen = new Set<string>();
  for (const match of text.matchAll(HINT_SCAN)) seen.add(match[0]);
  // A longer hint hides the shorter ones it contains (`sk-proj-` holds `sk-`).
  for (const hint of ALL_HINTS)
    if (!seen.has(hint) && [...seen].some((s) => s.includes(hint))) seen.add(hint);
  return seen;
}

interface Span {
  start: number;
  end: number;
}

/**
 * A test of whether a span overlaps any of `spans`: a binary search over them sorted by start, with the
 * furthest end reached so far. A file with tens of thousands of secrets is checked in n log n, where
 * comparing each with all the others took n².
 */
export function overlapsAnyOf(spans: readonly Span[]): (span: Span) => boolean {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const furthestEnd: number[] = [];
  for (const span of sorted) furthestEnd.push(Math.max(span.end, furthestEnd.at(-1) ?? -Infinity));
  return ({ start, end }) => {
    // The spans that start before `end` are sorted[0 .. below); one of them overlaps if it ends after `start`.
    let below = 0;
    let above = sorted.length;
    while (below < above) {
      const mid = (below + above) >> 1;
      if (sorted[mid]!.start < end) below = mid + 1;
      else above = mid;
    }
    return below > 0 && furthestEnd[below - 1]! > start;
  };
}

/** Every provider-format key in `text`, earlier patterns winning where two overlap. */
export function findProviderSecrets(text: string): PatternMatch[] {
  const found: PatternMatch[] = [];
  const present = hintsIn(text);
  if (present.size === 0) return found;
  for (const provider of PROVIDER_PATTERNS) {
    if (!provider.hints.some((hint) => present.has(hint))) continue;
    // The matches of one pattern never overlap each other: only those of earlier patterns are checked.
    const takenByEarlier = overlapsAnyOf(found);
    for (const match of text.matchAll(provider.pattern)) {
      const value = match[0];
      const start = match.index;
      const end = start + value.length;
      if (takenByEarlier({ start, end })) continue;
      const body = provider.body ? provider.body(value) : value;
      if (isPlaceholder(body) || shannonEntropy(body) < 3) continue;
      if (provider.accept && !provider.accept(value)) continue;
      found.push({ label: provider.label, severity: provider.severity, start, end, value });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
