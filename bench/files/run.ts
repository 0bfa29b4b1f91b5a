// `bench/files`: throughput of `trusttrace scan` (every analyzer) next to the `secretlint` CLI with its
// recommended preset, on the same generated corpus. Both run as fresh processes, as a user runs them;
// the figure is corpus megabytes per wall-clock second, median of the runs.
//
//   npm run build && npx tsx bench/files/run.ts [--mb 60] [--runs 3]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCorpus } from './corpus.js';

const ROOT = resolve(import.meta.dirname, '../..');
const WORK = join(ROOT, 'bench/.work');
const CORPUS = join(WORK, 'files-corpus');

const { values } = parseArgs({
  options: { mb: { type: 'string', default: '60' }, runs: { type: 'string', default: '3' } },
});
const targetBytes = Number(values.mb) * 1024 * 1024;
const runs = Math.max(1, Number(values.runs));

if (!existsSync(join(ROOT, 'dist/cli/main.js'))) {
  console.error('dist/ is missing: run `npm run build` first (the benchmark times the built CLI).');
  process.exit(2);
}

const marker = join(WORK, 'files-corpus.json');
let corpus: { files: number; bytes: number } | undefined;
if (existsSync(marker)) {
  const saved = JSON.parse(await readFile(marker, 'utf8')) as {
    files: number;
    bytes: number;
    target: number;
  };
  if (saved.target === targetBytes && existsSync(CORPUS)) corpus = saved;
}
if (!corpus) {
  process.stdout.write(`building a ${values.mb} MB corpus in ${CORPUS} ... `);
  corpus = await buildCorpus(CORPUS, targetBytes);
  await writeFile(marker, JSON.stringify({ ...corpus, target: targetBytes }));
  console.log('done');
}
const megabytes = corpus.bytes / 1024 / 1024;
console.log(
  `corpus: ${corpus.files} files, ${megabytes.toFixed(1)} MB; ${cpus().length} CPUs; node ${process.version}`,
);

interface Timing {
  seconds: number;
  /** User + system CPU seconds of the child: steadier than wall time on a shared machine. */
  cpuSeconds: number;
  status: number | null;
  stderr: string;
}

/** CPU seconds of this process's waited-for children (Linux: cutime + cstime in /proc/self/stat). */
function childCpuSeconds(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return Number.NaN;
  }
}

function time(command: string, args: string[]): Timing {
  const cpuBefore = childCpuSeconds();
  const start = process.hrtime.bigint();
  // Offline advisories: the figures measure file scanning, not a round trip to api.osv.dev.
  const child = spawnSync(command, args, {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, TRUSTTRACE_OSV_URL: 'off' },
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpuSeconds = childCpuSeconds() - cpuBefore;
  return { seconds, cpuSeconds, status: child.status, stderr: child.stderr.slice(0, 500) };
}

const trusttraceOut = join(WORK, 'trusttrace.json');
const secretlintOut = join(WORK, 'secretlint.json');
const secretlintRc = join(WORK, 'secretlintrc.json');
await writeFile(
  secretlintRc,
  JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }),
);

const tools = [
  {
    name: 'trusttrace scan (all rules)',
    // Exit 1 only with --fail-on/--min-grade; 0 means the scan completed.
    ok: (t: Timing) => t.status === 0,
    run: () =>
      time(process.execPath, [
        'bin/trusttrace.js',
        'scan',
        CORPUS,
        '--format',
        'json',
        '--output',
        trusttraceOut,
      ]),
  },
  {
    name: 'secretlint (preset-recommend)',
    // secretlint exits 1 when it finds secrets, which this corpus has.
    ok: (t: Timing) => t.status === 0 || t.status === 1,
    run: () =>
      time(process.execPath, [
        'node_modules/secretlint/bin/secretlint.js',
        `${CORPUS}/**/*`,
        '--secretlintrc',
        secretlintRc,
        '--format',
        'json',
        '--output',
        secretlintOut,
      ]),
  },
];

const results = tools.map((tool) => ({ name: tool.name, seconds: [] as number[], cpu: [] as number[] }));
for (let run = 0; run < runs; run++) {
  tools.forEach((tool, i) => {
    const timing = tool.run();
    if (!tool.ok(timing)) {
      console.error(`${tool.name} failed (exit ${timing.status}): ${timing.stderr}`);
      process.exit(2);
    }
    results[i]!.seconds.push(timing.seconds);
    results[i]!.cpu.push(timing.cpuSeconds);
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log('');
console.log(
  `${'tool'.padEnd(32)}${'wall s'.padStart(8)}${'MB/s'.padStart(7)}${'CPU s'.padStart(8)}${'MB/CPU-s'.padStart(10)}   wall runs (s)`,
);
for (const { name, seconds, cpu } of results) {
  const wall = median(seconds);
  const busy = median(cpu);
  console.log(
    `${name.padEnd(32)}${wall.toFixed(1).padStart(8)}${(megabytes / wall).toFixed(2).padStart(7)}${busy.toFixed(1).padStart(8)}${(megabytes / busy).toFixed(2).padStart(10)}   ${seconds.map((x) => x.toFixed(1)).join(' ')}`,
  );
}
const ratio = (pick: (r: (typeof results)[number]) => number[]) =>
  ((median(pick(results[1]!)) / median(pick(results[0]!))) * 100).toFixed(0);
console.log(
  `\ntrusttrace throughput relative to secretlint: ${ratio((r) => r.seconds)} % (wall), ${ratio((r) => r.cpu)} % (CPU)`,
);

const report = JSON.parse(await readFile(trusttraceOut, 'utf8')) as {
  findings: { id: string }[];
  files_scanned: string[];
};
const byFamily = new Map<string, number>();
for (const f of report.findings)
  byFamily.set(f.id.split('-')[0]!, (byFamily.get(f.id.split('-')[0]!) ?? 0) + 1);
console.log(
  `trusttrace: ${report.files_scanned.length} files, ${report.findings.length} findings (${[...byFamily].map(([k, v]) => `${k} ${v}`).join(', ')}); output ${((await stat(trusttraceOut)).size / 1024).toFixed(0)} KB`,
);
