// What a sentence names that is the same in every language: addresses data can be sent to (URLs,
// e-mail addresses, phone numbers, IP addresses, IBANs, wallets), files and paths (an SSH key, `.env`,
// a shell profile, a home folder), credential-shaped names (`OPENAI_API_KEY`), and markup that fakes a
// privileged voice (`<system>`, `[ADMIN]`). Each becomes a reach the scope analysis weighs like a
// concept. Every pattern is linear: character classes joined by fixed separators, no nested repeats,
// and a run that must be followed by something (`@`, `.pem`) is only tried from its first character
// (a lookbehind), not again from each word boundary inside it.

export type ArtifactKind =
  /** An address outside the user's control written into the text. */
  | 'destination'
  /** A credential file or name. */
  | 'secret-file'
  /** A file or path that starts programs or keeps the system's state (profiles, cron, authorized_keys). */
  | 'system-file'
  /** The user's own folders. */
  | 'user-file'
  /** A repository's internals. */
  | 'code-file'
  /** Markup that opens a system, admin or "important" voice. */
  | 'authority-tag';

export interface Artifact {
  kind: ArtifactKind;
  text: string;
  index: number;
}

const PATTERNS: readonly [ArtifactKind, RegExp][] = [
  ['destination', /\b(?:https?|ftp|wss?):\/\/[^\s<>"'`)\]]+/giu],
  ['destination', /(?<![\w.+-])[\w.+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b/giu],
  [
    'destination',
    /(?<![\w@.-])(?:[a-z0-9-]+\.)+(?:com|net|org|io|co|xyz|ru|cn|app|dev|site|online|info|biz|me|cc|tk|top|example|test|internal|cloud|ai|sh|pw|su)\b(?:\/[\w./?=&%-]*)?/giu,
  ],
  ['destination', /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?::\d{2,5})?(?![\d.])/gu],
  ['destination', /(?<![\w+])\+\d[\d ()-]{7,18}\d\b/gu],
  ['destination', /\b[a-z]{2}\d{2}(?: ?[a-z0-9]{4}){2,7}(?: ?[a-z0-9]{1,3})?\b/giu],
  ['destination', /\b0x[0-9a-f]{40}\b|\bbc1[0-9a-z]{25,59}\b/giu],
  [
    'secret-file',
    /(?:~|\$home|%userprofile%)?\/?\.(?:ssh|aws|gnupg|kube|docker|azure|config\/gcloud)\b[\w./-]*|\bid_(?:rsa|dsa|ecdsa|ed25519)\b(?:\.pub)?|(?<![\w.])\.(?:env|npmrc|netrc|pgpass|git-credentials|pypirc)(?:\.[\w-]+)?\b|\bcredentials\.json\b|(?<![\w-])[\w-]+\.(?:pem|p12|pfx|key|keystore|jks)\b|\/etc\/(?:shadow|passwd|sudoers)\b|\b(?:claude_desktop_config|mcp)\.json\b|\bkeychain\b|\b[a-z0-9]+(?:_[a-z0-9]+)*_(?:api_key|apikey|access_key|secret_key|secret|token|password|passwd|pat)\b/giu,
  ],
  [
    'system-file',
    /(?<![\w.])\.(?:bashrc|zshrc|bash_profile|profile|zprofile|login|bash_login)\b|\bauthorized_keys\b|\bcrontab\b|\/etc\/cron[\w./-]*|\/etc\/(?:hosts|rc\.local|systemd[\w./-]*|init\.d[\w./-]*)|\blaunchagents?\b|\blaunchdaemons?\b|\bstart ?menu\\programs\\startup\b|\\currentversion\\run\b|\/var\/log[\w./-]*|\bhkey_[a-z_]+\b/giu,
  ],
  [
    'user-file',
    /(?:~|\$home|%userprofile%|\/home\/[\w.-]+|\/users\/[\w.-]+|c:\\users\\[\w.-]+)[/\\][\w./\\-]*/giu,
  ],
  ['code-file', /(?<![\w.])\.git(?:\/[\w./-]*)?\b|\bgit push\b|\bgit remote\b/giu],
  [
    'authority-tag',
    /<\/?(?:system|system[-_]prompt|system[-_]message|admin|administrator|important|instructions?|critical|priority|sudo|root|developer|secret|hidden|assistant|context|policy|compliance|security|override)\b[^<>]{0,40}>|\[\/?(?:system|admin|administrator|important|inst|critical|priority|security|notice|sudo|root|override)\b[^[\]]{0,40}\]|<\|(?:im_start|system|endoftext)\|>|^#{1,6} ?(?:system|admin|important|notice|critical)\b|\{\{ ?system ?\}\}/gimu,
  ],
];

/** Every artifact in a (normalised) sentence. */
export function findArtifacts(sentence: string): Artifact[] {
  const found: Artifact[] = [];
  for (const [kind, pattern] of PATTERNS) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(sentence); m; m = pattern.exec(sentence)) {
      found.push({ kind, text: m[0], index: m.index });
      if (m[0] === '') pattern.lastIndex++;
    }
  }
  return found;
}
