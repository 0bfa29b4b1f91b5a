// One tenant's hostile upload against everyone else: the analysis runs in the pool under CPU budgets,
// so the service keeps answering while it runs, the scan fails with the file's name instead of being
// claimed again and again, and whatever a file makes a rule report, the result stays small.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, multipart, startTestService, waitForScan, type TestService } from './helpers.js';

let service: TestService;
let attacker: string;
let bystander: string;

beforeAll(async () => {
  service = await startTestService({
    env: { TRUSTTRACE_ANALYSIS_FILE_SECONDS: '2' },
    worker: { concurrency: 2 },
  });
  attacker = await service.account('enterprise');
  bystander = await service.account('developer');
});
afterAll(() => service.close());

/** About 3 MB of ordinary Python: several CPU seconds of analysis, more than the 2 s budget per file. */
function slowPython(): string {
  const lines: string[] = [];
  for (let i = 0; i < 36_000; i++) {
    lines.push(
      `def handler_${i}(arg):`,
      `    value_${i} = compute(arg, "text ${i}")`,
      `    return value_${i}`,
      '',
    );
  }
  return lines.join('\n');
}

async function upload(
  key: string,
  files: { name: string; content: string }[],
  on: TestService = service,
): Promise<string> {
  const body = multipart(files);
  const response = await on.app.inject({
    method: 'POST',
    url: '/v1/scan/upload',
    headers: { ...bearer(key), ...body.headers },
    payload: body.payload,
  });
  expect(response.statusCode, response.body).toBe(202);
  return response.json<{ scan_id: string }>().scan_id;
}

async function timed(request: () => Promise<{ statusCode: number }>): Promise<number> {
  const started = performance.now();
  const response = await request();
  expect(response.statusCode).toBe(200);
  return performance.now() - started;
}

describe('isolation of analysis', { timeout: 120_000 }, () => {
  it('answers health checks and other tenants while a heavy scan runs, then fails that scan once', async () => {
    const slow = await upload(attacker, [{ name: 'server.py', content: slowPython() }]);
    const mine = await upload(bystander, [{ name: 'notes.txt', content: 'nothing to see' }]);

    const latencies: number[] = [];
    let sawRunning = false;
    for (;;) {
      const scan = await service.app.inject({
        method: 'GET',
        url: `/v1/scan/${slow}`,
        headers: bearer(attacker),
      });
      const status = scan.json<{ status: string }>().status;
      if (status !== 'queued' && status !== 'running') break;
      if (status === 'running') {
        sawRunning = true;
        latencies.push(await timed(() => service.app.inject({ method: 'GET', url: '/healthz' })));
        latencies.push(
          await timed(() =>
            service.app.inject({ method: 'GET', url: `/v1/scan/${mine}`, headers: bearer(bystander) }),
          ),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(sawRunning).toBe(true);
    expect(latencies.length).toBeGreaterThan(4);
    // Each answer is milliseconds; a blocked event loop would show the analysis' seconds here.
    expect(Math.max(...latencies)).toBeLessThan(1_000);

    const failed = await waitForScan(service.app, attacker, slow);
    expect(failed).toEqual({
      scan_id: slow,
      status: 'failed',
      error: 'The scan was stopped: analysis exceeded 2 s on server.py',
    });
    const job = await service.store.db.selectFrom('jobs').select(['state', 'attempts']).execute();
    expect(job).toContainEqual({ state: 'failed', attempts: 1 });
    expect(await waitForScan(service.app, bystander, mine)).toMatchObject({
      status: 'complete',
      letter_grade: 'A',
    });
  });
});

// The default budgets: the flood must complete, however loaded the machine that scans it.
describe('bounded results', { timeout: 120_000 }, () => {
  let roomy: TestService;
  beforeAll(async () => {
    roomy = await startTestService({ worker: { concurrency: 1 } });
  });
  afterAll(() => roomy.close());

  it('keeps the result of a file that fires a rule a hundred thousand times small', async () => {
    const attacker = await roomy.account('enterprise');
    const flood = Array.from({ length: 110_000 }, (_, i) => `password=Zq${i}Xk9Lm2Pq7Rt`).join('\n');
    const scanId = await upload(attacker, [{ name: 'flood.txt', content: flood }], roomy);
    const done = await waitForScan(roomy.app, attacker, scanId, ['complete', 'failed'], 100_000);
    expect(done.status).toBe('complete');
    const response = await roomy.app.inject({
      method: 'GET',
      url: `/v1/scan/${scanId}`,
      headers: bearer(attacker),
    });
    expect(response.body.length).toBeLessThan(100_000);
    const findings = (done.findings as { id: string; evidence: string }[]).filter((f) => f.id === 'SEC-003');
    expect(findings).toHaveLength(20);
    expect(findings.at(-1)!.evidence).toMatch(/^10\d,\d{3} more occurrences; first at lines 20, 21/);
  });
});
