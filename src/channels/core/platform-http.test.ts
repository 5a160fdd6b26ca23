import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { PlatformCallError } from './platform-call-error.js';
import { callPlatform, redact } from './platform-http.js';

const TOKEN = 'EAAG-t0ken/with+chars=';

describe('redact', () => {
  it('cuts a token out as it is, URL-encoded, JSON-escaped and as a Bearer credential', () => {
    expect(redact(`bad token ${TOKEN}`, TOKEN)).toBe('bad token [redacted]');
    expect(redact(`GET /me?access_token=${encodeURIComponent(TOKEN)}`, TOKEN)).toBe('GET /me?access_token=[redacted]');
    expect(redact(`headers: {"authorization":"Bearer ${TOKEN}"}`, TOKEN)).toBe('headers: {"authorization":"[redacted]"}');
    expect(redact(JSON.stringify({ sent: `say "${TOKEN}"` }), TOKEN)).not.toContain('t0ken');
  });

  it("cuts out a Basic credential's base64 of user:secret when the user is given, padded or not", () => {
    const key = 'watson-api-key-0123456789-abcdefghij';
    const basic = Buffer.from(`apikey:${key}`).toString('base64');
    const sent = { secret: key, basicUser: 'apikey' };
    expect(redact(`Authorization: Basic ${basic}`, sent)).toBe('Authorization: [redacted]');
    expect(redact(`credential ${basic} refused`, sent)).toBe('credential [redacted] refused');
    expect(redact(`credential ${basic.replace(/=+$/, '')}.`, sent)).toBe('credential [redacted].');
    expect(redact(`the key ${key}`, sent)).toBe('the key [redacted]');
    // Without the user, the base64 cannot be known: only the key's own forms are cut.
    expect(redact(`Basic ${basic}`, key)).toBe(`Basic ${basic}`);
  });

  it('bounds the text after cutting, so no part of a secret is left at the cut', () => {
    const text = `${'x'.repeat(290)} ${TOKEN}`;
    expect(redact(text, TOKEN)).toBe(`${'x'.repeat(290)} [redacted`);
    expect(redact('short', undefined)).toBe('short');
    expect(redact('y'.repeat(400), '')).toHaveLength(300);
  });
});

describe('callPlatform', () => {
  it('codes a failure without a usable answer: no answer in time, nobody listening, an answer too large', async () => {
    const server = createServer((request, response) => {
      if (request.url === '/large') response.writeHead(500).end('x'.repeat(2_000));
      // '/slow' is never answered.
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const failure = (url: string, options: { timeoutMs?: number; maxResponseBytes?: number } = {}) => callPlatform({ method: 'GET', url, ...options }).then(() => undefined, (error: unknown) => error as PlatformCallError);
    try {
      const slow = await failure(`${base}/slow`, { timeoutMs: 50 });
      expect([slow?.detail, slow?.reasonCode]).toEqual(['timed out', { code: 'timeout', params: {} }]);
      const large = await failure(`${base}/large`, { maxResponseBytes: 100 });
      expect([large?.status, large?.reasonCode]).toEqual([500, { code: 'answer_unreadable', params: { status: 500 } }]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    const nobody = await failure(base);
    expect([nobody?.detail, nobody?.reasonCode]).toEqual(['could not connect', { code: 'unreachable', params: {} }]);
  });
});
