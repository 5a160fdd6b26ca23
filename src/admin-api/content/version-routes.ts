// Histórico: the content versions of an assistant (src/store/versions) — every edit, delete,
// import and restore, with who, when and the items before and after — per assistant and per item,
// in keyset pages; one version with what changed since; restoring one item, or the whole
// assistant after a preview. Reading is for every role; restoring, like any change, for
// administrators (POST: ./auth/access.ts). The third-party APIs are items of the list `apis`:
// shown as the APIs routes show them (a secret's value never, sealed or not: `hasValue` only), and
// restored with the rest; a secret that cannot come back is named in the restore's `warnings`.
import type { FastifyInstance } from 'fastify';
import type { AssistantContent, Skill } from '../../assistant/content.js';
import { diffContent } from '../../assistant/content-changes.js';
import type { Platform } from '../../platform.js';
import type { ContentListName, ContentVersionItem, ContentVersionRecord } from '../../store/store.js';
import { diffApis } from '../../third-party-apis/api-changes.js';
import type { ThirdPartyApi } from '../../third-party-apis/api-definition.js';
import { apiView, type ApiService, type RestoreProblem } from '../../third-party-apis/api-service.js';
import { checkApis } from '../../third-party-apis/check-apis.js';
import { actorOf } from '../analytics/actor.js';
import { adminErrorOf } from '../apis/api-routes.js';
import { AdminApiError, assistantParams, errorResponses, findAssistant } from '../admin-scope.js';
import { LISTS, SINGULAR, assertValid, planChanges } from './content-edit-plan.js';

/** The most items of one version answered with their JSON (an import may change thousands). */
export const MAX_ITEMS_SHOWN = 500;
/** The most changed API items of one answer whose secrets are compared (`valueChanged`). */
const COMPARED_APIS = 50;

const summaryItem = {
  type: 'object',
  properties: { list: { type: 'string' }, change: { type: 'string', enum: ['added', 'changed', 'removed'] }, name: { type: 'string' }, previousName: { type: 'string' } },
  required: ['list', 'change', 'name'],
} as const;

const versionSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    createdAt: { type: 'string', format: 'date-time' },
    actor: { type: 'string', description: 'a console login, `operator` (the admin token), `cli` or `system`' },
    action: { type: 'string', enum: ['edit', 'delete', 'import', 'restore', 'save'] },
    items: { type: 'integer', description: 'how many items the version changed' },
    summary: { type: 'array', items: summaryItem, description: 'the first few of them' },
    importName: { type: 'string' },
    restoredVersion: { type: 'integer' },
  },
  required: ['id', 'createdAt', 'actor', 'action', 'items', 'summary'],
} as const;

const itemChangeSchema = {
  type: 'object',
  properties: { ...summaryItem.properties, before: { description: 'the item before (absent when added)' }, after: { description: 'the item after (absent when removed)' } },
  required: ['list', 'change', 'name'],
} as const;

const pageQuery = {
  type: 'object',
  properties: {
    limit: { type: 'string', pattern: '^[0-9]{1,3}$', description: 'how many (1 to 100, 30 by default)' },
    before: { type: 'string', pattern: '^[0-9]{1,9}$', description: 'the `next` of the previous page: versions older than this id' },
  },
} as const;

const changesSchema = { type: 'array', items: summaryItem } as const;

function versionView(version: ContentVersionRecord) {
  return {
    id: version.id,
    createdAt: new Date(version.createdAt * 1000).toISOString(),
    actor: version.actor,
    action: version.action,
    items: version.items,
    summary: version.summary,
    ...(version.details.importName === undefined ? {} : { importName: version.details.importName }),
    ...(version.details.restoredVersion === undefined ? {} : { restoredVersion: version.details.restoredVersion }),
  };
}

/**
 * An item as answered. An API's secrets stay sealed in the store and are never answered, to any
 * role; when a changed API's secret value changed (compared here, sealed values opened and never
 * answered), its place in `after` says `valueChanged: true` — else the change would look like none.
 */
function itemView(item: ContentVersionItem, apis: ApiService, assistantId: number, budget: { compares: number }) {
  let shown = (value: unknown) => value;
  if (item.list === 'apis') {
    // Comparing opens sealed values: at most COMPARED_APIS items an answer (an import may change hundreds).
    const compared = item.before !== undefined && item.after !== undefined && budget.compares-- > 0;
    const changed = compared ? apis.secretsChanged(assistantId, item.before as ThirdPartyApi, item.after as ThirdPartyApi) : new Set<string>();
    shown = (value: unknown) => {
      const view = apiView(value as ThirdPartyApi);
      if (value !== item.after || changed.size === 0) return view;
      return {
        ...view,
        headers: view.headers.map((header) => (changed.has(`headers:${header.name.toLowerCase()}`) ? { ...header, valueChanged: true } : header)),
        body: view.body.map((field) => (changed.has(`body:${field.name}`) ? { ...field, valueChanged: true } : field)),
      };
    };
  }
  return {
    list: item.list,
    change: item.change,
    name: item.name,
    ...(item.previousName === undefined ? {} : { previousName: item.previousName }),
    ...(item.before === undefined ? {} : { before: shown(item.before) }),
    ...(item.after === undefined ? {} : { after: shown(item.after) }),
  };
}

/** What differs from `from` to `to`: the content's items, then the third-party APIs. */
function stateChanges(from: { content: AssistantContent; apis: ThirdPartyApi[] }, to: { content: AssistantContent; apis: ThirdPartyApi[] }) {
  return [...diffContent(from.content, to.content), ...diffApis(from.apis, to.apis)];
}

const warningSchema = {
  type: 'object',
  properties: { code: { type: 'string' }, params: { type: 'object', additionalProperties: { type: ['string', 'number'] } }, message: { type: 'string' } },
  required: ['code', 'message'],
} as const;

type AssistantParams = { server: string; language: string };
type VersionParams = AssistantParams & { id: string };
type PageQuery = { limit?: string; before?: string };

/** The page asked for: at most 100 versions, older than `before` when given. */
function page(query: PageQuery): { limit: number; beforeId?: number } {
  const limit = Math.min(100, Math.max(1, Number(query.limit ?? 30)));
  return query.before === undefined ? { limit } : { limit, beforeId: Number(query.before) };
}
type ItemParams = AssistantParams & { name: string };

const versionParams = {
  type: 'object',
  properties: { ...assistantParams.properties, id: { type: 'string', pattern: '^[0-9]{1,9}$' } },
  required: ['server', 'language', 'id'],
} as const;

const itemParams = {
  type: 'object',
  properties: { ...assistantParams.properties, name: { type: 'string', minLength: 1, maxLength: 200 } },
  required: ['server', 'language', 'name'],
} as const;

async function contentAt(platform: Platform, assistantId: number, versionId: number): Promise<AssistantContent> {
  return platform.store.versions.contentAt(assistantId, versionId);
}

/** The content and the APIs as they are now. */
async function stateNow(platform: Platform, assistantId: number): Promise<{ content: AssistantContent; apis: ThirdPartyApi[] }> {
  const [content, apis] = await Promise.all([platform.store.content.load(assistantId), platform.store.thirdPartyApis.list(assistantId)]);
  return { content, apis };
}

export function registerVersionRoutes(scope: FastifyInstance, platform: Platform): void {
  const base = '/servers/:server/assistants/:language';
  const tags = ['content'];

  scope.get<{ Params: AssistantParams; Querystring: PageQuery }>(
    `${base}/versions`,
    {
      schema: {
        summary: "The assistant's content versions, newest first (keyset pages)",
        description: 'Every change of the content is one version: an edit or delete of an item (with what it cascaded to), an import, a restore. The newest versions only are kept (see src/store/README.md).',
        tags,
        params: assistantParams,
        querystring: pageQuery,
        response: { 200: { type: 'object', properties: { versions: { type: 'array', items: versionSchema }, next: { type: ['integer', 'null'] } }, required: ['versions', 'next'] }, ...errorResponses },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const { limit, ...before } = page(request.query);
      const versions = await platform.store.versions.list(assistant.id, { limit, ...before });
      return { versions: versions.map(versionView), next: versions.length === limit ? (versions.at(-1)?.id ?? null) : null };
    },
  );

  scope.get<{ Params: VersionParams }>(
    `${base}/versions/:id`,
    {
      schema: {
        summary: 'One version: the items it changed, before and after, and what changed in the content since',
        tags,
        params: versionParams,
        response: {
          200: {
            type: 'object',
            properties: {
              version: versionSchema,
              changes: { type: 'array', items: itemChangeSchema, description: `the items it changed (the first ${MAX_ITEMS_SHOWN})` },
              changedSince: { ...changesSchema, description: 'what differs between the content right after this version and now (what restoring it would undo)' },
            },
            required: ['version', 'changes', 'changedSince'],
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const found = await platform.store.versions.get(assistant.id, Number(request.params.id));
      if (found === undefined) throw new AdminApiError(404, 'not_found', `version ${Number(request.params.id)} does not exist (or is no longer kept)`);
      const [then, now] = await Promise.all([platform.store.versions.stateAt(assistant.id, Number(request.params.id)), stateNow(platform, assistant.id)]);
      return { version: versionView(found.version), changes: found.items.slice(0, MAX_ITEMS_SHOWN).map((item) => itemView(item, platform.apis, assistant.id, { compares: COMPARED_APIS })), changedSince: stateChanges(then, now) };
    },
  );

  scope.get<{ Params: VersionParams }>(
    `${base}/versions/:id/restore-preview`,
    {
      schema: {
        summary: 'What restoring the whole assistant to this version would add, change and remove, without changing anything',
        tags,
        params: versionParams,
        response: { 200: { type: 'object', properties: { changes: changesSchema }, required: ['changes'] }, ...errorResponses },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const [then, now] = await Promise.all([platform.store.versions.stateAt(assistant.id, Number(request.params.id)), stateNow(platform, assistant.id)]);
      return { changes: stateChanges(now, then) };
    },
  );

  scope.post<{ Params: VersionParams }>(
    `${base}/versions/:id/restore`,
    {
      schema: {
        summary: 'Restore the whole content and the third-party APIs to what they were right after this version (recorded as a new version); train to serve it',
        description:
          "`warnings`: an API secret that could not come back (`secret_not_restored`: the API is restored without it; give it again), a custom skill whose API the assistant does not have (`custom_skill_unknown_api`, e.g. a version older than the APIs' history).",
        tags,
        params: versionParams,
        response: {
          200: { type: 'object', properties: { version: { anyOf: [versionSchema, { type: 'null' }] }, changes: changesSchema, warnings: { type: 'array', items: warningSchema } }, required: ['version', 'changes', 'warnings'] },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const problems: RestoreProblem[] = [];
      const version = await platform.store.versions.restore(assistant.id, Number(request.params.id), actorOf(request), {
        apis: (restored, current) => {
          const checked = platform.apis.restoredApis(assistant.id, restored, current);
          problems.push(...checked.problems);
          return checked.apis;
        },
      });
      const now = await stateNow(platform, assistant.id);
      // The APIs as restored against the content as restored: a context one maps into may be gone
      // (a version older than the APIs' history), an API it depends on; a secret not restored is
      // named once. Until fixed, saving any API names the same problem.
      const notRestored = new Set(problems.map((problem) => `${problem.api}\u0000${problem.field}`));
      const invalid = checkApis(now.apis, new Set(now.content.contexts.map((context) => context.name))).filter(
        (problem) => !(problem.code === 'secret_needs_value' && notRestored.has(`${problem.api}\u0000${problem.field}`)),
      );
      const warnings = [
        ...problems.map(({ code, params, message }) => ({ code, params, message })),
        ...invalid.map(({ api, field, code, params, message }) => ({ code, params: { ...params, api, field }, message: `API "${api}" (${field}): ${message}` })),
        ...unknownApiWarnings(now.content.skills, now.apis),
      ];
      return { version: version === undefined ? null : versionView(version), changes: version?.summary ?? [], warnings };
    },
  );

  for (const list of LISTS) registerItemRoutes(scope, platform, list);
  registerItemRoutes(scope, platform, 'apis');
}

/** One list's item routes (`/intents/:name/versions`…, `/apis/:name/versions`), beside the list's own routes. */
function registerItemRoutes(scope: FastifyInstance, platform: Platform, list: ContentListName | 'apis'): void {
  const base = `/servers/:server/assistants/:language/${list}/:name`;
  const tags = ['content'];

  scope.get<{ Params: ItemParams; Querystring: PageQuery }>(
    `${base}/versions`,
    {
      schema: {
        summary: "One item's versions, newest first (also those under a name it was renamed from), each with the item before and after",
        tags,
        params: itemParams,
        querystring: pageQuery,
        response: {
          200: {
            type: 'object',
            properties: { versions: { type: 'array', items: { type: 'object', properties: { ...versionSchema.properties, item: itemChangeSchema } } }, next: { type: ['integer', 'null'] } },
            required: ['versions', 'next'],
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const { name } = request.params;
      const { limit, ...before } = page(request.query);
      const versions = await platform.store.versions.listItem(assistant.id, list, name, { limit, ...before });
      const budget = { compares: COMPARED_APIS };
      return { versions: versions.map((version) => ({ ...versionView(version), item: itemView(version.item, platform.apis, assistant.id, budget) })), next: versions.length === limit ? (versions.at(-1)?.id ?? null) : null };
    },
  );

  scope.post<{ Params: ItemParams & { id: string } }>(
    `${base}/versions/:id/restore`,
    {
      schema: {
        summary: 'Restore one item as it was right after this version (under the name it had then); the rest of the content stays',
        tags,
        params: { ...itemParams, properties: { ...itemParams.properties, id: versionParams.properties.id }, required: [...itemParams.required, 'id'] },
        ...(list === 'apis'
          ? { description: '409 `secret_not_restored` when a secret of the API no longer opens (the secret key changed): nothing is restored; edit the API and give the secret.' }
          : list === 'skills'
            ? { description: '`warnings`: `custom_skill_unknown_api` when the restored skill is a custom one whose API the assistant no longer has (it would fail when it runs): add the API or edit the skill.' }
            : {}),
        response: { 200: { type: 'object', properties: { version: { anyOf: [versionSchema, { type: 'null' }] }, warnings: { type: 'array', items: warningSchema } }, required: ['version', 'warnings'] }, ...errorResponses },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const { name } = request.params;
      const id = Number(request.params.id);
      if (list === 'apis') return restoreApi(platform, assistant.id, name, id, actorOf(request));
      const then = await contentAt(platform, assistant.id, id);
      const item = (then[list] as Array<{ name: string }>).find((candidate) => candidate.name === name);
      if (item === undefined) throw new AdminApiError(404, 'not_found', `${SINGULAR[list]} "${name}" did not exist right after version ${id}`);
      await platform.store.content.edit(
        assistant.id,
        (current) => {
          const draft = structuredClone(current);
          const items = draft[list] as Array<{ name: string }>;
          const index = items.findIndex((candidate) => candidate.name === name);
          if (index === -1) items.push(structuredClone(item));
          else items[index] = structuredClone(item);
          const changes = planChanges(current, draft, []);
          assertValid(current, draft, { list, name }, changes);
          return { changes, result: undefined };
        },
        { actor: actorOf(request), action: 'restore', details: { restoredVersion: id } },
      );
      const [latest] = await platform.store.versions.list(assistant.id, { limit: 1 });
      // A custom skill restored from before its API was deleted or renamed would fail when it runs.
      const warnings = list === 'skills' ? unknownApiWarnings([item as Skill], await platform.store.thirdPartyApis.list(assistant.id)) : [];
      return { version: latest !== undefined && latest.action === 'restore' && latest.details.restoredVersion === id ? versionView(latest) : null, warnings };
    },
  );
}

/** A warning for each custom skill whose API the assistant does not have (`custom_skill_unknown_api`). */
function unknownApiWarnings(skills: readonly Skill[], apis: ReadonlyArray<{ name: string }>) {
  const names = new Set(apis.map((api) => api.name));
  return skills
    .filter((skill) => skill.kind === 'custom' && skill.custom !== undefined && skill.custom.api !== '' && !names.has(skill.custom.api))
    .map((skill) => ({
      code: 'custom_skill_unknown_api',
      params: { skill: skill.name, api: skill.custom?.api ?? '' },
      message: `custom skill "${skill.name}" runs the API "${skill.custom?.api ?? ''}", which this assistant does not have`,
    }));
}

/** Restores one third-party API as it was right after version `id` (its secrets as `restoredApis` allows); the rest stays. */
async function restoreApi(platform: Platform, assistantId: number, name: string, id: number, actor: string) {
  const then = await platform.store.versions.stateAt(assistantId, id);
  const api = then.apis.find((candidate) => candidate.name === name);
  if (api === undefined) throw new AdminApiError(404, 'not_found', `API "${name}" did not exist right after version ${id}`);
  const [previous] = await platform.store.versions.list(assistantId, { limit: 1 });
  try {
    await platform.apis.restoreOne(assistantId, api, { actor, action: 'restore', details: { restoredVersion: id } });
  } catch (error: unknown) {
    throw adminErrorOf(error, name);
  }
  const [latest] = await platform.store.versions.list(assistantId, { limit: 1 });
  const recorded = latest !== undefined && latest.id !== previous?.id && latest.action === 'restore' && latest.actor === actor && latest.details.restoredVersion === id;
  // A restore that changed nothing records no version.
  return { version: recorded ? versionView(latest) : null, warnings: [] };
}
