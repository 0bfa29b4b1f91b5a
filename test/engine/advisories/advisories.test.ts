import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cvss3BaseScore, severityOfScore } from '../../../src/engine/advisories/cvss.js';
import { EmbeddedAdvisorySource } from '../../../src/engine/advisories/embedded.js';
import { advisorySourceFor } from '../../../src/engine/advisories/index.js';
import { OsvAdvisorySource, type OsvVulnerability } from '../../../src/engine/advisories/osv.js';
import { vulnerableDependency } from '../../../src/engine/rules/deps/vulnerable-dependency.js';
import { scanFiles } from '../../../src/engine/scan.js';
import { createAddressPolicy } from '../../../src/engine/net/address-policy.js';
import { createGuardedFetch, type GuardedFetch } from '../../../src/engine/net/guarded-fetch.js';
import { startOsvFixture, type OsvFixture } from './osv-fixture-server.js';

describe('CVSS v3 base scores', () => {
  it('scores vectors as the specification does', () => {
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toBe(9.8);
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H')).toBe(9.6);
    expect(cvss3BaseScore('CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N')).toBe(5.5);
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:C/C:L/I:L/A:N')).toBe(4.4);
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N')).toBe(0);
  });

  it('refuses what it cannot score', () => {
    expect(cvss3BaseScore('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N')).toBeUndefined();
    expect(cvss3BaseScore('CVSS:3.1/AV:X/AC:L')).toBeUndefined();
    expect(cvss3BaseScore('not a vector')).toBeUndefined();
  });

  it('maps scores to the CVSS ratings', () => {
    expect([9.0, 8.9, 7.0, 6.9, 4.0, 3.9, 0.1, 0].map(severityOfScore)).toEqual([
      'critical',
      'high',
      'high',
      'medium',
      'medium',
      'low',
      'low',
      'info',
    ]);
  });
});

describe('embedded advisories', () => {
  const source = new EmbeddedAdvisorySource();

  it('matches by range, fixed and last-affected bounds, and PEP 503 names', async () => {
    const [remote, fixedRemote, sdk, oldLangchain, newerLangchain] = await source.lookup([
      { ecosystem: 'npm', name: 'mcp-remote', version: '0.1.15' },
      { ecosystem: 'npm', name: 'mcp-remote', version: '0.1.16' },
      { ecosystem: 'PyPI', name: 'MCP', version: '1.22.0' },
      { ecosystem: 'PyPI', name: 'LangChain', version: '0.0.131' },
      { ecosystem: 'PyPI', name: 'langchain', version: '0.0.132' },
    ]);
    expect(remote!.map((a) => [a.id, a.fixed, a.severity])).toEqual([
      ['CVE-2025-6514', '0.1.16', 'critical'],
    ]);
    expect(fixedRemote).toEqual([]);
    expect(sdk!.map((a) => a.id)).toEqual(['CVE-2025-66416']);
    expect(oldLangchain!.map((a) => a.id).sort()).toEqual(['CVE-2023-29374', 'CVE-2023-36258']);
    expect(newerLangchain!.map((a) => a.id)).toEqual(['CVE-2023-36258']);
  });

  it('ignores versions it cannot read instead of guessing', async () => {
    const [result] = await source.lookup([
      { ecosystem: 'npm', name: 'mcp-remote', version: 'not-a-version' },
    ]);
    expect(result).toEqual([]);
  });

  it('is what `off` and an empty setting give', () => {
    const fetch = () => Promise.reject(new Error('no network'));
    expect(advisorySourceFor('off', fetch).name).toBe('embedded');
    expect(advisorySourceFor(' ', fetch).name).toBe('embedded');
    expect(advisorySourceFor('https://api.osv.dev', fetch).name).toBe('osv');
  });
});

const RECORDS: OsvVulnerability[] = [
  {
    id: 'MAL-2099-0001',
    summary: 'Malicious code in evil-mcp-helper (npm)',
    affected: [
      {
        package: { ecosystem: 'npm', name: 'evil-mcp-helper' },
        ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }],
      },
    ],
  },
  {
    id: 'GHSA-test-0001-0001',
    aliases: ['CVE-2099-1111'],
    summary: 'Path traversal in demo-tools file reader',
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }],
    affected: [
      {
        package: { ecosystem: 'npm', name: 'demo-tools' },
        ranges: [
          {
            type: 'SEMVER',
            events: [
              { introduced: '1.0.0' },
              { fixed: '1.4.2' },
              { introduced: '2.0.0' },
              { fixed: '2.0.3' },
            ],
          },
        ],
      },
    ],
  },
  {
    id: 'GHSA-test-0002-0002',
    summary: 'Denial of service in demo-tools parser',
    database_specific: { severity: 'MODERATE' },
    affected: [
      {
        package: { ecosystem: 'npm', name: 'demo-tools' },
        ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '2.1.0' }] }],
      },
    ],
  },
  {
    id: 'PYSEC-2099-7',
    summary: 'Command injection in demo agent runner',
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
    affected: [
      {
        package: { ecosystem: 'PyPI', name: 'demo-agent-runner' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '0.9.0' }] }],
      },
    ],
  },
];

describe('OSV advisories through the guarded fetch', () => {
  let osv: OsvFixture;
  let guarded: GuardedFetch;

  beforeAll(async () => {
    osv = await startOsvFixture(RECORDS);
    guarded = createGuardedFetch({ policy: createAddressPolicy({ loopbackAllowed: true }) });
  });
  afterAll(async () => {
    await guarded.close();
    await osv.close();
  });

  const files = [
    {
      name: 'package-lock.json',
      content: JSON.stringify({
        lockfileVersion: 3,
        packages: {
          '': {},
          'node_modules/evil-mcp-helper': { version: '1.0.3' },
          'node_modules/demo-tools': { version: '2.0.1' },
          'node_modules/zod': { version: '3.23.8' },
        },
      }),
    },
    { name: 'requirements.txt', content: 'demo_agent_runner==0.8.1\n' },
  ];

  it('reports OSV advisories with ids, fixed versions and CVSS severity; MAL-* is critical', async () => {
    osv.failWith = undefined;
    const source = new OsvAdvisorySource({ baseUrl: osv.url, fetch: guarded.fetch });
    const result = await scanFiles(files, {
      rules: [vulnerableDependency],
      advisories: source,
    });
    expect(result.file_errors).toEqual([]);
    expect(result.findings.map((f) => [f.severity, f.confidence, f.evidence, f.location?.file])).toEqual([
      [
        'critical',
        'confirmed',
        'evil-mcp-helper@1.0.3: MAL-2099-0001 (malicious package), no fix published [npm]',
        'package-lock.json',
      ],
      [
        'critical',
        'confirmed',
        'demo_agent_runner@0.8.1: PYSEC-2099-7 (CVSS 9.8, critical), fixed in 0.9.0 [PyPI]',
        'requirements.txt',
      ],
      [
        'high',
        'confirmed',
        'demo-tools@2.0.1: GHSA-test-0001-0001 (CVSS 7.5, high), fixed in 2.0.3 [npm]',
        'package-lock.json',
      ],
      [
        'medium',
        'confirmed',
        'demo-tools@2.0.1: GHSA-test-0002-0002 (medium), fixed in 2.1.0 [npm]',
        'package-lock.json',
      ],
    ]);
    const malicious = result.findings.find((f) => f.evidence.includes('MAL-'))!;
    expect(malicious.title).toBe('Malicious package: evil-mcp-helper');
    expect(result.findings.find((f) => f.evidence.includes('GHSA-test-0001'))!.description).toContain(
      'CVE-2099-1111',
    );
  });

  it('asks OSV once per package version and once per advisory within a scan', async () => {
    osv.failWith = undefined;
    const before = { ...osv.requests };
    const source = new OsvAdvisorySource({ baseUrl: osv.url, fetch: guarded.fetch });
    const queries = [
      { ecosystem: 'npm' as const, name: 'demo-tools', version: '2.0.1' },
      { ecosystem: 'npm' as const, name: 'demo-tools', version: '1.2.0' },
    ];
    const first = await source.lookup(queries);
    const second = await source.lookup(queries);
    expect(second).toEqual(first);
    expect(first[1]!.map((a) => [a.id, a.fixed])).toEqual([
      ['GHSA-test-0001-0001', '1.4.2'],
      ['GHSA-test-0002-0002', '2.1.0'],
    ]);
    expect(osv.requests.querybatch - before.querybatch).toBe(1);
    expect(osv.requests.vulns - before.vulns).toBe(2);
  });

  it('follows next_page_token', async () => {
    osv.failWith = undefined;
    osv.pageFor = 'demo-tools';
    try {
      const source = new OsvAdvisorySource({ baseUrl: osv.url, fetch: guarded.fetch });
      const [found] = await source.lookup([{ ecosystem: 'npm', name: 'demo-tools', version: '2.0.1' }]);
      expect(found!.map((a) => a.id)).toEqual(['GHSA-test-0001-0001', 'GHSA-test-0002-0002']);
    } finally {
      osv.pageFor = undefined;
    }
  });

  it('falls back to the embedded set, and says so, when OSV fails', async () => {
    osv.failWith = 503;
    try {
      const source = new OsvAdvisorySource({ baseUrl: osv.url, fetch: guarded.fetch });
      const result = await scanFiles(
        [{ name: 'package.json', content: JSON.stringify({ dependencies: { 'mcp-remote': '0.1.10' } }) }],
        { rules: [vulnerableDependency], advisories: source },
      );
      expect(result.findings.map((f) => [f.severity, f.evidence])).toEqual([
        ['critical', 'mcp-remote@0.1.10: CVE-2025-6514 (CVSS 9.6, critical), fixed in 0.1.16 [npm]'],
        ['info', expect.stringContaining('answered HTTP 503); used the embedded advisory set')],
      ]);
    } finally {
      osv.failWith = undefined;
    }
  });

  it('never reaches a private address through the service’s default policy', async () => {
    const strict = createGuardedFetch();
    try {
      const source = new OsvAdvisorySource({ baseUrl: osv.url, fetch: strict.fetch });
      const before = osv.requests.querybatch;
      await expect(
        source.lookup([{ ecosystem: 'npm', name: 'demo-tools', version: '2.0.1' }]),
      ).rejects.toThrow();
      expect(osv.requests.querybatch).toBe(before);
    } finally {
      await strict.close();
    }
  });

  it('treats an answer of the wrong shape as a failure, not as "no advisories"', async () => {
    const source = new OsvAdvisorySource({
      baseUrl: 'http://osv.invalid',
      fetch: async () => new Response(JSON.stringify({ results: 'nope' }), { status: 200 }),
    });
    await expect(source.lookup([{ ecosystem: 'npm', name: 'a', version: '1.0.0' }])).rejects.toThrow(
      /unexpected shape/,
    );
  });
});

describe('scans are offline unless told otherwise', () => {
  it('uses the embedded advisories by default', async () => {
    const result = await scanFiles([{ name: 'requirements.txt', content: 'mcp-server-git==2025.9.1\n' }], {
      rules: [vulnerableDependency],
    });
    expect(result.findings.map((f) => f.evidence.split(':')[1]!.trim().split(' ')[0])).toEqual([
      'CVE-2025-68143',
      'CVE-2025-68144',
      'CVE-2025-68145',
      'CVE-2026-27735',
    ]);
  });
});

describe('scripts/refresh-advisories.ts', () => {
  it('rebuilds the embedded set from an OSV server, keeping our summaries', async () => {
    const { renderEmbeddedAdvisories } = await import('../../../scripts/refresh-advisories.js');
    const osv = await startOsvFixture([
      {
        id: 'GHSA-6xpm-ggf7-wc3p',
        aliases: ['CVE-2025-6514'],
        summary: 'upstream wording',
        severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:H/I:H/A:H' }],
        affected: [
          {
            package: { ecosystem: 'npm', name: 'mcp-remote' },
            ranges: [{ type: 'SEMVER', events: [{ introduced: '0.0.5' }, { fixed: '0.1.16' }] }],
          },
        ],
      },
      ...RECORDS,
    ]);
    const guarded = createGuardedFetch({ policy: createAddressPolicy({ loopbackAllowed: true }) });
    try {
      const { text, count } = await renderEmbeddedAdvisories({
        baseUrl: osv.url,
        fetch: guarded.fetch,
        extraPackages: ['npm:demo-tools'],
        today: '2099-01-01',
      });
      expect(count).toBe(3);
      expect(text).toContain("EMBEDDED_PACKAGES_REFRESHED = '2099-01-01'");
      expect(text).toMatch(/id: 'GHSA-6xpm-ggf7-wc3p'[\s\S]*severity: 'high'[\s\S]*cvssScore: 8\.3/);
      expect(text).toContain('mcp-remote passes the authorization endpoint');
      expect(text).not.toContain('upstream wording');
      expect(text).toMatch(
        /name: 'demo-tools',\s*ranges: \[\s*\{\s*introduced: '1\.0\.0',\s*fixed: '1\.4\.2',?\s*\}/,
      );
    } finally {
      await guarded.close();
      await osv.close();
    }
  });
});

describe('hostile names and advisory text', () => {
  it('never carry control characters into a finding', async () => {
    const name = 'evil\u001b[31m\u202e-pkg';
    const source = new EmbeddedAdvisorySource([
      {
        id: 'MAL-2099-0002',
        aliases: ['GHSA-\u0007bell'],
        summary: 'steals tokens\u001b]0;pwned\u0007',
        severity: 'low',
        malicious: true,
        affected: [{ ecosystem: 'npm', name, ranges: [{ introduced: '0' }] }],
      },
    ]);
    const lock = { lockfileVersion: 3, packages: { '': {}, [`node_modules/${name}`]: { version: '1.0.0' } } };
    const result = await scanFiles([{ name: 'package-lock.json', content: JSON.stringify(lock) }], {
      rules: [vulnerableDependency],
      advisories: source,
    });
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding!.severity).toBe('critical');
    for (const text of [finding!.title, finding!.description, finding!.evidence]) {
      expect(text).not.toMatch(/[\u0000-\u001f\u007f\u202e]/);
    }
    expect(finding!.title).toContain('\\u{1B}');
  });
});
