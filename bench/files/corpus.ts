// Builds the `bench/files` corpus: a checkout-like tree of MCP client configs, tool schemas, Python and
// JS/TS sources, YAML/TOML/text settings and lockfiles, some with fake secrets in them. Seeded, so that
// every run measures the same bytes. Secrets are assembled at run time and are valid for no service.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fake, randomChars } from '../../test/engine/rules/secrets/fake-secrets.js';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const WORDS =
  'read write list search fetch query update delete create file page issue repo user team project record note task event message channel document table row column index cache token session report metric'.split(
    ' ',
  );

/** A small deterministic generator for everything that is not a secret. */
class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }
  next(): number {
    this.state ^= this.state << 13;
    this.state ^= this.state >>> 17;
    this.state ^= this.state << 5;
    return (this.state >>> 0) / 0x100000000;
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  word(): string {
    return this.pick(WORDS);
  }
  words(n: number): string {
    return Array.from({ length: n }, () => this.word()).join(' ');
  }
  ident(): string {
    return `${this.word()}_${this.word()}`;
  }
}

function mcpConfig(r: Random, i: number): { name: string; content: string } {
  const servers: Record<string, unknown> = {};
  for (let s = 0; s < 3 + r.int(5); s++) {
    const kind = r.int(6);
    const env: Record<string, string> = { LOG_LEVEL: 'info' };
    if (r.int(4) === 0) env.GITHUB_PERSONAL_ACCESS_TOKEN = fake.githubPat(i * 31 + s);
    else env.API_TOKEN = '${env:API_TOKEN}';
    servers[`${r.word()}-${s}`] =
      kind === 0
        ? {
            command: 'npx',
            args: [
              '-y',
              `@modelcontextprotocol/server-${r.pick(['github', 'filesystem', 'memory'])}`,
              '/srv/data',
            ],
            env,
          }
        : kind === 1
          ? { command: 'uvx', args: [`mcp-server-${r.word()}==1.${r.int(9)}.0`], env }
          : kind === 2
            ? { command: 'docker', args: ['run', '-i', '--rm', '-e', 'TOKEN', `mcp/${r.word()}:1.0`] }
            : kind === 3
              ? {
                  url: `https://${r.word()}.example.com/mcp`,
                  headers: { Authorization: 'Bearer ${env:MCP_TOKEN}' },
                }
              : kind === 4
                ? { command: 'node', args: [`servers/${r.word()}/index.js`, '--port', String(3000 + s)] }
                : { command: 'bash', args: ['-c', `cd /srv && exec ./${r.word()}-server`] };
  }
  const name = r.pick(['.cursor/mcp.json', 'claude_desktop_config.json', '.mcp.json', 'mcp_config.json']);
  return { name: `configs/${i}/${name}`, content: JSON.stringify({ mcpServers: servers }, null, 2) };
}

function toolSchemas(r: Random, i: number): { name: string; content: string } {
  const tools = Array.from({ length: 20 + r.int(40) }, () => {
    const name = `${r.word()}_${r.word()}`;
    const properties: Record<string, unknown> = {};
    for (let p = 0; p < 1 + r.int(6); p++)
      properties[r.ident()] = {
        type: r.pick(['string', 'integer', 'boolean']),
        description: `The ${r.words(4)} to use.`,
      };
    return {
      name,
      description: `${r.words(12)}. Returns the ${r.words(3)} as JSON.`,
      inputSchema: { type: 'object', properties, required: Object.keys(properties).slice(0, 1) },
      annotations: { readOnlyHint: r.int(2) === 0 },
    };
  });
  return { name: `schemas/tools-${i}.json`, content: JSON.stringify({ tools }, null, 2) };
}

function pythonModule(r: Random, i: number): { name: string; content: string } {
  const lines = ['import os', 'import json', 'from typing import Any', ''];
  if (i % 7 === 0) lines.push(`OPENAI_API_KEY = "${fake.openaiProject(i)}"`, '');
  lines.push('API_KEY = os.environ["API_KEY"]', '');
  for (let f = 0; f < 40 + r.int(40); f++) {
    lines.push(
      `def ${r.ident()}(${r.word()}: str, ${r.word()}_id: int = ${r.int(100)}) -> dict[str, Any]:`,
      `    """${r.words(10)}."""`,
      `    result = {"${r.word()}": ${r.word()}, "count": ${r.int(1000)}}`,
      `    if ${r.word()}_id > ${r.int(50)}:`,
      `        result["${r.word()}"] = json.dumps([${r.int(9)}, ${r.int(9)}])`,
      '    return result',
      '',
    );
  }
  return { name: `src/py/${r.word()}_${i}.py`, content: lines.join('\n') };
}

function scriptModule(r: Random, i: number): { name: string; content: string } {
  const ts = i % 2 === 0;
  const lines = [`import { ${r.word()} } from './${r.word()}.js';`, ''];
  if (i % 9 === 0) lines.push(`const stripe = new Stripe('${fake.stripeLive(i)}');`, '');
  lines.push('const token = process.env.SERVICE_TOKEN;', '');
  for (let f = 0; f < 40 + r.int(40); f++) {
    lines.push(
      `export async function ${r.word()}${r.word()}(${r.word()}${ts ? ': string' : ''}, limit${ts ? ': number' : ''} = ${r.int(100)}) {`,
      `  const rows = await db.query('SELECT * FROM ${r.word()} WHERE id = ? LIMIT ?', [${r.word()}, limit]);`,
      `  return rows.map((row) => ({ ...row, ${r.word()}: row.${r.word()} ?? ${r.int(10)} }));`,
      '}',
      '',
    );
  }
  return { name: `src/js/${r.word()}-${i}.${ts ? 'ts' : 'js'}`, content: lines.join('\n') };
}

function packageLock(r: Random, i: number): { name: string; content: string } {
  const packages: Record<string, unknown> = { '': { name: `app-${i}`, version: '1.0.0' } };
  for (let p = 0; p < 6000; p++) {
    const name = `${r.word()}-${r.word()}-${p}`;
    packages[`node_modules/${name}`] = {
      version: `${r.int(9)}.${r.int(20)}.${r.int(30)}`,
      resolved: `https://registry.npmjs.org/${name}/-/${name}-1.0.0.tgz`,
      integrity: `sha512-${randomChars(86, i * 100_000 + p, BASE64)}==`,
      license: 'MIT',
    };
  }
  return {
    name: `locks/${i}/package-lock.json`,
    content: JSON.stringify({ name: `app-${i}`, lockfileVersion: 3, requires: true, packages }, null, 2),
  };
}

function yarnLock(r: Random, i: number): { name: string; content: string } {
  const entries = ['# yarn lockfile v1', ''];
  for (let p = 0; p < 5000; p++) {
    const name = `${r.word()}-${r.word()}-${p}`;
    entries.push(
      `${name}@^1.${r.int(9)}.0:`,
      `  version "1.${r.int(9)}.${r.int(9)}"`,
      `  resolved "https://registry.yarnpkg.com/${name}/-/${name}-1.0.0.tgz#${randomChars(40, p + i, '0123456789abcdef')}"`,
      `  integrity sha512-${randomChars(86, i * 50_000 + p, BASE64)}==`,
      '',
    );
  }
  return { name: `locks/${i}/yarn.lock`, content: entries.join('\n') };
}

function settingsYaml(r: Random, i: number): { name: string; content: string } {
  const lines = [
    'service:',
    `  name: ${r.word()}-${i}`,
    '  replicas: 3',
    'database:',
    '  host: db.internal',
    '  port: 5432',
  ];
  lines.push(i % 5 === 0 ? `  password: "${fake.password(i)}"` : '  password: ${DB_PASSWORD}');
  for (let k = 0; k < 300; k++)
    lines.push(`${r.ident()}_${k}:`, `  enabled: ${r.int(2) === 0}`, `  label: "${r.words(5)}"`);
  return { name: `settings/${r.word()}-${i}.yaml`, content: lines.join('\n') + '\n' };
}

function codexToml(r: Random, i: number): { name: string; content: string } {
  const lines = ['model = "o4-mini"', ''];
  for (let s = 0; s < 20; s++) {
    lines.push(
      `[mcp_servers.${r.word()}_${s}]`,
      'command = "npx"',
      `args = ["-y", "${r.word()}-mcp@1.${s}.0"]`,
      '',
    );
  }
  if (i % 4 === 0) lines.push(`[mcp_servers.hf.env]`, `HF_TOKEN = "${fake.huggingFace(i)}"`, '');
  return { name: `codex/${i}/config.toml`, content: lines.join('\n') };
}

function envText(r: Random, i: number): { name: string; content: string } {
  const lines = ['# service settings'];
  for (let k = 0; k < 400; k++) lines.push(`${r.ident().toUpperCase()}_${k}=${r.word()}`);
  if (i % 3 === 0) lines.push(`INTERNAL_SERVICE_TOKEN=${fake.opaqueToken(i)}`);
  lines.push('OPENAI_API_KEY=sk-...', 'ANTHROPIC_API_KEY=<your-key>');
  return { name: `env/${r.word()}-${i}.txt`, content: lines.join('\n') + '\n' };
}

const MAKERS = [
  { make: mcpConfig, weight: 60 },
  { make: toolSchemas, weight: 25 },
  { make: pythonModule, weight: 40 },
  { make: scriptModule, weight: 40 },
  { make: settingsYaml, weight: 15 },
  { make: codexToml, weight: 10 },
  { make: envText, weight: 15 },
  { make: packageLock, weight: 1 },
  { make: yarnLock, weight: 1 },
];

/** Writes files until `targetBytes` is reached; returns the file count and total bytes. */
export async function buildCorpus(
  dir: string,
  targetBytes: number,
): Promise<{ files: number; bytes: number }> {
  await rm(dir, { recursive: true, force: true });
  const r = new Random(20_251_127);
  const total = MAKERS.reduce((sum, m) => sum + m.weight, 0);
  let bytes = 0;
  let files = 0;
  for (let i = 0; bytes < targetBytes; i++) {
    let roll = r.int(total);
    const maker = MAKERS.find((m) => (roll -= m.weight) < 0)!;
    const { name, content } = maker.make(r, i);
    const path = join(dir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
    bytes += Buffer.byteLength(content);
    files++;
  }
  return { files, bytes };
}
