// The address policy: the one place that decides which IP addresses the scanner may connect to.
// Everything that leaves the process (scan targets, webhooks, advisory look-ups) passes through
// guarded-fetch.ts, which asks this module about the literal host before connecting and about every
// address DNS returns at connect time.
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Who may be reached despite being in a blocked range. */
export interface AddressPolicy {
  /** Ranges the operator allowed (TRUSTTRACE_ALLOW_PRIVATE_TARGETS); `*` allows everything. */
  readonly allow: readonly AllowedRange[];
  readonly allowAll: boolean;
  /** The CLI scans the user's own machine: loopback (127/8, ::1) is allowed. */
  readonly loopbackAllowed: boolean;
}

export interface AllowedRange {
  readonly cidr: string;
  readonly range: [Address, number];
}

export interface AddressPolicyOptions {
  /** CIDRs (`10.0.0.0/8`, `fd00::/8`), single addresses, or `*`. */
  allow?: readonly string[];
  loopbackAllowed?: boolean;
}

/** Thrown (or reported) when a host or address is outside what the policy allows. */
export class BlockedAddressError extends Error {
  readonly code = 'PRIVATE_ADDRESS';
  constructor(
    readonly address: string,
    readonly reason: string,
  ) {
    super(`${address} is a ${reason} address, which scans may not reach`);
    this.name = 'BlockedAddressError';
  }
}

export function createAddressPolicy(options: AddressPolicyOptions = {}): AddressPolicy {
  const entries = (options.allow ?? []).map((entry) => entry.trim()).filter(Boolean);
  const allowAll = entries.includes('*');
  const allow = entries.filter((entry) => entry !== '*').map(parseAllowedRange);
  return { allow, allowAll, loopbackAllowed: options.loopbackAllowed ?? false };
}

/** The service's default: nothing private. */
export const DENY_PRIVATE: AddressPolicy = createAddressPolicy();

/**
 * Parses the value of TRUSTTRACE_ALLOW_PRIVATE_TARGETS (comma-separated CIDRs or `*`).
 * Throws on an entry that is not a CIDR, an address or `*`, so a typo is not silently a deny.
 */
export function parseAllowList(value: string | undefined): string[] {
  if (!value) return [];
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) if (entry !== '*') parseAllowedRange(entry);
  return entries;
}

function parseAllowedRange(entry: string): AllowedRange {
  try {
    if (entry.includes('/')) return { cidr: entry, range: ipaddr.parseCIDR(entry) };
    const address = ipaddr.parse(entry);
    return { cidr: entry, range: [address, address.kind() === 'ipv4' ? 32 : 128] };
  } catch {
    throw new Error(`not a CIDR range or IP address: ${JSON.stringify(entry)}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Host spellings

/**
 * The IP address a URL host (or a bare host) denotes, in any spelling: `2130706433`, `0177.0.0.1`,
 * `0x7f.1`, `127.1`, `127.0.0.1.`, `[::ffff:7f00:1]`, full-width digits, a zone id… Null for a name
 * that needs DNS. WHATWG URL parsing canonicalises the IPv4 forms; ipaddr.js reads the rest.
 */
export function parseHostLiteral(host: string): Address | null {
  let value = host.trim().toLowerCase();
  if (value.startsWith('[') && value.endsWith(']')) value = value.slice(1, -1);
  value = value.split('%', 1)[0]!; // IPv6 zone id: fe80::1%eth0
  if (value.includes(':')) return ipaddr.IPv6.isValid(value) ? ipaddr.IPv6.parse(value) : null;
  let canonical: string;
  try {
    canonical = new URL(`http://${value}/`).hostname;
  } catch {
    return null;
  }
  // The URL parser drops one trailing dot of an IPv4 literal; names keep theirs.
  canonical = canonical.replace(/\.$/, '');
  return ipaddr.IPv4.isValidFourPartDecimal(canonical) ? ipaddr.IPv4.parse(canonical) : null;
}

// ---------------------------------------------------------------------------------------------------
// Classification

const IPV4_BLOCKED_RANGE_NAMES: Record<string, string> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'carrier-grade NAT',
  private: 'private',
  reserved: 'reserved or benchmarking',
  as112: 'reserved (AS112)',
  amt: 'reserved (AMT)',
};

const IPV6_BLOCKED_RANGE_NAMES: Record<string, string> = {
  unspecified: 'unspecified',
  linkLocal: 'link-local',
  multicast: 'multicast',
  loopback: 'loopback',
  uniqueLocal: 'unique-local',
  deprecatedSiteLocal: 'site-local',
  discard: 'discard-only',
  benchmarking: 'benchmarking',
  amt: 'reserved (AMT)',
  as112v6: 'reserved (AS112)',
  deprecatedOrchid: 'reserved (ORCHID)',
  orchid2: 'reserved (ORCHIDv2)',
  droneRemoteIdProtocolEntityTags: 'reserved (DRIP)',
  segmentRouting: 'segment-routing',
  reserved: 'reserved or documentation',
};

const NAT64_LOCAL_USE = ipaddr.parseCIDR('64:ff9b:1::/48');

/**
 * Where RFC 6052 puts the IPv4 address in an IPv6 address made from a translator prefix of each length
 * at least /48 (byte 8 is always skipped). The local-use NAT64 prefix (RFC 8215) is used with any of
 * them, and only the translator knows which: such an address is judged as every IPv4 it may carry.
 */
const LOCAL_NAT64_LAYOUTS: { prefix: number; bytes: number[] }[] = [
  { prefix: 48, bytes: [6, 7, 9, 10] },
  { prefix: 56, bytes: [7, 9, 10, 11] },
  { prefix: 64, bytes: [9, 10, 11, 12] },
  { prefix: 96, bytes: [12, 13, 14, 15] },
];

function v4FromBytes(bytes: number[]): ipaddr.IPv4 {
  return new ipaddr.IPv4(bytes.slice(0, 4));
}

/** IPv4 addresses an IPv6 address carries inside it, and how (mapped, NAT64, 6to4, Teredo…). */
function embeddedIPv4(address: ipaddr.IPv6): { how: string; v4: ipaddr.IPv4 }[] {
  const bytes = address.toByteArray();
  const range = address.range();
  const low32 = v4FromBytes(bytes.slice(12, 16));
  if (address.match(NAT64_LOCAL_USE))
    return LOCAL_NAT64_LAYOUTS.map(({ prefix, bytes: at }) => ({
      how: `local-use NAT64 (/${prefix})`,
      v4: v4FromBytes(at.map((i) => bytes[i]!)),
    }));
  switch (range) {
    case 'ipv4Mapped':
      return [{ how: 'IPv4-mapped', v4: low32 }];
    case 'rfc6145':
      return [{ how: 'IPv4-translated', v4: low32 }];
    case 'rfc6052':
      return [{ how: 'NAT64', v4: low32 }];
    case '6to4':
      return [{ how: '6to4', v4: v4FromBytes(bytes.slice(2, 6)) }];
    case 'teredo':
      // Packets go to the client's public address through a relay; the server's is judged as well.
      return [
        { how: 'Teredo server', v4: v4FromBytes(bytes.slice(4, 8)) },
        { how: 'Teredo client', v4: v4FromBytes(bytes.slice(12, 16).map((b) => b ^ 0xff)) },
      ];
  }
  // IPv4-compatible (deprecated, ::a.b.c.d): the first 96 bits are zero; `::` and `::1` are IPv6's own.
  if (address.parts.slice(0, 6).every((p) => p === 0) && range !== 'unspecified' && range !== 'loopback')
    return [{ how: 'IPv4-compatible', v4: low32 }];
  return [];
}

function inAllowedRange(policy: AddressPolicy, address: Address): boolean {
  if (policy.loopbackAllowed && address.range() === 'loopback') return true;
  return policy.allow.some(
    ({ range: [base, bits] }) => base.kind() === address.kind() && address.match(base, bits),
  );
}

/**
 * Why the policy refuses this address (`loopback`, `NAT64 private`, …), or null when it may be
 * reached. An IPv6 address that embeds an IPv4 one (mapped, compatible, translated, NAT64, 6to4,
 * Teredo) is judged as the IPv4 address it embeds, by deny and allow-list alike: `::127.0.0.1` is
 * loopback, an allow-list of 10.0.0.0/8 allows `64:ff9b::a00:1`, and an IPv6 range in the allow-list
 * (`2000::/3`) never opens `2002:7f00:1::` (6to4 of 127.0.0.1).
 */
export function blockReason(address: Address | string, policy: AddressPolicy = DENY_PRIVATE): string | null {
  const parsed = typeof address === 'string' ? parseHostLiteral(address) : address;
  if (!parsed) return 'unparseable';
  if (policy.allowAll) return null;
  if (parsed.kind() === 'ipv4') {
    const range = parsed.range();
    if (range === 'unicast' || inAllowedRange(policy, parsed)) return null;
    return IPV4_BLOCKED_RANGE_NAMES[range] ?? range;
  }
  const v6 = parsed as ipaddr.IPv6;
  const embedded = embeddedIPv4(v6);
  if (embedded.length > 0) {
    for (const { how, v4 } of embedded) {
      const inner = blockReason(v4, policy);
      if (inner) return `${how} ${inner}`;
    }
    return null;
  }
  const reason = IPV6_BLOCKED_RANGE_NAMES[v6.range()] ?? null;
  return reason && !inAllowedRange(policy, v6) ? reason : null;
}

/** True when the policy (by default: deny every non-public range) refuses this address. */
export function isBlockedAddress(address: string, policy: AddressPolicy = DENY_PRIVATE): boolean {
  return blockReason(address, policy) !== null;
}

/** Throws BlockedAddressError when the policy refuses this address. */
export function assertAddressAllowed(address: string, policy: AddressPolicy = DENY_PRIVATE): void {
  const reason = blockReason(address, policy);
  if (reason) throw new BlockedAddressError(address, reason);
}

/** Throws when a URL's host is an IP literal (in any spelling) the policy refuses; names pass. */
export function assertHostAllowed(host: string, policy: AddressPolicy = DENY_PRIVATE): void {
  const literal = parseHostLiteral(host);
  if (!literal) return;
  const reason = blockReason(literal, policy);
  if (reason) throw new BlockedAddressError(host, reason);
}
