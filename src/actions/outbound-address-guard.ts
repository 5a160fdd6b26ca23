// The SSRF guard of calls to action servers: an address on the loopback, a private or shared
// network, link-local (cloud metadata at 169.254.169.254 included), multicast or reserved ranges
// is refused after DNS resolution — checked on the address the socket connects to, so a name that
// resolves differently the second time cannot slip through — unless the operator's allow-list
// (HELPER_OUTBOUND_ALLOW: host names, addresses, CIDRs) names it. Action servers often live next
// to the assistant on a private network: the refusal says which variable allows them.
//
// To be unified at merge with the outbound HTTP client of issue 14 item 4, which guards every
// outbound call with the same variable.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

const REFUSED_V4 = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const;

const REFUSED_V6 = [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const;

const refused = new BlockList();
for (const [network, prefix] of REFUSED_V4) refused.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of REFUSED_V6) refused.addSubnet(network, prefix, 'ipv6');

export class OutboundRefusedError extends Error {
  constructor(host: string) {
    super(
      `the address of "${host}" is private, loopback, link-local or reserved, and calls there are refused; ` +
        'set HELPER_OUTBOUND_ALLOW to its host name, address or network (CIDR) to allow it',
    );
    this.name = 'OutboundRefusedError';
  }
}

/** HELPER_OUTBOUND_ALLOW: host names, IP addresses and CIDRs, separated by commas or spaces. */
export class OutboundAllowList {
  private readonly hosts = new Set<string>();
  private readonly networks = new BlockList();

  private constructor() {}

  /** Throws naming the entry that is neither a host name, an address nor a CIDR. */
  static parse(text: string | undefined): OutboundAllowList {
    const list = new OutboundAllowList();
    for (const entry of (text ?? '').split(/[\s,]+/).filter((item) => item !== '')) {
      const [address, prefixText, extra] = entry.split('/');
      const family = isIP(address ?? '');
      if (extra === undefined && prefixText !== undefined && family !== 0 && /^\d{1,3}$/.test(prefixText) && Number(prefixText) <= (family === 4 ? 32 : 128)) {
        list.networks.addSubnet(address ?? '', Number(prefixText), family === 4 ? 'ipv4' : 'ipv6');
      } else if (prefixText === undefined && family !== 0) {
        list.networks.addAddress(entry, family === 4 ? 'ipv4' : 'ipv6');
      } else if (prefixText === undefined && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(entry)) {
        list.hosts.add(entry.toLowerCase());
      } else {
        throw new Error(`"${entry}" is not a host name, an IP address or a CIDR (like 10.0.0.0/8)`);
      }
    }
    return list;
  }

  allowsHost(host: string): boolean {
    return this.hosts.has(host.toLowerCase());
  }

  allowsAddress(address: string, family: 4 | 6): boolean {
    return this.networks.check(address, family === 4 ? 'ipv4' : 'ipv6');
  }
}

/** Whether a call to `address` (reached through `host`) is refused. */
export function isRefusedAddress(address: string, host: string, allow: OutboundAllowList): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  if (allow.allowsHost(host) || allow.allowsAddress(address, family as 4 | 6)) return false;
  if (family === 6) {
    // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is checked as the IPv4 address it is.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    if (mapped !== undefined) return isRefusedAddress(mapped, host, allow);
    return refused.check(address, 'ipv6');
  }
  return refused.check(address, 'ipv4');
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for node:http(s) that resolves every address of the host and refuses the connection
 * when any of them is refused (a name must not mix public and private addresses to pass).
 */
export function guardedLookup(allow: OutboundAllowList) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, []);
        return;
      }
      const list = addresses as LookupAddress[];
      if (list.length === 0 || list.some((entry) => isRefusedAddress(entry.address, hostname, allow))) {
        callback(Object.assign(new OutboundRefusedError(hostname), { code: 'EREFUSED_OUTBOUND' }), []);
        return;
      }
      if (options.all === true) callback(null, list);
      else callback(null, list[0]?.address ?? '', list[0]?.family);
    });
  };
}
