// Two realistic vulnerable servers (FastMCP and the TypeScript SDK): every CODE finding, exactly, by
// id, line and tool — and nothing on the handlers written safely.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codeRules } from '../../../../src/engine/rules/code/index.js';
import { scanFiles } from '../../../../src/engine/scan.js';

const fixture = (name: string) => ({
  name,
  content: readFileSync(new URL(`../../../fixtures/code/${name}`, import.meta.url)),
});

async function codeFindings(name: string) {
  const result = await scanFiles([fixture(name)], { rules: codeRules });
  expect(result.file_errors).toEqual([]);
  return result.findings
    .map((f) => [f.id, f.location?.line, f.location?.tool ?? null, f.confidence])
    .sort((a, b) => (a[1] as number) - (b[1] as number));
}

describe('vulnerable servers', () => {
  it('finds every planted flaw in the FastMCP server, and only those', async () => {
    expect(await codeFindings('vulnerable_fastmcp.py')).toEqual([
      ['CODE-001', 29, 'search_logs', 'likely'],
      ['CODE-003', 37, 'find_notes', 'likely'],
      ['CODE-007', 53, 'read_document', 'likely'],
      ['CODE-005', 69, 'fetch_status', 'likely'],
      ['CODE-006', 70, 'fetch_status', 'likely'],
      ['CODE-004', 77, 'restore_session', 'likely'],
      ['CODE-002', 84, 'compute', 'likely'],
      ['CODE-009', 95, 'fix_service', 'likely'],
      ['CODE-010', 96, 'fix_service', 'likely'],
      ['CODE-008', 100, null, 'likely'],
    ]);
  });

  it('finds every planted flaw in the TypeScript SDK server, and only those', async () => {
    expect(await codeFindings('vulnerable-sdk-server.ts')).toEqual([
      ['CODE-001', 20, 'run_build', 'likely'],
      ['CODE-007', 33, 'read_source', 'likely'],
      ['CODE-005', 53, 'preview_link', 'likely'],
      ['CODE-006', 56, 'preview_link', 'likely'],
      ['CODE-002', 63, 'evaluate', 'likely'],
      ['CODE-009', 68, null, 'likely'],
      ['CODE-008', 69, null, 'likely'],
    ]);
  });

  it('runs the TOOL rules on the definitions written in source, with file and line', async () => {
    const result = await scanFiles([fixture('vulnerable_fastmcp.py')]);
    const toolFindings = result.findings.filter((f) => f.id.startsWith('TOOL-'));
    expect(toolFindings.length).toBeGreaterThan(0);
    for (const finding of toolFindings) {
      expect(finding.location).toMatchObject({ file: 'vulnerable_fastmcp.py', line: expect.any(Number) });
    }
  });
});
