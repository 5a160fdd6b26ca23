// HELPER_TRUST_PROXY: which proxies may tell the client's address in X-Forwarded-For. The header is
// written by the client first and appended to by each proxy, so only the hops added by proxies we
// know are believed: Fastify walks the header from the right and stops at the first address that
// is not a trusted proxy (proxy-addr). `true` used to believe the left-most hop — the client's own
// words — and is refused with the forms that replace it. A hop count is refused too: it cannot tell
// a proxy from a client that connects directly and writes enough hops itself (Fastify 5 trusts
// nothing for a number, for that reason).
import { parseCidr } from '../server/api-access.js';

/** What Fastify's `trustProxy` takes: off, or the proxies' addresses and CIDRs. */
export type TrustProxy = false | string[];

/** proxy-addr's names for whole ranges. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

export const TRUST_PROXY_FORMS =
  'false (the default: no proxy), the proxies\' addresses or CIDRs separated by commas (e.g. 10.0.0.0/8,127.0.0.1; also the names loopback, linklocal, uniquelocal)';

/** The setting, or a problem to report under the variable's name. */
export function parseTrustProxy(text: string): { ok: true; value: TrustProxy } | { ok: false; problem: string } {
  const value = text.trim().toLowerCase();
  if (value === 'false' || value === 'no' || value === '0') return { ok: true, value: false };
  if (value === 'true' || value === 'yes') {
    return {
      ok: false,
      problem: `"${text}" is no longer accepted: it believed the client-written left-most X-Forwarded-For address. Use ${TRUST_PROXY_FORMS}`,
    };
  }
  if (/^\d+$/.test(value)) {
    return { ok: false, problem: `a number of proxies cannot tell a proxy from a client that writes the hops itself; use ${TRUST_PROXY_FORMS}` };
  }
  const entries = value.split(',').map((entry) => entry.trim());
  const wrong = entries.filter((entry) => entry !== '' && !NAMED_RANGES.has(entry) && parseCidr(entry) === null);
  if (entries.includes('') || wrong.length > 0) {
    return { ok: false, problem: `${wrong.length > 0 ? `"${wrong.join('", "')}" is not an address or CIDR` : 'has an empty entry'}; use ${TRUST_PROXY_FORMS}` };
  }
  return { ok: true, value: entries };
}
