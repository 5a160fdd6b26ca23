import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SECRET_KEY_FILE, SecretBox } from './secret-box.js';

const PAGE = { assistantId: 3, name: 'facebook.page_access_token' };
/** Sealed by the format before associated data (v1), with Buffer.alloc(32, 7) as the key. */
const OLD_SEALED = 'v1:ZtMh4tOJbS2Uue3ExGbTwNYltHOF/pI0GgiGej1KXo5473RTGtyWu3fpE7ksfRo=';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('SecretBox', () => {
  it('round-trips, and never shows the plaintext in what it stores', () => {
    const box = SecretBox.fromKey(Buffer.alloc(32, 7));
    const sealed = box.encrypt('EAAG-page-token', PAGE);
    expect(sealed).toMatch(/^v2:/);
    expect(sealed).not.toContain('EAAG');
    expect(box.decrypt(sealed, PAGE)).toBe('EAAG-page-token');
    expect(box.encrypt('same', PAGE)).not.toBe(box.encrypt('same', PAGE));
  });

  it('refuses a value sealed with another key, or altered', () => {
    const sealed = SecretBox.fromKey(Buffer.alloc(32, 1)).encrypt('secret', PAGE);
    expect(() => SecretBox.fromKey(Buffer.alloc(32, 2)).decrypt(sealed, PAGE)).toThrow(/cannot be decrypted/);
    const altered = `${sealed.slice(0, -4)}AAAA`;
    expect(() => SecretBox.fromKey(Buffer.alloc(32, 1)).decrypt(altered, PAGE)).toThrow(/cannot be decrypted/);
  });

  it('binds a value to its assistant and name: copied to another row, it does not open', () => {
    const box = SecretBox.fromKey(Buffer.alloc(32, 7));
    const sealed = box.encrypt('EAAG-page-token', PAGE);
    expect(() => box.decrypt(sealed, { ...PAGE, assistantId: 4 })).toThrow(/cannot be decrypted/);
    expect(() => box.decrypt(sealed, { ...PAGE, name: 'facebook.app_secret' })).toThrow(/cannot be decrypted/);
    expect(() => box.decrypt(sealed, { assistantId: 33, name: 'facebook.page_access_token' })).toThrow(/cannot be decrypted/);
  });

  it('still opens values sealed in the old format (v1, no associated data)', () => {
    expect(SecretBox.fromKey(Buffer.alloc(32, 7)).decrypt(OLD_SEALED, PAGE)).toBe('EAAG-old-page-token');
  });

  it('refuses a tag shorter than 16 bytes instead of checking only its first bytes', () => {
    const box = SecretBox.fromKey(Buffer.alloc(32, 7));
    for (const sealed of [box.encrypt('', PAGE), OLD_SEALED]) {
      const [version, payload] = sealed.split(':') as [string, string];
      const bytes = Buffer.from(payload, 'base64');
      // An empty secret: iv and tag only; cut the tag to 4 bytes.
      const cut = `${version}:${bytes.subarray(0, 12 + 4).toString('base64')}`;
      expect(() => box.decrypt(cut, PAGE)).toThrow(/cut short|cannot be decrypted/);
    }
    expect(() => box.decrypt('v3:AAAA', PAGE)).toThrow(/not a sealed secret/);
  });

  it('creates a private key file in the data folder once, and reuses it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'helper-secret-'));
    dirs.push(dir);
    const sealed = SecretBox.open({ dataDir: dir }).encrypt('x', PAGE);
    const file = join(dir, SECRET_KEY_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const key = await readFile(file, 'utf8');
    expect(SecretBox.open({ dataDir: dir }).decrypt(sealed, PAGE)).toBe('x');
    expect(await readFile(file, 'utf8')).toBe(key);
  });

  it('takes HELPER_SECRET_KEY as hex or base64, and refuses a wrong length', () => {
    const hex = 'ab'.repeat(32);
    const sealed = SecretBox.open({ secretKey: hex, dataDir: '/nonexistent' }).encrypt('y', PAGE);
    expect(SecretBox.open({ secretKey: Buffer.from(hex, 'hex').toString('base64'), dataDir: '/nonexistent' }).decrypt(sealed, PAGE)).toBe('y');
    expect(() => SecretBox.open({ secretKey: 'short', dataDir: '/nonexistent' })).toThrow(/32 bytes/);
  });
});
