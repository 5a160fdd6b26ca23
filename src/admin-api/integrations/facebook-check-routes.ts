// The Integrações panel's "check connection" for Facebook Messenger: the Page the stored access
// token belongs to, or why it cannot be used. A token Meta refuses (190) marks the integration as
// needing a new token, as the channel does when sending; a token that works clears that mark.
import type { FastifyInstance } from 'fastify';
import { FACEBOOK_NEEDS_NEW_TOKEN, FACEBOOK_PAGE_ACCESS_TOKEN } from '../../channels/facebook/facebook-settings.js';
import { checkPage } from '../../channels/facebook/page-check.js';
import type { Platform } from '../../platform.js';
import { assistantParams, errorResponses, findAssistant } from '../admin-scope.js';

export function registerFacebookCheckRoutes(scope: FastifyInstance, platform: Platform): void {
  scope.post<{ Params: { server: string; language: string } }>(
    '/servers/:server/assistants/:language/integrations/facebook/check',
    {
      config: { access: 'read' },
      schema: {
        summary: "Check the Page access token with the Graph API: the Page's id and name, or the problem",
        params: assistantParams,
        response: {
          200: {
            type: 'object',
            properties: {
              ok: { type: 'boolean' },
              page: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
              message: { type: 'string' },
              code: { type: 'string', description: 'the problem as a stable code (README "Error codes")' },
              params: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
              needsNewToken: { type: 'boolean' },
            },
            required: ['ok', 'needsNewToken'],
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const { store, secrets } = platform;
      const sealed = await store.secrets.get(assistant.id, FACEBOOK_PAGE_ACCESS_TOKEN);
      if (sealed === undefined) return { ok: false, message: 'no Page access token is set', code: 'check_no_page_token', needsNewToken: false };
      const token = secrets.decrypt(sealed, { assistantId: assistant.id, name: FACEBOOK_PAGE_ACCESS_TOKEN });
      const result = await checkPage(platform.config.graphApi, token);
      // Only while that token is still the one set: a new token set meanwhile is not flagged.
      const stillCurrent = async () => {
        const now = await store.secrets.get(assistant.id, FACEBOOK_PAGE_ACCESS_TOKEN);
        return now !== undefined && secrets.decrypt(now, { assistantId: assistant.id, name: FACEBOOK_PAGE_ACCESS_TOKEN }) === token;
      };
      if (result.ok) {
        await store.secrets.delete(assistant.id, FACEBOOK_NEEDS_NEW_TOKEN);
        return { ok: true, page: result.page, needsNewToken: false };
      }
      if (result.invalidToken && (await stillCurrent())) {
        await store.secrets.set(assistant.id, FACEBOOK_NEEDS_NEW_TOKEN, secrets.encrypt(JSON.stringify({ at: new Date().toISOString(), reason: 'check: code 190' }), { assistantId: assistant.id, name: FACEBOOK_NEEDS_NEW_TOKEN }));
      }
      const needsNewToken = (await store.secrets.names(assistant.id)).includes(FACEBOOK_NEEDS_NEW_TOKEN);
      return { ok: false, message: result.message, code: result.code, ...(result.params ? { params: result.params } : {}), needsNewToken };
    },
  );
}
