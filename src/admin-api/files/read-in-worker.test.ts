import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { FileReadersBusyError, readAssistantFileInWorker, readDialogueWorkbookInWorker } from './read-in-worker.js';

const LIMITS = { memoryMb: 256, timeLimitSeconds: 60 };

/** Nesting the yaml parser takes seconds per hundred thousand levels to refuse. */
const DEEP = `version: 1\nintents: ${'['.repeat(1_000_000)}`;

describe('readAssistantFileInWorker', () => {
  it('reads a file in a worker thread and answers what parseAssistantFile answers', async () => {
    const result = await readAssistantFileInWorker('version: 1\nintents:\n  - name: oi\n    phrases: [oi]\n', 'a.yaml', LIMITS);
    expect(result).toMatchObject({ ok: true, file: { format: 'helper', content: { intents: [{ name: 'oi', phrases: [{ text: 'oi' }] }] } } });
    const broken = await readAssistantFileInWorker('version: 1\nintents: [\n', 'a.yaml', LIMITS);
    expect(broken.ok).toBe(false);
  });

  it('ends a reader that takes longer than the time limit, and says so', async () => {
    const result = await readAssistantFileInWorker(DEEP, 'deep.yaml', { memoryMb: 256, timeLimitSeconds: 1 });
    expect(result).toEqual({
      ok: false,
      errors: [{ line: 1, column: 1, path: '', message: 'reading the file took longer than 1 s; split it into smaller files', code: 'file_read_too_long', params: { seconds: 1 } }],
      warnings: [],
    });
  });

  it('ends a reader that needs more memory than allowed, and says so', async () => {
    // About 120,000 phrases: a few hundred MB of YAML nodes for a 4 MB file.
    const intents = Array.from({ length: 2000 }, (_, i) => `  - name: i${i}\n    phrases: [${Array.from({ length: 60 }, (_, p) => `frase ${p} da intenção ${i}`).join(', ')}]`);
    const small = { memoryMb: 32, timeLimitSeconds: 60 };
    const result = await readAssistantFileInWorker(`version: 1\nintents:\n${intents.join('\n')}\n`, 'big.yaml', small);
    expect(result).toMatchObject({ ok: false, errors: [{ message: 'reading the file needs more than 32 MB of memory; split it into smaller files' }] });
    // The same limit is enough for a small file: it is the big file that did not fit.
    expect((await readAssistantFileInWorker(`version: 1\nintents:\n${intents.slice(0, 2).join('\n')}\n`, 'small.yaml', small)).ok).toBe(true);
  });

  it('reads two files at a time, lets eight wait, and refuses more', async () => {
    const slow = { memoryMb: 64, timeLimitSeconds: 0.5 };
    const reads = Array.from({ length: 10 }, () => readAssistantFileInWorker(DEEP, 'deep.yaml', slow));
    await expect(readAssistantFileInWorker('version: 1\n', 'a.yaml', slow)).rejects.toBeInstanceOf(FileReadersBusyError);
    const results = await Promise.all(reads);
    expect(results.every((result) => !result.ok && /took longer than 0.5 s/.test(result.errors[0]?.message ?? ''))).toBe(true);
    // Once they are done, there is room again.
    expect((await readAssistantFileInWorker('version: 1\nintents:\n  - name: oi\n    phrases: [oi]\n', 'a.yaml', LIMITS)).ok).toBe(true);
  }, 60_000);
});

describe('readDialogueWorkbookInWorker', () => {
  it('reads the rows of a workbook in a worker thread', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Dialogues');
    sheet.addRow(['Intent', 'User Says', 'Text Response']);
    sheet.addRow(['oi', 'olá', 'Oi!']);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await readDialogueWorkbookInWorker(file, LIMITS)).toEqual({ ok: true, rows: [{ intent: 'oi', userSays: 'olá', textResponse: 'Oi!' }] });
    expect(await readDialogueWorkbookInWorker(Buffer.from('not a zip'), LIMITS)).toEqual({
      ok: false,
      problems: [{ cell: 'file', code: 'sheet_not_workbook', message: 'the file is not an .xlsx workbook (export the dialogues to get one to edit)' }],
    });
  });
});
