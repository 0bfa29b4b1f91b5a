// Hostile text for output tests: the fixture files of test/fixtures/files/hostile under names that carry
// the same characters, and a check that walks every string of an output for characters a terminal,
// browser or viewer would act on or hide. The classes are written out here, apart from the code under
// test, so that a gap in the code's own list shows.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { InputFile } from '../../src/engine/types.js';

/** C0 and C1 controls and DEL (line breaks and tabs included). */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;
/** Bidi embeddings, overrides, isolates and marks. */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
/** Zero-width and other invisible characters, line/paragraph separators, tag characters, lone surrogates. */
const INVISIBLE = /[\u00AD\u180E\u200B-\u200D\u2028\u2029\u2060-\u2064\uFEFF\u{E0000}-\u{E007F}\p{Cs}]/u;

export const RAW_CLASSES = { control: CONTROL, bidi: BIDI, invisible: INVISIBLE };

/** The first raw character of `text` in one of the classes, as `U+…` and class name; undefined if clean. */
export function rawCharacterIn(text: string, allow: readonly string[] = []): string | undefined {
  for (const ch of text) {
    if (allow.includes(ch)) continue;
    for (const [name, pattern] of Object.entries(RAW_CLASSES)) {
      if (pattern.test(ch))
        return `${name} U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    }
  }
  return undefined;
}

/** Every string in a JSON-like value, keys included, with where it is. */
export function* stringsIn(value: unknown, path = '$'): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value))
    for (const [i, item] of value.entries()) yield* stringsIn(item, `${path}[${i}]`);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      yield [`${path} (key)`, key];
      yield* stringsIn(item, `${path}.${key}`);
    }
  }
}

/** Fails with the path of the first string that carries a raw character of one of the classes. */
export function expectNoRawCharacters(
  value: unknown,
  options: { allow?: (path: string) => string[] } = {},
): void {
  let strings = 0;
  for (const [path, text] of stringsIn(value)) {
    strings += 1;
    const found = rawCharacterIn(text, options.allow?.(path) ?? []);
    expect(found, `${path}: ${JSON.stringify(text).slice(0, 200)}`).toBeUndefined();
  }
  expect(strings).toBeGreaterThan(0);
}

/** The fixture files, read as bytes. */
export function hostileFixture(name: 'tools.json' | 'mcp.json'): Buffer {
  return readFileSync(new URL(`../fixtures/files/hostile/${name}`, import.meta.url));
}

/**
 * File names a checkout or an upload may carry (no `/`, which would make a directory): an SGR colour, an
 * OSC 8 hyperlink, BEL, a bidi override
 * that turns `gnp.json` around, CR/LF, a zero-width space and tag characters. NUL is left to the upload
 * and engine tests: no file system takes it in a name.
 */
export const HOSTILE_NAMES = {
  tools: 'tools\u001b[31m\u001b]8;;https:evil.example\u0007link\u001b]8;;\u0007\u0007.json',
  config: 'mcp\u202Enosj.\u200Bx\u{E0041}.json',
  lines: 'notes\r\nX-Injected: 1.json',
  /** Refused by type: its name comes back in file_errors. */
  executable: 'invoice\u202Efdp\u001b[2K.exe',
} as const;

/** The hostile fixtures under hostile names, plus a refused executable, as the engine takes them. */
export function hostileInputFiles(options: { withNul?: boolean } = {}): InputFile[] {
  const nul = options.withNul ? '\u0000' : '';
  return [
    { name: HOSTILE_NAMES.tools.replace('tools', `tools${nul}`), content: hostileFixture('tools.json') },
    { name: HOSTILE_NAMES.config, content: hostileFixture('mcp.json') },
    { name: HOSTILE_NAMES.lines, content: hostileFixture('tools.json') },
    { name: HOSTILE_NAMES.executable, content: 'MZ not really' },
  ];
}
