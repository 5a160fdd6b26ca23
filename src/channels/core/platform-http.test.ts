import { describe, expect, it } from 'vitest';
import { redact } from './platform-http.js';

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
