// The SSRF guard of calls to action servers, on the one outbound policy of src/outbound
// (HELPER_OUTBOUND_ALLOW: host names, addresses, CIDRs): an address on the loopback, a private or
// shared network, link-local (cloud metadata at 169.254.169.254 included), multicast or reserved
// ranges — or an IPv6 address that embeds such an IPv4 address — is refused after DNS resolution —
// checked on the address the socket connects to, so a name that resolves differently the second
// time cannot slip through — unless the allow-list names it.
// Action servers often live next to the assistant on a private network: the refusal says which
// variable allows them.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { parseOutboundAllow, refusalOf, type OutboundPolicy } from '../outbound/outbound-policy.js';

export class OutboundRefusedError extends Error {
  constructor(
    message: string,
    /** The refused address a name resolved to: for the operator's log, never in the message (a tenant's administrator reads that). */
    readonly address?: string,
  ) {
    super(message);
    this.name = 'OutboundRefusedError';
  }
}

/** HELPER_OUTBOUND_ALLOW as src/outbound reads it. */
export class OutboundAllowList {
  private constructor(readonly policy: OutboundPolicy) {}

  /** Throws naming the entry that is neither a host name, an address nor a CIDR. */
  static parse(text: string | undefined): OutboundAllowList {
    return new OutboundAllowList(parseOutboundAllow(text));
  }
}

/** Why a call to `address` (reached through `host`) is refused, or null when it may go. */
export function refusalOfAddress(address: string, host: string, allow: OutboundAllowList): string | null {
  return refusalOf(host, address, allow.policy);
}

/** Whether a call to `address` (reached through `host`) is refused. */
export function isRefusedAddress(address: string, host: string, allow: OutboundAllowList): boolean {
  return refusalOfAddress(address, host, allow) !== null;
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
      if (list.length === 0) {
        callback(Object.assign(new OutboundRefusedError(`${hostname} has no address`), { code: 'EREFUSED_OUTBOUND' }), []);
        return;
      }
      for (const entry of list) {
        const refusal = refusalOfAddress(entry.address, hostname, allow);
        if (refusal !== null) {
          callback(Object.assign(new OutboundRefusedError(refusal, entry.address), { code: 'EREFUSED_OUTBOUND' }), []);
          return;
        }
      }
      if (options.all === true) callback(null, list);
      else callback(null, list[0]?.address ?? '', list[0]?.family);
    });
  };
}
