// `trusttrace scan --launch`: a configured stdio server started as its client would start it (the
// command, its arguments, the entry's env over a minimal inherited environment), asked over stdio with
// the MCP SDK for its tools, prompts and resources, and stopped. Each server runs under a time limit and
// a cap on what it may write (stdout and stderr together), in a process group of its own that is killed
// afterwards, so that whatever it started goes with it, also when the CLI itself is interrupted. What
// it listed is analysed in the analysis pool like any other definitions; nothing it says is executed.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { deserializeMessage, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import spawn from 'cross-spawn';
import { CLIENT_INFO } from '../engine/collect/mcp/rpc.js';
import { isRequestTimeout, listDefinitions } from '../engine/collect/mcp/session.js';
import { visibleLine } from '../engine/evidence.js';
import type { Launch } from '../engine/inventory.js';
import { Deadline } from '../engine/net/deadline.js';
import type { ServerSurface } from '../engine/types.js';

export type StdioLaunch = Extract<Launch, { transport: 'stdio' }>;

export interface LaunchLimits {
  /** From start to the last list answered. */
  timeoutMs: number;
  /** What the server may write, stdout and stderr together. */
  maxOutputBytes: number;
}

export const DEFAULT_LAUNCH_LIMITS: LaunchLimits = { timeoutMs: 30_000, maxOutputBytes: 10 * 1024 * 1024 };

/** Why a launched server could not be listed; the message is one visible line. */
export class LaunchError extends Error {
  override readonly name = 'LaunchError';
}

/** How long a server gets to exit after SIGTERM before its whole group is killed. */
const EXIT_GRACE_MS = 1000;
const INSTRUCTIONS_LENGTH = 20_000;
const STDERR_TAIL = 2000;

// Servers still running, so that an interrupted CLI takes them down too: they live in process groups of
// their own, which the terminal's Ctrl-C does not reach.
const running = new Set<ChildProcess>();
let handlersInstalled = false;

/** Kills the process group of `child` (the process tree on Windows); one that is gone already is fine. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32')
      spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    else process.kill(-child.pid, signal);
  } catch {
    // ESRCH: nothing of the group is left.
  }
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    for (const child of running) killGroup(child, 'SIGKILL');
  });
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      for (const child of running) killGroup(child, 'SIGKILL');
      process.exit(code);
    });
  }
}

/**
 * Lines of a stream in time linear in what arrives: only new bytes are searched for a line's end (the
 * SDK's buffer searches all it holds again for every chunk, which a flood turns quadratic).
 */
class LineReader {
  private pending: Buffer[] = [];

  push(chunk: Buffer, onLine: (line: string) => void): void {
    let start = 0;
    for (let end = chunk.indexOf(10, start); end !== -1; end = chunk.indexOf(10, start)) {
      this.pending.push(chunk.subarray(start, end));
      const line = Buffer.concat(this.pending).toString('utf8');
      this.pending = [];
      start = end + 1;
      onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    }
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
  }

  clear(): void {
    this.pending = [];
  }
}

/** The SDK's Transport over a child we spawned ourselves: the SDK's own cannot use a process group. */
class LaunchedServer implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly stop = new AbortController();
  /** Aborted with a LaunchError when the server exits, fails to start or writes too much. */
  readonly stopped = this.stop.signal;
  private readonly lines = new LineReader();
  private child: ChildProcess | undefined;
  private written = 0;
  private stderrTail = '';

  constructor(
    private readonly launch: StdioLaunch,
    private readonly limits: LaunchLimits,
    private readonly cwd: string,
  ) {}

  private fail(why: string): void {
    if (!this.stop.signal.aborted) this.stop.abort(new LaunchError(why));
  }

  /** Counts what the server writes; past the cap it is stopped. */
  private count(chunk: Buffer): boolean {
    this.written += chunk.length;
    if (this.written <= this.limits.maxOutputBytes) return true;
    this.fail(`wrote more than ${Math.round(this.limits.maxOutputBytes / 1024 / 1024)} MB; stopped`);
    if (this.child) killGroup(this.child, 'SIGKILL');
    return false;
  }

  start(): Promise<void> {
    installHandlers();
    return new Promise((resolve, reject) => {
      const child = spawn(this.launch.command, this.launch.args, {
        env: { ...getDefaultEnvironment(), ...this.launch.env },
        cwd: this.cwd,
        stdio: ['pipe', 'pipe', 'pipe'],
        // A group of its own (POSIX), so that killing it reaches whatever the server started.
        detached: process.platform !== 'win32',
        windowsHide: true,
      });
      this.child = child;
      running.add(child);
      child.on('error', (error: NodeJS.ErrnoException) => {
        const why =
          error.code === 'ENOENT'
            ? `command not found: ${visibleLine(this.launch.command, 200)}`
            : `could not start: ${visibleLine(error.message, 200)}`;
        this.fail(why);
        reject(this.stopped.reason as Error);
      });
      child.on('spawn', () => resolve());
      child.on('exit', (code, signal) => {
        const tail = visibleLine(this.stderrTail.trim().split('\n').pop() ?? '', 200);
        this.fail(`exited (${signal ?? `code ${code}`}) before it answered${tail ? `: ${tail}` : ''}`);
      });
      child.on('close', () => {
        running.delete(child);
        this.onclose?.();
      });
      child.stdin?.on('error', () => undefined); // a server that exits closes its end: reported by `exit`
      child.stdout?.on('data', (chunk: Buffer) => {
        if (!this.count(chunk)) return;
        this.lines.push(chunk, (line) => {
          if (line.trim() === '') return;
          let message: JSONRPCMessage;
          try {
            message = deserializeMessage(line);
          } catch (error) {
            // A line that is not JSON-RPC (a log line on stdout): skipped, as the SDK's transport does.
            this.onerror?.(error as Error);
            return;
          }
          this.onmessage?.(message);
        });
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        if (!this.count(chunk)) return;
        this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL);
      });
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin || stdin.destroyed) return Promise.reject(new LaunchError('the server is not running'));
    return new Promise((resolve) => {
      if (stdin.write(serializeMessage(message))) resolve();
      else stdin.once('drain', resolve);
    });
  }

  /** Ends the server: stdin closed, SIGTERM to its group, and after a grace period SIGKILL to the group. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    this.lines.clear();
    child.stdin?.end();
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      killGroup(child, 'SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, EXIT_GRACE_MS).unref())]);
    }
    // Also when the server itself exited: what it started may still be running in its group.
    killGroup(child, 'SIGKILL');
    running.delete(child);
  }
}

/**
 * Starts a configured stdio server, lists what it offers and stops it. `server` names it in findings.
 * Throws a LaunchError when it cannot be started, exits, writes too much or does not answer in time.
 */
export async function listStdioServer(
  server: string,
  launch: StdioLaunch,
  options: { limits?: LaunchLimits; cwd: string },
): Promise<ServerSurface> {
  const limits = options.limits ?? DEFAULT_LAUNCH_LIMITS;
  const deadline = new Deadline(limits.timeoutMs);
  const transport = new LaunchedServer(launch, limits, options.cwd);
  const work = AbortSignal.any([deadline.signal, transport.stopped]);
  const client = new Client(CLIENT_INFO, { capabilities: {} });
  client.onerror = () => undefined;
  try {
    await client.connect(transport, { signal: work, timeout: deadline.timerMs() });
    const listed = await listDefinitions({ client }, { signal: work, deadline }, () => undefined);
    const instructions = client.getInstructions();
    return {
      kind: 'server-surface',
      server,
      ...(typeof instructions === 'string'
        ? { instructions: instructions.slice(0, INSTRUCTIONS_LENGTH) }
        : {}),
      definitions: listed.definitions,
    };
  } catch (error) {
    if (transport.stopped.aborted) throw transport.stopped.reason as LaunchError;
    if (deadline.expired || isRequestTimeout(error))
      throw new LaunchError(`did not answer within ${limits.timeoutMs / 1000} s`);
    throw new LaunchError(visibleLine((error as Error).message ?? String(error), 200));
  } finally {
    deadline.dispose();
    await client.close().catch(() => undefined);
    await transport.close();
  }
}
