import type { CallSite, ValueSummary } from '../../collect/code/model.js';
import { defineRule } from '../../types.js';
import { locationOf } from './sinks.js';

const PY_FILE_FUNCTIONS =
  /^(?:open|io\.open|builtins\.open|codecs\.open|aiofiles\.open|os\.(?:remove|unlink|rmdir|removedirs|makedirs|mkdir|listdir|scandir|walk|rename|replace|chmod|chown|truncate|open)|shutil\.(?:rmtree|copy|copy2|copyfile|copytree|move)|send_file|flask\.send_file|starlette\.responses\.FileResponse|fastapi\.responses\.FileResponse|FileResponse)$/;
/** Methods of a pathlib.Path (or similar) built from the argument. */
const PATH_METHODS =
  /^(?:read_text|read_bytes|write_text|write_bytes|open|unlink|rmdir|mkdir|iterdir|glob|rglob|touch|rename|replace)$/;
const FS_OPERATIONS =
  'readFile|readFileSync|writeFile|writeFileSync|appendFile|appendFileSync|createReadStream|createWriteStream|unlink|unlinkSync|rm|rmSync|rmdir|rmdirSync|readdir|readdirSync|mkdir|mkdirSync|copyFile|copyFileSync|cp|cpSync|rename|renameSync|open|openSync|opendir|truncate|symlink|chmod';
const JS_FILE_FUNCTIONS = new RegExp(
  `^(?:fs|fs\\.promises|fs-extra|fsp|fsPromises|promises)\\.(?:${FS_OPERATIONS})$`,
);

function pathOf(call: CallSite, python: boolean): ValueSummary | undefined {
  if (python && PATH_METHODS.test(call.callee.slice(call.callee.lastIndexOf('.') + 1)) && call.receiver) {
    if (call.receiver.taint.length > 0) return call.receiver;
  }
  if (python ? PY_FILE_FUNCTIONS.test(call.callee) : JS_FILE_FUNCTIONS.test(call.callee)) {
    return call.keywords.file ?? call.keywords.path ?? call.args[0];
  }
  return undefined;
}

export const pathTraversal = defineRule({
  meta: {
    id: 'CODE-007',
    title: 'File path from a tool argument without containment',
    severity: 'high',
    confidence: 'likely',
    owasp_category: 'LLM06',
    owasp_mcp: 'MCP02',
    cwe: 'CWE-22',
    hipaa_mapping: '45 CFR 164.312(a)(1)',
    description:
      "A tool reads, writes, lists or deletes a file at a path taken from its arguments, and never checks that the resolved path stays inside an allowed root. `../` sequences, absolute paths and symlinks reach any file the server can: SSH keys, .env files, other users' data.",
    remediation:
      'Resolve the path (os.path.realpath / Path.resolve / fs.realpath) and require it to lie under the allowed root (Path.is_relative_to, os.path.commonpath, path.relative without a leading ..) before using it; reject everything else.',
    monitor_candidate: false,
    docs: 'Inside an MCP tool handler, flags `open`, `os`/`shutil` file operations, pathlib `read_text`/`write_text`/`unlink`/…, and Node `fs`/`fs.promises` calls whose path flows from a tool parameter, unless the handler (or a helper it calls) compares the resolved path with a root (`startswith`, `is_relative_to`, `relative_to`, `commonpath`, `startsWith`, `path.relative`). `os.path.basename` and `secure_filename` count as containment. Example: `server.tool("read", {file: z.string()}, async ({file}) => ({content: [{type: "text", text: await fs.readFile(path.join(ROOT, file), "utf8")}]}))` serves `../../home/app/.ssh/id_ed25519`.',
  },
  artifact: 'source-file',
  check(source, context) {
    const checked = new Set(source.handlers.filter((h) => h.checksPathContainment).map((h) => h.tool));
    const python = source.language === 'python';
    for (const call of source.calls) {
      if (!call.handler || checked.has(call.handler)) continue;
      const path = pathOf(call, python);
      if (!path || path.taint.length === 0) continue;
      context.report({
        evidence: call.text,
        location: locationOf(source, call),
        description: `Tool parameter ${path.taint.map((t) => `\`${t}\``).join(', ')} becomes a file path here, and the handler of \`${call.handler}\` never checks that the path stays inside an allowed directory.`,
      });
    }
  },
});
