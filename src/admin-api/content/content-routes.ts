// Admin routes for an assistant's content, one set per list (themes, intents, contexts, skills,
// dialogues): list with search, get one, create, replace (PUT) or change (PATCH) — renaming an
// item renames it wherever it is named — and delete, refused with 409 `in_use` while something
// uses the item unless `?force=true`. Each write is one store transaction that sees the content
// as it is (src/store ContentStore.edit): on any problem nothing is written.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { checkFlows, type FlowCheckOptions, type FlowWarning } from '../../assistant/check-flows.js';
import type { AssistantContent } from '../../assistant/content.js';
import type { Platform } from '../../platform.js';
import type { AssistantRecord, ContentListName } from '../../store/store.js';
import { actorOf } from '../analytics/actor.js';
import { AdminApiError, assistantParams, errorResponses, findAssistant } from '../admin-scope.js';
import { itemFromBody, patchedBody, type Body, type Item } from './content-bodies.js';
import { LISTS, SINGULAR, assertValid, planChanges, type Rename } from './content-edit-plan.js';
import { deleteItem, findUsages, renameReferences } from './content-references.js';
import { bodySchema, deletePreviewSchema, deleteResultSchema, itemSchema, patchSchema } from './content-schemas.js';
import { itemEtag, itemView, matchesSearch, phraseIndex } from './content-views.js';

interface AssistantParams {
  server: string;
  language: string;
}
type ItemParams = AssistantParams & { name: string };

const itemParams = {
  type: 'object',
  properties: { ...assistantParams.properties, name: { type: 'string', maxLength: 200, description: 'the item name (URL-encoded)' } },
  required: ['server', 'language', 'name'],
} as const;

function items(content: AssistantContent, list: ContentListName): Item[] {
  return content[list];
}

function find(content: AssistantContent, list: ContentListName, name: string): Item {
  const item = items(content, list).find((candidate) => candidate.name === name);
  if (item === undefined) throw new AdminApiError(404, 'not_found', `${SINGULAR[list]} "${name}" does not exist`);
  return item;
}

/**
 * How the flow checks read button values: with the model that serves now (the NLU at the
 * assistant's threshold), or from the intents' phrases before a first training.
 */
async function flowOptions(platform: Platform, assistant: AssistantRecord): Promise<FlowCheckOptions> {
  const interpreter = (await platform.registry.get(assistant.id))?.model?.interpreter;
  const threshold = assistant.settings.accuracyThreshold;
  return {
    language: assistant.language,
    ...(interpreter === undefined
      ? {}
      : {
          understand: (text: string) => {
            const parsed = interpreter.parse(text, threshold);
            return { intent: parsed.intent.name, confidence: parsed.intent.confidence };
          },
        }),
  };
}

function flowWarnings(content: AssistantContent, options: FlowCheckOptions): FlowWarning[] {
  return checkFlows(structuredClone(content), options);
}

/** With If-Match, a change applies only to the version the client read (another admin may have saved since). */
function assertUnchanged(list: ContentListName, item: Item, ifMatch: string | undefined): void {
  if (ifMatch === undefined || ifMatch.trim() === '*') return;
  const tags = ifMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  if (!tags.includes(itemEtag(item))) {
    throw new AdminApiError(412, 'changed', `${SINGULAR[list]} "${item.name}" was changed by someone else since you read it; load it again and redo your change`);
  }
}

const ifMatchHeader = {
  type: 'object',
  properties: { 'if-match': { type: 'string', description: 'the ETag of the item as read: the change applies only if nobody changed it since (412 otherwise)' } },
} as const;

/**
 * Writes `item` in place of `previous` (or appends it), renaming references when its name
 * changed; answers the item as stored.
 */
async function writeItem(
  platform: Platform,
  request: FastifyRequest<{ Params: AssistantParams }>,
  list: ContentListName,
  previous: string | undefined,
  build: (current: AssistantContent) => Item,
  ifMatch?: string,
): Promise<{ view: Record<string, unknown>; etag: string }> {
  const assistant = await findAssistant(platform, request.params);
  const options = await flowOptions(platform, assistant);
  return platform.store.content.edit(
    assistant.id,
    (current) => {
    if (previous !== undefined) assertUnchanged(list, find(current, list, previous), ifMatch);
    const draft = structuredClone(current);
    const item = build(current);
    const renames: Rename[] = [];
    const listItems = items(draft, list);
    if (previous === undefined) {
      listItems.push(item);
    } else {
      const index = listItems.findIndex((candidate) => candidate.name === previous);
      if (index === -1) throw new AdminApiError(404, 'not_found', `${SINGULAR[list]} "${previous}" does not exist`);
      if (item.name !== previous) {
        renameReferences(draft, list, previous, item.name);
        renames.push({ list, from: previous, to: item.name });
      }
      listItems[index] = item;
    }
    const changes = planChanges(current, draft, renames);
    assertValid(current, draft, { list, name: item.name }, changes);
    return { changes, result: { view: itemView(list, item, draft, flowWarnings(draft, options)), etag: itemEtag(item) } };
    },
    { actor: actorOf(request), action: 'edit' },
  );
}

function registerList(scope: FastifyInstance, platform: Platform, list: ContentListName): void {
  const base = `/servers/:server/assistants/:language/${list}`;
  const what = SINGULAR[list];
  const tags = ['content'];

  scope.get<{ Params: AssistantParams; Querystring: { q?: string; theme?: string } }>(
    base,
    {
      schema: {
        summary: `List the ${list}`,
        tags,
        params: assistantParams,
        querystring: {
          type: 'object',
          properties: {
            q: { type: 'string', maxLength: 200, description: list === 'intents' ? 'search in names and phrases (no case, no accents)' : 'search in names (no case, no accents)' },
            theme: { type: 'string', maxLength: 200, description: 'only the items of this theme' },
          },
        },
        response: { 200: { type: 'array', items: itemSchema(list) }, ...errorResponses },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const content = await platform.store.content.load(assistant.id);
      const index = list === 'intents' ? phraseIndex(content) : undefined;
      const warnings = flowWarnings(content, await flowOptions(platform, assistant));
      const { q, theme } = request.query;
      return items(content, list)
        .filter((item) => (q === undefined || matchesSearch(list, item, q)) && (theme === undefined || (item as { theme?: string }).theme === theme))
        .map((item) => itemView(list, item, content, warnings, index));
    },
  );

  scope.get<{ Params: ItemParams }>(
    `${base}/:name`,
    { schema: { summary: `Get a ${what}, with what uses it`, tags, params: itemParams, response: { 200: itemSchema(list), ...errorResponses } } },
    async (request, reply) => {
      const assistant = await findAssistant(platform, request.params);
      const content = await platform.store.content.load(assistant.id);
      const item = find(content, list, request.params.name);
      reply.header('etag', itemEtag(item));
      return itemView(list, item, content, flowWarnings(content, await flowOptions(platform, assistant)));
    },
  );

  scope.post<{ Params: AssistantParams; Body: Body }>(
    base,
    { schema: { summary: `Create a ${what}`, tags, params: assistantParams, body: bodySchema(list), response: { 201: itemSchema(list), ...errorResponses } } },
    async (request, reply) => {
      const { view, etag } = await writeItem(platform, request, list, undefined, () => itemFromBody(list, request.body));
      reply.code(201).header('etag', etag);
      return view;
    },
  );

  scope.put<{ Params: ItemParams; Body: Body }>(
    `${base}/:name`,
    {
      schema: {
        summary: `Replace a ${what}; a new name renames it everywhere it is used`,
        tags,
        params: itemParams,
        headers: ifMatchHeader,
        body: bodySchema(list),
        response: { 200: itemSchema(list), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { view, etag } = await writeItem(platform, request, list, request.params.name, () => itemFromBody(list, request.body), request.headers['if-match']);
      reply.header('etag', etag);
      return view;
    },
  );

  scope.patch<{ Params: ItemParams; Body: Body }>(
    `${base}/:name`,
    {
      schema: {
        summary: `Change some fields of a ${what} (null removes an optional one); a new name renames it everywhere it is used`,
        tags,
        params: itemParams,
        headers: ifMatchHeader,
        body: patchSchema(list),
        response: { 200: itemSchema(list), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { view, etag } = await writeItem(
        platform,
        request,
        list,
        request.params.name,
        (current) => itemFromBody(list, patchedBody(find(current, list, request.params.name), request.body)),
        request.headers['if-match'],
      );
      reply.header('etag', etag);
      return view;
    },
  );

  scope.delete<{ Params: ItemParams; Querystring: { force?: 'true' | 'false' } }>(
    `${base}/:name`,
    {
      schema: {
        summary: `Delete a ${what}`,
        description:
          'While something uses the item the answer is 409 `in_use` with `usedBy`. With `force=true` the references go too: ' +
          'items of a deleted theme stay without a theme; dialogues stop answering a deleted intent (one left without intents is deleted); ' +
          'phrases lose their links to a deleted context and skill presets their context ({context} placeholders stay and fill with nothing), ' +
          'dialogues stop asking for it and variant conditions on it go; ' +
          'the dialogues of a deleted skill are deleted, and dialogues that ask, confirm or say goodbye with it lose that reference; ' +
          "skill presets lose a deleted dialogue. A deleted dialogue's follow-ups are deleted, recursively.",
        tags,
        params: itemParams,
        headers: ifMatchHeader,
        querystring: { type: 'object', properties: { force: { type: 'string', enum: ['true', 'false'], description: 'also remove what uses the item (see above)' } } },
        response: { 200: deleteResultSchema, ...errorResponses },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const { name } = request.params;
      return platform.store.content.edit(
        assistant.id,
        (current) => {
          assertUnchanged(list, find(current, list, name), request.headers['if-match']);
          const { changes, usedBy, deleted, changed } = planDelete(current, list, name);
          if (usedBy.length > 0 && request.query.force !== 'true') {
            const names = [...new Set(usedBy.map((usage) => `${SINGULAR[usage.list]} "${usage.name}"`))].join(', ');
            throw new AdminApiError(409, 'in_use', `${what} "${name}" is used by ${names}; change those first, or delete with force=true`, undefined, { usedBy });
          }
          return { changes, result: { deleted, changed } };
        },
        { actor: actorOf(request), action: 'delete' },
      );
    },
  );

  scope.get<{ Params: ItemParams }>(
    `${base}/:name/delete-preview`,
    {
      schema: {
        summary: `What deleting a ${what} would delete and change, without changing anything`,
        description: '`usedBy`: what uses the item (a plain delete is refused while there is any; `force=true` removes those references); `deleted` and `changed`: what a forced delete deletes (the item, follow-ups of a deleted dialogue, dialogues left without intents…) and changes.',
        tags,
        params: itemParams,
        response: { 200: deletePreviewSchema, ...errorResponses },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const current = await platform.store.content.load(assistant.id);
      find(current, list, request.params.name);
      const { usedBy, deleted, changed } = planDelete(current, list, request.params.name);
      return { usedBy, deleted, changed };
    },
  );
}

/** A delete of the item with what it cascades to (a forced delete's), checked, on a copy of `current`. */
function planDelete(current: AssistantContent, list: ContentListName, name: string) {
  const usedBy = findUsages(current, list, name);
  const draft = structuredClone(current);
  deleteItem(draft, list, name);
  const changes = planChanges(current, draft, []);
  assertValid(current, draft, undefined, changes, { allowNewProblemsElsewhere: true });
  const deleted = (changes.remove ?? []).map(({ list: removedList, name: removedName }) => ({ list: removedList, name: removedName }));
  const changed = LISTS.flatMap((changedList) => (changes.put?.[changedList] ?? []).map((item) => ({ list: changedList, name: item.name })));
  return { changes, usedBy, deleted, changed };
}

export function registerContentRoutes(scope: FastifyInstance, platform: Platform): void {
  for (const list of LISTS) registerList(scope, platform, list);
}
