// An incomplete scan (a rule that did not run) in the CLI's outputs: exit 2 unless --allow-incomplete,
// and in SARIF a failed invocation with a tool execution notification per gap.
import { createRequire } from 'node:module';
import AjvDraft04 from 'ajv-draft-04';
import formats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { formatSarif } from '../../src/cli/format/sarif.js';
import { exitCodeFor } from '../../src/cli/scan.js';
import { allRules } from '../../src/engine/rules/index.js';
import { scanFiles } from '../../src/engine/scan.js';
import { defineRule } from '../../src/engine/types.js';

const failsOnBigFiles = defineRule({
  meta: { ...allRules[0]!.meta, id: 'TEST-002' },
  artifact: 'text-file',
  check(file) {
    if (file.text.length > 10) throw new Error('input too large for this rule');
  },
});

async function incompleteScan() {
  return scanFiles(
    [
      { name: 'a.txt', content: 'short' },
      { name: 'b.txt', content: 'a longer file' },
    ],
    { rules: [...allRules, failsOnBigFiles] },
  );
}

describe('an incomplete scan in the CLI', () => {
  it('exits 2 unless --allow-incomplete, then by the thresholds', async () => {
    const result = await incompleteScan();
    expect(result.incomplete).toBe(true);
    expect(exitCodeFor(result, {})).toBe(2);
    expect(exitCodeFor(result, { allowIncomplete: true })).toBe(0);
    // The gap is a high finding: --fail-on high trips on it once the scan is accepted.
    expect(exitCodeFor(result, { allowIncomplete: true, failOn: 'high' })).toBe(1);
    expect(exitCodeFor({ ...result, incomplete: false, findings: [] }, {})).toBe(0);
  });

  it('writes a failed invocation with a notification per gap in valid SARIF', async () => {
    const sarif = JSON.parse(formatSarif(await incompleteScan(), '0.0.0'));
    const schema = createRequire(import.meta.url)('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
    formats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const [run] = sarif.runs;
    expect(run.invocations).toEqual([
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          {
            level: 'error',
            message: { text: 'rule TEST-002 did not run on b.txt: input too large for this rule' },
            descriptor: { id: 'SCAN-001' },
          },
        ],
      },
    ]);
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toContain('SCAN-001');
  });
});
