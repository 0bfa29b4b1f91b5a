// Tool, prompt and resource definitions found in source code, turned into the same `Definition`s a
// live server would list, so that every TOOL-* rule runs on them and points at the right line.
import type { Definition, DefinitionKind, Position, ServerSurface } from '../../types.js';

/** One definition as an analyser found it, with the positions of its parts. */
export interface DeclaredDefinition {
  kind: DefinitionKind;
  name: string;
  title?: string;
  description: string;
  inputSchema: Record<string, unknown>;
  annotations?: Record<string, unknown>;
  uri?: string;
  /** The decorator or registration call. */
  position: Position;
  /** Positions by field path: `name`, `description`, `inputSchema.properties.x`, … */
  positions: Map<string, Position>;
}

export function toSurfaceDefinition(declared: DeclaredDefinition): Definition {
  const raw: Record<string, unknown> = {
    name: declared.name,
    ...(declared.title !== undefined ? { title: declared.title } : {}),
    description: declared.description,
    ...(declared.kind === 'tool' ? { inputSchema: declared.inputSchema } : {}),
    ...(declared.annotations ? { annotations: declared.annotations } : {}),
    ...(declared.uri !== undefined ? { uri: declared.uri } : {}),
  };
  return {
    kind: declared.kind,
    name: declared.name,
    ...(declared.title !== undefined ? { title: declared.title } : {}),
    description: declared.description,
    inputSchema: declared.inputSchema,
    ...(declared.annotations ? { annotations: declared.annotations } : {}),
    ...(declared.uri !== undefined ? { uri: declared.uri } : {}),
    raw,
    positionOf(field: string) {
      // The most specific recorded position at or above the field, else the declaration itself.
      for (let path = field; path; path = path.slice(0, Math.max(0, path.lastIndexOf('.')))) {
        const at = declared.positions.get(path);
        if (at) return at;
      }
      return declared.position;
    },
  };
}

export function toSurface(
  file: string,
  server: string | undefined,
  instructions: string | undefined,
  declared: readonly DeclaredDefinition[],
): ServerSurface | undefined {
  if (declared.length === 0) return undefined;
  return {
    kind: 'server-surface',
    server: server ?? file,
    file,
    ...(instructions !== undefined ? { instructions } : {}),
    definitions: declared.map(toSurfaceDefinition),
  };
}

/** Python's `inspect.cleandoc`: docstrings lose their common indentation and outer blank lines. */
export function cleanDocstring(text: string): string {
  const lines = text.replace(/\t/g, '    ').split('\n');
  const indents = lines
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => line.length - line.trimStart().length);
  // A reduce, not Math.min(...): a hostile docstring can have more lines than the stack has room for.
  const common = indents.length > 0 ? indents.reduce((min, indent) => Math.min(min, indent)) : 0;
  const out = [lines[0]!.trim(), ...lines.slice(1).map((line) => line.slice(common).trimEnd())];
  while (out.length > 0 && out[0] === '') out.shift();
  while (out.length > 0 && out.at(-1) === '') out.pop();
  return out.join('\n');
}
