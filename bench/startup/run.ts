// CLI start-up: how long `trusttrace scan` takes on a folder of JSON configs, most of which is loading
// modules. Runs the built CLI (npm run build first) as a user would, several times, and prints each
// run's wall and CPU time and the median. Asserts nothing.
//
//   npm run build && npx tsx bench/startup/run.ts [--runs 10] [path …]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 10;
const paths = args.filter((arg, i) => !arg.startsWith('--') && i !== runsAt + 1);
const targets = paths.length > 0 ? paths : ['test/fixtures/files/clean'];

/** CPU seconds of this process's waited-for children (Linux: cutime + cstime in /proc/self/stat). */
function childCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8')
    .replace(/^.*\) /s, '')
    .split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

const wall: number[] = [];
const cpu: number[] = [];
for (let run = 0; run < runs; run++) {
  const cpuBefore = childCpuSeconds();
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['bin/trusttrace.js', 'scan', ...targets, '--format', 'json'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0 && child.status !== 1) {
    console.error(`trusttrace exited with ${child.status}: ${child.stderr.slice(0, 500)}`);
    process.exit(2);
  }
  wall.push(seconds);
  cpu.push(childCpuSeconds() - cpuBefore);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`trusttrace scan ${targets.join(' ')} --format json, ${runs} runs`);
console.log(`wall s: ${wall.map((s) => s.toFixed(2)).join(' ')}  (median ${median(wall).toFixed(2)})`);
console.log(`CPU s:  ${cpu.map((s) => s.toFixed(2)).join(' ')}  (median ${median(cpu).toFixed(2)})`);
