// A PDF report of one scan, for a person who hands it to an auditor: cover with target, date, score
// and grade; a summary by severity with a chart; OWASP LLM categories; every finding with its evidence,
// location, remediation, CWE and (when the tier shows it) HIPAA citation; and a methodology page.
// Every string that came from a scanned server or file is made visible (no control characters),
// bounded, and stripped of glyphs the embedded font lacks, so hostile text can only ever print as text.
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { makeVisible, truncate } from '../engine/evidence.js';
import { CAPS, CONFIDENCE_WEIGHT, GRADE_FLOORS, REPEAT_DECAY, SEVERITY_PENALTY } from '../engine/score.js';
import type { Finding, Grade, Location, OwaspLlmCategory, Severity } from '../engine/types.js';
import { SEVERITIES } from '../engine/types.js';

export interface ReportInput {
  scanId: string;
  /** What was scanned: a server URL or the list of uploaded files. */
  target: string;
  kind: 'mcp' | 'upload';
  createdAt: Date;
  overall_score: number;
  letter_grade: Grade;
  /** Findings as the account's tier sees them (hipaa_mapping is null below enterprise). */
  findings: Finding[];
}

const require = createRequire(import.meta.url);
const FONT_REGULAR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');
const FONT_MONO = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf');

// The regular face covers at least what the bold and mono faces do; checking one keeps it simple.
let coverage: fontkit.Font | undefined;
function fontCoverage(): fontkit.Font {
  coverage ??= fontkit.openSync(FONT_REGULAR) as fontkit.Font;
  return coverage;
}

const MAX_FIELD = 2_000;

/** Visible, bounded, and only glyphs the font has: anything else prints as U+FFFD-like `?`. */
export function printable(text: string, max = MAX_FIELD): string {
  const font = fontCoverage();
  const visible = truncate(makeVisible(text), max);
  let out = '';
  for (const ch of visible) out += font.hasGlyphForCodePoint(ch.codePointAt(0)!) ? ch : '?';
  return out;
}

const SEVERITY_COLOUR: Record<Severity, string> = {
  critical: '#8b0000',
  high: '#d9480f',
  medium: '#e0a800',
  low: '#1c7ed6',
  info: '#868e96',
};

const GRADE_COLOUR: Record<Grade, string> = {
  A: '#2b8a3e',
  B: '#5c940d',
  C: '#e0a800',
  D: '#d9480f',
  F: '#8b0000',
};

const OWASP_LLM: Record<OwaspLlmCategory, string> = {
  LLM01: 'Prompt Injection',
  LLM02: 'Sensitive Information Disclosure',
  LLM03: 'Supply Chain',
  LLM04: 'Data and Model Poisoning',
  LLM05: 'Improper Output Handling',
  LLM06: 'Excessive Agency',
  LLM07: 'System Prompt Leakage',
  LLM08: 'Vector and Embedding Weaknesses',
  LLM09: 'Misinformation',
  LLM10: 'Unbounded Consumption',
};

const MARGIN = 56;

function describeLocation(location: Location | null): string {
  if (!location) return '—';
  const parts: string[] = [];
  if (location.file)
    parts.push([location.file, location.line, location.column].filter((p) => p !== undefined).join(':'));
  if (location.server) parts.push(`server ${location.server}`);
  if (location.tool) parts.push(`tool ${location.tool}`);
  if (location.field) parts.push(`field ${location.field}`);
  return parts.join(' · ') || '—';
}

export function renderReport(input: ReportInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: {
      Title: `TrustTrace security report ${input.scanId}`,
      Author: 'TrustTrace',
      Subject: printable(input.target, 200),
      CreationDate: input.createdAt,
    },
  });
  doc.registerFont('regular', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  doc.registerFont('mono', FONT_MONO);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  drawCover(doc, input);
  doc.addPage();
  drawSummary(doc, input);
  drawFindings(doc, input);
  doc.addPage();
  drawMethodology(doc);
  drawFooters(doc, input);
  doc.end();
  return done;
}

type Doc = PDFKit.PDFDocument;

function contentWidth(doc: Doc): number {
  return doc.page.width - MARGIN * 2;
}

function heading(doc: Doc, text: string, size = 16): void {
  doc
    .font('bold')
    .fontSize(size)
    .fillColor('#212529')
    .text(text, { width: contentWidth(doc) });
  doc.moveDown(0.5);
}

function paragraph(
  doc: Doc,
  text: string,
  options: { size?: number; colour?: string; font?: string } = {},
): void {
  doc
    .font(options.font ?? 'regular')
    .fontSize(options.size ?? 10)
    .fillColor(options.colour ?? '#212529')
    .text(text, { width: contentWidth(doc), lineGap: 1.5 });
}

function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

function drawCover(doc: Doc, input: ReportInput): void {
  doc.font('bold').fontSize(28).fillColor('#212529').text('TrustTrace', MARGIN, 120);
  doc.font('regular').fontSize(16).fillColor('#495057').text('Security report');
  doc.moveDown(2);
  const rows: [string, string][] = [
    ['Target', printable(input.target, 500)],
    ['Scan type', input.kind === 'mcp' ? 'Live MCP server' : 'Uploaded files'],
    ['Scan id', input.scanId],
    ['Date', input.createdAt.toISOString().replace('T', ' ').slice(0, 16) + ' UTC'],
    ['Findings', String(input.findings.length)],
  ];
  for (const [label, value] of rows) {
    doc.font('bold').fontSize(11).fillColor('#495057').text(label, MARGIN, doc.y, { continued: false });
    doc
      .font('regular')
      .fontSize(11)
      .fillColor('#212529')
      .text(value, { width: contentWidth(doc) });
    doc.moveDown(0.4);
  }
  const top = doc.y + 30;
  const colour = GRADE_COLOUR[input.letter_grade];
  doc.roundedRect(MARGIN, top, 140, 140, 12).fill(colour);
  doc
    .font('bold')
    .fontSize(80)
    .fillColor('#ffffff')
    .text(input.letter_grade, MARGIN, top + 22, { width: 140, align: 'center' });
  doc
    .font('bold')
    .fontSize(36)
    .fillColor('#212529')
    .text(`${input.overall_score} / 100`, MARGIN + 170, top + 30);
  const counts = countBySeverity(input.findings);
  doc
    .font('regular')
    .fontSize(12)
    .fillColor('#495057')
    .text(
      SEVERITIES.filter((s) => s !== 'info')
        .map((s) => `${counts[s]} ${s}`)
        .join(' · '),
      MARGIN + 170,
      top + 80,
    );
}

function drawSummary(doc: Doc, input: ReportInput): void {
  heading(doc, 'Summary by severity');
  const counts = countBySeverity(input.findings);
  const max = Math.max(1, ...Object.values(counts));
  const barWidth = contentWidth(doc) - 140;
  for (const severity of SEVERITIES) {
    const y = doc.y;
    doc
      .font('regular')
      .fontSize(10)
      .fillColor('#212529')
      .text(severity, MARGIN, y + 2, { width: 80 });
    const width = Math.max(2, (counts[severity] / max) * barWidth);
    doc.rect(MARGIN + 85, y, width, 14).fill(SEVERITY_COLOUR[severity]);
    doc.fillColor('#212529').text(String(counts[severity]), MARGIN + 90 + width, y + 2);
    doc.y = y + 22;
  }
  doc.x = MARGIN;
  doc.moveDown();
  heading(doc, 'OWASP Top 10 for LLM Applications (2025)');
  const byCategory = new Map<OwaspLlmCategory, number>();
  for (const finding of input.findings)
    byCategory.set(finding.owasp_category, (byCategory.get(finding.owasp_category) ?? 0) + 1);
  for (const [category, name] of Object.entries(OWASP_LLM) as [OwaspLlmCategory, string][]) {
    const count = byCategory.get(category) ?? 0;
    paragraph(
      doc,
      `${category}  ${name}: ${count === 0 ? 'no findings' : `${count} finding${count === 1 ? '' : 's'}`}`,
      {
        colour: count === 0 ? '#868e96' : '#212529',
      },
    );
  }
  doc.moveDown();
}

function drawFindings(doc: Doc, input: ReportInput): void {
  heading(doc, 'Findings');
  if (input.findings.length === 0) {
    paragraph(doc, 'No findings. Nothing TrustTrace checks for was found.');
    return;
  }
  input.findings.forEach((finding, index) => {
    if (doc.y > doc.page.height - MARGIN - 120) doc.addPage();
    doc
      .font('bold')
      .fontSize(11)
      .fillColor(SEVERITY_COLOUR[finding.severity])
      .text(`${index + 1}. [${finding.severity.toUpperCase()}] `, MARGIN, doc.y, { continued: true })
      .fillColor('#212529')
      .text(`${finding.id} ${printable(finding.title, 300)}`, { width: contentWidth(doc) });
    const mappings = [
      `Confidence: ${finding.confidence}`,
      `OWASP ${finding.owasp_category} ${OWASP_LLM[finding.owasp_category]}`,
      finding.owasp_mcp ? `OWASP MCP ${finding.owasp_mcp}` : undefined,
      finding.cwe ?? undefined,
      finding.hipaa_mapping ? `HIPAA ${finding.hipaa_mapping}` : undefined,
    ].filter(Boolean);
    paragraph(doc, mappings.join(' · '), { size: 9, colour: '#495057' });
    paragraph(doc, `Location: ${printable(describeLocation(finding.location), 500)}`, {
      size: 9,
      colour: '#495057',
    });
    if (finding.suppressed)
      paragraph(
        doc,
        `Suppressed by the project, not counted in the score: ${printable(finding.suppressed.reason, 300)}` +
          (finding.suppressed.expires ? ` (until ${finding.suppressed.expires})` : ''),
        { size: 9, colour: '#495057' },
      );
    doc.moveDown(0.3);
    if (finding.description) paragraph(doc, printable(finding.description));
    if (finding.evidence) {
      doc.moveDown(0.3);
      paragraph(doc, `Evidence: ${printable(finding.evidence)}`, {
        font: 'mono',
        size: 8.5,
        colour: '#343a40',
      });
    }
    if (finding.remediation) {
      doc.moveDown(0.3);
      paragraph(doc, `Remediation: ${printable(finding.remediation)}`);
    }
    doc.moveDown(0.9);
  });
}

function drawMethodology(doc: Doc): void {
  heading(doc, 'Methodology');
  paragraph(
    doc,
    'TrustTrace connects to a live MCP server over Streamable HTTP (falling back to SSE) and checks its authentication, TLS, OAuth metadata, Origin and CORS handling (DNS rebinding), sessions, protocol version, and every tool, prompt and resource definition it serves. Uploaded files are classified and parsed in memory: MCP client configurations, tool schemas, manifests and lockfiles, and Python, JavaScript and TypeScript source. Nothing a scanned server or file says is executed.',
  );
  doc.moveDown(0.5);
  paragraph(
    doc,
    'Rule families: MCP (live server transport and authentication), TOOL (poisoned, hidden or dangerous definitions), CFG (client configurations), SEC (secrets), DEP (vulnerable, unpinned or typosquatted dependencies), CODE (injection and unsafe calls in source). Each finding carries a confidence: confirmed (proved by the scan), likely (strong signs), possible (signs worth a look).',
  );
  doc.moveDown();
  heading(doc, 'Scoring model', 13);
  const penalties = SEVERITIES.map((s) => `${s} ${SEVERITY_PENALTY[s]}`).join(', ');
  const weights = Object.entries(CONFIDENCE_WEIGHT)
    .map(([c, w]) => `${c} × ${w}`)
    .join(', ');
  paragraph(
    doc,
    `The score starts at 100. Each finding takes off points by severity (${penalties}), weighted by confidence (${weights}). The k-th finding of the same rule counts × ${REPEAT_DECAY}^(k−1). The score is rounded and never below 0.`,
  );
  doc.moveDown(0.5);
  paragraph(doc, `Caps: ${CAPS.map((c) => `${c.when} keeps the score at or below ${c.max}`).join('; ')}.`);
  doc.moveDown(0.5);
  paragraph(doc, `Grades: ${GRADE_FLOORS.map(([grade, floor]) => `${grade} from ${floor}`).join(', ')}.`);
}

function drawFooters(doc: Doc, input: ReportInput): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - MARGIN + 16;
    // Writing inside the bottom margin would make pdfkit start a new page; lift the margin meanwhile.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(8)
      .fillColor('#868e96')
      .text(`TrustTrace report ${input.scanId} · page ${i + 1} of ${range.count}`, MARGIN, y, {
        width: contentWidth(doc),
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}
