// What the analysis pool runs, in terms a message between threads can carry: plain data in, plain data
// out. The thread rebuilds the objects (address policy, advisory source) from this data.
import type { ConfiguredServerInfo } from '../engine/inventory.js';
import type { JudgeConfig } from '../engine/rules/tools/poisoning/judge.js';
import type { SuppressionFile } from '../engine/suppressions/file.js';
import type { InputFile, ScanResult, ServerSurface } from '../engine/types.js';
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

/** What a server started by the CLI (`--launch`) listed over stdio, to be analysed like a live server. */
export interface SurfaceTask {
  kind: 'surface';
  surface: ServerSurface;
  secondOpinion?: JudgeConfig;
}

/** The MCP servers that client configuration files set up (`--discover`). */
export interface ConfigsTask {
  kind: 'configs';
  files: InputFile[];
}

/** A finished result with the suppressions of a `.trusttrace.yaml` applied as of `today` (YYYY-MM-DD). */
export interface SuppressTask {
  kind: 'suppress';
  result: ScanResult;
  file: SuppressionFile;
  today: string;
}

export type AnalysisTask = FilesTask | ServerTask | ReportTask | SurfaceTask | ConfigsTask | SuppressTask;

export interface TaskOutput {
  files: ScanResult;
  server: ScanResult;
  report: Uint8Array;
  surface: ScanResult;
  configs: ConfiguredServerInfo[];
  suppress: { result: ScanResult; warnings: string[] };
}

/** Parent → thread. */
export interface TaskMessage {
  id: number;
  task: AnalysisTask;
}

/** An error as it crosses the thread boundary; a TargetError keeps its kind (and a SuppressionError its name). */
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
