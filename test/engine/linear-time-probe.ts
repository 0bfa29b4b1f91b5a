// The worker side of linear-time.test.ts: scans the files it is sent with every rule and answers with the
// CPU time the scan took. A thread of its own, so that the test can end a scan that never finishes.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import type { InputFile } from '../../src/engine/types.js';
import { scanFiles } from '../../src/engine/scan.js';

// Each scan starts with an empty young generation, so that it does not pay for the garbage of the one
// before. (A full collection before each would cost more than most scans.)
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as (options: { type: 'minor' }) => void;

parentPort!.on('message', async (files: InputFile[]) => {
  collectGarbage({ type: 'minor' });
  const before = process.cpuUsage();
  await scanFiles(files);
  const used = process.cpuUsage(before);
  parentPort!.postMessage((used.user + used.system) / 1000);
});
