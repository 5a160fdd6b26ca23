import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddressReader } from './client-address.js';

/** What the reader looks at in a request: the socket's address and X-Forwarded-For. */
const request = (remoteAddress: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress }, connection: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;

describe('clientAddressReader (socket.io handshakes)', () => {
  it('takes the connection address when no proxy is trusted', () => {
    expect(clientAddressReader(false)(request('203.0.113.9', '10.1.2.3'))).toBe('203.0.113.9');
  });

  it('believes only the hops trusted proxies added, as Fastify does', () => {
    const read = clientAddressReader(['127.0.0.1', '10.0.0.0/8']);
    expect(read(request('127.0.0.1', '198.51.100.7'))).toBe('198.51.100.7');
    // The client wrote an address in front of the one the proxy saw.
    expect(read(request('127.0.0.1', '10.1.2.3, 198.51.100.7'))).toBe('198.51.100.7');
    // Two trusted proxies in a row.
    expect(read(request('127.0.0.1', '198.51.100.7, 10.0.0.5'))).toBe('198.51.100.7');
    // Not from a trusted proxy: the header is ignored.
    expect(read(request('192.0.2.44', '10.1.2.3'))).toBe('192.0.2.44');
  });
});
