// Source-code analysis speed: lines per second through the whole collector (parse, flow model, tool
// definitions) on a generated corpus of Python and TypeScript servers, the time to parse a 1 MB
// Python file with tree-sitter alone, and the time to collect it. Prints figures; asserts nothing.
import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';
import { collectFiles } from '../../src/engine/collect/files/index.js';
import { codeRules } from '../../src/engine/rules/code/index.js';
import { runRules } from '../../src/engine/rules/run.js';
import type { InputFile } from '../../src/engine/types.js';

function pythonTool(i: number): string {
  return `
@mcp.tool()
def tool_${i}(path: str, limit: int = 10) -> str:
    """Read part of file number ${i} and report on it."""
    full = os.path.join(ROOT, path)
    if limit > 100:
        limit = 100
    rows = conn.execute("SELECT body FROM notes WHERE id = ?", (limit,)).fetchall()
    summary = f"{len(rows)} rows for {path}"
    logger.info("tool_${i}: %s", summary)
    result = subprocess.run(["wc", "-l", full], capture_output=True, text=True)
    return summary + result.stdout
`;
}

function typescriptTool(i: number): string {
  return `
server.tool(
  'tool_${i}',
  'Read part of file number ${i} and report on it',
  { file: z.string().describe('File name'), limit: z.number().int().optional() },
  async ({ file, limit }) => {
    const full = path.join(ROOT, file);
    const rows = await db.query('SELECT body FROM notes WHERE id = $1', [limit ?? 10]);
    const summary = \`\${rows.length} rows for \${file}\`;
    console.log('tool_${i}', summary);
    const out = execFileSync('wc', ['-l', full], { encoding: 'utf8' });
    return { content: [{ type: 'text', text: summary + out }] };
  },
);
`;
}

function pythonFile(bytes: number): string {
  let text = 'import os\nimport subprocess\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP("bench")\n';
  for (let i = 0; text.length < bytes; i++) text += pythonTool(i);
  return text;
}

function typescriptFile(bytes: number): string {
  let text =
    "import { execFileSync } from 'node:child_process';\nimport path from 'node:path';\nimport { z } from 'zod';\nconst server = new McpServer({ name: 'bench', version: '1' });\n";
  for (let i = 0; text.length < bytes; i++) text += typescriptTool(i);
  return text;
}

const lines = (files: InputFile[]) => files.reduce((n, f) => n + String(f.content).split('\n').length, 0);

async function time<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await run();
  return [value, performance.now() - started];
}

// Warm up: the wasm parser loads once per process; that cost is reported separately.
const [, loadMs] = await time(() => collectFiles([{ name: 'warm.py', content: 'x = 1\n' }]));

const corpus: Record<string, InputFile[]> = {
  python: Array.from({ length: 40 }, (_, i) => ({ name: `server_${i}.py`, content: pythonFile(50_000) })),
  typescript: Array.from({ length: 40 }, (_, i) => ({
    name: `server-${i}.ts`,
    content: typescriptFile(50_000),
  })),
};
console.log(`Code analysis (${process.version}, first Python file incl. wasm load: ${loadMs.toFixed(0)} ms)`);
for (const [language, files] of Object.entries(corpus)) {
  const [collected, collectMs] = await time(() => collectFiles(files));
  const [, rulesMs] = await time(() =>
    runRules(codeRules, collected.artifacts, { surfaces: [], fileNames: collected.files_scanned }),
  );
  const total = lines(files);
  console.log(
    `${language.padEnd(10)} ${files.length} files, ${total} lines: collect ${collectMs.toFixed(0)} ms ` +
      `(${Math.round(total / (collectMs / 1000))} lines/s), CODE rules ${rulesMs.toFixed(0)} ms, ` +
      `${collected.file_errors.length} file errors`,
  );
}

const big = pythonFile(1_000_000);
const parser = new Parser();
parser.setLanguage(
  await Language.load(createRequire(import.meta.url).resolve('tree-sitter-python/tree-sitter-python.wasm')),
);
const parseRuns: number[] = [];
for (let i = 0; i < 3; i++) {
  const started = performance.now();
  parser.parse(big)?.delete();
  parseRuns.push(performance.now() - started);
}
const [, collectBigMs] = await time(() => collectFiles([{ name: 'big.py', content: big }]));
console.log(
  `1 MB Python (${big.split('\n').length} lines): tree-sitter parse ${parseRuns.map((ms) => ms.toFixed(0)).join(' / ')} ms ` +
    `(goal < 1000), whole collector ${collectBigMs.toFixed(0)} ms`,
);
