// Secrets at rest (API tokens, app secrets, page tokens) are encrypted with AES-256-GCM. The key
// comes from HELPER_SECRET_KEY (32 bytes, base64 or hex) or, when unset, from a key file created in
// the data folder on first start, readable only by its owner.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const SECRET_KEY_FILE = 'secret.key';

export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

function parseKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new SecretKeyError('the secret key must be 32 bytes, written as 64 hex digits or base64');
  return key;
}

export class SecretBox {
  /** Keys derived from the secret key, one per purpose of `digest`. */
  private readonly digestKeys = new Map<string, Buffer>();

  private constructor(private readonly key: Buffer) {}

  /** The configured key, or the data folder's key file (created when missing). */
  static open(options: { secretKey?: string; dataDir: string }): SecretBox {
    if (options.secretKey) return new SecretBox(parseKey(options.secretKey));
    const path = join(options.dataDir, SECRET_KEY_FILE);
    if (!existsSync(path)) {
      mkdirSync(options.dataDir, { recursive: true });
      // 'wx' fails if another process created it meanwhile; then that one's key is read below.
      try {
        writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
      } catch (error: unknown) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      chmodSync(path, 0o600);
    }
    return new SecretBox(parseKey(readFileSync(path, 'utf8')));
  }

  static fromKey(key: Buffer): SecretBox {
    if (key.length !== 32) throw new SecretKeyError('the secret key must be 32 bytes');
    return new SecretBox(key);
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  /** Throws when the text was not sealed with this key or was altered. */
  decrypt(sealed: string): string {
    const [version, payload] = sealed.split(':', 2);
    if (version !== VERSION || payload === undefined) throw new SecretKeyError('not a sealed secret');
    const bytes = Buffer.from(payload, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretKeyError('a stored secret cannot be decrypted: the secret key changed, or the value was altered');
    }
  }

  /**
   * A keyed digest of `data` (HMAC-SHA256, hex) with a key derived (HKDF) from the secret key for
   * `purpose`: lets the platform recognise values it issued (e.g. web chat session ids) without
   * storing them, in every app process that shares the key.
   */
  digest(purpose: string, data: string): string {
    let key = this.digestKeys.get(purpose);
    if (key === undefined) {
      key = Buffer.from(hkdfSync('sha256', this.key, Buffer.alloc(0), `helper-assistant:${purpose}`, 32));
      this.digestKeys.set(purpose, key);
    }
    return createHmac('sha256', key).update(data).digest('hex');
  }
}
