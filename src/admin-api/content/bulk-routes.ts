// Bulk work on an assistant's content: many intents, skills or dialogues moved to another theme or
// deleted in one request (one store transaction: all or nothing), and a search across the whole
// assistant (themes, intents and their phrases, contexts and their values, skills and their texts,
// dialogues), bounded and paginated, for the console's search box.
import type { FastifyInstance } from 'fastify';
import { normalisePhrase } from '../../assistant/check-content.js';
import type { AssistantContent } from '../../assistant/content.js';
import type { Platform } from '../../platform.js';
import type { ContentChanges, ContentListName } from '../../store/store.js';
import { AdminApiError, assistantParams, errorResponses, findAssistant } from '../admin-scope.js';
import { LISTS, SINGULAR, assertValid, planChanges } from './content-edit-plan.js';
import { deleteItem, findUsages, type Usage } from './content-references.js';

type ItemRef = { list: ContentListName; name: string };

/** The lists bulk actions take: items that belong to a theme. */
const BULK_LISTS = ['intents', 'skills', 'dialogues'] as const;
type BulkList = (typeof BULK_LISTS)[number];
export const MAX_BULK_ITEMS = 500;
const MAX_SEARCH_QUERY = 200;
const MAX_SEARCH_LIMIT = 50;
/** A search stops counting here: `total` is then a lower bound (`more`). */
const MAX_SEARCH_MATCHES = 1000;

interface BulkBody {
  action: 'delete' | 'move';
  items: Array<{ list: BulkList; name: string }>;
  /** `move`: the theme to move to; null or empty takes the items out of their theme. */
  theme?: string | null;
}

const itemRef = { type: 'object', properties: { list: { type: 'string' }, name: { type: 'string' } } } as const;

const bulkSchema = {
  summary: 'Move intents, skills and dialogues to a theme, or delete them, all at once',
  description:
    'One transaction: every item or none. A delete is refused (409 `in_use`: `problems` holds one entry per user, its `field` \`items.N\` the selected item, its `item` the user; `usedBy` all of them) while anything outside the selection uses one of the items; ' +
    "what the selection holds may use itself (a skill deleted with its dialogues). A deleted dialogue's follow-ups must be selected too.",
  tags: ['content'],
  params: assistantParams,
  body: {
    type: 'object',
    properties: {
      action: { type: 'string', enum: ['delete', 'move'] },
      items: {
        type: 'array',
        minItems: 1,
        maxItems: MAX_BULK_ITEMS,
        items: {
          type: 'object',
          properties: { list: { type: 'string', enum: [...BULK_LISTS] }, name: { type: 'string', minLength: 1, maxLength: 100 } },
          required: ['list', 'name'],
          additionalProperties: false,
        },
      },
      theme: { type: ['string', 'null'], maxLength: 100 },
    },
    required: ['action', 'items'],
    additionalProperties: false,
  },
  response: {
    200: {
      type: 'object',
      properties: { deleted: { type: 'array', items: itemRef }, moved: { type: 'array', items: itemRef } },
      required: ['deleted', 'moved'],
    },
    ...errorResponses,
  },
} as const;

export interface SearchHit {
  list: ContentListName;
  name: string;
  /** Where the text matched: `name`, `description`, `phrases.3.text`, `texts.0`, `values.1`, … */
  field: string;
  text: string;
}

/** Every searchable text of the content, item by item, in the lists' order. */
function* searchable(content: AssistantContent): Generator<SearchHit> {
  for (const theme of content.themes) {
    yield { list: 'themes', name: theme.name, field: 'name', text: theme.name };
    if (theme.description) yield { list: 'themes', name: theme.name, field: 'description', text: theme.description };
  }
  for (const intent of content.intents) {
    yield { list: 'intents', name: intent.name, field: 'name', text: intent.name };
    for (const [index, phrase] of intent.phrases.entries()) yield { list: 'intents', name: intent.name, field: `phrases.${index}.text`, text: phrase.text };
  }
  for (const context of content.contexts) {
    yield { list: 'contexts', name: context.name, field: 'name', text: context.name };
    if (context.description) yield { list: 'contexts', name: context.name, field: 'description', text: context.description };
    if (context.type === 'categorical') for (const [index, value] of context.values.entries()) yield { list: 'contexts', name: context.name, field: `values.${index}`, text: value };
    if (context.type === 'text') {
      for (const [index, value] of context.values.entries()) {
        yield { list: 'contexts', name: context.name, field: `values.${index}.value`, text: value.value };
        for (const [at, synonym] of value.synonyms.entries()) yield { list: 'contexts', name: context.name, field: `values.${index}.synonyms.${at}`, text: synonym };
      }
    }
  }
  for (const skill of content.skills) {
    yield { list: 'skills', name: skill.name, field: 'name', text: skill.name };
    for (const [index, text] of skill.texts.entries()) yield { list: 'skills', name: skill.name, field: `texts.${index}`, text };
    for (const [index, variant] of (skill.variants ?? []).entries()) {
      for (const [at, text] of variant.texts.entries()) yield { list: 'skills', name: skill.name, field: `variants.${index}.texts.${at}`, text };
    }
    for (const [index, button] of (skill.buttons ?? []).entries()) yield { list: 'skills', name: skill.name, field: `buttons.${index}.title`, text: button.title };
  }
  for (const dialogue of content.dialogues) yield { list: 'dialogues', name: dialogue.name, field: 'name', text: dialogue.name };
}

/** The hits of a search, at most MAX_SEARCH_MATCHES; `more` when it stopped there. */
export function searchContent(content: AssistantContent, query: string): { hits: SearchHit[]; more: boolean } {
  const wanted = normalisePhrase(query);
  const hits: SearchHit[] = [];
  if (wanted === '') return { hits, more: false };
  for (const hit of searchable(content)) {
    if (!normalisePhrase(hit.text).includes(wanted)) continue;
    if (hits.length === MAX_SEARCH_MATCHES) return { hits, more: true };
    hits.push({ ...hit, text: hit.text.length > 300 ? `${hit.text.slice(0, 300)}…` : hit.text });
  }
  return { hits, more: false };
}

function key(list: string, name: string): string {
  return `${list}\u0000${name}`;
}

export function registerBulkRoutes(scope: FastifyInstance, platform: Platform): void {
  const base = '/servers/:server/assistants/:language';

  scope.post<{ Params: { server: string; language: string }; Body: BulkBody }>(`${base}/content/bulk`, { schema: bulkSchema }, async (request) => {
    const assistant = await findAssistant(platform, request.params);
    const { action, items, theme } = request.body;
    const selected = new Set(items.map((item) => key(item.list, item.name)));
    return platform.store.content.edit(assistant.id, (current): { changes: ContentChanges; result: { deleted: ItemRef[]; moved: ItemRef[] } } => {
      items.forEach((item, index) => {
        if (!current[item.list].some((candidate) => candidate.name === item.name)) {
          throw new AdminApiError(404, 'not_found', `${SINGULAR[item.list]} "${item.name}" does not exist`, `items.${index}.name`);
        }
      });
      const draft = structuredClone(current);
      if (action === 'move') {
        const target = theme ?? '';
        if (target !== '' && !current.themes.some((candidate) => candidate.name === target)) {
          throw new AdminApiError(400, 'invalid', `theme "${target}" does not exist`, 'theme');
        }
        for (const item of items) {
          const found = (draft[item.list] as Array<{ name: string; theme?: string }>).find((candidate) => candidate.name === item.name);
          if (found === undefined) continue;
          if (target === '') delete found.theme;
          else found.theme = target;
        }
        const changes = planChanges(current, draft, []);
        assertValid(current, draft, undefined, changes);
        return { changes, result: { deleted: [], moved: items.map(({ list, name }) => ({ list, name })) } };
      }
      // A delete: what uses an item from outside the selection refuses the whole request.
      const refused = items.flatMap(({ list, name }, index) => {
        const usedBy = findUsages(current, list, name).filter((usage) => !selected.has(key(usage.list, usage.name)));
        return usedBy.length === 0 ? [] : [{ list, name, index, usedBy }];
      });
      if (refused.length > 0) {
        const named = refused.map(({ list, name, usedBy }) => `${SINGULAR[list]} "${name}" (used by ${[...new Set(usedBy.map((usage: Usage) => `${SINGULAR[usage.list]} "${usage.name}"`))].join(', ')})`);
        throw new AdminApiError(409, 'in_use', `nothing was deleted: ${named.join('; ')} ${refused.length === 1 ? 'is' : 'are'} still used; change those first, or select them too`, undefined, {
          // One problem per user of a selected item: `field` items.N names the item, `item` its user.
          problems: refused.flatMap(({ list, name, index, usedBy }) =>
            usedBy.map((usage) => ({ field: `items.${index}`, message: `${SINGULAR[list]} "${name}" is used by ${SINGULAR[usage.list]} "${usage.name}" (${usage.field})`, item: { list: usage.list, name: usage.name } })),
          ),
          usedBy: refused.flatMap((entry) => entry.usedBy),
        });
      }
      for (const { list, name } of items) if (draft[list].some((candidate) => candidate.name === name)) deleteItem(draft, list, name);
      const changes = planChanges(current, draft, []);
      assertValid(current, draft, undefined, changes, { allowNewProblemsElsewhere: true });
      const deleted = (changes.remove ?? []).map(({ list, name }) => ({ list, name }));
      return { changes, result: { deleted, moved: [] } };
    });
  });

  scope.get<{ Params: { server: string; language: string }; Querystring: { q: string; offset?: string; limit?: string } }>(
    `${base}/search`,
    {
      schema: {
        summary: 'Search the whole assistant: themes, intents and their phrases, contexts and their values, skills and their texts, dialogues',
        description: `Compared without case, accents and punctuation. Paginated (\`offset\`, \`limit\` up to ${MAX_SEARCH_LIMIT}); counting stops at ${MAX_SEARCH_MATCHES} matches (\`more\`).`,
        tags: ['content'],
        params: assistantParams,
        querystring: {
          type: 'object',
          properties: {
            q: { type: 'string', minLength: 1, maxLength: MAX_SEARCH_QUERY },
            offset: { type: 'string', pattern: '^[0-9]{1,4}$', description: `from 0 to ${MAX_SEARCH_MATCHES}; default 0` },
            limit: { type: 'string', pattern: '^[0-9]{1,2}$', description: `from 1 to ${MAX_SEARCH_LIMIT}; default 20` },
          },
          required: ['q'],
        },
        response: {
          200: {
            type: 'object',
            properties: {
              total: { type: 'integer' },
              more: { type: 'boolean', description: `counting stopped at ${MAX_SEARCH_MATCHES}` },
              offset: { type: 'integer' },
              limit: { type: 'integer' },
              results: {
                type: 'array',
                items: { type: 'object', properties: { list: { type: 'string', enum: [...LISTS] }, name: { type: 'string' }, field: { type: 'string' }, text: { type: 'string' } } },
              },
            },
            required: ['total', 'more', 'offset', 'limit', 'results'],
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const offset = Number(request.query.offset ?? 0);
      const limit = Number(request.query.limit ?? 20);
      if (offset > MAX_SEARCH_MATCHES) throw new AdminApiError(400, 'invalid', `offset must be at most ${MAX_SEARCH_MATCHES}`, 'offset');
      if (limit < 1 || limit > MAX_SEARCH_LIMIT) throw new AdminApiError(400, 'invalid', `limit must be from 1 to ${MAX_SEARCH_LIMIT}`, 'limit');
      const { q } = request.query;
      const { hits, more } = searchContent(await platform.store.content.load(assistant.id), q);
      return { total: hits.length, more, offset, limit, results: hits.slice(offset, offset + limit) };
    },
  );
}
