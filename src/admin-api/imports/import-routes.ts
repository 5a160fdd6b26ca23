// Configurações → Migrações: import a file (our YAML, Rasa NLU data, an IBM Watson workspace JSON)
// or a Rasa project (zip) — first a preview of what it adds, changes, removes and skips, then the
// import itself (content and history in one transaction) — and the "Histórico de importações"
// with each import's report to download.
import multipart from '@fastify/multipart';
import { applyFileSettings } from '../../actions/action-endpoint.js';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { MAX_ASSISTANT_FILE_BYTES } from '../../assistant/file/file-limits.js';
import { wholeFileProblem, type FileProblem } from '../../assistant/file/format-file-errors.js';
import type { Platform } from '../../platform.js';
import type { AssistantRecord, ImportRecord, ImportSource } from '../../store/store.js';
import { AdminApiError, assistantParams, errorResponses, errorSchema, findAssistant, sendError, invalidField } from '../admin-scope.js';
import { readProjectZip } from '../files/read-project-zip.js';
import { FileReadersBusyError } from '../files/read-in-worker.js';
import { apiProblemsPlan, planImport, type ImportInput } from './plan-import.js';
import { ApiProblems } from '../../third-party-apis/api-service.js';
import type { ThirdPartyApi } from '../../third-party-apis/api-definition.js';
import type { AssistantContent } from '../../assistant/content.js';

const TEXT_TYPES = ['application/json', 'application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];
const BINARY_TYPES = ['application/zip', 'application/x-zip-compressed', 'application/octet-stream'];
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** A refused import: `problems` as English lines (`file:line:column place: message`), `fileProblems` the same with codes. */
export class ImportProblemsError extends Error {
  constructor(
    message: string,
    readonly problems: string[],
    readonly fileProblems: FileProblem[],
  ) {
    super(message);
  }
}

const stringList = { type: 'array', items: { type: 'string' } } as const;
const counts = { type: 'object', additionalProperties: { type: 'integer' } } as const;
/** A file's problem at its place with a code (src/assistant/file/format-file-errors.ts); `message` is the English line. */
export const fileProblemSchema = {
  type: 'object',
  properties: {
    file: { type: 'string' },
    line: { type: 'integer' },
    column: { type: 'integer' },
    place: { type: 'string' },
    code: { type: 'string' },
    params: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
    message: { type: 'string' },
  },
} as const;
const fileProblemList = { type: 'array', items: fileProblemSchema } as const;
const reportParams = { type: 'object', additionalProperties: { type: ['string', 'number'] } } as const;

export const importRecordSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    source: { type: 'string', enum: ['upload', 'cli', 'watson-api'] },
    format: { type: ['string', 'null'] },
    mode: { type: 'string', enum: ['merge', 'replace'] },
    status: { type: 'string', enum: ['imported', 'failed'] },
    requestedBy: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    summary: counts,
    reportLines: { type: 'integer' },
    errors: stringList,
  },
  required: ['id', 'name', 'source', 'mode', 'status', 'createdAt', 'summary', 'reportLines'],
} as const;

export const planSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    format: { type: 'string' },
    mode: { type: 'string' },
    summary: counts,
    changes: { type: 'array', items: { type: 'object', properties: { list: { type: 'string' }, change: { type: 'string' }, name: { type: 'string' } } } },
    report: stringList,
    // The same lines with codes (src/assistant/other-platforms/import-report.ts REPORT_ITEMS, REPORT_CODES)
    reportEntries: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          outcome: { type: 'string', enum: ['kept', 'renamed', 'skipped'] },
          item: { type: 'string' },
          itemCode: { type: 'string' },
          itemParams: reportParams,
          detail: { type: 'string' },
          code: { type: 'string' },
          params: reportParams,
        },
        required: ['outcome', 'item', 'itemCode', 'detail', 'code'],
      },
    },
    warnings: stringList,
    fileWarnings: fileProblemList,
    // The assistant's settings the import changes, by name (actionEndpointUrl, accuracyThreshold…), never their values
    settingsChanged: stringList,
    import: importRecordSchema,
    next: { type: 'string' },
  },
} as const;

export const problemsSchema = {
  type: 'object',
  properties: {
    error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, problems: stringList, fileProblems: fileProblemList, importId: { type: 'integer' } }, required: ['code', 'message'] },
  },
  required: ['error'],
} as const;

export function importView(record: ImportRecord) {
  return {
    id: record.id,
    name: record.name,
    source: record.source,
    format: record.format,
    mode: record.mode,
    status: record.status,
    requestedBy: record.requestedBy,
    createdAt: new Date(record.createdAt * 1000).toISOString(),
    summary: record.summary,
    reportLines: record.report.length,
    errors: record.errors,
  };
}

/** The history's report as a text file: what came in, then one line per item kept, renamed or skipped. */
function reportText(record: ImportRecord): string {
  const summary = Object.entries(record.summary).map(([key, count]) => `${key}: ${count}`);
  return [
    `${record.name} (${record.format ?? 'unread'}, ${record.source}, ${record.mode}) — ${record.status} ${new Date(record.createdAt * 1000).toISOString()} by ${record.requestedBy}`,
    ...(summary.length > 0 ? ['', ...summary] : []),
    ...(record.errors.length > 0 ? ['', 'errors:', ...record.errors] : []),
    ...(record.report.length > 0 ? ['', 'report:', ...record.report] : []),
    '',
  ].join('\n');
}

export function requester(request: FastifyRequest): string {
  return request.principal?.kind === 'user' ? request.principal.login : 'operator';
}

/** Writes a plan (content and history in one transaction), or records why it failed; both return the record. */
export async function runImport(platform: Platform, assistant: AssistantRecord, input: ImportInput, source: ImportSource, requestedBy: string) {
  const plan = await planImport(platform, assistant, input);
  const base = { assistantId: assistant.id, name: input.name, source, mode: input.mode, requestedBy };
  if (!plan.ok) {
    const record = await platform.store.imports.recordFailure({ ...base, format: plan.format ?? null, errors: plan.errors });
    return { plan, record };
  }
  // The file's APIs are checked again where they are written, against the APIs and contexts then.
  const fileApis = plan.file.apis;
  const apis = fileApis === undefined ? {} : { apis: (current: ThirdPartyApi[], content: AssistantContent) => platform.apis.importedList(assistant.id, current, fileApis, input.mode, new Set(content.contexts.map((context) => context.name))) };
  let record: ImportRecord;
  try {
    record = await platform.store.imports.apply(plan.content, { ...base, format: plan.file.format, summary: plan.summary, report: plan.report }, apis);
  } catch (error: unknown) {
    if (!(error instanceof ApiProblems)) throw error;
    const refused = apiProblemsPlan(plan.file, error.problems, input.name);
    return { plan: refused, record: await platform.store.imports.recordFailure({ ...base, format: refused.format ?? null, errors: refused.errors }) };
  }
  if (plan.file.settings && Object.keys(plan.file.settings).length > 0) await applyFileSettings(platform.store, assistant, plan.file.settings, input.mode);
  return { plan, record };
}

export function planView(name: string, mode: string, plan: Extract<Awaited<ReturnType<typeof planImport>>, { ok: true }>) {
  return { name, format: plan.file.format, mode, summary: plan.summary, changes: plan.changes, report: plan.report, reportEntries: plan.reportEntries, warnings: plan.warnings, fileWarnings: plan.fileWarnings, settingsChanged: plan.settingsChanged };
}

/** The upload as an import: a zip is a Rasa project, anything else one file. */
async function uploadedImport(request: FastifyRequest<{ Querystring: { mode?: 'merge' | 'replace'; name?: string } }>): Promise<ImportInput> {
  let bytes: Buffer | undefined;
  let fileName: string | undefined;
  if (request.isMultipart()) {
    const part = await request.file();
    bytes = part ? await part.toBuffer() : undefined;
    fileName = part?.filename;
  } else if (Buffer.isBuffer(request.body)) bytes = request.body;
  if (bytes === undefined || bytes.length === 0) {
    throw invalidField('body', 'file_required', undefined, 'send the file as the request body (a Watson workspace .json, an assistant .yaml, a Rasa project .zip) or as the file of a multipart form');
  }
  const name = (request.query.name ?? fileName ?? 'upload').slice(0, 200);
  const mode = request.query.mode ?? 'replace';
  if (bytes.subarray(0, 4).equals(ZIP_MAGIC)) {
    const project = await readProjectZip(bytes);
    if (!project.ok) throw new ImportProblemsError(`${name} was not imported; nothing was changed: ${project.problem}`, [project.problem], [wholeFileProblem(name, project.problem, project.code ?? 'file_problem', project.params)]);
    return { name, text: '', projectFiles: project.files, mode };
  }
  return { name, text: bytes, mode };
}

const uploadQuery = {
  type: 'object',
  properties: {
    mode: { type: 'string', enum: ['merge', 'replace'], default: 'replace', description: 'replace the whole content (default) or merge by name' },
    name: { type: 'string', maxLength: 200, description: 'the name in the history (default: the uploaded file name)' },
  },
} as const;

export async function registerImportRoutes(scope: FastifyInstance, platform: Platform): Promise<void> {
  await scope.register(async (imports) => {
    await imports.register(multipart, { limits: { fileSize: MAX_ASSISTANT_FILE_BYTES, files: 1 } });
    imports.addContentTypeParser([...TEXT_TYPES, ...BINARY_TYPES], { parseAs: 'buffer', bodyLimit: MAX_ASSISTANT_FILE_BYTES }, (_request, body, done) => done(null, body));
    imports.setErrorHandler((error: FastifyError & { importId?: number }, _request, reply) => {
      if (error instanceof ImportProblemsError) {
        return reply.code(400).send({ error: { code: 'invalid', message: error.message, problems: error.problems, fileProblems: error.fileProblems, ...(error.importId ? { importId: error.importId } : {}) } });
      }
      if (error instanceof FileReadersBusyError) return sendError(reply, 429, 'busy', error.message);
      if (error.statusCode === 413) return sendError(reply, 413, 'too_large', `the file is larger than ${MAX_ASSISTANT_FILE_BYTES / (1024 * 1024)} MB, the most an upload may have`, 'body');
      throw error;
    });
    const base = '/servers/:server/assistants/:language/imports';
    type Upload = { Params: { server: string; language: string }; Querystring: { mode?: 'merge' | 'replace'; name?: string } };
    const uploadSchema = (summary: string) => ({
      summary,
      params: assistantParams,
      querystring: uploadQuery,
      consumes: ['application/json', 'application/yaml', 'application/zip', 'multipart/form-data'],
      body: { description: 'the file: a Watson workspace (.json), an assistant file or Rasa NLU data (.yaml), a Rasa project (.zip)' },
      response: { 200: planSchema, 400: problemsSchema, '4xx': errorSchema, '5xx': errorSchema },
    });

    imports.post<Upload>(
      `${base}/preview`,
      { schema: uploadSchema('What importing this file or project would add, change, remove and skip, without changing anything') },
      async (request) => {
        const assistant = await findAssistant(platform, request.params);
        const input = await uploadedImport(request);
        const plan = await planImport(platform, assistant, input);
        if (!plan.ok) throw new ImportProblemsError(`${input.name} cannot be imported (${plan.errors.length} error${plan.errors.length === 1 ? '' : 's'}): ${plan.errors[0] ?? ''}`, plan.errors, plan.fileProblems);
        return planView(input.name, input.mode, plan);
      },
    );

    imports.post<Upload>(
      base,
      { schema: uploadSchema('Import the file or project: the content and the history record in one transaction; a failure is recorded too, and nothing else changes') },
      async (request) => {
        const assistant = await findAssistant(platform, request.params);
        const input = await uploadedImport(request);
        const { plan, record } = await runImport(platform, assistant, input, 'upload', requester(request));
        if (!plan.ok) {
          const error = new ImportProblemsError(`${input.name} was not imported (${plan.errors.length} error${plan.errors.length === 1 ? '' : 's'}); nothing was changed: ${plan.errors[0] ?? ''}`, plan.errors, plan.fileProblems);
          throw Object.assign(error, { importId: record.id });
        }
        return { ...planView(input.name, input.mode, plan), import: importView(record), next: 'train the assistant to serve the imported content' };
      },
    );

    imports.get<{ Params: { server: string; language: string } }>(
      base,
      {
        schema: {
          summary: 'The history of imports (Histórico de importações), newest first',
          params: assistantParams,
          response: { 200: { type: 'object', properties: { imports: { type: 'array', items: importRecordSchema } } }, ...errorResponses },
        },
      },
      async (request) => {
        const assistant = await findAssistant(platform, request.params);
        return { imports: (await platform.store.imports.list(assistant.id)).map(importView) };
      },
    );

    imports.get<{ Params: { server: string; language: string; id: string } }>(
      `${base}/:id/report.txt`,
      {
        schema: {
          summary: "An import's report as a text file: its summary, errors, and one line per item kept, renamed or skipped",
          // A path value is text; ids are checked as digits, at most 9 (the id columns are 32-bit).
          params: { ...assistantParams, properties: { ...assistantParams.properties, id: { type: 'string', pattern: '^[1-9][0-9]{0,8}$' } }, required: [...assistantParams.required, 'id'] },
          produces: ['text/plain'],
          response: { 200: { type: 'string' }, ...errorResponses },
        },
      },
      async (request, reply) => {
        const assistant = await findAssistant(platform, request.params);
        const record = await platform.store.imports.get(Number(request.params.id));
        if (!record || record.assistantId !== assistant.id) throw new AdminApiError(404, 'not_found', `import ${request.params.id} does not exist for this assistant`);
        return reply
          .type('text/plain; charset=utf-8')
          .header('content-disposition', `attachment; filename="import-${record.id}-report.txt"`)
          .send(reportText(record));
      },
    );
  });
}
