// Secrets at rest (API tokens, app secrets, page tokens) are encrypted with AES-256-GCM. The key
// comes from HELPER_SECRET_KEY (32 bytes, base64 or hex) or, when unset, from a key file created in
// the data folder on first start, readable only by its owner.
//
// Sealed format `v2:<base64 of iv (12) | tag (16) | ciphertext>`, with the assistant and the
// secret's name as GCM's associated data: a sealed value copied to another assistant's row, or to
// another name, does not open. `v1:` values (the same layout, no associated data) were written
// before; they still open, and are sealed as v2 when next written. The tag is always 16 bytes and
// checked to be so: GCM accepts shorter tags, and a short tag is far easier to forge.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const VERSION = 'v2';
/** Sealed before associated data: opened for reading, never written. */
const LEGACY_VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const SECRET_KEY_FILE = 'secret.key';

/** Where a secret is kept: bound into its seal, so it opens only there. */
export interface SecretPlace {
  assistantId: number;
  name: string;
}

export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

/** What a secret key must be (HELPER_SECRET_KEY, the key file): the one rule, also checked by src/config. */
export const SECRET_KEY_RULE = 'must be 32 bytes, written as 64 hex digits or base64 (e.g. `openssl rand -base64 32`)';

/** The key's 32 bytes, or undefined when the text is not such a key. */
export function readSecretKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  return key.length === 32 ? key : undefined;
}

function parseKey(text: string): Buffer {
  const key = readSecretKey(text);
  if (key === undefined) throw new SecretKeyError(`the secret key ${SECRET_KEY_RULE}`);
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

  /** Seals `plaintext` for its place (assistant and name). */
  encrypt(plaintext: string, place: SecretPlace): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(place));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  /** Throws when the text was not sealed with this key for this place, or was altered. */
  decrypt(sealed: string, place: SecretPlace): string {
    const separator = sealed.indexOf(':');
    const version = sealed.slice(0, separator);
    if (separator < 0 || (version !== VERSION && version !== LEGACY_VERSION)) throw new SecretKeyError('not a sealed secret');
    const bytes = Buffer.from(sealed.slice(separator + 1), 'base64');
    if (bytes.length < IV_BYTES + TAG_BYTES) throw new SecretKeyError('a stored secret is cut short: it cannot be decrypted');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    if (version === VERSION) decipher.setAAD(associatedData(place));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretKeyError('a stored secret cannot be decrypted: the secret key changed, or the value was altered or moved');
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

function associatedData(place: SecretPlace): Buffer {
  if (!Number.isSafeInteger(place.assistantId) || place.name === '') throw new SecretKeyError('a secret needs its assistant and name');
  // A name never holds a NUL, so no two places give the same bytes.
  return Buffer.from(`helper-assistant/secret/${place.assistantId}\u0000${place.name}`, 'utf8');
}
