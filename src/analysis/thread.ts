// The body of one analysis thread: takes one task at a time from the pool, runs the engine (or the PDF
// renderer) on it, and posts progress, the place being analysed, and the outcome. Everything heavy
// loads here, with the first task that needs it, never on the service's event loop.
import { readlinkSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { AnalysisTask, SerializedError, TaskMessage, TaskOutput, ThreadMessage } from './tasks.js';

if (!parentPort) throw new Error('analysis/thread.ts runs only as a worker thread of the analysis pool');
const port = parentPort;

async function run(id: number, task: AnalysisTask): Promise<TaskOutput[keyof TaskOutput]> {
  const post = (message: ThreadMessage) => port.postMessage(message);
  const onProgress = (message: string) => post({ id, type: 'progress', message });
  const onPlace = (place: string) => post({ id, type: 'place', place });
  switch (task.kind) {
    case 'files': {
      const [{ scanFiles }, { openScanAdvisories }, { createAddressPolicy }] = await Promise.all([
        import('../engine/scan.js'),
        import('../engine/advisories/scan-source.js'),
        import('../engine/net/address-policy.js'),
      ]);
      const advisories = openScanAdvisories(task.osvUrl, { policy: createAddressPolicy(task.policy) });
      try {
        // Buffers cross the thread boundary as plain Uint8Arrays: make them Buffers again.
        const files = task.files.map(({ name, content }) => ({
          name,
          content:
            typeof content === 'string'
              ? content
              : Buffer.from(content.buffer, content.byteOffset, content.byteLength),
        }));
        return await scanFiles(files, {
          onProgress,
          onPlace,
          advisories: advisories.source,
          ...(task.secondOpinion ? { secondOpinion: task.secondOpinion } : {}),
        });
      } finally {
        await advisories.close();
      }
    }
    case 'server': {
      const [{ scanServer }, { createAddressPolicy }] = await Promise.all([
        import('../engine/scan.js'),
        import('../engine/net/address-policy.js'),
      ]);
      return scanServer(task.target, {
        policy: createAddressPolicy(task.policy),
        onProgress,
        onPlace,
        ...(task.authToken ? { authToken: task.authToken } : {}),
        ...(task.deadlineMs ? { deadlineMs: task.deadlineMs } : {}),
        ...(task.secondOpinion ? { secondOpinion: task.secondOpinion } : {}),
      });
    }
    case 'report': {
      const { renderReport } = await import('../reports/pdf.js');
      return new Uint8Array(await renderReport(task.input));
    }
    case 'surface': {
      const { scanSurface } = await import('../engine/scan.js');
      return scanSurface(task.surface, {
        onPlace,
        ...(task.secondOpinion ? { secondOpinion: task.secondOpinion } : {}),
      });
    }
    case 'configs': {
      const { inventoryConfigs } = await import('../engine/inventory.js');
      return inventoryConfigs(task.files);
    }
    case 'suppress': {
      const { applySuppressions } = await import('../engine/suppressions/apply.js');
      onPlace(task.file.name);
      return applySuppressions(task.result, task.file, task.today);
    }
  }
}

function serialize(error: unknown): SerializedError {
  if (error instanceof Error) {
    const kind = (error as { kind?: unknown }).kind;
    return {
      name: error.name,
      message: error.message,
      ...(error.name === 'TargetError' && typeof kind === 'string' ? { targetKind: kind } : {}),
    };
  }
  return { name: 'Error', message: String(error) };
}

/** This thread's id in the kernel, so that the pool can read its CPU time (Linux); absent elsewhere. */
function kernelThreadId(): number | undefined {
  try {
    const id = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(id) && id > 0 ? id : undefined;
  } catch {
    return undefined;
  }
}
port.postMessage({ id: 0, type: 'thread', tid: kernelThreadId() } satisfies ThreadMessage);

port.on('message', ({ id, task }: TaskMessage) => {
  run(id, task).then(
    (value) => port.postMessage({ id, type: 'done', value } as ThreadMessage),
    (error: unknown) => port.postMessage({ id, type: 'failed', error: serialize(error) } as ThreadMessage),
  );
});
