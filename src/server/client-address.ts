// The client's address for requests that do not pass through Fastify (the socket.io handshake),
// read exactly as Fastify reads request.ip: X-Forwarded-For hops count only as far as they were
// added by HELPER_TRUST_PROXY's proxies.
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { TrustProxy } from '../config/trust-proxy.js';

export function clientAddressReader(trustProxy: TrustProxy): (request: IncomingMessage) => string {
  if (trustProxy === false) return (request) => request.socket.remoteAddress ?? '';
  const trusted = proxyAddr.compile(trustProxy);
  return (request) => proxyAddr(request, trusted);
}
