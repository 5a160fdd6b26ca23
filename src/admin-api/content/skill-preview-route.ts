// POST …/skills/preview: how a skill, not saved, answers in the REST channel and in the web chat,
// checked by the same rules as a save (a console shows the preview while the form is edited).
import type { FastifyInstance } from 'fastify';
import { checkContent } from '../../assistant/check-content.js';
import type { Skill } from '../../assistant/content.js';
import { renderForRest } from '../../channels/rest/render-rest.js';
import { renderForSocketIo } from '../../channels/socketio/render-socketio.js';
import type { Platform } from '../../platform.js';
import { chooseTexts, runSkill } from '../../skills/run-skill.js';
import { AdminApiError, assistantParams, errorResponses, findAssistant } from '../admin-scope.js';
import { itemFromBody, type Body } from './content-bodies.js';
import { readOnlyKeys } from '../read-only-keys.js';
import { bodySchemas } from './content-schemas.js';

const PREVIEW_RECIPIENT = 'preview';

const previewBody = {
  type: 'object',
  properties: {
    ...bodySchemas.skills.properties,
    slots: { type: 'object', description: 'context values to fill {placeholders} with and to choose a variant by, e.g. {"nome": "Maria"}' },
    variation: { type: 'integer', minimum: 0, description: 'which text variation to show (default 0)' },
    // A skill as read previews as it is: what the reading computes is ignored.
    ...readOnlyKeys('usedBy', 'warnings'),
  },
  additionalProperties: false,
} as const;

const previewResponse = {
  type: 'object',
  properties: {
    rest: { type: 'array', description: 'the REST channel answer (POST /webhooks/rest/webhook)', items: { type: 'object', additionalProperties: true } },
    webChat: { type: 'array', description: 'the socket.io `bot_uttered` payloads the web chat receives', items: { type: 'object', additionalProperties: true } },
    variations: { type: 'integer', description: 'how many text variations the chosen variant has' },
    variant: { type: ['integer', 'null'], description: 'the variant the slots choose (its index in `variants`), or null for the default texts' },
  },
  required: ['rest', 'webChat', 'variations'],
} as const;

export function registerSkillPreviewRoute(scope: FastifyInstance, platform: Platform): void {
  scope.post<{ Params: { server: string; language: string }; Body: Body & { slots?: Record<string, unknown>; variation?: number } }>(
    '/servers/:server/assistants/:language/skills/preview',
    {
      // Changes nothing: a viewer may preview too.
      config: { access: 'read' },
      schema: {
        summary: 'Preview a skill (not saved) as the REST channel and the web chat show it',
        tags: ['content'],
        params: assistantParams,
        body: previewBody,
        response: { 200: previewResponse, ...errorResponses },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const { slots = {}, variation = 0, ...body } = request.body;
      const skill = itemFromBody('skills', { name: 'preview', ...body }) as Skill;
      const content = structuredClone(await platform.store.content.load(assistant.id));
      content.skills = content.skills.filter((other) => other.name !== skill.name);
      content.skills.push({ ...skill, fallback: false });
      const index = content.skills.length - 1;
      const problems = checkContent(content)
        .filter((problem) => problem.list === 'skills' && problem.index === index && problem.field !== 'name')
        .map(({ field, message, code, params }) => ({ field, code: code ?? 'invalid_value', ...(params === undefined ? {} : { params }), message }));
      const first = problems[0];
      if (first !== undefined) throw new AdminApiError(400, 'invalid', first.message, first.field, { problems });
      // The variant the given slots choose, and one of its variations.
      const chosen = chooseTexts(skill, slots);
      const count = Math.max(1, chosen.texts.length);
      const message = runSkill(skill, { slots, language: assistant.language, random: () => Math.min(variation, count - 1) / count, sender: PREVIEW_RECIPIENT });
      return { rest: renderForRest(PREVIEW_RECIPIENT, message), webChat: renderForSocketIo(message), variations: chosen.texts.length, variant: chosen.variant };
    },
  );
}
