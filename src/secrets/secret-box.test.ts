import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SECRET_KEY_FILE, SecretBox } from './secret-box.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('SecretBox', () => {
  it('round-trips, and never shows the plaintext in what it stores', () => {
    const box = SecretBox.fromKey(Buffer.alloc(32, 7));
    const sealed = box.encrypt('EAAG-page-token');
    expect(sealed).not.toContain('EAAG');
    expect(box.decrypt(sealed)).toBe('EAAG-page-token');
    expect(box.encrypt('same')).not.toBe(box.encrypt('same'));
  });

  it('refuses a value sealed with another key, or altered', () => {
    const sealed = SecretBox.fromKey(Buffer.alloc(32, 1)).encrypt('secret');
    expect(() => SecretBox.fromKey(Buffer.alloc(32, 2)).decrypt(sealed)).toThrow(/cannot be decrypted/);
    const altered = `${sealed.slice(0, -4)}AAAA`;
    expect(() => SecretBox.fromKey(Buffer.alloc(32, 1)).decrypt(altered)).toThrow(/cannot be decrypted/);
  });

  it('creates a private key file in the data folder once, and reuses it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'helper-secret-'));
    dirs.push(dir);
    const sealed = SecretBox.open({ dataDir: dir }).encrypt('x');
    const file = join(dir, SECRET_KEY_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const key = await readFile(file, 'utf8');
    expect(SecretBox.open({ dataDir: dir }).decrypt(sealed)).toBe('x');
    expect(await readFile(file, 'utf8')).toBe(key);
  });

  it('takes HELPER_SECRET_KEY as hex or base64, and refuses a wrong length', () => {
    const hex = 'ab'.repeat(32);
    const sealed = SecretBox.open({ secretKey: hex, dataDir: '/nonexistent' }).encrypt('y');
    expect(SecretBox.open({ secretKey: Buffer.from(hex, 'hex').toString('base64'), dataDir: '/nonexistent' }).decrypt(sealed)).toBe('y');
    expect(() => SecretBox.open({ secretKey: 'short', dataDir: '/nonexistent' })).toThrow(/32 bytes/);
  });
});
