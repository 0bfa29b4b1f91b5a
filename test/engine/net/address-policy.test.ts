import { describe, expect, it } from 'vitest';
import {
  blockReason,
  createAddressPolicy,
  isBlockedAddress,
  parseAllowList,
  parseHostLiteral,
} from '../../../src/engine/net/address-policy.js';

/** Every blocked range, each with the spellings a URL host could use to reach it. */
const BLOCKED: { range: RegExp; hosts: string[] }[] = [
  {
    range: /^loopback$/,
    hosts: [
      '127.0.0.1',
      '127.1',
      '127.0.1',
      '2130706433',
      '0x7f000001',
      '017700000001',
      '0177.0.0.1',
      '0x7f.1',
      '0x7f.0.0.0x1',
      '0177.0.0.01',
      '127.0.0.1.',
      '127.255.255.254',
      '１２７.0.0.1',
    ],
  },
  { range: /^loopback$/, hosts: ['[::1]', '[0:0:0:0:0:0:0:1]', '[::0001]'] },
  {
    range: /loopback/,
    hosts: ['[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '[0:0:0:0:0:ffff:7f00:1]', '[::127.0.0.1]'],
  },
  { range: /^private$/, hosts: ['10.0.0.1', '10.255.255.255', '012.1', '167772161', '0xa.0.0.1'] },
  { range: /^private$/, hosts: ['172.16.0.1', '172.31.255.254', '0xac.0x10.0.1', '2886729729'] },
  { range: /^private$/, hosts: ['192.168.0.1', '192.168.1.1.', '3232235777', '0300.0250.1.1'] },
  { range: /^link-local$/, hosts: ['169.254.169.254', '169.254.0.1', '2852039166', '0xa9.0xfe.0xa9.0xfe'] },
  { range: /^link-local$/, hosts: ['[fe80::1]', '[fe80::1%25eth0]', '[febf::1]'] },
  { range: /IPv4-mapped link-local/, hosts: ['[::ffff:169.254.169.254]', '[::ffff:a9fe:a9fe]'] },
  { range: /^unspecified$/, hosts: ['0.0.0.0', '0', '0x0', '0.1.2.3', '[::]', '[0:0:0:0:0:0:0:0]'] },
  { range: /^multicast$/, hosts: ['224.0.0.1', '239.255.255.250', '[ff02::1]', '[ff05::2]'] },
  { range: /^broadcast$/, hosts: ['255.255.255.255', '4294967295'] },
  { range: /^carrier-grade NAT$/, hosts: ['100.64.0.1', '100.127.255.254'] },
  {
    range: /reserved|benchmarking/,
    hosts: ['198.18.0.1', '198.19.255.255', '192.0.2.1', '198.51.100.7', '203.0.113.9', '240.0.0.1'],
  },
  { range: /^unique-local$/, hosts: ['[fc00::1]', '[fd12:3456:789a::1]'] },
  { range: /^IPv4-mapped private$/, hosts: ['[::ffff:10.0.0.1]', '[::ffff:c0a8:101]'] },
  { range: /^IPv4-compatible private$/, hosts: ['[::a00:1]'] },
  { range: /^NAT64 (private|loopback)$/, hosts: ['[64:ff9b::10.0.0.1]', '[64:ff9b::7f00:1]'] },
  {
    // The translator's prefix length decides where the IPv4 sits: each possible place is judged.
    range: /^local-use NAT64 \(\/\d+\) (unspecified|private|loopback)$/,
    hosts: ['[64:ff9b:1::1]', '[64:ff9b:1::808:808]', '[64:ff9b:1:a00:1::808:808]'],
  },
  { range: /^6to4 (private|loopback)$/, hosts: ['[2002:c0a8:101::1]', '[2002:7f00:1::]'] },
  { range: /^Teredo client private$/, hosts: ['[2001:0:4136:e378:8000:63bf:f5ff:fffe]'] },
  { range: /benchmarking/, hosts: ['[2001:2::1]'] },
  { range: /documentation|reserved/, hosts: ['[2001:db8::1]'] },
  { range: /site-local/, hosts: ['[fec0::1]'] },
];

const PUBLIC = [
  '8.8.8.8',
  '1.1.1.1',
  '93.184.215.14',
  '[2606:4700:4700::1111]',
  '[::ffff:8.8.8.8]',
  '[64:ff9b::808:808]',
  '[2002:808:808::1]',
  // Local-use NAT64 that maps to 8.8.8.8 whatever the translator's prefix length (/48, /56, /64, /96).
  '[64:ff9b:1:808:8:808:808:808]',
];

describe('address policy', () => {
  for (const { range, hosts } of BLOCKED) {
    for (const host of hosts) {
      it(`blocks ${host} as ${range.source}`, () => {
        expect(blockReason(host)).toMatch(range);
        expect(isBlockedAddress(host)).toBe(true);
        // The same host written into a URL (zone ids are no URL host): what the parser makes of it.
        if (URL.canParse(`http://${host}/`))
          expect(blockReason(new URL(`http://${host}:8080/mcp`).hostname)).toMatch(range);
      });
    }
  }

  for (const host of PUBLIC) {
    it(`allows the public address ${host}`, () => {
      expect(isBlockedAddress(host)).toBe(false);
    });
  }

  it('reads names as names, not addresses', () => {
    expect(parseHostLiteral('example.com')).toBeNull();
    expect(parseHostLiteral('localhost.')).toBeNull();
    expect(parseHostLiteral('127.0.0.1.evil.example')).toBeNull();
  });

  it('lets an allow-list open ranges, including their IPv4-mapped forms', () => {
    const policy = createAddressPolicy({ allow: parseAllowList('127.0.0.0/8, fd00::/8') });
    expect(isBlockedAddress('127.0.0.1', policy)).toBe(false);
    expect(isBlockedAddress('[::ffff:127.0.0.1]', policy)).toBe(false);
    expect(isBlockedAddress('[fd00::5]', policy)).toBe(false);
    expect(isBlockedAddress('[::1]', policy)).toBe(true);
    expect(isBlockedAddress('10.0.0.1', policy)).toBe(true);
    expect(isBlockedAddress('169.254.169.254', policy)).toBe(true);
  });

  it('judges an IPv6 form that embeds an IPv4 address as that address, for allow-lists too', () => {
    const tenNet = createAddressPolicy({ allow: parseAllowList('10.0.0.0/8') });
    for (const host of [
      '[64:ff9b::a00:1]', // NAT64 (RFC 6052)
      '[64:ff9b::10.0.0.1]',
      '[::ffff:10.0.0.1]', // IPv4-mapped
      '[::10.0.0.1]', // IPv4-compatible
      '[::ffff:0:a00:1]', // IPv4-translated
      '[2002:a00:1::1]', // 6to4
    ])
      expect(blockReason(host, tenNet), host).toBeNull();
    for (const host of [
      '[64:ff9b::7f00:1]',
      '[::127.0.0.1]',
      '[2002:c0a8:101::]',
      '[::ffff:169.254.169.254]',
    ])
      expect(isBlockedAddress(host, tenNet), host).toBe(true);
    // Local-use NAT64: allowed only when every place the translator might read the IPv4 from is.
    expect(isBlockedAddress('[64:ff9b:1::a00:1]', tenNet)).toBe(true);
    expect(isBlockedAddress('[64:ff9b:1:a0a:a:a0a:a0a:a0a]', tenNet)).toBe(false);
  });

  it('never lets an IPv6 allow range open an IPv4 address embedded in it', () => {
    const globalV6 = createAddressPolicy({ allow: parseAllowList('2000::/3, ::/0') });
    expect(blockReason('[2002:7f00:1::]', globalV6)).toBe('6to4 loopback');
    expect(blockReason('[::ffff:127.0.0.1]', globalV6)).toBe('IPv4-mapped loopback');
    expect(blockReason('[64:ff9b::a9fe:a9fe]', globalV6)).toBe('NAT64 link-local');
    expect(isBlockedAddress('[fd00::1]', globalV6)).toBe(false);
  });

  it('judges both addresses a Teredo address carries', () => {
    // Server 65.54.227.120 (public), client 192.168.0.1 (private, stored inverted).
    const teredo = '[2001:0:4136:e378:8000:63bf:3f57:fefe]';
    expect(blockReason(teredo)).toBe('Teredo client private');
    const serverOnly = createAddressPolicy({ allow: parseAllowList('65.54.227.120') });
    expect(isBlockedAddress(teredo, serverOnly)).toBe(true);
    expect(isBlockedAddress(teredo, createAddressPolicy({ allow: ['192.168.0.0/16'] }))).toBe(false);
  });

  it('allows everything with *, and loopback only for the CLI', () => {
    expect(isBlockedAddress('10.1.2.3', createAddressPolicy({ allow: ['*'] }))).toBe(false);
    const cli = createAddressPolicy({ loopbackAllowed: true });
    expect(isBlockedAddress('127.0.0.1', cli)).toBe(false);
    expect(isBlockedAddress('[::1]', cli)).toBe(false);
    expect(isBlockedAddress('[::ffff:127.0.0.1]', cli)).toBe(false);
    expect(isBlockedAddress('[64:ff9b::c0a8:101]', cli)).toBe(true);
    expect(isBlockedAddress('192.168.1.1', cli)).toBe(true);
    expect(isBlockedAddress('169.254.169.254', cli)).toBe(true);
  });

  it('refuses an allow-list entry that is not a range', () => {
    expect(() => parseAllowList('10.0.0.0/8,intranet')).toThrow(/not a CIDR/);
    expect(parseAllowList(undefined)).toEqual([]);
  });
});
