// What a scan returns when its input is hostile: repeats folded into counted findings, bounded in all,
// and a rule that fails reported as a gap that keeps the grade down (fail closed), never dropped.
import { describe, expect, it } from 'vitest';
import { MAX_FINDINGS_PER_RULE_AND_PLACE, MAX_FINDINGS_PER_SCAN } from '../../src/engine/bounds.js';
import { allRules } from '../../src/engine/rules/index.js';
import { scanFiles } from '../../src/engine/scan.js';
import { defineRule, type Rule } from '../../src/engine/types.js';

const SECRET_LINE = 'INTERNAL_API_TOKEN=9fQ2xL7mK3pR8vT1wZ6nB4cY0hJ5sD2g';

describe('bounded results', () => {
  it('folds a hundred thousand repeats of a rule in one file into one counted finding', async () => {
    const lines = Array.from({ length: 120_000 }, (_, i) => `password=Zq${i}Xk9Lm2Pq7Rt`);
    const result = await scanFiles([{ name: 'dump.txt', content: lines.join('\n') }]);
    const sec003 = result.findings.filter((f) => f.id === 'SEC-003');
    expect(sec003).toHaveLength(MAX_FINDINGS_PER_RULE_AND_PLACE);
    expect(sec003.slice(0, -1).map((f) => f.location?.line)).toEqual(
      Array.from({ length: MAX_FINDINGS_PER_RULE_AND_PLACE - 1 }, (_, i) => i + 1),
    );
    const folded = sec003.at(-1)!;
    // A handful of the values are too regular to count as secrets: about 119,980 are folded.
    expect(folded.evidence).toMatch(
      /^119,9\d\d more occurrences; first at lines 20, 21, 22, 23, 24, 25, 26, 27, 28, 29 …$/,
    );
    expect(folded.location).toMatchObject({ file: 'dump.txt', line: 20 });
    expect(JSON.stringify(result).length).toBeLessThan(100_000);
  });

  it('keeps a real secret found before megabytes of padding', async () => {
    for (const padding of ['password=\n'.repeat(300_000), 'a'.repeat(3_000_000), '"'.repeat(3_000_000)]) {
      const result = await scanFiles([{ name: 'settings.txt', content: `${SECRET_LINE}\n${padding}` }]);
      expect(result.incomplete).toBe(false);
      expect(result.findings).toContainEqual(
        expect.objectContaining({
          id: 'SEC-003',
          evidence: 'INTERNAL_API_TOKEN = 9f…sD2g',
          location: expect.objectContaining({ line: 1 }),
        }),
      );
    }
  });

  it('keeps about MAX_FINDINGS_PER_SCAN findings, most severe first, and folds the rest per rule', async () => {
    const files = Array.from({ length: 120 }, (_, i) => ({
      name: `env${i}.txt`,
      content: Array.from({ length: 12 }, (_, j) => `SERVICE_${j}_TOKEN=Zq${i}x${j}Xk9Lm2Pq7RtY8wE3`).join(
        '\n',
      ),
    }));
    const result = await scanFiles(files);
    expect(result.findings.length).toBeLessThanOrEqual(MAX_FINDINGS_PER_SCAN + 5);
    const folded = result.findings.filter((f) => f.evidence.includes('more occurrences across the scan'));
    expect(folded).not.toHaveLength(0);
    expect(folded[0]!.evidence).toMatch(/^[\d,]+ more occurrences across the scan; first at env\d+\.txt/);
  });
});

describe('hostile nesting', () => {
  it('reads 100,000 levels of nesting in every format as a bounded file error, never a crash', async () => {
    const n = 100_000;
    const files = [
      { name: 'deep.json', content: '['.repeat(n) + ']'.repeat(n) },
      { name: 'deep.yaml', content: `a: ${'['.repeat(n)}${']'.repeat(n)}` },
      { name: 'deep.toml', content: `a = ${'['.repeat(n)}${']'.repeat(n)}` },
      { name: 'deep.py', content: `x = ${'('.repeat(n)}1${')'.repeat(n)}` },
      { name: 'deep.ts', content: `const x = ${'['.repeat(n)}${']'.repeat(n)};` },
    ];
    const result = await scanFiles(files);
    expect(result.files_scanned).toEqual(files.map((file) => file.name));
    expect(result.file_errors.map((error) => error.file).sort()).toEqual(
      files.map((file) => file.name).sort(),
    );
    for (const { error } of result.file_errors) expect(error).toMatch(/nest|deep|call stack/i);
  });
});

describe('fail closed', () => {
  const explodes: Rule = defineRule({
    meta: { ...allRules.find((r) => r.meta.id === 'SEC-003')!.meta, id: 'TEST-001' },
    artifact: 'text-file',
    check(file) {
      if (file.text.includes('boom')) throw new RangeError('Maximum call stack size exceeded');
    },
  });

  it('reports a rule that threw as SCAN-001 on its file, marks the result incomplete and caps the grade', async () => {
    const result = await scanFiles(
      [
        { name: 'clean.txt', content: 'hello' },
        { name: 'boom.txt', content: 'boom' },
      ],
      { rules: [...allRules, explodes] },
    );
    expect(result.incomplete).toBe(true);
    expect(result.findings).toEqual([
      expect.objectContaining({
        id: 'SCAN-001',
        severity: 'high',
        confidence: 'confirmed',
        evidence: 'rule TEST-001 did not run on boom.txt: Maximum call stack size exceeded',
        location: { file: 'boom.txt' },
      }),
    ]);
    // Otherwise clean: without the gap this would be 100/A.
    expect(result.letter_grade).toBe('C');
    expect(result.overall_score).toBeLessThanOrEqual(79);
  });

  it('is complete when every rule ran', async () => {
    const result = await scanFiles([{ name: 'clean.txt', content: 'hello' }], {
      rules: [...allRules, explodes],
    });
    expect(result).toMatchObject({ incomplete: false, overall_score: 100, letter_grade: 'A', findings: [] });
  });

  it('reads a malformed percent-escape in a config URL without losing the rule', async () => {
    const config = {
      mcpServers: {
        db: { command: 'npx', args: ['-y', 'pg-mcp@1.2.0', 'postgres://admin:%E0%A4%A@db.example.com/app'] },
      },
    };
    const result = await scanFiles([{ name: 'claude_desktop_config.json', content: JSON.stringify(config) }]);
    expect(result.incomplete).toBe(false);
    expect(result.findings).toContainEqual(
      expect.objectContaining({ id: 'CFG-005', evidence: expect.stringContaining('password in URL') }),
    );
  });
});
