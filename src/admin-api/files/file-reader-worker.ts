// The worker thread's side of readInWorker: reads one uploaded file (an assistant file or the
// dialogues workbook) and posts back what it found. It runs under the limits readInWorker sets,
// so a file that would cost too much ends this thread, not the server's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import type { AssistantContent, ParseAssistantFileResult } from '../../assistant/index.js';
import type { ProjectFile } from '../../assistant/other-platforms/read-rasa-project.js';
import type { DialogueWorkbookResult } from './dialogue-workbook.js';

export type FileReaderJob =
  | { kind: 'assistant-file'; text: string; fileName: string; mergeInto?: AssistantContent }
  | { kind: 'rasa-project'; files: ProjectFile[] }
  | { kind: 'dialogue-workbook'; bytes: Uint8Array };

export type FileReaderReply =
  | { kind: 'assistant-file'; result: ParseAssistantFileResult }
  | { kind: 'dialogue-workbook'; result: DialogueWorkbookResult }
  | { kind: 'failed'; reason: string; code?: string; params?: Record<string, number> };

async function read(job: FileReaderJob): Promise<FileReaderReply> {
  try {
    // Only the reader the job needs is loaded: ExcelJS alone takes longer to load than most files to read.
    if (job.kind === 'assistant-file') {
      const { parseAssistantFile } = await import('../../assistant/index.js');
      return { kind: 'assistant-file', result: parseAssistantFile(job.text, job.fileName, job.mergeInto ? { mergeInto: job.mergeInto } : {}) };
    }
    if (job.kind === 'rasa-project') {
      const { readRasaProject } = await import('../../assistant/other-platforms/read-rasa-project.js');
      return { kind: 'assistant-file', result: readRasaProject(job.files) };
    }
    const { readDialogueWorkbook } = await import('./dialogue-workbook.js');
    return { kind: 'dialogue-workbook', result: await readDialogueWorkbook(Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength)) };
  } catch (error: unknown) {
    // An Error does not survive postMessage as a class; its message is what matters.
    return { kind: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
}

parentPort?.postMessage(await read(workerData as FileReaderJob));
