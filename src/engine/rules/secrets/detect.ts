// Finds the secrets of one file once, for all SEC-* rules: secretlint's recommended preset first, then
// the provider formats it lacks, then high-entropy values assigned to secret-sounding names. A secret
// found by an earlier source is not reported again by a later one.
import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import type { SecretLintCoreConfig } from '@secretlint/types';
import type { Severity, TextFile } from '../../types.js';
import { findProviderSecrets, looksLikeSecretValue, overlapsAnyOf, secretKindOfName } from './patterns.js';

export interface SecretSpan {
  start: number;
  end: number;
  /** The secret itself: only ever shown through maskSecret. */
  value: string;
  label: string;
  severity: Severity;
}

export interface AssignedSecret extends SecretSpan {
  /** The name it was assigned to, e.g. `DB_PASSWORD`. */
  name: string;
  kind: 'password' | 'token';
}

export interface FileSecrets {
  secretlint: SecretSpan[];
  providers: SecretSpan[];
  assignments: AssignedSecret[];
}

// @secretlint/core marks every rule run on a process-wide profiler that keeps every mark forever and
// searches them on each new one: in a long-lived worker that is a leak, and it costs about 40 % of
// secretlint's time on a large scan. Nothing here reads the profile.
secretLintProfiler.mark = () => {};

const SECRETLINT_CONFIG: SecretLintCoreConfig = {
  rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommendedPreset }],
};

/** `@secretlint/secretlint-rule-github` + `GITHUB_TOKEN` → `GitHub token (secretlint)` style labels. */
function secretlintLabel(ruleId: string, messageId: string): string {
  const rule = ruleId.replace(/^@secretlint\/secretlint-rule-/, '');
  const words = messageId.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ');
  return `${words} (secretlint ${rule})`;
}

async function runSecretlint(file: TextFile): Promise<SecretSpan[]> {
  const result = await lintSource({
    source: { content: file.text, filePath: file.file, contentType: 'text' },
    options: { config: SECRETLINT_CONFIG, maskSecrets: true, noPhysicFilePath: true },
  });
  return result.messages.map((message) => ({
    start: message.range[0],
    end: message.range[1],
    value: file.text.slice(message.range[0], message.range[1]),
    label: secretlintLabel(message.ruleId, message.messageId),
    severity: 'critical',
  }));
}

const LOCKFILE =
  /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|pnpm-lock\.yaml|yarn\.lock|poetry\.lock|uv\.lock|Pipfile\.lock|pdm\.lock|Cargo\.lock|Gemfile\.lock|composer\.lock|bun\.lock)$/;

// The end of a secret-sounding name followed by an assignment: `API_KEY=`, `"token":`, `password =`,
// `apiKey:`, `secret =>`. The rest of the name is read backwards from here.
const ASSIGNMENT =
  /((?:key|token|secret|passw(?:or)?d|pwd|pass|passphrase|credentials?|authorization|auth|pat|jwt)s?)["'`]?[ \t]*(?::=|=>|=(?!=)|:(?!:))[ \t]*/gi;
const NAME_CHAR = /[A-Za-z0-9_.-]/;
const CODE_EXPRESSION = /[()[\]]|^[A-Za-z_$][\w$]*(?:\.[\w$]+)+$/;

/** Values of `*_KEY`/`*_TOKEN`/`*_SECRET`/`PASSWORD` assignments in any format, when they look real. */
export function findAssignedSecrets(file: TextFile): AssignedSecret[] {
  if (LOCKFILE.test(file.file)) return [];
  const { text } = file;
  const found: AssignedSecret[] = [];
  ASSIGNMENT.lastIndex = 0;
  for (let match = ASSIGNMENT.exec(text); match; match = ASSIGNMENT.exec(text)) {
    const nameEnd = match.index + match[1]!.length;
    let nameStart = match.index;
    while (nameStart > 0 && nameStart > match.index - 80 && NAME_CHAR.test(text[nameStart - 1]!)) nameStart--;
    const name = text.slice(nameStart, nameEnd);
    const kind = secretKindOfName(name);
    if (!kind) continue;
    const value = readValue(text, ASSIGNMENT.lastIndex);
    if (!value) continue;
    if (!value.quoted && CODE_EXPRESSION.test(value.text)) continue;
    if (!looksLikeSecretValue(value.text, kind)) continue;
    found.push({
      name,
      kind,
      start: value.start,
      end: value.start + value.text.length,
      value: value.text,
      label: kind === 'password' ? 'Password' : 'High-entropy secret',
      severity: 'high',
    });
  }
  return found;
}

/** The literal that starts at `at`: quoted up to its closing quote on the same line, or a bare word. */
function readValue(text: string, at: number): { text: string; start: number; quoted: boolean } | undefined {
  const quote = text[at];
  if (quote === '"' || quote === "'" || quote === '`') {
    // Only the 500 characters a value may have are searched: searched to the end of the text, a long
    // line of assignments would be read once per assignment.
    const rest = text.slice(at + 1, at + 501);
    const close = rest.indexOf(quote);
    const newline = rest.indexOf('\n');
    if (close < 0 || (newline >= 0 && newline < close)) return undefined;
    return { text: rest.slice(0, close), start: at + 1, quoted: true };
  }
  // `${VAR}` is read whole, although `}` otherwise ends a bare value (`{ key: value }`).
  const bare = /^(?:\$\{[^}\s]{1,200}\}|[^\s"'`,;#}\])]{1,500})/.exec(text.slice(at, at + 501));
  return bare ? { text: bare[0], start: at, quoted: false } : undefined;
}

const cache = new WeakMap<TextFile, Promise<FileSecrets>>();

/** The secrets of a file, computed once however many SEC-* rules ask. */
export function detectSecrets(file: TextFile): Promise<FileSecrets> {
  let pending = cache.get(file);
  if (!pending) {
    pending = (async () => {
      const secretlint = await runSecretlint(file);
      const inSecretlint = overlapsAnyOf(secretlint);
      const providers = findProviderSecrets(file.text).filter((match) => !inSecretlint(match));
      const inProviders = overlapsAnyOf(providers);
      const assignments = findAssignedSecrets(file).filter(
        (found) => !inSecretlint(found) && !inProviders(found),
      );
      return { secretlint, providers, assignments };
    })();
    cache.set(file, pending);
  }
  return pending;
}
