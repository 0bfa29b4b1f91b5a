// A small OSV-compatible API on 127.0.0.1 for tests: POST /v1/querybatch and GET /v1/vulns/{id},
// answering from an in-memory list of records, with request counts so tests can see the cache work.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OsvVulnerability } from '../../../src/engine/advisories/osv.js';
import { inRange } from '../../../src/engine/advisories/versions.js';
import { osvRanges } from '../../../src/engine/advisories/osv.js';

export interface OsvFixture {
  url: string;
  requests: { querybatch: number; vulns: number };
  /** Ask for a second page for this package's results (OSV pages large answers). */
  pageFor?: string;
  /** Answer every request with this status instead. */
  failWith?: number;
  close(): Promise<void>;
}

export async function startOsvFixture(records: OsvVulnerability[]): Promise<OsvFixture> {
  const byId = new Map(records.map((r) => [r.id, r]));
  // Like OSV: a query with a version matches the ranges holding it; one without, the whole package.
  const affects = (record: OsvVulnerability, ecosystem: 'npm' | 'PyPI', name: string, version?: string) => {
    const ranges = osvRanges(record, ecosystem, name);
    return version === undefined
      ? ranges.length > 0
      : ranges.some((range) => inRange(ecosystem, version, range));
  };
  const fixture: OsvFixture = {
    url: '',
    requests: { querybatch: 0, vulns: 0 },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (fixture.failWith) return send(fixture.failWith, { message: 'unavailable' });
    if (req.method === 'POST' && req.url === '/v1/querybatch') {
      fixture.requests.querybatch++;
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        const { queries } = JSON.parse(raw) as {
          queries: {
            package: { ecosystem: 'npm' | 'PyPI'; name: string };
            version: string;
            page_token?: string;
          }[];
        };
        const results = queries.map((query) => {
          const hits = records.filter((r) =>
            affects(r, query.package.ecosystem, query.package.name, query.version),
          );
          const ids = hits.map((r) => ({ id: r.id, modified: '2026-01-01T00:00:00Z' }));
          if (fixture.pageFor === query.package.name && ids.length > 1) {
            return query.page_token === 'page-2'
              ? { vulns: ids.slice(1) }
              : { vulns: ids.slice(0, 1), next_page_token: 'page-2' };
          }
          return ids.length > 0 ? { vulns: ids } : {};
        });
        send(200, { results });
      });
      return;
    }
    const match = /^\/v1\/vulns\/([^/]+)$/.exec(req.url ?? '');
    if (req.method === 'GET' && match) {
      fixture.requests.vulns++;
      const record = byId.get(decodeURIComponent(match[1]!));
      return record ? send(200, record) : send(404, { code: 5, message: 'Bug not found.' });
    }
    send(404, { message: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fixture.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fixture;
}
