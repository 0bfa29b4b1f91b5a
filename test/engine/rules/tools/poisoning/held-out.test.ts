// The held-out set: poisoned and honest tool descriptions written for this test in nine languages,
// never used to write a lexicon entry. Each is scanned as its own server through the whole engine, as
// bench/detection does; the same file runs through the bench for recall and FPR figures
// (`npx tsx bench/detection/run.ts test/engine/rules/tools/poisoning/held-out.jsonl`).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../../../../src/engine/rules/index.js';
import { scanFiles } from '../../../../../src/engine/scan.js';

interface HeldOutRecord {
  id: string;
  label: 'malicious' | 'benign';
  /** conversation, secrets-in-chat, destination, override, smuggling; null for honest tools. */
  attack: string | null;
  lang: string;
  tool: { name: string; description: string };
}

const records = readFileSync(new URL('./held-out.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as HeldOutRecord);

const POISONING_RULES = new Set(allRules.filter((r) => r.meta.poisoning).map((r) => r.meta.id));
const SEVERITY_RANK = { info: 0, low: 1, medium: 2, high: 3, critical: 4 } as const;

async function strongestPoisoningFinding(record: HeldOutRecord) {
  const file = { name: `${record.tool.name}.json`, content: JSON.stringify({ tools: [record.tool] }) };
  const { findings } = await scanFiles([file]);
  return findings
    .filter((f) => POISONING_RULES.has(f.id) && f.location?.tool === record.tool.name)
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity])[0];
}

describe('held-out poisoning set', () => {
  it('holds at least 40 poisoned and 40 honest descriptions in several languages', () => {
    expect(records.filter((r) => r.label === 'malicious').length).toBeGreaterThanOrEqual(40);
    expect(records.filter((r) => r.label === 'benign').length).toBeGreaterThanOrEqual(40);
    expect(new Set(records.map((r) => r.lang)).size).toBeGreaterThanOrEqual(8);
  });

  for (const record of records.filter((r) => r.label === 'malicious'))
    it(`flags ${record.id} (${record.attack}, ${record.lang})`, async () => {
      const finding = await strongestPoisoningFinding(record);
      expect(finding, record.tool.description).toBeDefined();
      expect(SEVERITY_RANK[finding!.severity]).toBeGreaterThanOrEqual(SEVERITY_RANK.medium);
      // Telling the model to drop its instructions is never a mild finding.
      if (record.attack === 'override') {
        expect(SEVERITY_RANK[finding!.severity]).toBeGreaterThanOrEqual(SEVERITY_RANK.high);
        expect(['likely', 'confirmed']).toContain(finding!.confidence);
      }
    });

  for (const record of records.filter((r) => r.label === 'benign'))
    it(`stays silent on ${record.id} (${record.lang})`, async () => {
      const finding = await strongestPoisoningFinding(record);
      const reported = finding && SEVERITY_RANK[finding.severity] >= SEVERITY_RANK.medium;
      expect(reported ? finding.evidence : undefined, record.tool.description).toBeUndefined();
    });
});
