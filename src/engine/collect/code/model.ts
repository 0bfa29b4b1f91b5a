// The language-neutral model of a source file that CODE-* rules read: every call with a summary of
// what flows into each argument, writes to attributes and environment variables, and the MCP tool
// handlers the file defines. Python and JS/TS analysers both produce it, so each rule is written once.

/** 1-based line and column (the same shape as the engine's Position; kept local so that types.ts,
 * which imports this file, is not imported back). */
export interface Position {
  line: number;
  column: number;
}

export type SourceLanguage = 'python' | 'javascript' | 'typescript';

/** What is known about the value of one expression, after following local assignments. */
export interface ValueSummary {
  /** The expression as written, bounded. */
  text: string;
  /** Built only from literals (and sanitised values): nothing a caller or a model controls. */
  constant: boolean;
  /** The value of a plain literal (string, number, boolean, None/null). */
  literal?: string | number | boolean | null;
  /** A string composed by formatting, concatenation or a template with at least one dynamic part. */
  built: boolean;
  /** The literal fragments of the value joined together (bounded), e.g. the SQL around a placeholder. */
  fragments: string;
  /** The constant text the value starts with, when known (`https://api.example.com/` in a URL). */
  prefix?: string;
  /** Tool parameters that flow into this value. */
  taint: string[];
  /** Derived from a language model's response. */
  llm: boolean;
  /** Variable, attribute and environment-variable names the value is read from. */
  names: string[];
  /** Dict or object literal: its entries by key. */
  properties?: Record<string, ValueSummary>;
  /** List, tuple or array literal: its elements. */
  elements?: ValueSummary[];
}

export interface CallSite {
  /**
   * The callee as a dotted name, with imports resolved: `subprocess.run`, `child_process.exec`,
   * `eval`, `cursor.execute`. A receiver that is not a plain name is written `?` (`?.execute`).
   */
  callee: string;
  /** The receiver's own name for method calls (`cursor` in `cursor.execute`), to judge what it is. */
  receiver?: ValueSummary;
  args: ValueSummary[];
  /** Python keyword arguments. */
  keywords: Record<string, ValueSummary>;
  /** `new X(...)`. */
  construct: boolean;
  position: Position;
  text: string;
  /** The MCP tool whose handler holds this call, when there is one. */
  handler?: string;
}

/** A write to an attribute, subscript or environment variable: `process.env.X = '0'`, `ssl.x = y`. */
export interface AttributeWrite {
  /** The target as a dotted name; subscripts with a constant key are written as attributes. */
  target: string;
  value: ValueSummary;
  position: Position;
  text: string;
}

/** An MCP tool handler found in the file, and what it does to the paths and URLs it is given. */
export interface ToolHandler {
  tool: string;
  position: Position;
  /** Parameters that carry tool arguments. */
  parameters: string[];
  /** The handler resolves and compares a path against a root (or calls a helper that does). */
  checksPathContainment: boolean;
  /** The handler inspects the host of a URL (allow-list or address check). */
  checksUrlHost: boolean;
}

export interface SourceFile {
  kind: 'source-file';
  file: string;
  language: SourceLanguage;
  calls: CallSite[];
  writes: AttributeWrite[];
  handlers: ToolHandler[];
  /** Identifiers and short string literals of the whole file, lower-cased: cheap file-wide questions. */
  words: Set<string>;
}
