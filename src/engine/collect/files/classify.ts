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

/** Native executables and other compiled code, by their first bytes. */
const MAGIC: { name: string; bytes: number[] }[] = [
  { name: 'ELF executable', bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { name: 'Windows PE executable', bytes: [0x4d, 0x5a] },
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

export function executableKind(head: Uint8Array): string | undefined {
  return MAGIC.find(({ bytes }) => bytes.every((b, i) => head[i] === b))?.name;
}

/** Classifies by name first (cheap, and what a user expects), then refuses native code by content. */
export function classifyFile(name: string, head: Uint8Array): Classification {
  const base = safeBaseName(name);
  const extension = extensionOf(base);
  if (EXECUTABLE_EXTENSIONS.has(extension)) {
    return {
      accepted: false,
      code: 'EXECUTABLE_FILE',
      reason: `${base}: executable files (${extension}) are not accepted`,
    };
  }
  const native = executableKind(head);
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
