// Which addresses an outbound call (third-party APIs, 4biz, action servers) may reach. Loopback,
// private, link-local (cloud metadata included), shared, multicast and reserved addresses are
// refused unless the operator's allow-list (HELPER_OUTBOUND_ALLOW: host names and addresses or
// CIDRs) names them: an on-premise 4biz lives on a private network, a stand-in in the tests on
// 127.0.0.1. Addresses are checked after DNS resolution, on the address actually connected to; an
// IPv6 address that embeds an IPv4 address is judged as that IPv4 address too (embeddedIpv4).
import { BlockList, isIP } from 'node:net';
import { parseCidr } from '../server/api-access.js';

export const OUTBOUND_ALLOW_VARIABLE = 'HELPER_OUTBOUND_ALLOW';

/** Ranges no outbound call reaches unless allowed (IANA special-purpose registries). */
const REFUSED_RANGES: ReadonlyArray<[string, number, 'ipv4' | 'ipv6']> = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.0.2.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['198.51.100.0', 24, 'ipv4'],
  ['203.0.113.0', 24, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'],
  ['240.0.0.0', 4, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['64:ff9b::', 96, 'ipv6'],
  ['64:ff9b:1::', 48, 'ipv6'],
  ['100::', 64, 'ipv6'],
  ['2001:db8::', 32, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];

const refused = new BlockList();
for (const [network, prefix, type] of REFUSED_RANGES) refused.addSubnet(network, prefix, type);

export interface OutboundPolicy {
  /** Host names (lowercase) allowed whatever they resolve to. */
  hosts: ReadonlySet<string>;
  /** Addresses and CIDRs allowed although private. */
  addresses: BlockList;
  /** The allow-list as written, for messages. */
  text: string;
}

/** Reads HELPER_OUTBOUND_ALLOW: names, addresses and CIDRs separated by commas. Throws on a malformed entry. */
export function parseOutboundAllow(text: string | undefined): OutboundPolicy {
  const hosts = new Set<string>();
  const addresses = new BlockList();
  for (const raw of (text ?? '').split(',')) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    const cidr = parseCidr(entry);
    if (cidr) addresses.addSubnet(cidr.network, cidr.prefix, cidr.type);
    else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(entry)) hosts.add(entry);
    else throw new Error(`"${entry}" is neither a host name, an address nor a CIDR`);
  }
  return { hosts, addresses, text: text ?? '' };
}

/** The eight 16-bit groups of an IPv6 address isIP accepts (`::` expanded, a dotted tail read). */
function ipv6Groups(address: string): number[] {
  let text = address.replace(/%.*$/, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * The IPv4 address an IPv6 address carries where it reaches (or names) that IPv4 host: IPv4-mapped
 * (::ffff:0:0/96, in either notation), IPv4-compatible (::/96, deprecated), IPv4-translated
 * (::ffff:0:0:0/96, SIIT) and 6to4 (2002::/16, the relay's IPv4 in bits 16–47). NAT64's prefixes
 * (64:ff9b::/96, 64:ff9b:1::/48) are refused whole (REFUSED_RANGES). Node's BlockList reads only
 * the mapped form, and ipaddr.js (not a dependency of ours, only of Fastify's) extracts none but it.
 */
function embeddedIpv4(address: string): { ipv4: string; mapped: boolean } | null {
  const groups = ipv6Groups(address);
  const ipv4 = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  const zero = (from: number, to: number) => groups.slice(from, to).every((group) => group === 0);
  if (zero(0, 5) && groups[5] === 0xffff) return { ipv4: ipv4(groups[6] ?? 0, groups[7] ?? 0), mapped: true };
  if (zero(0, 6)) return { ipv4: ipv4(groups[6] ?? 0, groups[7] ?? 0), mapped: false };
  if (zero(0, 4) && groups[4] === 0xffff && groups[5] === 0) return { ipv4: ipv4(groups[6] ?? 0, groups[7] ?? 0), mapped: false };
  if (groups[0] === 0x2002) return { ipv4: ipv4(groups[1] ?? 0, groups[2] ?? 0), mapped: false };
  return null;
}

/**
 * The address as it is checked: an IPv4-mapped IPv6 address (::ffff:10.0.0.1, ::ffff:a00:1) as the
 * IPv4 address it is; another IPv6 address with the IPv4 address it embeds, if any (`embedded`).
 */
function plainAddress(address: string): { address: string; type: 'ipv4' | 'ipv6'; embedded?: string } | null {
  const family = isIP(address);
  if (family === 0) return null;
  if (family === 4) return { address, type: 'ipv4' };
  const embedded = embeddedIpv4(address);
  if (embedded?.mapped) return { address: embedded.ipv4, type: 'ipv4' };
  return { address, type: 'ipv6', ...(embedded ? { embedded: embedded.ipv4 } : {}) };
}

/**
 * Why `host`, resolved to `address`, may not be called; null when it may. The message names the
 * host as given and the variable that would allow it, never the address a name resolved to: it
 * reaches a tenant's administrator (a failed import, "testar", a conversation's failure), and the
 * addresses of the operator's network are not theirs to map. The errors that carry it keep the
 * address apart (`address`), for the operator's log.
 */
export function refusalOf(host: string, address: string, policy: OutboundPolicy): string | null {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (policy.hosts.has(name)) return null;
  const plain = plainAddress(address);
  if (plain === null) return `${name} did not resolve to an address`;
  if (policy.addresses.check(plain.address, plain.type)) return null;
  // An IPv6 address that embeds a refused IPv4 address (::127.0.0.1, ::ffff:0:7f00:1, 6to4
  // 2002:7f00:1::) is refused as that IPv4 address is; only naming the IPv6 address (or its host)
  // allows it.
  const embeddedRefused = plain.embedded !== undefined && refused.check(plain.embedded, 'ipv4');
  if (!refused.check(plain.address, plain.type) && !embeddedRefused) return null;
  const what = isIP(name) === 0 ? `${name} resolves to an address that is not public` : `${name} is not a public address`;
  return `${what} (loopback, private, link-local or reserved): calls there are refused unless ${OUTBOUND_ALLOW_VARIABLE} names the host or the address`;
}
