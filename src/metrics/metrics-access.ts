// Who may read /metrics. Closed by default: with neither HELPER_METRICS_TOKEN nor
// HELPER_METRICS_ALLOW set, only clients on the loopback interface; with either set, a request
// needs the bearer token (compared in constant time) or an address inside the allow-list.
import { allowedAddress } from '../server/api-access.js';
import { sameSecret } from '../secrets/same-secret.js';

const LOOPBACK = ['127.0.0.0/8', '::1/128'];

export type MetricsAccess = { ok: true } | { ok: false; status: 401 | 403; message: string };

export function metricsAccess(config: { token?: string; allow: readonly string[] }, request: { authorization?: string | undefined; clientAddress: string }): MetricsAccess {
  const bearer = /^Bearer\s+(.+)$/i.exec(request.authorization ?? '')?.[1]?.trim();
  if (config.token !== undefined && bearer !== undefined && sameSecret(bearer, config.token)) return { ok: true };
  const open = config.token === undefined && config.allow.length === 0 ? LOOPBACK : config.allow;
  if (allowedAddress(request.clientAddress, open)) return { ok: true };
  if (bearer !== undefined) return { ok: false, status: 403, message: 'the bearer token is not the metrics token' };
  if (config.token !== undefined) return { ok: false, status: 401, message: 'send Authorization: Bearer <HELPER_METRICS_TOKEN>' };
  return { ok: false, status: 403, message: 'this address may not read the metrics (HELPER_METRICS_ALLOW, or HELPER_METRICS_TOKEN)' };
}
