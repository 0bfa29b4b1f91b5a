// Source files (Python, JavaScript, TypeScript) read the way a reviewer would: a model of calls and
// flows for the CODE-* rules, and the tool definitions written in code for the TOOL-* rules.
import type { Artifact } from '../../types.js';
import type { LoadedFile } from '../files/index.js';

// The parsers load on the first source file of their language: the TypeScript compiler alone takes
// most of a second to load, and most scans hold no source at all.
let python: Promise<typeof import('./python.js')> | undefined;
let script: Promise<typeof import('./typescript.js')> | undefined;

export type { SourceFile } from './model.js';

export async function extractSource(
  file: LoadedFile,
  reportError: (error: string) => void,
): Promise<Artifact[]> {
  if (file.type !== 'python' && file.type !== 'javascript' && file.type !== 'typescript') return [];
  if (file.text.includes('\u0000')) {
    reportError(`${file.type}: the file holds binary data, not source code`);
    return [];
  }
  const analysis =
    file.type === 'python'
      ? await (await (python ??= import('./python.js'))).analysePython(file.name, file.text)
      : (await (script ??= import('./typescript.js'))).analyseScript(file.name, file.text, file.type);
  for (const error of analysis.errors) reportError(error);
  return analysis.surface ? [analysis.source, analysis.surface] : [analysis.source];
}
