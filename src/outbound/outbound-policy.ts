// Which addresses an outbound call (third-party APIs, 4biz, action servers) may reach. Loopback,
// private, link-local (cloud metadata included), shared, multicast and reserved addresses are
// refused unless the operator's allow-list (HELPER_OUTBOUND_ALLOW: host names and addresses or
// CIDRs) names them: an on-premise 4biz lives on a private network, a stand-in in the tests on
// 127.0.0.1. Addresses are checked after DNS resolution, on the address actually connected to.
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

/** An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is checked as the IPv4 address it carries. */
function plainAddress(address: string): { address: string; type: 'ipv4' | 'ipv6' } | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return { address: mapped[1], type: 'ipv4' };
  const family = isIP(address);
  if (family === 0) return null;
  return { address, type: family === 4 ? 'ipv4' : 'ipv6' };
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
  if (!refused.check(plain.address, plain.type)) return null;
  const what = isIP(name) === 0 ? `${name} resolves to an address that is not public` : `${name} is not a public address`;
  return `${what} (loopback, private, link-local or reserved): calls there are refused unless ${OUTBOUND_ALLOW_VARIABLE} names the host or the address`;
}
