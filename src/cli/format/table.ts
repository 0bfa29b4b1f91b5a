// A report for people at a terminal: readable in 80 columns, colours only on a TTY, and every string
// that came from a scanned file made visible first, so no escape sequence reaches the terminal.
import { makeVisible } from '../../engine/evidence.js';
import type { Finding, Location, ScanResult, Severity } from '../../engine/types.js';
import { SEVERITIES } from '../../engine/types.js';

const WIDTH = 80;
const INDENT = 12;

const SEVERITY_COLOUR: Record<Severity, string> = {
  critical: '\x1b[1;31m',
  high: '\x1b[31m',
  medium: '\x1b[33m',
  low: '\x1b[36m',
  info: '\x1b[2m',
};
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';
const BOLD = '\x1b[1m';

export interface TableOptions {
  colour: boolean;
}

/** Wraps on spaces, breaking words longer than the width (long tokens, base64 blobs) anywhere. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    let rest = word;
    while (Array.from(rest).length > width) {
      if (line) {
        lines.push(line);
        line = '';
      }
      const points = Array.from(rest);
      lines.push(points.slice(0, width).join(''));
      rest = points.slice(width).join('');
    }
    if (!line) line = rest;
    else if (Array.from(line).length + 1 + Array.from(rest).length <= width) line += ` ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export function describeLocation(location: Location | null): string {
  if (!location) return '';
  const parts: string[] = [];
  if (location.file)
    parts.push([location.file, location.line, location.column].filter((p) => p !== undefined).join(':'));
  if (location.server && !location.file) parts.push(`server ${location.server}`);
  if (location.tool) parts.push(`tool ${location.tool}`);
  if (location.field) parts.push(location.field);
  return makeVisible(parts.join(' · '));
}

function paint(text: string, code: string, options: TableOptions): string {
  return options.colour ? `${code}${text}${RESET}` : text;
}

function formatFinding(finding: Finding, options: TableOptions): string[] {
  const out: string[] = [];
  const head = wrap(`${finding.id}  ${makeVisible(finding.title)}`, WIDTH - INDENT);
  const severity = finding.severity.padEnd(INDENT - 2);
  out.push(`${paint(severity, SEVERITY_COLOUR[finding.severity], options)}  ${head[0] ?? ''}`);
  for (const line of head.slice(1)) out.push(`${' '.repeat(INDENT)}${line}`);
  const pad = ' '.repeat(INDENT);
  const where = describeLocation(finding.location);
  for (const line of where ? wrap(where, WIDTH - INDENT) : []) out.push(paint(`${pad}${line}`, DIM, options));
  for (const line of wrap(`${finding.confidence}: ${makeVisible(finding.evidence)}`, WIDTH - INDENT))
    out.push(`${pad}${line}`);
  return out;
}

export function formatTable(result: ScanResult, options: TableOptions): string {
  const lines: string[] = [];
  const files = result.files_scanned.length;
  lines.push(
    paint(`TrustTrace: grade ${result.letter_grade}, score ${result.overall_score}/100`, BOLD, options),
    `${files} file${files === 1 ? '' : 's'} scanned, ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}`,
    '',
  );
  for (const finding of result.findings) lines.push(...formatFinding(finding, options), '');
  if (result.findings.length > 0) {
    const counts = SEVERITIES.map((s) => [s, result.findings.filter((f) => f.severity === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${n} ${s}`);
    lines.push(`Findings: ${counts.join(', ')}`);
  } else {
    lines.push('No findings.');
  }
  if (result.file_errors.length > 0) {
    lines.push('', 'Not fully scanned:');
    for (const { file, error } of result.file_errors) {
      const [first, ...rest] = wrap(makeVisible(`${file}: ${error}`), WIDTH - 4);
      lines.push(`  - ${first ?? ''}`, ...rest.map((l) => `    ${l}`));
    }
  }
  return `${lines.join('\n')}\n`;
}
