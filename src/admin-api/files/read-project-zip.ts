// A Rasa project uploaded as a zip: its YAML files' text, read with the same care as an .xlsx
// (workbook-zip.ts): the central directory is read first, only YAML entries are inflated, and
// yauzl stops any entry that yields more than it declares, so the declared sizes bound the work.
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { MAX_ASSISTANT_FILE_BYTES } from '../../assistant/file/file-limits.js';
import { isProjectYaml, MAX_PROJECT_FILES } from '../../assistant/other-platforms/read-rasa-project.js';

/** Entries in the zip, YAML or not (a project with its actions and tests has a few hundred). */
export const MAX_PROJECT_ZIP_ENTRIES = 2000;

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A zip made of a folder holds `folder/domain.yml`: paths are read relative to the folder with the domain or config. */
function projectRoot(paths: string[]): string {
  const marker = paths
    .filter((path) => /(^|\/)(domain|config)\.ya?ml$/i.test(path))
    .sort((a, b) => a.split('/').length - b.split('/').length)[0];
  return marker === undefined ? '' : marker.slice(0, marker.lastIndexOf('/') + 1);
}

/**
 * The files as bytes (readImport decodes them and refuses one that is not UTF-8). A refusal's
 * `problem` is English; `code` and `params` say it in any language (src/admin-api/problem-codes.ts).
 */
export type ProjectZipResult = { ok: true; files: Array<{ path: string; text: Buffer }> } | { ok: false; problem: string; code?: string; params?: Record<string, string | number> };

export async function readProjectZip(zipBytes: Buffer): Promise<ProjectZipResult> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(zipBytes, { validateEntrySizes: true });
  } catch {
    return { ok: false, problem: 'the file is not a zip; send the Rasa project folder zipped (domain.yml, config.yml, data/)', code: 'zip_not_zip' };
  }
  if (zip.entryCount > MAX_PROJECT_ZIP_ENTRIES) return { ok: false, problem: `the zip holds ${zip.entryCount} files; a project zip may hold at most ${MAX_PROJECT_ZIP_ENTRIES}`, code: 'zip_too_many_files', params: { count: zip.entryCount, max: MAX_PROJECT_ZIP_ENTRIES } };
  const entries: Array<{ path: string; text: Buffer }> = [];
  let expanded = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/') || !/\.ya?ml$/i.test(entry.fileName)) continue;
      expanded += entry.uncompressedSize;
      if (expanded > MAX_ASSISTANT_FILE_BYTES) return { ok: false, problem: `the project's YAML files expand to more than ${MAX_ASSISTANT_FILE_BYTES / (1024 * 1024)} MB (at ${entry.fileName})`, code: 'zip_too_large', params: { max: MAX_ASSISTANT_FILE_BYTES / (1024 * 1024), name: entry.fileName } };
      if (!entry.canDecodeFileData()) return { ok: false, problem: `${entry.fileName} is encrypted or compressed in a way this reader does not know`, code: 'zip_unreadable_entry', params: { name: entry.fileName } };
      entries.push({ path: entry.fileName, text: await readAll(await zip.openReadStreamPromise(entry)) });
    }
  } catch (error: unknown) {
    return { ok: false, problem: `the zip is damaged or declares false sizes: ${error instanceof Error ? error.message : String(error)}`, code: 'zip_damaged' };
  }
  const root = projectRoot(entries.map((entry) => entry.path));
  const files = entries.filter((entry) => entry.path.startsWith(root)).map((entry) => ({ path: entry.path.slice(root.length), text: entry.text })).filter((entry) => isProjectYaml(entry.path));
  if (files.length > MAX_PROJECT_FILES) return { ok: false, problem: `the project has ${files.length} YAML files; at most ${MAX_PROJECT_FILES} are read`, code: 'zip_too_many_files', params: { count: files.length, max: MAX_PROJECT_FILES } };
  if (files.length === 0) return { ok: false, problem: 'the zip holds no YAML files; a Rasa project has domain.yml, config.yml and data/*.yml', code: 'zip_no_yaml' };
  return { ok: true, files };
}
