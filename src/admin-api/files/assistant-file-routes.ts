// Admin routes of Configurações that move content in and out: the dialogues spreadsheet (.xlsx:
// export, preview of an import, import) and the whole assistant file (YAML, as `helper export` /
// `helper import`). An upload is the file itself as the request body, or the one file of a
// multipart form (what a browser's file input sends).
import multipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { serialiseAssistantFile } from '../../assistant/index.js';
import { MAX_ASSISTANT_FILE_BYTES } from '../../assistant/file/file-limits.js';
import type { Platform } from '../../platform.js';
import type { AssistantRecord } from '../../store/store.js';
import { AdminApiError, assistantParams, errorResponses, errorSchema, findAssistant, sendError, invalidField, problemSchema } from '../admin-scope.js';
import { applyDialogueSheet, dialogueSheetRows, groupSheetRows, summariseChanges, type ContentChange } from './dialogue-sheet.js';
import { writeDialogueWorkbook } from './dialogue-workbook.js';
import { importAssistant } from './import-assistant.js';
import { fileProblemSchema, requester } from '../imports/import-routes.js';
import { wholeFileProblem, type FileProblem } from '../../assistant/file/format-file-errors.js';
import { writeZip } from './write-zip.js';
import { writeRasaProject } from '../../assistant/other-platforms/write-rasa-project.js';
import { FileReadersBusyError, readDialogueWorkbookInWorker } from './read-in-worker.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];
/** The .xlsx too: 100,000 exported rows are about 2 MB zipped. */
const MAX_UPLOAD_BYTES = MAX_ASSISTANT_FILE_BYTES;

/** 400 with every problem listed. */
const problemsSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        field: { type: 'string' },
        // A file's problems are sentences with their place in the file; a request's, coded problems.
        problems: { type: 'array', items: { anyOf: [{ type: 'string' }, problemSchema] } },
        // A file's problems again with their code and params (a spreadsheet's place is its cell).
        fileProblems: { type: 'array', items: fileProblemSchema },
      },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
} as const;

const changesSchema = {
  type: 'object',
  properties: {
    summary: { type: 'object', additionalProperties: { type: 'integer' } },
    changes: { type: 'array', items: { type: 'object', additionalProperties: true } },
    imported: { type: 'boolean' },
    next: { type: 'string' },
  },
} as const;

/** A refused file: `problems` as English lines, `fileProblems` the same with place, code and params. */
class ProblemsError extends Error {
  constructor(
    message: string,
    readonly problems: string[],
    readonly fileProblems: FileProblem[],
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The uploaded file's bytes: the body itself, or the single file of a multipart form. */
async function uploadedFile(request: FastifyRequest): Promise<Buffer | undefined> {
  if (!request.isMultipart()) {
    if (Buffer.isBuffer(request.body)) return request.body;
    return typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : undefined;
  }
  const part = await request.file();
  return part ? await part.toBuffer() : undefined;
}

function contentDisposition(name: string): string {
  return `attachment; filename="${name}"`;
}

export async function registerAssistantFileRoutes(scope: FastifyInstance, platform: Platform): Promise<void> {
  await scope.register(async (files) => {
    // Uploads are the file as the body, or a multipart form; a child scope keeps these parsers
    // to these routes.
    await files.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
    files.addContentTypeParser([XLSX_TYPE, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES }, (_request, body, done) => done(null, body));
    // JSON too, as bytes: a Watson workspace is read by the assistant file reader, in its worker,
    // after readImport decodes it (a file that is not UTF-8 is refused there, not read with U+FFFD).
    files.addContentTypeParser([...YAML_TYPES, 'application/json'], { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES }, (_request, body, done) => done(null, body));
    files.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof ProblemsError) {
        return reply.code(400).send({ error: { code: 'invalid', message: error.message, ...(error.field ? { field: error.field } : {}), problems: error.problems, fileProblems: error.fileProblems } });
      }
      if (error instanceof FileReadersBusyError) return sendError(reply, 429, 'busy', error.message);
      // The body parsers' and multipart's own "too large" errors name no limit.
      if (error.statusCode === 413) {
        return sendError(reply, 413, 'too_large', `the file is larger than ${MAX_UPLOAD_BYTES / (1024 * 1024)} MB, the most an upload may have`, 'body');
      }
      throw error;
    });
    const base = '/servers/:server/assistants/:language';

    files.get<{ Params: { server: string; language: string } }>(
      `${base}/dialogues.xlsx`,
      {
        schema: {
          summary: 'Export the dialogues as .xlsx (columns Intent, User Says, Text Response; one row per phrase)',
          params: assistantParams,
          produces: [XLSX_TYPE],
          response: { 200: { description: 'the workbook', type: 'string', format: 'binary' }, ...errorResponses },
        },
      },
      async (request, reply) => {
        const assistant = await findAssistant(platform, request.params);
        const file = await writeDialogueWorkbook(dialogueSheetRows(await platform.store.content.load(assistant.id)));
        return reply
          .type(XLSX_TYPE)
          .header('content-disposition', contentDisposition(`${assistant.serverName}-${assistant.language}-dialogues.xlsx`))
          .send(file);
      },
    );

    const planImport = async (assistant: AssistantRecord, request: FastifyRequest) => {
      const body = await uploadedFile(request);
      if (body === undefined || body.length === 0) {
        throw invalidField('body', 'file_required', undefined, `send the .xlsx file as the request body (Content-Type: ${XLSX_TYPE}) or as the file of a multipart form`);
      }
      const read = await readDialogueWorkbookInWorker(body, platform.config.fileImport);
      if (!read.ok) {
        const first = read.problems[0];
        throw new ProblemsError(
          `the spreadsheet was not read (${read.problems.length} problem${read.problems.length === 1 ? '' : 's'}); nothing was changed: ${first?.message ?? ''}`,
          read.problems.map((problem) => problem.message),
          read.problems.map((problem) => ({ ...wholeFileProblem('dialogues.xlsx', problem.message, problem.code ?? 'file_problem', problem.params), ...(problem.cell === 'file' ? {} : { place: problem.cell }) })),
          first?.cell,
        );
      }
      const sheet = groupSheetRows(read.rows);
      const lacking = sheet.filter((intent) => intent.phrases.length === 0);
      const withoutPhrases = lacking.map((intent) => `intent "${intent.name}" has no phrase in column User Says`);
      if (withoutPhrases.length > 0) {
        const coded = lacking.map((intent, index) => wholeFileProblem('dialogues.xlsx', withoutPhrases[index] ?? '', 'sheet_intent_no_phrase', { intent: intent.name }));
        throw new ProblemsError(`the spreadsheet cannot be imported; nothing was changed: ${withoutPhrases[0] ?? ''}`, withoutPhrases, coded);
      }
      return applyDialogueSheet(await platform.store.content.load(assistant.id), sheet);
    };
    const changesView = (changes: ContentChange[]) => ({ summary: summariseChanges(changes), changes });
    const uploadSchema = (summary: string, description: string) => ({
      summary,
      description,
      params: assistantParams,
      consumes: [XLSX_TYPE, 'multipart/form-data'],
      // The body is the file's bytes (a Buffer): described for OpenAPI, checked by the reader.
      body: { description: 'the .xlsx file (binary)' },
      response: { 200: changesSchema, 400: problemsSchema, '4xx': errorSchema, '5xx': errorSchema },
    });

    files.post<{ Params: { server: string; language: string } }>(
      `${base}/dialogues.xlsx/preview`,
      {
        schema: uploadSchema(
          'What importing this .xlsx would change, without changing anything',
          'Lists every intent, phrase, answer, dialogue and skill that the import would add, remove or change.',
        ),
      },
      async (request) => {
        const { changes } = await planImport(await findAssistant(platform, request.params), request);
        return changesView(changes);
      },
    );

    files.post<{ Params: { server: string; language: string } }>(
      `${base}/dialogues.xlsx/import`,
      {
        schema: uploadSchema(
          'Import the dialogues .xlsx: replaces the intents, answers, dialogues and text skills it describes (one transaction)',
          'Intents become exactly those of the file (phrases from User Says); intents not in it are removed with the dialogues that answered only them and the text skills only those used; Text Response sets the text variations of the answering skill (a new text skill and dialogue for an intent without one). Contexts, regexes, themes and other skills and dialogues are kept. Train to serve the result.',
        ),
      },
      async (request) => {
        const assistant = await findAssistant(platform, request.params);
        const { content, changes } = await planImport(assistant, request);
        await platform.store.content.save(assistant.id, content, 'replace', { actor: requester(request), action: 'import', details: { importName: 'dialogues.xlsx' } });
        return { ...changesView(changes), imported: true, next: 'train the assistant to serve the imported content' };
      },
    );

    files.get<{ Params: { server: string; language: string } }>(
      `${base}/assistant.yaml`,
      {
        schema: {
          summary: 'Export the whole assistant file (YAML, as `helper export`)',
          params: assistantParams,
          produces: ['application/yaml'],
          response: { 200: { type: 'string' }, ...errorResponses },
        },
      },
      async (request, reply) => {
        const assistant = await findAssistant(platform, request.params);
        const yaml = serialiseAssistantFile({
          assistant: { server: assistant.serverName, language: assistant.language, name: assistant.name },
          settings: {
            accuracyThreshold: assistant.settings.accuracyThreshold,
            ...(assistant.settings.actionEndpointUrl === undefined ? {} : { actionEndpointUrl: assistant.settings.actionEndpointUrl }),
          },
          content: await platform.store.content.load(assistant.id),
          apis: await platform.store.thirdPartyApis.list(assistant.id),
        });
        return reply
          .type('application/yaml; charset=utf-8')
          .header('content-disposition', contentDisposition(`${assistant.serverName}-${assistant.language}.yaml`))
          .send(yaml);
      },
    );

    files.get<{ Params: { server: string; language: string } }>(
      `${base}/rasa-project.zip`,
      {
        schema: {
          summary: 'Export the assistant as a Rasa 3.x project (config.yml, domain.yml, data/nlu.yml, data/rules.yml, data/stories.yml), zipped',
          params: assistantParams,
          produces: ['application/zip'],
          response: { 200: { description: 'the zip', type: 'string', format: 'binary' }, ...errorResponses },
        },
      },
      async (request, reply) => {
        const assistant = await findAssistant(platform, request.params);
        const project = writeRasaProject(await platform.store.content.load(assistant.id), assistant.settings, assistant.language);
        return reply
          .type('application/zip')
          .header('content-disposition', contentDisposition(`${assistant.serverName}-${assistant.language}-rasa.zip`))
          .send(writeZip(project.files));
      },
    );

    files.post<{ Params: { server: string; language: string }; Querystring: { mode?: 'merge' | 'replace' } }>(
      `${base}/assistant.yaml`,
      {
        schema: {
          summary: 'Import an assistant file (Helper YAML, Rasa NLU data or an IBM Watson workspace JSON): validated first, every error located, nothing written on any error',
          params: assistantParams,
          querystring: {
            type: 'object',
            properties: { mode: { type: 'string', enum: ['merge', 'replace'], description: 'merge by name (default) or replace the whole content' } },
          },
          consumes: ['application/yaml', 'application/json', 'multipart/form-data'],
          body: { description: 'the YAML file or the Watson workspace JSON' },
          response: {
            200: {
              type: 'object',
              properties: {
                format: { type: 'string' },
                mode: { type: 'string' },
                counts: { type: 'object', additionalProperties: { type: 'integer' } },
                warnings: { type: 'array', items: { type: 'string' } },
                fileWarnings: { type: 'array', items: fileProblemSchema },
                report: { type: 'array', items: { type: 'string' }, description: 'from a Watson workspace or Rasa project: one line per item kept, renamed or skipped' },
                next: { type: 'string' },
              },
            },
            400: problemsSchema,
            '4xx': errorSchema,
            '5xx': errorSchema,
          },
        },
      },
      async (request) => {
        const assistant = await findAssistant(platform, request.params);
        // The bytes: importAssistant decodes them (and refuses a file that is not UTF-8).
        const text = (await uploadedFile(request)) ?? Buffer.alloc(0);
        if (text.toString('latin1').trim() === '') {
          throw invalidField('body', 'file_required', undefined, 'send the YAML file as the request body (Content-Type: application/yaml) or as the file of a multipart form');
        }
        const mode = request.query.mode ?? 'merge';
        const result = await importAssistant(platform.store, {
          text,
          fileName: 'assistant.yaml',
          target: { server: assistant.serverName, language: assistant.language },
          mode,
          readLimits: platform.config.fileImport,
          apis: platform.apis,
          actor: requester(request),
        });
        if (!result.ok) {
          throw new ProblemsError(
            `assistant.yaml was not imported (${result.errors.length} error${result.errors.length === 1 ? '' : 's'}); nothing was written: ${result.errors[0] ?? ''}`,
            result.errors,
            result.fileProblems,
            result.field,
          );
        }
        return { format: result.format, mode, counts: result.counts, warnings: result.warnings, fileWarnings: result.fileWarnings, ...(result.report ? { report: result.report } : {}), next: 'train the assistant to serve the imported content' };
      },
    );
  });
}
