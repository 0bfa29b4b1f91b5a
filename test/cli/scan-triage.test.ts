// Triage that sticks: a .trusttrace.yaml at the scanned root suppresses findings with a reason (they stay
// in JSON and SARIF, marked, but cross no threshold), an expired entry resurfaces the finding and is one
// itself, an entry without a reason is an error, and a baseline keeps CI quiet until something new
// appears.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

/** Scans the repository from inside it, as CI does: findings name files relative to it. */
function scanRepo(args: string[]) {
  return runCli(['scan', '.', ...args], { cwd: repo });
}

const poisoned = path.resolve('test/fixtures/files/poisoned/tools.json');

interface JsonFinding {
  id: string;
  severity: string;
  fingerprint: string;
  suppressed?: { reason: string; expires?: string };
}

let repo: string;
let ids: string[];

function suppressAll(extra: Record<string, string> = {}): string {
  return `suppress:\n${ids
    .map(
      (id) =>
        `  - rule: ${id}\n    reason: "reviewed: a fixture"\n${Object.entries(extra)
          .map(([key, value]) => `    ${key}: ${value}\n`)
          .join('')}`,
    )
    .join('')}`;
}

beforeAll(async () => {
  repo = mkdtempSync(path.join(tmpdir(), 'tt-triage-'));
  mkdirSync(path.join(repo, 'configs'));
  copyFileSync(poisoned, path.join(repo, 'configs', 'tools.json'));
  const run = await scanRepo(['--format', 'json']);
  const findings = JSON.parse(run.stdout).findings as JsonFinding[];
  ids = [...new Set(findings.map((finding) => finding.id))];
  expect(findings.some((finding) => ['critical', 'high'].includes(finding.severity))).toBe(true);
}, 90_000);

describe('trusttrace scan: suppressions and baselines', { timeout: 90_000 }, () => {
  it('keeps suppressed findings in JSON and SARIF, counts none of them, and exits 0', async () => {
    writeFileSync(path.join(repo, '.trusttrace.yaml'), suppressAll({ path: '"configs/*.json"' }));
    const json = await scanRepo(['--format', 'json', '--fail-on', 'low']);
    expect(json.code, json.stderr).toBe(0);
    const result = JSON.parse(json.stdout) as { overall_score: number; findings: JsonFinding[] };
    expect(result.overall_score).toBe(100);
    expect(result.findings.length).toBeGreaterThan(0);
    for (const finding of result.findings) expect(finding.suppressed?.reason).toBe('reviewed: a fixture');

    const sarif = await scanRepo(['--format', 'sarif']);
    const results = JSON.parse(sarif.stdout).runs[0].results as { suppressions?: unknown[] }[];
    expect(results.length).toBe(result.findings.length);
    for (const entry of results)
      expect(entry.suppressions).toEqual([
        { kind: 'external', status: 'accepted', justification: 'reviewed: a fixture' },
      ]);
  });

  it('resurfaces a finding whose suppression expired, and reports the expiry', async () => {
    writeFileSync(path.join(repo, '.trusttrace.yaml'), suppressAll({ expires: '2020-01-31' }));
    const run = await scanRepo(['--format', 'json', '--fail-on', 'high']);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as { findings: JsonFinding[] };
    expect(result.findings.filter((finding) => finding.suppressed)).toEqual([]);
    expect(result.findings.filter((finding) => finding.id === 'SCAN-002')).toHaveLength(ids.length);
    expect(run.stderr).toMatch(
      /^trusttrace: exit 1: [A-Z]+-\d+ \((critical|high)\) at configs\/tools\.json/m,
    );
  });

  it('refuses an entry without a reason (exit 2, naming the line)', async () => {
    writeFileSync(path.join(repo, '.trusttrace.yaml'), `suppress:\n  - rule: ${ids[0]}\n`);
    const run = await scanRepo([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('suppress[1] (line 2) needs a `reason`');
  });

  it('reports only findings that are not in the baseline', async () => {
    writeFileSync(path.join(repo, '.trusttrace.yaml'), 'suppress: []\n');
    const baseline = path.join(mkdtempSync(path.join(tmpdir(), 'tt-baseline-')), 'baseline.json');
    const written = await scanRepo(['--write-baseline', baseline, '--format', 'json']);
    const all = JSON.parse(written.stdout).findings as JsonFinding[];
    expect(JSON.parse(readFileSync(baseline, 'utf8')).findings).toHaveLength(all.length);

    const quiet = await scanRepo(['--baseline', baseline, '--fail-on', 'low']);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stdout).toContain('No findings.');
    expect(quiet.stdout).toContain(`${all.length} findings already in the baseline are not shown.`);

    // A second copy of the same problem is new.
    copyFileSync(poisoned, path.join(repo, 'configs', 'more-tools.json'));
    const loud = await scanRepo(['--baseline', baseline, '--format', 'json', '--fail-on', 'high']);
    expect(loud.code).toBe(1);
    const fresh = JSON.parse(loud.stdout) as { findings: JsonFinding[]; baseline: { known: number } };
    expect(fresh.baseline.known).toBe(all.length);
    expect(fresh.findings.length).toBe(all.length);
    expect(loud.stderr).toContain('at configs/more-tools.json');
  });
});
