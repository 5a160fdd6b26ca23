// Meta signs each webhook POST of Messenger and WhatsApp with the app secret:
// `X-Hub-Signature-256: sha256=<hex HMAC-SHA256>` over the raw body exactly as received (its JSON
// escapes non-ASCII as \u00e9, so re-serialised JSON would not match). The legacy
// `X-Hub-Signature: sha1=<hex>` counts only when the SHA-256 header is absent and the caller
// passes it (Messenger does; WhatsApp signs with SHA-256 only). Compared in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';

function matches(algorithm: 'sha256' | 'sha1', header: string, appSecret: string, rawBody: Buffer): boolean {
  const hexLength = algorithm === 'sha256' ? 64 : 40;
  const prefix = `${algorithm}=`;
  if (!header.startsWith(prefix)) return false;
  const given = header.slice(prefix.length).toLowerCase();
  if (given.length !== hexLength || !/^[0-9a-f]+$/.test(given)) return false;
  const expected = createHmac(algorithm, appSecret).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(given, 'hex'), expected);
}

export function verifyMetaSignature(
  headers: { sha256?: string | string[] | undefined; sha1?: string | string[] | undefined },
  appSecret: string,
  rawBody: Buffer,
): boolean {
  if (appSecret === '') return false;
  const sha256 = headers.sha256;
  if (sha256 !== undefined) return typeof sha256 === 'string' && matches('sha256', sha256, appSecret, rawBody);
  const sha1 = headers.sha1;
  return typeof sha1 === 'string' && matches('sha1', sha1, appSecret, rawBody);
}

export function signMetaBody(appSecret: string, rawBody: string | Buffer, algorithm: 'sha256' | 'sha1' = 'sha256'): string {
  return `${algorithm}=${createHmac(algorithm, appSecret).update(rawBody).digest('hex')}`;
}
