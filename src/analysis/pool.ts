// The analysis pool: the only way serve, worker and the CLI run the engine (and render PDFs). Each task
// runs in a worker thread with a heap cap, and the pool watches each thread's CPU time per task and per
// file: a thread over either budget is terminated and the task fails with an AnalysisLimitError that
// names the file. CPU time is the kernel's count for the thread (Linux: /proc/self/task/<tid>/stat), so
// a loaded machine does not make a scan look longer than it is; elsewhere the thread's event-loop busy
// time stands in for it. Whatever a scanned file makes the engine do, the process's own event loop
// (HTTP, health checks, other tenants' requests) keeps running.
//
// Built code runs thread.js beside this file; from TypeScript source (tests, tsx) a small bootstrap
// loads thread.ts through tsx, since a worker thread does not inherit its parent's module loader.
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { AnalysisLimits } from '../config.js';
import { TargetError, type TargetErrorKind } from '../engine/collect/mcp/target-error.js';
import type { ConfiguredServerInfo } from '../engine/inventory.js';
import { SuppressionError, type SuppressionFile } from '../engine/suppressions/file.js';
import type { InputFile, ScanResult, ServerSurface } from '../engine/types.js';
import type { ReportInput } from '../reports/pdf.js';
import type {
  AnalysisTask,
  FilesTask,
  SerializedError,
  ServerTask,
  SurfaceTask,
  TaskMessage,
  TaskOutput,
  ThreadMessage,
} from './tasks.js';

/**
 * The analysis of a task hit a limit (CPU time or heap): the same input would hit it again, so the scan
 * fails with this message instead of being retried.
 */
export class AnalysisLimitError extends Error {
  override readonly name = 'AnalysisLimitError';
}

export interface RunOptions {
  onProgress?: (message: string) => void;
}

/** How often the pool samples a running thread's CPU time. */
const SAMPLE_MS = 100;
const DEFAULT_IDLE_MS = 30_000;

function threadEntry(): { url: URL; workerData?: { entry: string } } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    return {
      url: new URL('./thread-from-source.mjs', here),
      workerData: { entry: new URL('./thread.ts', here).href },
    };
  }
  return { url: new URL('./thread.js', here) };
}

/** /proc reports CPU time in clock ticks of 1/100 s (USER_HZ, fixed on Linux). */
const MS_PER_TICK = 10;

/** User plus system CPU time of a thread of this process, in ms; undefined when it cannot be read. */
function threadCpuMs(tid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state; utime and stime are 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
  } catch {
    return undefined;
  }
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function deserialize(error: SerializedError): Error {
  if (error.name === 'TargetError' && error.targetKind)
    return new TargetError(error.targetKind as TargetErrorKind, error.message);
  if (error.name === 'SuppressionError') return new SuppressionError(error.message);
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}

interface Running {
  id: number;
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: (message: string) => void;
  /** Busy time (ms) of the thread when the task started, read through `busySince`. */
  busySince: () => number;
  /** The file or server being analysed now, when the busy time charged to it started, and the totals. */
  place: string | undefined;
  placeStartedAt: number;
  spentByPlace: Map<string, number>;
}

class AnalysisThread {
  readonly worker: Worker;
  running: Running | undefined;
  /** The thread's kernel id once it reported it (Linux), for reading its CPU time. */
  private tid: number | undefined;
  idleTimer: NodeJS.Timeout | undefined;
  /** Terminated, crashed or exited: never given another task. */
  retired = false;
  private sampler: NodeJS.Timeout | undefined;

  constructor(
    private readonly limits: AnalysisLimits,
    private readonly onGone: (thread: AnalysisThread) => void,
  ) {
    const entry = threadEntry();
    this.worker = new Worker(entry.url, {
      ...(entry.workerData ? { workerData: entry.workerData } : {}),
      resourceLimits: { maxOldGenerationSizeMb: limits.heapMb },
    });
    this.worker.on('message', (message: ThreadMessage) => this.onMessage(message));
    this.worker.on('error', (error: Error & { code?: string }) => {
      this.retired = true;
      const task = this.running;
      if (!task) return;
      const where = task.place ? ` on ${task.place}` : '';
      this.finish(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new AnalysisLimitError(`analysis ran out of memory (${this.limits.heapMb} MB)${where}`)
          : new Error(`the analysis thread crashed${where}: ${error.message}`),
      );
    });
    this.worker.on('exit', () => {
      this.retired = true;
      this.finish(new Error('the analysis thread stopped before the task finished'));
      this.onGone(this);
    });
  }

  /** CPU time of the thread so far (ms): the kernel's count when readable, else event-loop busy time. */
  private cpuMs(): number {
    const kernel = this.tid === undefined ? undefined : threadCpuMs(this.tid);
    return kernel ?? this.worker.performance.eventLoopUtilization().active;
  }

  start(
    task: AnalysisTask,
    running: Omit<Running, 'busySince' | 'place' | 'placeStartedAt' | 'spentByPlace'>,
  ) {
    const base = this.cpuMs();
    this.running = {
      ...running,
      busySince: () => this.cpuMs() - base,
      place: undefined,
      placeStartedAt: 0,
      spentByPlace: new Map(),
    };
    this.sampler = setInterval(() => this.checkBudgets(), SAMPLE_MS);
    this.sampler.unref();
    this.worker.postMessage({ id: running.id, task } satisfies TaskMessage);
  }

  private onMessage(message: ThreadMessage): void {
    if (message.type === 'thread') {
      this.tid = message.tid;
      return;
    }
    const task = this.running;
    if (!task || message.id !== task.id) return;
    switch (message.type) {
      case 'progress':
        task.onProgress?.(message.message);
        return;
      case 'place':
        this.chargePlace(task);
        task.place = message.place;
        return;
      case 'done':
        this.finish(undefined, message.value);
        return;
      case 'failed':
        this.finish(deserialize(message.error));
        return;
    }
  }

  /** Adds the busy time since the current place started to its total, and starts the clock again. */
  private chargePlace(task: Running): number {
    const now = task.busySince();
    if (task.place === undefined) {
      task.placeStartedAt = now;
      return 0;
    }
    const spent = (task.spentByPlace.get(task.place) ?? 0) + (now - task.placeStartedAt);
    task.spentByPlace.set(task.place, spent);
    task.placeStartedAt = now;
    return spent;
  }

  private checkBudgets(): void {
    const task = this.running;
    if (!task) return;
    const placeSpent = this.chargePlace(task);
    if (task.place !== undefined && placeSpent > this.limits.fileCpuMs) {
      this.abort(
        new AnalysisLimitError(`analysis exceeded ${seconds(this.limits.fileCpuMs)} on ${task.place}`),
      );
    } else if (task.busySince() > this.limits.taskCpuMs) {
      this.abort(new AnalysisLimitError(`analysis exceeded ${seconds(this.limits.taskCpuMs)} in all`));
    }
  }

  /** Ends the thread (the only way to stop code that does not yield) and fails its task. */
  private abort(error: Error): void {
    this.retired = true;
    this.finish(error);
    void this.worker.terminate();
  }

  private finish(error: Error | undefined, value?: unknown): void {
    const task = this.running;
    if (!task) return;
    this.running = undefined;
    clearInterval(this.sampler);
    if (error) task.reject(error);
    else task.resolve(value);
  }
}

export class AnalysisPool {
  private readonly idle: AnalysisThread[] = [];
  private readonly all = new Set<AnalysisThread>();
  private readonly waiting: ((thread: AnalysisThread) => void)[] = [];
  private nextId = 1;
  private closed = false;

  constructor(readonly limits: AnalysisLimits) {}

  scanFiles(
    files: InputFile[],
    options: Omit<FilesTask, 'kind' | 'files'> & RunOptions,
  ): Promise<ScanResult> {
    const { onProgress, ...task } = options;
    return this.run<'files'>({ kind: 'files', files, ...task }, { onProgress });
  }

  scanServer(target: string, options: Omit<ServerTask, 'kind' | 'target'> & RunOptions): Promise<ScanResult> {
    const { onProgress, ...task } = options;
    return this.run<'server'>({ kind: 'server', target, ...task }, { onProgress });
  }

  /** Analyses what a server started outside the engine (the CLI's `--launch`) listed. */
  scanSurface(surface: ServerSurface, options: Omit<SurfaceTask, 'kind' | 'surface'> & RunOptions = {}) {
    const { onProgress, ...task } = options;
    return this.run<'surface'>({ kind: 'surface', surface, ...task }, { onProgress });
  }

  /** The MCP servers that the client configuration files among `files` set up. */
  readConfigs(files: InputFile[]): Promise<ConfiguredServerInfo[]> {
    return this.run<'configs'>({ kind: 'configs', files }, {});
  }

  /**
   * `result` with the suppressions of `file` applied as of `today` (YYYY-MM-DD, UTC). Fails with a
   * SuppressionError when the file cannot be used.
   */
  applySuppressions(
    result: ScanResult,
    file: SuppressionFile,
    today: string,
  ): Promise<{ result: ScanResult; warnings: string[] }> {
    return this.run<'suppress'>({ kind: 'suppress', result, file, today }, {});
  }

  async renderReport(input: ReportInput): Promise<Buffer> {
    const bytes = await this.run<'report'>({ kind: 'report', input }, {});
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Ends every thread; running and waiting tasks fail. */
  async close(): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
    await Promise.all([...this.all].map((thread) => thread.worker.terminate()));
  }

  private async run<K extends keyof TaskOutput>(
    task: AnalysisTask,
    options: RunOptions,
  ): Promise<TaskOutput[K]> {
    if (this.closed) throw new Error('the analysis pool is closed');
    const thread = await this.acquire();
    try {
      return await new Promise<TaskOutput[K]>((resolve, reject) => {
        thread.start(task, {
          id: this.nextId++,
          resolve: resolve as (value: unknown) => void,
          reject,
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        });
      });
    } finally {
      this.release(thread);
    }
  }

  private acquire(): Promise<AnalysisThread> {
    const idle = this.idle.pop();
    if (idle) {
      clearTimeout(idle.idleTimer);
      return Promise.resolve(idle);
    }
    if (this.all.size < this.limits.threads) {
      const thread = new AnalysisThread(this.limits, (gone) => this.forget(gone));
      this.all.add(thread);
      return Promise.resolve(thread);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(thread: AnalysisThread): void {
    // A retired thread is replaced when its exit is seen (forget), and a waiting task gets the new one.
    if (thread.retired || this.closed) return;
    const next = this.waiting.shift();
    if (next) return next(thread);
    this.idle.push(thread);
    thread.idleTimer = setTimeout(
      () => void thread.worker.terminate(),
      this.limits.idleMs ?? DEFAULT_IDLE_MS,
    );
    thread.idleTimer.unref();
  }

  /** A thread that exited (terminated, crashed, idle): a waiting task gets a new one. */
  private forget(thread: AnalysisThread): void {
    clearTimeout(thread.idleTimer);
    this.all.delete(thread);
    const index = this.idle.indexOf(thread);
    if (index !== -1) this.idle.splice(index, 1);
    const next = this.closed ? undefined : this.waiting.shift();
    if (next) {
      const replacement = new AnalysisThread(this.limits, (gone) => this.forget(gone));
      this.all.add(replacement);
      next(replacement);
    }
  }
}
