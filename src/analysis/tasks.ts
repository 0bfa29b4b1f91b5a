// What the analysis pool runs, in terms a message between threads can carry: plain data in, plain data
// out. The thread rebuilds the objects (address policy, advisory source) from this data.
import type { JudgeConfig } from '../engine/rules/tools/poisoning/judge.js';
import type { InputFile, ScanResult } from '../engine/types.js';
import type { ReportInput } from '../reports/pdf.js';

/** TRUSTTRACE_ALLOW_PRIVATE_TARGETS as given, and whether loopback is the user's own machine (CLI). */
export interface AddressPolicySettings {
  allow: string[];
  loopbackAllowed?: boolean;
}

export interface FilesTask {
  kind: 'files';
  files: InputFile[];
  /** TRUSTTRACE_OSV_URL; unset or `off` means the embedded advisories only. */
  osvUrl?: string;
  /** What OSV look-ups may reach. */
  policy: AddressPolicySettings;
  secondOpinion?: JudgeConfig;
}

export interface ServerTask {
  kind: 'server';
  target: string;
  authToken?: string;
  policy: AddressPolicySettings;
  /** Bound on the whole live scan (wall time: most of it is waiting on the server). */
  deadlineMs?: number;
  secondOpinion?: JudgeConfig;
}

export interface ReportTask {
  kind: 'report';
  input: ReportInput;
}

export type AnalysisTask = FilesTask | ServerTask | ReportTask;

export interface TaskOutput {
  files: ScanResult;
  server: ScanResult;
  report: Uint8Array;
}

/** Parent → thread. */
export interface TaskMessage {
  id: number;
  task: AnalysisTask;
}

/** An error as it crosses the thread boundary; a TargetError keeps its kind. */
export interface SerializedError {
  name: string;
  message: string;
  targetKind?: string;
}

/** Thread → parent. */
export type ThreadMessage =
  /** Sent once at start: the kernel thread id whose CPU time the pool reads (Linux), when there is one. */
  | { id: 0; type: 'thread'; tid: number | undefined }
  | { id: number; type: 'progress'; message: string }
  /** The analysis moved to another file or server: CPU time from now on is charged to it. */
  | { id: number; type: 'place'; place: string }
  | { id: number; type: 'done'; value: TaskOutput[keyof TaskOutput] }
  | { id: number; type: 'failed'; error: SerializedError };
