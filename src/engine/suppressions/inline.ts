// `trusttrace-ignore RULE-ID: reason` comments in code, YAML, TOML, JSONC and requirements files. Only
// real comments count, found by each language's own tokenizer (the `yaml` lexer, the TypeScript parser,
// the JSONC scanner, a quote-aware `#` scanner for Python and TOML): a tool description or any other
// string that merely contains the words cannot suppress the finding about itself. A comment alone on
// its line covers the next line that is not a comment; a comment after code covers its own line.
import { createScanner, type SyntaxKind } from 'jsonc-parser';
import { CST, Lexer } from 'yaml';
import type { FileType } from '../collect/files/classify.js';
import { lineIndex } from '../collect/files/positions.js';
import { toEvidence } from '../evidence.js';
import type { Finding, ScanResult } from '../types.js';
import { isScannerFinding, withFindings } from '../result.js';

const MARKER = 'trusttrace-ignore';

interface Comment {
  /** Character offsets of the whole comment, markers included. */
  start: number;
  end: number;
  /** The text inside the markers. */
  body: string;
}

export interface InlineIgnore {
  file: string;
  rule: string;
  reason: string;
  /** The line whose findings it covers. */
  line: number;
}

/** `#` comments of Python, TOML and requirements files, outside single, double and triple quotes. */
function hashComments(text: string, backslashEscapesIn: (quote: string) => boolean): Comment[] {
  const comments: Comment[] = [];
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\' && backslashEscapesIn(quote)) i++;
      else if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = '';
      } else if (ch === '\n' && quote.length === 1) quote = ''; // single-line strings end with the line
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      i += quote.length - 1;
    } else if (ch === '#') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      comments.push({ start: i, end: stop, body: text.slice(i + 1, stop) });
      i = stop;
    }
  }
  return comments;
}

function yamlComments(text: string): Comment[] {
  const comments: Comment[] = [];
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    // The lexer's control tokens mark structure and take no room in the source.
    if (type === 'doc-mode' || type === 'flow-error-end' || type === 'scalar') continue;
    if (type === 'comment')
      comments.push({ start: offset, end: offset + token.length, body: token.slice(1) });
    offset += token.length;
  }
  return comments;
}

// jsonc-parser declares its token kinds as a const enum, which isolated modules cannot read at run time.
const LINE_COMMENT = 12 as SyntaxKind.LineCommentTrivia;
const BLOCK_COMMENT = 13 as SyntaxKind.BlockCommentTrivia;
const END_OF_FILE = 17 as SyntaxKind.EOF;

function jsonComments(text: string): Comment[] {
  const comments: Comment[] = [];
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan(); kind !== END_OF_FILE; kind = scanner.scan()) {
    if (kind !== LINE_COMMENT && kind !== BLOCK_COMMENT) continue;
    const start = scanner.getTokenOffset();
    const raw = text.slice(start, start + scanner.getTokenLength());
    const body = kind === LINE_COMMENT ? raw.slice(2) : raw.slice(2, -2);
    comments.push({ start, end: start + raw.length, body });
  }
  return comments;
}

/** Comments of JS and TS, from the parser's own trivia around every node (walked without recursion). */
async function scriptComments(name: string, text: string, type: FileType): Promise<Comment[]> {
  const { default: ts } = await import('typescript');
  let sourceFile: import('typescript').SourceFile;
  try {
    const kind = type === 'typescript' ? ts.ScriptKind.TS : ts.ScriptKind.JS;
    sourceFile = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, false, kind);
  } catch {
    return []; // nesting too deep for the parser: the code collector reports the file
  }
  const seen = new Map<number, Comment>();
  const add = (ranges: readonly import('typescript').CommentRange[] | undefined) => {
    for (const range of ranges ?? []) {
      if (seen.has(range.pos)) continue;
      const raw = text.slice(range.pos, range.end);
      const body = range.kind === ts.SyntaxKind.SingleLineCommentTrivia ? raw.slice(2) : raw.slice(2, -2);
      seen.set(range.pos, { start: range.pos, end: range.end, body });
    }
  };
  const stack: import('typescript').Node[] = [sourceFile];
  while (stack.length > 0) {
    const node = stack.pop()!;
    add(ts.getLeadingCommentRanges(text, node.pos));
    add(ts.getTrailingCommentRanges(text, node.end));
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return [...seen.values()].sort((a, b) => a.start - b.start);
}

async function commentsOf(name: string, type: FileType, text: string): Promise<Comment[]> {
  switch (type) {
    case 'yaml':
      return yamlComments(text);
    case 'json':
      return jsonComments(text);
    case 'javascript':
    case 'typescript':
      return scriptComments(name, text, type);
    case 'python':
      return hashComments(text, () => true);
    case 'toml':
      // TOML's literal strings ('…', '''…''') take backslashes as they are.
      return hashComments(text, (quote) => quote.startsWith('"'));
    case 'text':
      return /(^|\/)requirements[^/]*\.(txt|in)$/i.test(name) ? hashComments(text, () => false) : [];
    case 'lockfile':
      return [];
  }
}

// The reason is trimmed where it is read: no whitespace run here that `(.*)` could also take.
const IGNORE = /^trusttrace-ignore[ \t]+([A-Z][A-Z0-9]*-\d{1,4})(?:[ \t]*:(.*))?$/;

/**
 * The `trusttrace-ignore` comments of one file, and a problem for each that cannot be honoured (no
 * reason, no rule id, or a SCAN-* rule).
 */
export async function inlineIgnores(
  name: string,
  type: FileType,
  text: string,
): Promise<{ ignores: InlineIgnore[]; problems: string[] }> {
  if (!text.includes(MARKER)) return { ignores: [], problems: [] };
  const comments = await commentsOf(name, type, text);
  const positionAt = lineIndex(text);
  const lineOf = (offset: number) => positionAt(offset).line;
  const alone = (comment: Comment) => {
    const { column } = positionAt(comment.start);
    return text.slice(comment.start - column + 1, comment.start).trim() === '';
  };
  // Lines that hold nothing but comments, so that a run of ignore comments covers the code below it.
  const commentOnly = new Set<number>();
  for (const comment of comments)
    if (alone(comment)) for (let l = lineOf(comment.start); l <= lineOf(comment.end); l++) commentOnly.add(l);
  const lines = text.split('\n');
  const nextCodeLine = (after: number) => {
    let line = after + 1;
    while (line <= lines.length && (commentOnly.has(line) || lines[line - 1]!.trim() === '')) line++;
    return line;
  };

  const ignores: InlineIgnore[] = [];
  const problems: string[] = [];
  for (const comment of comments) {
    const body = comment.body
      .replace(/^[\s*]+/, '')
      .split('\n')[0]!
      .trimEnd();
    if (!body.startsWith(MARKER)) continue;
    const line = lineOf(comment.start);
    const match = IGNORE.exec(body);
    const rule = match?.[1];
    const reason = match?.[2]?.replace(/(\*\/|-->)$/, '').trim();
    if (!rule || !reason) {
      problems.push(`line ${line}: write \`${MARKER} RULE-ID: reason\`; this comment is not honoured`);
      continue;
    }
    if (rule.startsWith('SCAN-')) {
      problems.push(`line ${line}: ${rule} cannot be suppressed; this comment is not honoured`);
      continue;
    }
    const covered = alone(comment) ? nextCodeLine(lineOf(comment.end)) : line;
    ignores.push({ file: name, rule, reason: toEvidence(reason, 300), line: covered });
  }
  return { ignores, problems };
}

/** Marks the findings the comments cover as suppressed, and scores again. */
export function applyInlineIgnores(result: ScanResult, ignores: readonly InlineIgnore[]): ScanResult {
  if (ignores.length === 0) return result;
  const byPlace = new Map(
    ignores.map((ignore) => [`${ignore.file}\u0000${ignore.line}\u0000${ignore.rule}`, ignore]),
  );
  const findings = result.findings.map((finding): Finding => {
    const { file, line } = finding.location ?? {};
    if (file === undefined || line === undefined || isScannerFinding(finding)) return finding;
    const ignore = byPlace.get(`${file}\u0000${line}\u0000${finding.id}`);
    return ignore ? { ...finding, suppressed: { reason: ignore.reason, kind: 'inline' } } : finding;
  });
  return withFindings(result, findings);
}
