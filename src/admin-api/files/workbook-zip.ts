// An .xlsx file is a zip, and ExcelJS expands every file in it into memory. Before it does, the
// zip's central directory is read (yauzl) and each entry is inflated once into nothing: yauzl
// stops an entry as soon as it yields more bytes than the directory declares, so once this check
// passes the declared sizes are true and bound what ExcelJS will expand.
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

/** Files inside the zip: an exported workbook has 16, one with many sheets a few per sheet. */
export const MAX_WORKBOOK_ENTRIES = 500;
/** Bytes of XML the zip may expand to: 100,000 exported rows are about 25 MB. */
export const MAX_WORKBOOK_EXPANDED_BYTES = 50 * 1024 * 1024;

export const NOT_A_WORKBOOK = 'the file is not an .xlsx workbook (export the dialogues to get one to edit)';

async function discard(stream: Readable): Promise<void> {
  for await (const chunk of stream) void chunk;
}

function megabytes(bytes: number): number {
  return Math.round(bytes / (1024 * 1024));
}

/** Why the zip cannot be expanded safely, or undefined when it can. */
export async function workbookZipProblem(file: Buffer): Promise<string | undefined> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(file, { validateEntrySizes: true });
  } catch {
    return NOT_A_WORKBOOK;
  }
  if (zip.entryCount > MAX_WORKBOOK_ENTRIES) {
    return `the workbook's zip holds ${zip.entryCount} files; an .xlsx file may hold at most ${MAX_WORKBOOK_ENTRIES}`;
  }
  let expanded = 0;
  let current = '';
  try {
    for await (const entry of zip.eachEntry()) {
      current = entry.fileName;
      expanded += entry.uncompressedSize;
      if (expanded > MAX_WORKBOOK_EXPANDED_BYTES) {
        return `the workbook expands to more than ${megabytes(MAX_WORKBOOK_EXPANDED_BYTES)} MB (at ${entry.fileName}); import fewer rows at a time`;
      }
      if (!entry.canDecodeFileData()) return `the workbook's ${entry.fileName} is encrypted or compressed in a way .xlsx files never are`;
      await discard(await zip.openReadStreamPromise(entry));
    }
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    return `the workbook's zip is damaged or declares false sizes${current === '' ? '' : ` (at ${current})`}: ${reason}`;
  }
  return undefined;
}
