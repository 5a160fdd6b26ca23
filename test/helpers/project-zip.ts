// A Rasa project folder zipped as an administrator would send it (Migrações, POST …/imports).
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { handmadeZip } from '../../src/admin-api/files/handmade-zip.fixture.js';

/** Every file under the folder, each path under the folder's own name (`rasa-banking/domain.yml`). */
export async function projectZip(folder: string): Promise<Buffer> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  return handmadeZip(await Promise.all(files.map(async (path) => ({ name: `${basename(folder)}/${relative(folder, path)}`, data: await readFile(path) }))));
}
