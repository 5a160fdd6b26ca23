// A Rasa project folder zipped as an administrator would send it (Migrações, POST …/imports).
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { handmadeZip } from '../../src/admin-api/files/handmade-zip.fixture.js';

/**
 * Every file under the folder, each path under the folder's own name (`rasa-banking/domain.yml`),
 * then the `extra` files (path under the folder, text) after them.
 */
export async function projectZip(folder: string, extra: ReadonlyArray<{ path: string; text: string }> = []): Promise<Buffer> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  const read = await Promise.all(files.map(async (path) => ({ name: `${basename(folder)}/${relative(folder, path)}`, data: await readFile(path) })));
  return handmadeZip([...read, ...extra.map((file) => ({ name: `${basename(folder)}/${file.path}`, data: Buffer.from(file.text) }))]);
}
