// Which files the engine (and the upload endpoint) accepts, decided by name and by content.

export type FileType =
  'json' | 'yaml' | 'toml' | 'text' | 'python' | 'javascript' | 'typescript' | 'lockfile';

export type Classification =
  | { accepted: true; type: FileType }
  | { accepted: false; code: 'EXECUTABLE_FILE' | 'UNSUPPORTED_FILE_TYPE'; reason: string };

const LOCKFILE_NAMES = new Set([
  'yarn.lock',
  'poetry.lock',
  'uv.lock',
  'Pipfile',
  'Pipfile.lock',
  'pdm.lock',
  'Cargo.lock',
  'Gemfile.lock',
  'composer.lock',
]);

const BY_EXTENSION: Record<string, FileType> = {
  '.json': 'json',
  '.jsonc': 'json',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.toml': 'toml',
  '.txt': 'text',
  '.py': 'python',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
};

const EXECUTABLE_EXTENSIONS = new Set([
  '.exe',
  '.sh',
  '.bat',
  '.cmd',
  '.com',
  '.ps1',
  '.msi',
  '.dll',
  '.so',
  '.dylib',
  '.bin',
  '.elf',
  '.app',
  '.scr',
]);

/** Compiled code whose first four bytes say what it is (no text begins with them). */
const MAGIC: { name: string; bytes: number[] }[] = [
  { name: 'Mach-O executable', bytes: [0xfe, 0xed, 0xfa, 0xce] },
  { name: 'Mach-O executable', bytes: [0xfe, 0xed, 0xfa, 0xcf] },
  { name: 'Mach-O executable', bytes: [0xce, 0xfa, 0xed, 0xfe] },
  { name: 'Mach-O executable', bytes: [0xcf, 0xfa, 0xed, 0xfe] },
  { name: 'Mach-O universal binary', bytes: [0xca, 0xfe, 0xba, 0xbe] },
  { name: 'WebAssembly module', bytes: [0x00, 0x61, 0x73, 0x6d] },
];

/**
 * A relative path that names no place outside its root: `..`, `.`, empty and absolute segments go,
 * and so do control characters. The CLI keeps directories (findings point into the checkout).
 */
export function safeRelativePath(name: string): string {
  const segments = name
    .split(/[\\/]/)
    .map((segment) => segment.replace(/[\u0000-\u001f\u007f]/g, '').trim())
    .filter((segment) => segment !== '' && segment !== '.' && segment !== '..');
  return segments.length === 0 ? 'unnamed' : segments.join('/');
}

/** The base name a path reduces to: no directories, no control characters, never `.` or `..`. */
export function safeBaseName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'unnamed' : cleaned;
}

function extensionOf(base: string): string {
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

function startsWith(content: Uint8Array, bytes: readonly number[], at = 0): boolean {
  return bytes.every((b, i) => content[at + i] === b);
}

/**
 * A Windows PE image: the DOS header's `e_lfanew` (at 0x3C) points, inside the file, at `PE\0\0`.
 * Two bytes are not enough: plenty of text begins with "MZ".
 */
function isPortableExecutable(content: Uint8Array): boolean {
  if (content.length < 0x40 || !startsWith(content, [0x4d, 0x5a])) return false;
  const peOffset = new DataView(content.buffer, content.byteOffset, content.byteLength).getUint32(0x3c, true);
  return peOffset + 4 <= content.length && startsWith(content, [0x50, 0x45, 0, 0], peOffset);
}

/** An ELF file: the magic, then a class (32/64-bit), a byte order and version 1 that a loader accepts. */
function isElf(content: Uint8Array): boolean {
  return (
    startsWith(content, [0x7f, 0x45, 0x4c, 0x46]) &&
    (content[4] === 1 || content[4] === 2) &&
    (content[5] === 1 || content[5] === 2) &&
    content[6] === 1
  );
}

/** What native executable or compiled code the content is, judged by its headers; undefined for text. */
export function executableKind(content: Uint8Array): string | undefined {
  if (isPortableExecutable(content)) return 'Windows PE executable';
  if (isElf(content)) return 'ELF executable';
  return MAGIC.find(({ bytes }) => startsWith(content, bytes))?.name;
}

/**
 * Classifies by name first (cheap, and what a user expects), then refuses native code by content:
 * pass the whole file (a PE header can be anywhere in it), or nothing to judge by name alone.
 */
export function classifyFile(name: string, content: Uint8Array): Classification {
  const base = safeBaseName(name);
  const extension = extensionOf(base);
  if (EXECUTABLE_EXTENSIONS.has(extension)) {
    return {
      accepted: false,
      code: 'EXECUTABLE_FILE',
      reason: `${base}: executable files (${extension}) are not accepted`,
    };
  }
  const native = executableKind(content);
  if (native) {
    return { accepted: false, code: 'EXECUTABLE_FILE', reason: `${base}: content is a ${native}` };
  }
  if (LOCKFILE_NAMES.has(base)) return { accepted: true, type: 'lockfile' };
  if (/^requirements.*\.(txt|in)$/i.test(base)) return { accepted: true, type: 'text' };
  const type = BY_EXTENSION[extension];
  if (type) return { accepted: true, type };
  return {
    accepted: false,
    code: 'UNSUPPORTED_FILE_TYPE',
    reason: `${base}: unsupported file type${extension ? ` (${extension})` : ''}; accepted: .json .yaml .yml .txt .py .js .ts .toml and lockfiles`,
  };
}
