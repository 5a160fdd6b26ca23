// Configurações › Migrações › IBM Watson, as Helper's own screen does it: the API key, URL and
// version (the key sealed in the store, write-only), the instance's workspaces to pick from, then
// the picked workspace's preview and import — the same plan and history as an uploaded file.
import type { FastifyInstance } from 'fastify';
import { originOf } from '../../outbound/origin.js';
import type { Platform } from '../../platform.js';
import type { AssistantRecord } from '../../store/store.js';
import { AdminApiError, assistantParams, errorResponses, findAssistant, invalidField } from '../admin-scope.js';
import { importView, planSchema, planView, requester, runImport } from './import-routes.js';
import { outboundUrlProblem } from './outbound-address.js';
import { planImport } from './plan-import.js';
import { WatsonApiError, exportWatsonWorkspace, listWatsonWorkspaces, type WatsonCredentials } from './watson-api.js';

/** The sealed JSON {apiKey, url, version} of the assistant's Watson connection. */
const WATSON_SECRET = 'watson.migration';

const connectionBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    url: { type: 'string', minLength: 8, maxLength: 500, description: "the instance's URL (https://api.….assistant.watson.cloud.ibm.com/instances/…)" },
    version: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'the API version date, e.g. 2021-06-14' },
    apiKey: { type: 'string', minLength: 1, maxLength: 500, description: 'the IBM Cloud API key (write-only; kept sealed)' },
  },
} as const;

const workspaceBody = {
  type: 'object',
  additionalProperties: false,
  required: ['workspaceId'],
  properties: {
    workspaceId: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9-]+$' },
    mode: { type: 'string', enum: ['merge', 'replace'], default: 'replace' },
  },
} as const;

async function storedConnection(platform: Platform, assistant: AssistantRecord): Promise<Partial<WatsonCredentials>> {
  const sealed = await platform.store.secrets.get(assistant.id, WATSON_SECRET);
  if (sealed === undefined) return {};
  return JSON.parse(platform.secrets.decrypt(sealed, { assistantId: assistant.id, name: WATSON_SECRET })) as Partial<WatsonCredentials>;
}

/** The stored connection with what the request changes, saved when it changed; refused when incomplete or pointing inside. */
async function connection(platform: Platform, assistant: AssistantRecord, given: Partial<WatsonCredentials>): Promise<WatsonCredentials> {
  const stored = await storedConnection(platform, assistant);
  const merged = { ...stored, ...Object.fromEntries(Object.entries(given).map(([key, value]) => [key, typeof value === 'string' ? value.trim() : value])) };
  for (const [field, what] of [['apiKey', 'the API key'], ['url', "the instance's URL"], ['version', 'the API version']] as const) {
    if (!merged[field]) throw invalidField(field, 'required', undefined, `${what} is missing: give it once, it is kept for this assistant`);
  }
  const credentials = merged as WatsonCredentials;
  // The key goes to the address it was given for: a URL of another origin needs it given again.
  if (given.apiKey === undefined && stored.apiKey !== undefined && given.url !== undefined && originOf(given.url.trim()) !== originOf(stored.url ?? '')) {
    throw invalidField('apiKey', 'secret_for_other_address', undefined, 'the API key was given for another address: give it again for this URL');
  }
  const problem = await outboundUrlProblem(credentials.url, platform.config.outboundAllow);
  if (problem) throw invalidField('url', 'not_url', undefined, problem);
  if (Object.keys(given).length > 0) {
    await platform.store.secrets.set(assistant.id, WATSON_SECRET, platform.secrets.encrypt(JSON.stringify(credentials), { assistantId: assistant.id, name: WATSON_SECRET }));
  }
  return credentials;
}

function watsonFailure(error: unknown): never {
  if (error instanceof WatsonApiError) throw new AdminApiError(502, error.code, error.message, undefined, error.params ? { params: error.params } : undefined);
  throw error;
}

export async function registerWatsonImportRoutes(scope: FastifyInstance, platform: Platform): Promise<void> {
  const base = '/servers/:server/assistants/:language/imports/watson';
  type Params = { server: string; language: string };

  scope.get<{ Params: Params }>(
    `${base}/connection`,
    {
      schema: {
        summary: "The assistant's Watson connection: URL and version, and whether an API key is set (never the key)",
        params: assistantParams,
        response: { 200: { type: 'object', properties: { url: { type: ['string', 'null'] }, version: { type: ['string', 'null'] }, apiKeyStatus: { type: 'string', enum: ['set', 'not set'] } } }, ...errorResponses },
      },
    },
    async (request) => {
      const stored = await storedConnection(platform, await findAssistant(platform, request.params));
      return { url: stored.url ?? null, version: stored.version ?? null, apiKeyStatus: stored.apiKey ? 'set' : 'not set' };
    },
  );

  scope.post<{ Params: Params; Body: Partial<WatsonCredentials> }>(
    `${base}/workspaces`,
    {
      schema: {
        summary: "Save the Watson connection (the fields given) and list the instance's workspaces",
        params: assistantParams,
        body: connectionBody,
        response: {
          200: {
            type: 'object',
            properties: {
              workspaces: {
                type: 'array',
                items: { type: 'object', properties: { workspaceId: { type: 'string' }, name: { type: 'string' }, language: { type: 'string' }, description: { type: 'string' }, updated: { type: 'string' } } },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const credentials = await connection(platform, await findAssistant(platform, request.params), request.body ?? {});
      return { workspaces: await listWatsonWorkspaces(platform.outbound, credentials).catch(watsonFailure) };
    },
  );

  const fetchWorkspace = async (assistant: AssistantRecord, workspaceId: string) => {
    const credentials = await connection(platform, assistant, {});
    const text = await exportWatsonWorkspace(platform.outbound, credentials, workspaceId).catch(watsonFailure);
    const name = (JSON.parse(text) as { name?: unknown }).name;
    return { text, name: `${typeof name === 'string' ? name : 'workspace'} (${workspaceId})` };
  };

  scope.post<{ Params: Params; Body: { workspaceId: string; mode?: 'merge' | 'replace' } }>(
    `${base}/preview`,
    { schema: { summary: 'What importing this Watson workspace would add, change, remove and skip, without changing anything', params: assistantParams, body: workspaceBody, response: { 200: planSchema, ...errorResponses } } },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const mode = request.body.mode ?? 'replace';
      const workspace = await fetchWorkspace(assistant, request.body.workspaceId);
      const plan = await planImport(platform, assistant, { ...workspace, mode });
      if (!plan.ok) throw new AdminApiError(400, 'invalid', `${workspace.name} cannot be imported: ${plan.errors[0] ?? ''}`, undefined, { problems: plan.fileProblems.map((found) => ({ field: 'workspaceId', code: found.code, ...(found.params ? { params: found.params } : {}), message: found.message })) });
      return planView(workspace.name, mode, plan);
    },
  );

  scope.post<{ Params: Params; Body: { workspaceId: string; mode?: 'merge' | 'replace' } }>(
    base,
    { schema: { summary: 'Import this Watson workspace: content and history record in one transaction', params: assistantParams, body: workspaceBody, response: { 200: planSchema, ...errorResponses } } },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const mode = request.body.mode ?? 'replace';
      const workspace = await fetchWorkspace(assistant, request.body.workspaceId);
      const { plan, record } = await runImport(platform, assistant, { ...workspace, mode }, 'watson-api', requester(request));
      if (!plan.ok) throw new AdminApiError(400, 'invalid', `${workspace.name} was not imported (import ${record.id} in the history): ${plan.errors[0] ?? ''}`);
      return { ...planView(workspace.name, mode, plan), import: importView(record), next: 'train the assistant to serve the imported content' };
    },
  );
}
