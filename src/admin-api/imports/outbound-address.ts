// The SSRF guard for calls an administrator points somewhere (the Watson API's URL): the host is
// resolved, and each address is checked by the outbound policy of src/outbound (loopback, private,
// link-local, metadata and reserved addresses refused unless HELPER_OUTBOUND_ALLOW names the host or
// the address). The URL must be http(s) without credentials in it.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { parseOutboundAllow, refusalOf } from '../../outbound/outbound-policy.js';

/** Why `url` may not be called, or undefined when it may; `allow` is HELPER_OUTBOUND_ALLOW as written (src/outbound). */
export async function outboundUrlProblem(url: string, allow: string): Promise<string | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url.slice(0, 200)}" is not a URL`;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'the URL must start with https://';
  if (parsed.username || parsed.password) return 'the URL must not hold credentials';
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  let addresses: Array<{ address: string; family: number }>;
  try {
    addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true });
  } catch {
    return `the host ${host} does not resolve`;
  }
  const policy = parseOutboundAllow(allow);
  for (const { address } of addresses) {
    const refusal = refusalOf(host, address, policy);
    if (refusal !== null) return refusal;
  }
  return undefined;
}
