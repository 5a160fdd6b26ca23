// Reads an uploaded file (an assistant file, the dialogues workbook) in a worker thread with a
// memory and a time limit, a few at a time. The readers bound what a file may hold (see
// file-limits.ts, dialogue-workbook.ts); these limits bound whatever those miss, so that no file
// can block the event loop that answers chat or exhaust the server's memory.
import { Worker } from 'node:worker_threads';
import type { AssistantContent, ParseAssistantFileResult } from '../../assistant/index.js';
import type { ProjectFile } from '../../assistant/other-platforms/read-rasa-project.js';
import type { DialogueWorkbookResult } from './dialogue-workbook.js';
import type { FileReaderJob, FileReaderReply } from './file-reader-worker.js';

export interface FileReaderLimits {
  /** The worker's heap (V8's old generation); past it the worker ends. */
  memoryMb: number;
  /** The worker is ended after this long. */
  timeLimitSeconds: number;
}

/** Readers at work at once in one process, and readers that may wait for them. */
const PARALLEL_READERS = 2;
const WAITING_READERS = 8;

/** More files than the readers and their waiting line can take: try again later (429). */
export class FileReadersBusyError extends Error {
  constructor() {
    super(`${PARALLEL_READERS + WAITING_READERS} files are being read or waiting to be; try again when they are done`);
    this.name = 'FileReadersBusyError';
  }
}

let running = 0;
const waiting: Array<() => void> = [];

async function takeTurn(): Promise<void> {
  if (running < PARALLEL_READERS) {
    running += 1;
    return;
  }
  if (waiting.length >= WAITING_READERS) throw new FileReadersBusyError();
  // The reader that finishes hands its place over directly (running stays the same).
  await new Promise<void>((resolve) => waiting.push(resolve));
}

function endTurn(): void {
  const next = waiting.shift();
  if (next) next();
  else running -= 1;
}

/** See train-in-worker.ts: compiled JavaScript in dist/, a tsx bootstrap from the sources. */
function workerUrl(): URL {
  const fromSources = import.meta.url.endsWith('.ts');
  return new URL(fromSources ? './file-reader-worker-tsx.mjs' : './file-reader-worker.js', import.meta.url);
}

/** The worker's reply, or why the file could not be read within the limits. */
async function readInWorker(job: FileReaderJob, limits: FileReaderLimits): Promise<FileReaderReply> {
  await takeTurn();
  try {
    const worker = new Worker(workerUrl(), {
      workerData: job,
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, stackSizeMb: 4 },
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      return await new Promise<FileReaderReply>((resolve) => {
        const fail = (reason: string, code = 'file_unreadable', params?: Record<string, number>) => resolve({ kind: 'failed', reason, code, ...(params ? { params } : {}) });
        timer = setTimeout(() => fail(`reading the file took longer than ${limits.timeLimitSeconds} s; split it into smaller files`, 'file_read_too_long', { seconds: limits.timeLimitSeconds }), limits.timeLimitSeconds * 1000);
        worker.once('message', (reply: FileReaderReply) => resolve(reply));
        worker.once('error', (error: Error & { code?: string }) => {
          if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') fail(`reading the file needs more than ${limits.memoryMb} MB of memory; split it into smaller files`, 'file_read_too_big', { megabytes: limits.memoryMb });
          else fail(`the file could not be read (${error.message})`);
        });
        worker.once('exit', (code) => fail(`the file reader stopped (exit code ${code}) before answering`));
      });
    } finally {
      clearTimeout(timer);
      // Wait for the thread to end, so that its memory is free before the next reader starts.
      await worker.terminate();
    }
  } finally {
    endTurn();
  }
}

/** parseAssistantFile in a worker; a file the limits stop gets one error naming the limit. */
export async function readAssistantFileInWorker(text: string, fileName: string, limits: FileReaderLimits, mergeInto?: AssistantContent): Promise<ParseAssistantFileResult> {
  return assistantFileResult(await readInWorker({ kind: 'assistant-file', text, fileName, ...(mergeInto ? { mergeInto } : {}) }, limits));
}

function assistantFileResult(reply: FileReaderReply): ParseAssistantFileResult {
  if (reply.kind === 'assistant-file') return reply.result;
  const reason = reply.kind === 'failed' ? reply.reason : 'the file reader answered something else';
  const coded = reply.kind === 'failed' ? { code: reply.code ?? 'file_unreadable', ...(reply.params ? { params: reply.params } : {}) } : { code: 'file_unreadable' };
  return { ok: false, errors: [{ line: 1, column: 1, path: '', message: reason, ...coded }], warnings: [] };
}

/** readRasaProject in a worker, with the same limits as one file. */
export async function readRasaProjectInWorker(files: ProjectFile[], limits: FileReaderLimits): Promise<ParseAssistantFileResult> {
  return assistantFileResult(await readInWorker({ kind: 'rasa-project', files }, limits));
}

/** readDialogueWorkbook in a worker; a file the limits stop gets one problem naming the limit. */
export async function readDialogueWorkbookInWorker(file: Buffer, limits: FileReaderLimits): Promise<DialogueWorkbookResult> {
  // A copy of exactly the file's bytes: a small Buffer is a view of a shared pool.
  const reply = await readInWorker({ kind: 'dialogue-workbook', bytes: new Uint8Array(file) }, limits);
  if (reply.kind === 'dialogue-workbook') return reply.result;
  const reason = reply.kind === 'failed' ? reply.reason : 'the file reader answered something else';
  const coded = reply.kind === 'failed' ? { code: reply.code ?? 'file_unreadable', ...(reply.params ? { params: reply.params } : {}) } : { code: 'file_unreadable' };
  return { ok: false, problems: [{ cell: 'file', message: reason, ...coded }] };
}
