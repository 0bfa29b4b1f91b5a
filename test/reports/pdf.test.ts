import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { printable, renderReport, type ReportInput } from '../../src/reports/pdf.js';
import type { Finding, Severity } from '../../src/engine/types.js';

function finding(i: number, overrides: Partial<Finding> = {}): Finding {
  const severities: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
  return {
    id: `TOOL-${100 + (i % 7)}`,
    title: `Finding number ${i}`,
    severity: severities[i % severities.length]!,
    owasp_category: i % 2 ? 'LLM01' : 'LLM06',
    owasp_mcp: 'MCP03',
    cwe: 'CWE-94',
    confidence: 'likely',
    description: 'The tool description instructs the model to read files it has no business with. '.repeat(3),
    remediation: 'Remove the instruction from the description and review the server that served it.',
    evidence: `evidence-${i}`,
    hipaa_mapping: '45 CFR 164.312(a)(1)',
    monitor_candidate: false,
    location: { file: 'tools.json', line: i + 1, column: 5, tool: `tool_${i}`, field: 'description' },
    ...overrides,
  };
}

function report(findings: Finding[]): ReportInput {
  return {
    scanId: '3f1c2b9e-0000-4000-8000-000000000001',
    target: 'https://mcp.example.com/mcp',
    kind: 'mcp',
    createdAt: new Date('2026-03-06T14:30:00Z'),
    overall_score: 43,
    letter_grade: 'D',
    findings,
  };
}

function pdfTools(pdf: Buffer): { pages: number; text: string; pngs: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'tt-report-'));
  const file = path.join(dir, 'report.pdf');
  writeFileSync(file, pdf);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  // Lines wrap wherever the layout puts them: compare text with whitespace collapsed.
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  execFileSync('pdftoppm', ['-png', '-r', '40', file, path.join(dir, 'page')]);
  const pngs = readdirSync(dir).filter((name) => name.endsWith('.png'));
  return { pages, text, pngs };
}

describe('PDF report', () => {
  it('has a cover, a summary, every finding and a methodology page', async () => {
    const pdf = await renderReport(report(Array.from({ length: 12 }, (_, i) => finding(i))));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { pages, text, pngs } = pdfTools(pdf);
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(pngs).toHaveLength(pages);
    expect(text).toContain('https://mcp.example.com/mcp');
    expect(text).toMatch(/43 \/ 100/);
    expect(text).toContain('Summary by severity');
    expect(text).toContain('LLM01 Prompt Injection');
    for (let i = 0; i < 12; i++) expect(text).toContain(`Finding number ${i}`);
    expect(text).toContain('HIPAA 45 CFR 164.312(a)(1)');
    expect(text).toContain('Methodology');
    expect(text).toContain(`page ${pages} of ${pages}`);
  });

  it('renders hostile text safely: controls, bidi, RTL, CJK, very long tokens', async () => {
    const hostile = finding(0, {
      title: 'Evil \u202Etxt.exe\u202C title \u001b[31mred\u001b[0m',
      evidence: `\u0000\u0007 عربي עברית 中文 русский 🔥 \u{E0041}\u{E0042} ${'Z'.repeat(3000)}`,
      description: 'x'.repeat(20_000),
      location: { tool: 'a'.repeat(5000), field: 'description' },
    });
    const pdf = await renderReport(report([hostile, finding(1)]));
    const { pages, text } = pdfTools(pdf);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(pages).toBeLessThan(20);
    expect(text).toContain('Evil \\u{202E}txt.exe');
    expect(text).not.toMatch(/[\u0000-\u0008\u001b\u202e]/);
    expect(text).toContain('русский');
    expect(text).toContain('Finding number 1');
  });

  it('says so when there are no findings', async () => {
    const { text } = pdfTools(await renderReport({ ...report([]), overall_score: 100, letter_grade: 'A' }));
    expect(text).toContain('No findings');
  });

  it('keeps only glyphs the embedded font has', () => {
    expect(printable('ok \u4E2D \u0007')).toBe('ok ? \\u{7}');
  });
});
