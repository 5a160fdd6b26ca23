import { describe, expect, it } from 'vitest';
import { signMetaBody, verifyMetaSignature } from './meta-signature.js';

// RFC 4231, test case 2: HMAC-SHA256 with key "Jefe".
const RFC_4231_BODY = Buffer.from('what do ya want for nothing?');
const RFC_4231_DIGEST = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';

describe("Meta's webhook signature", () => {
  it('accepts the published HMAC-SHA256 vector, in either case of hex, and refuses any change', () => {
    expect(verifyMetaSignature({ sha256: `sha256=${RFC_4231_DIGEST}` }, 'Jefe', RFC_4231_BODY)).toBe(true);
    expect(verifyMetaSignature({ sha256: `sha256=${RFC_4231_DIGEST.toUpperCase()}` }, 'Jefe', RFC_4231_BODY)).toBe(true);
    expect(verifyMetaSignature({ sha256: `sha256=${RFC_4231_DIGEST}` }, 'jefe', RFC_4231_BODY)).toBe(false);
    expect(verifyMetaSignature({ sha256: `sha256=${RFC_4231_DIGEST}` }, 'Jefe', Buffer.from('what do ya want for nothing!'))).toBe(false);
    expect(verifyMetaSignature({ sha256: RFC_4231_DIGEST }, 'Jefe', RFC_4231_BODY)).toBe(false);
    expect(verifyMetaSignature({ sha256: `sha256=${RFC_4231_DIGEST.slice(2)}` }, 'Jefe', RFC_4231_BODY)).toBe(false);
    expect(verifyMetaSignature({ sha256: ['a', 'b'] }, 'Jefe', RFC_4231_BODY)).toBe(false);
    expect(verifyMetaSignature({}, 'Jefe', RFC_4231_BODY)).toBe(false);
    expect(verifyMetaSignature({ sha256: signMetaBody('', RFC_4231_BODY) }, '', RFC_4231_BODY)).toBe(false);
  });

  it('counts the SHA-1 header only when no SHA-256 header is given', () => {
    const sha1 = signMetaBody('s3cret', RFC_4231_BODY, 'sha1');
    expect(verifyMetaSignature({ sha1 }, 's3cret', RFC_4231_BODY)).toBe(true);
    expect(verifyMetaSignature({ sha256: 'sha256=00', sha1 }, 's3cret', RFC_4231_BODY)).toBe(false);
  });
});
