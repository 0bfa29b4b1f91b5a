import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import formats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const clean = 'test/fixtures/files/clean';
const poisoned = 'test/fixtures/files/poisoned';

// Each case spawns the CLI (a real process, as a user runs it); that is slow on a loaded machine.
describe('trusttrace scan', { timeout: 90_000 }, () => {
  it('prints the same object as a complete GET /v1/scan/{id} with --format json', async () => {
    const run = await runCli(['scan', poisoned, '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ status: 'complete', files_scanned: [`${poisoned}/tools.json`] });
    expect(result.scan_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.overall_score).toBeLessThan(100);
    const finding = result.findings[0];
    for (const field of [
      'id',
      'title',
      'severity',
      'owasp_category',
      'confidence',
      'description',
      'remediation',
      'evidence',
      'hipaa_mapping',
      'monitor_candidate',
      'cwe',
      'location',
    ]) {
      expect(finding, field).toHaveProperty(field);
    }
    expect(finding.location).toMatchObject({ file: `${poisoned}/tools.json`, tool: 'add_numbers' });
  });

  it('reads directories recursively and skips node_modules and .git', async () => {
    const run = await runCli(['scan', clean, '--format', 'json']);
    const result = JSON.parse(run.stdout);
    expect(result.files_scanned).toEqual([`${clean}/tools.json`]);
  });

  it('exits 0 under the thresholds and 1 over them', async () => {
    expect((await runCli(['scan', clean, '--fail-on', 'low', '--min-grade', 'A'])).code).toBe(0);
    expect((await runCli(['scan', poisoned, '--fail-on', 'high'])).code).toBe(1);
    expect((await runCli(['scan', poisoned, '--min-grade', 'A'])).code).toBe(1);
  });

  it('exits 2 with a clear message when the scan cannot be done', async () => {
    const missing = await runCli(['scan', 'no/such/dir']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read no\/such\/dir/);
    const badFormat = await runCli(['scan', clean, '--format', 'xml']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/--format must be one of table, json, sarif/);
    expect((await runCli(['scan', clean, '--fail-on', 'severe'])).code).toBe(2);
  });

  it('exits 0 with a note on stderr when a directory holds nothing to scan', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'tt-empty-'));
    writeFileSync(path.join(empty, 'README.md'), '# nothing for the scanner\n');
    const run = await runCli(['scan', empty]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('not read: 1 file of other types (.md 1)');
    expect(run.stderr).toContain(`nothing to scan in ${empty}`);
    expect(run.stdout).toContain('No findings.');
  });

  it('prints a table that fits 80 columns and lets no escape sequence through', async () => {
    const run = await runCli(['scan', poisoned]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/grade [A-F], score \d+\/100/);
    expect(run.stdout).toContain('add_numbers');
    expect(run.stdout).not.toMatch(/\u001b/);
    for (const line of run.stdout.split('\n')) expect(Array.from(line).length, line).toBeLessThanOrEqual(80);
  });

  it('writes valid SARIF 2.1.0 that GitHub code scanning accepts, to --output', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'tt-sarif-')), 'out.sarif');
    const run = await runCli(['scan', poisoned, '--format', 'sarif', '--output', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    const sarif = JSON.parse(readFileSync(out, 'utf8'));
    const schema = createRequire(import.meta.url)('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    // Both are CommonJS modules whose default export sits one level down under NodeNext.
    const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
    formats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const [run0] = sarif.runs;
    expect(run0.results.length).toBeGreaterThan(0);
    for (const rule of run0.tool.driver.rules) {
      expect(rule.help.text.length).toBeGreaterThan(0);
      expect(Number(rule.properties['security-severity'])).toBeGreaterThan(0);
      expect(rule.properties.tags).toContain('security');
    }
    for (const result of run0.results) {
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe(`${poisoned}/tools.json`);
      expect(result.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
      expect(result.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{32}$/);
    }
  });
});
