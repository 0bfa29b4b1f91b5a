// Turns input files into artifacts: every file as text (for secrets), structured files parsed with
// positions, and each extractor's view of them (definitions, client configs, …). A file that is not
// valid in its format is reported in `file_errors` and scanned for what is still possible; a collector
// that fails on a file is a gap in the analysis (the scan fails closed). Neither stops the scan.
import { errorReason, visibleLine, visibleName } from '../../evidence.js';
import { inlineIgnores, type InlineIgnore } from '../../suppressions/inline.js';
import type { AnalysisGap, Artifact, FileError, InputFile, TextFile } from '../../types.js';
import { extractSource } from '../code/index.js';
import { extractDependencyManifests } from '../deps/index.js';
import { classifyFile, safeRelativePath, type FileType } from './classify.js';
import { extractMcpConfig } from './configs.js';
import { extractDefinitions } from './definitions.js';
import {
  DocumentParseError,
  parseJsonDocument,
  parseTomlDocument,
  parseYamlDocument,
  type StructuredDocument,
} from './documents.js';
import { lineIndex } from './positions.js';

/** One accepted file, decoded and (when structured) parsed. */
export interface LoadedFile {
  name: string;
  type: FileType;
  text: string;
  document?: StructuredDocument;
}

/**
 * An extractor turns a loaded file into the artifacts of its family, or none. Problems that leave
 * the file partly read (a syntax error in source code) go to `reportError`.
 */
export type Extractor = (
  file: LoadedFile,
  reportError: (error: string) => void,
) => Artifact[] | Promise<Artifact[]>;

const extractors: Extractor[] = [
  (file) => {
    const surface = file.document && extractDefinitions(file.name, file.document);
    return surface ? [surface] : [];
  },
  (file) => {
    const config = file.document && extractMcpConfig(file.name, file.document);
    return config ? [config] : [];
  },
  extractDependencyManifests,
  extractSource,
];

export interface CollectedFiles {
  artifacts: Artifact[];
  files_scanned: string[];
  file_errors: FileError[];
  /** Files a collector could not finish: what they hold may be missing from the artifacts. */
  gaps: AnalysisGap[];
  /** `trusttrace-ignore` comments, applied to the result once it is assembled. */
  ignores: InlineIgnore[];
}

export interface CollectFilesOptions {
  /** Told before each file is read: the analysis pool charges CPU time to it. */
  onFile?: (file: string) => void;
}

/** Longest parser message kept for a file: the first line or so of what went wrong. */
const MAX_FILE_ERROR = 500;

function parseStructured(type: FileType, text: string): StructuredDocument | undefined {
  if (type === 'json') return parseJsonDocument(text);
  if (type === 'yaml') return parseYamlDocument(text);
  if (type === 'toml') return parseTomlDocument(text);
  return undefined;
}

/** Two files with the same base name get `name (2)`, so locations stay unambiguous. */
function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base} (${n})`;
  taken.add(name);
  return name;
}

export async function collectFiles(
  files: readonly InputFile[],
  options: CollectFilesOptions = {},
): Promise<CollectedFiles> {
  const artifacts: Artifact[] = [];
  const files_scanned: string[] = [];
  const file_errors: FileError[] = [];
  const gaps: AnalysisGap[] = [];
  const ignores: InlineIgnore[] = [];
  const taken = new Set<string>();
  // A parser's message may quote the file (a YAML error shows the offending lines).
  const fileError = (file: string, error: string) =>
    file_errors.push({ file, error: visibleLine(error, MAX_FILE_ERROR) });
  for (const input of files) {
    const bytes = typeof input.content === 'string' ? Buffer.from(input.content, 'utf8') : input.content;
    // The name every artifact, finding and list of this scan uses: visible, so no output needs to
    // escape it again and a finding's location matches its entry in files_scanned exactly.
    const name = uniqueName(visibleName(safeRelativePath(input.name)), taken);
    options.onFile?.(name);
    const classification = classifyFile(input.name, bytes);
    if (!classification.accepted) {
      fileError(name, classification.reason);
      continue;
    }
    files_scanned.push(name);
    const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
    const textFile: TextFile = { kind: 'text-file', file: name, text, positionAt: lineIndex(text) };
    artifacts.push(textFile);
    const loaded: LoadedFile = { name, type: classification.type, text };
    try {
      const document = parseStructured(classification.type, text);
      if (document) loaded.document = document;
    } catch (error) {
      if (error instanceof DocumentParseError) fileError(name, error.message);
      else gaps.push({ file: name, rule: null, reason: `could not be parsed: ${errorReason(error)}` });
    }
    for (const extract of extractors) {
      try {
        artifacts.push(...(await extract(loaded, (error) => fileError(name, error))));
      } catch (error) {
        if (error instanceof DocumentParseError) fileError(name, error.message);
        else gaps.push({ file: name, rule: null, reason: `could not be read: ${errorReason(error)}` });
      }
    }
    const inline = await inlineIgnores(name, classification.type, text);
    ignores.push(...inline.ignores);
    for (const problem of inline.problems) fileError(name, problem);
  }
  return { artifacts, files_scanned, file_errors, gaps, ignores };
}
