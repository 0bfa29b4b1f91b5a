// Runs the analysis thread from its TypeScript source (tests and `tsx`), through tsx's loader: a worker
// thread does not inherit the loader of the process that starts it. Built code never comes here.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
