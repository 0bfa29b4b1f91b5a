// A regression guard on our own dev sets (bench/detection/dev: poisoned and honest definitions we
// wrote and tuned on, in several languages). They say nothing about attacks we have not seen — the
// sealed sets in bench/detection do — but a change that loses ground on them shows up here.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../../../../src/engine/rules/index.js';
import { scanFiles } from '../../../../../src/engine/scan.js';

interface DevRecord {
  label: 'malicious' | 'benign';
  tool: { name: string };
}

const devDir = new URL('../../../../../bench/detection/dev/', import.meta.url);
const records = readdirSync(devDir)
  .filter((file) => file.endsWith('.jsonl'))
  .flatMap((file) =>
    readFileSync(new URL(file, devDir), 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as DevRecord),
  );
const POISONING = new Set(allRules.filter((rule) => rule.meta.poisoning).map((rule) => rule.meta.id));

describe('the dev sets', () => {
  it('keeps recall at 90 % and false alarms under 3 %', { timeout: 60_000 }, async () => {
    let caught = 0;
    let falseAlarms = 0;
    for (const record of records) {
      const { findings } = await scanFiles([
        { name: 'tool.json', content: JSON.stringify({ tools: [record.tool] }) },
      ]);
      const flagged = findings.some(
        (f) => POISONING.has(f.id) && f.severity !== 'low' && f.severity !== 'info',
      );
      if (record.label === 'malicious' && flagged) caught++;
      if (record.label === 'benign' && flagged) falseAlarms++;
    }
    const poisoned = records.filter((r) => r.label === 'malicious').length;
    const honest = records.length - poisoned;
    expect(poisoned).toBeGreaterThan(100);
    expect(caught / poisoned).toBeGreaterThanOrEqual(0.9);
    expect(falseAlarms / honest).toBeLessThanOrEqual(0.03);
  });
});
