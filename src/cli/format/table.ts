// A report for people at a terminal: readable in 80 columns, colours only on a TTY, and every string
// that came from a scanned file made visible first, so no escape sequence reaches the terminal.
import { makeVisible } from '../../engine/evidence.js';
import type { ConfiguredServerInfo } from '../../engine/inventory.js';
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
  /** Live and launched servers in the scan, for the summary line. */
  servers?: number;
  /** Findings a baseline left out of the report. */
  baselineKnown?: number;
  /** The configured MCP servers, when the scan discovered or launched them. */
  inventory?: readonly ConfiguredServerInfo[];
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

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** `3 files and 2 servers scanned`: what the scan looked at, never `0 files` for a live scan. */
function scanned(result: ScanResult, servers: number): string {
  const parts = [
    ...(result.files_scanned.length > 0 || servers === 0
      ? [plural(result.files_scanned.length, 'file')]
      : []),
    ...(servers > 0 ? [plural(servers, 'server')] : []),
  ];
  return `${parts.join(' and ')} scanned`;
}

const INVENTORY_NAME = 16;

/** The configured servers, grouped by file: name, transport, whether pinned, and the command or URL. */
export function formatInventory(inventory: readonly ConfiguredServerInfo[]): string[] {
  const files = [...new Set(inventory.map((server) => server.file))];
  const lines = [
    `MCP servers configured: ${plural(inventory.length, 'server')} in ${plural(files.length, 'file')}`,
  ];
  for (const file of files) {
    const servers = inventory.filter((server) => server.file === file);
    lines.push(`  ${makeVisible(file)} (${servers[0]!.client})`);
    for (const server of servers) {
      const head = `    ${truncateName(server.server).padEnd(INVENTORY_NAME)} ${server.transport.padEnd(5)} ${server.pinning.padEnd(8)} `;
      const [first = '', ...rest] = wrap(server.shown, WIDTH - head.length);
      lines.push(`${head}${first}`, ...rest.map((line) => `${' '.repeat(head.length)}${line}`));
    }
  }
  return lines;
}

function truncateName(name: string): string {
  const points = Array.from(name);
  return points.length <= INVENTORY_NAME ? name : `${points.slice(0, INVENTORY_NAME - 1).join('')}…`;
}

function formatSuppressed(findings: readonly Finding[]): string[] {
  const lines = [`Suppressed (${findings.length}):`];
  for (const finding of findings) {
    const { reason, expires } = finding.suppressed!;
    const where = describeLocation(finding.location);
    const text = `${finding.id} ${where ? `${where} ` : ''}— ${makeVisible(reason)}${expires ? ` (until ${expires})` : ''}`;
    const [first = '', ...rest] = wrap(text, WIDTH - 4);
    lines.push(`  - ${first}`, ...rest.map((line) => `    ${line}`));
  }
  return lines;
}

export function formatTable(result: ScanResult, options: TableOptions): string {
  const lines: string[] = [];
  if (options.inventory && options.inventory.length > 0)
    lines.push(...formatInventory(options.inventory), '');
  const grade = paint(
    `TrustTrace: grade ${result.letter_grade}, score ${result.overall_score}/100`,
    BOLD,
    options,
  );
  const counted = result.findings.filter((finding) => !finding.suppressed);
  const suppressed = result.findings.filter((finding) => finding.suppressed);
  lines.push(
    grade,
    `${scanned(result, options.servers ?? 0)}, ${plural(counted.length, 'finding')}` +
      (suppressed.length > 0 ? ` (and ${suppressed.length} suppressed)` : ''),
    '',
  );
  for (const finding of counted) lines.push(...formatFinding(finding, options), '');
  if (counted.length > 0) {
    const counts = SEVERITIES.map((s) => [s, counted.filter((f) => f.severity === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${n} ${s}`);
    lines.push(`Findings: ${counts.join(', ')}`);
  } else {
    lines.push('No findings.');
  }
  if (suppressed.length > 0) lines.push('', ...formatSuppressed(suppressed));
  if (options.baselineKnown)
    lines.push(
      '',
      `${plural(options.baselineKnown, 'finding')} already in the baseline ${options.baselineKnown === 1 ? 'is' : 'are'} not shown.`,
    );
  if (result.file_errors.length > 0) {
    lines.push('', 'Not fully scanned:');
    for (const { file, error } of result.file_errors) {
      const [first, ...rest] = wrap(makeVisible(`${file}: ${error}`), WIDTH - 4);
      lines.push(`  - ${first ?? ''}`, ...rest.map((l) => `    ${l}`));
    }
  }
  // The verdict again where the eye ends up after a long list.
  lines.push('', grade);
  return `${lines.join('\n')}\n`;
}
