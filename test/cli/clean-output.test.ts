// `trusttrace scan` on a checkout whose files and definitions carry terminal escapes, OSC 8 hyperlinks,
// BEL, bidi overrides, CR/LF, zero-width and tag characters: the table, the JSON and the SARIF it prints
// hold none of them raw, in the output as written or in any string a JSON reader decodes from it
// (`jq -r .findings[].title` writes those to the terminal).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoRawCharacters,
  HOSTILE_NAMES,
  hostileFixture,
  rawCharacterIn,
} from '../helpers/hostile-text.js';
import { runCli } from './run-cli.js';

let checkout: string;

beforeAll(() => {
  checkout = mkdtempSync(path.join(tmpdir(), 'tt-hostile-'));
  writeFileSync(path.join(checkout, HOSTILE_NAMES.tools), hostileFixture('tools.json'));
  writeFileSync(path.join(checkout, HOSTILE_NAMES.config), hostileFixture('mcp.json'));
  writeFileSync(path.join(checkout, HOSTILE_NAMES.lines), hostileFixture('tools.json'));
  writeFileSync(path.join(checkout, HOSTILE_NAMES.executable), 'MZ not really');
  // Files of other types are summarised by extension on stderr: this one's extension is hostile too.
  writeFileSync(path.join(checkout, 'photo.\u001b]8;;x\u0007png'), 'not an image');
});

async function scan(format: string): Promise<string> {
  const run = await runCli(['scan', checkout, '--format', format]);
  expect(run.code, run.stderr).toBe(0);
  // Line breaks are the output's own layout; nothing else of the classes may be written.
  expect(rawCharacterIn(run.stdout, ['\n'])).toBeUndefined();
  expect(rawCharacterIn(run.stderr, ['\n'])).toBeUndefined();
  // Refused by its name before a byte is read, and counted once rather than listed.
  expect(run.stderr).toMatch(/^trusttrace: not read: 2 files of other types \(.*\.exe 1/m);
  expect(run.stderr).toContain('.\\u{1B}]8;;x\\u{7}png 1');
  return run.stdout;
}

describe('trusttrace scan on hostile names', { timeout: 90_000 }, () => {
  it('prints a table with every name escaped visibly', async () => {
    const table = await scan('table');
    expect(table).toContain('fetch_\\u{1B}[31mreport\\u{1B}[0m');
    expect(table).toContain('\\u{202E}');
  });

  it('prints JSON whose decoded strings hold no raw character either', async () => {
    const result = JSON.parse(await scan('json'));
    expectNoRawCharacters(result);
    expect(result.findings.length).toBeGreaterThan(10);
    expect(result.files_scanned).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\/mcp\\u\{202E\}nosj\.\\u\{200B\}x\\u\{E0041\}\.json$/),
      ]),
    );
    expect(result.file_errors).toEqual([]);
    const titles = result.findings.map((finding: { title: string }) => finding.title);
    expect(titles.some((title: string) => title.includes('target\\u{202E}gnp.exe'))).toBe(true);
  });

  it('writes SARIF whose results, locations and notifications hold no raw character', async () => {
    const sarif = JSON.parse(await scan('sarif'));
    // Rule help is our own Markdown: its paragraphs are the one place a line break belongs.
    expectNoRawCharacters(sarif, {
      allow: (where) => (/\.tool\.driver\.rules\[\d+\]\.help\./.test(where) ? ['\n'] : []),
    });
    const messages = sarif.runs[0].results.map(
      (result: { message: { text: string } }) => result.message.text,
    );
    expect(messages.some((text: string) => text.includes('\\u{1B}'))).toBe(true);
  });
});
