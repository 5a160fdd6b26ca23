// The SSRF guard for calls an administrator points somewhere (the Watson API's URL): the host is
// resolved, and an address that is private, loopback, link-local, carrier-grade NAT or a cloud
// metadata address is refused unless HELPER_OUTBOUND_ALLOW names the host. The URL must be http(s)
// without credentials in it.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['::ffff:0:0', 96],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** Why `url` may not be called, or undefined when it may. */
export async function outboundUrlProblem(url: string, allow: readonly string[]): Promise<string | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url.slice(0, 200)}" is not a URL`;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'the URL must start with https://';
  if (parsed.username || parsed.password) return 'the URL must not hold credentials';
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (allow.includes(host) || allow.includes(parsed.host.toLowerCase())) return undefined;
  let addresses: Array<{ address: string; family: number }>;
  try {
    addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true });
  } catch {
    return `the host ${host} does not resolve`;
  }
  const inside = addresses.find(({ address, family }) => blocked.check(address, family === 6 ? 'ipv6' : 'ipv4'));
  if (inside) return `the host ${host} resolves to ${inside.address}, a private, loopback or link-local address; HELPER_OUTBOUND_ALLOW must name it to be called`;
  return undefined;
}
