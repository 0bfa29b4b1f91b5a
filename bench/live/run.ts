// `bench/live`: a full live scan (session, listing, every probe, every rule, score) of a local MCP
// server with 100 tools, built with the SDK and protected by a bearer token with OAuth metadata, so that
// every probe runs. Prints the wall time of one cold scan, p50/p95 over sequential scans, and the
// throughput of concurrent scans, next to the reference's estimate (60 s per scan).
//
//   npx tsx bench/live/run.ts [--runs 20] [--concurrent 50]
import { parseArgs } from 'node:util';
import { createAddressPolicy } from '../../src/engine/net/address-policy.js';
import { scanServer } from '../../src/engine/scan.js';
import { startFixtureServer, type FixtureTool } from '../../test/fixtures/servers/mcp-fixture.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '20' }, concurrent: { type: 'string', default: '50' } },
});
const runs = Math.max(1, Number(values.runs));
const concurrent = Math.max(1, Number(values.concurrent));
const REFERENCE_SECONDS = 60;
const TOKEN = 'bench-token-0123456789abcdef0123';

const VERBS = [
  'get',
  'list',
  'search',
  'create',
  'update',
  'summarize',
  'convert',
  'validate',
  'export',
  'count',
];
const NOUNS = [
  'forecast',
  'station',
  'alert',
  'report',
  'invoice',
  'ticket',
  'note',
  'calendar_event',
  'unit',
  'metric',
];
const tools: FixtureTool[] = VERBS.flatMap((verb) =>
  NOUNS.map((noun) => ({
    name: `${verb}_${noun}`,
    description: `${verb[0]!.toUpperCase()}${verb.slice(1)}s ${noun.replace('_', ' ')} records for the current project. Returns JSON.`,
    inputSchema: {
      type: 'object',
      properties: {
        id: { type: 'string', description: `Identifier of the ${noun.replace('_', ' ')}` },
        limit: { type: 'integer', minimum: 1, maximum: 100 },
      },
    },
  })),
);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const server = await startFixtureServer({
  auth: 'token',
  token: TOKEN,
  oauth: 'complete',
  checkOrigin: true,
  tools,
});
const policy = createAddressPolicy({ allow: ['127.0.0.0/8'] });
const scan = () => scanServer(server.url, { policy, authToken: TOKEN });

try {
  let started = performance.now();
  const first = await scan();
  const cold = performance.now() - started;
  if (first.findings.some((f) => f.id.startsWith('MCP-')))
    console.warn(
      'warning: the bench server raised MCP findings:',
      first.findings.map((f) => f.id).join(', '),
    );

  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    started = performance.now();
    await scan();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);

  started = performance.now();
  await Promise.all(Array.from({ length: concurrent }, scan));
  const concurrentSeconds = (performance.now() - started) / 1000;

  const ms = (value: number) => `${value.toFixed(0)} ms`;
  console.log(`live scan of a local server with ${tools.length} tools (${first.findings.length} findings)`);
  console.log(`  one full scan (cold):         ${ms(cold)}`);
  console.log(
    `  p50 / p95 over ${runs} scans:     ${ms(percentile(times, 50))} / ${ms(percentile(times, 95))}`,
  );
  console.log(
    `  ${concurrent} concurrent scans:          ${concurrentSeconds.toFixed(2)} s, ${(concurrent / concurrentSeconds).toFixed(1)} scans/s`,
  );
  console.log(`  reference estimate:           ${REFERENCE_SECONDS} s per scan; goal here: < 1 s`);
} finally {
  await server.close();
}
