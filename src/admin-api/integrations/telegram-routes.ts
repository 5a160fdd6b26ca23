// Admin routes of the Integrações › Telegram panel: set the bot token (write-only) and the answer
// to messages that are not text, set the webhook (setWebhook with the callback URL and a new
// secret token), and "check connection" (the bot and Telegram's view of the webhook).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { withoutSecretStates } from '../../channels/core/channel-secrets.js';
import { checkTelegramBot } from '../../channels/telegram/bot-check.js';
import { setUpTelegram, telegramStatus } from '../../channels/telegram/telegram-settings.js';
import { setTelegramWebhook } from '../../channels/telegram/webhook-setup.js';
import type { Platform } from '../../platform.js';
import { assistantParams, errorResponses, findAssistant } from '../admin-scope.js';
import { integrationValuesSchema, telegramWebhookSchema } from './integration-values-schema.js';
import { channelCallbackUrl, requestBase } from '../../server/public-addresses.js';
import { readOnlyKeysBeside } from '../read-only-keys.js';

const telegramChanges = {
  botToken: { type: 'string', maxLength: 256 },
  unsupportedReply: { type: ['string', 'null'], maxLength: 1000, description: 'null: the default answer; empty: no answer' },
} as const;

type Params = { server: string; language: string };
/** A failure's `message` is English; `code` and `params` say it in the console's words (README "Error codes"). */
const failure = {
  ok: { type: 'boolean' },
  message: { type: 'string' },
  code: { type: 'string' },
  params: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
  needsNewToken: { type: 'boolean' },
} as const;

export function registerTelegramRoutes(scope: FastifyInstance, platform: Platform): void {
  const values = async (params: Params, request: FastifyRequest) => {
    const assistant = await findAssistant(platform, params);
    return { ...(await telegramStatus(platform, assistant)), callbackUrl: channelCallbackUrl(await requestBase(platform.config, platform.hosts, request), assistant, 'telegram') };
  };

  scope.put<{ Params: Params; Body: { botToken?: string; unsupportedReply?: string | null } }>(
    '/servers/:server/assistants/:language/integrations/telegram',
    {
      schema: {
        summary: 'Set the Telegram bot token (write-only; a new bot needs its webhook set again) and the answer to messages that are not text',
        params: assistantParams,
        // The rest of the values answered (webhook, needsNewToken, callbackUrl…) is taken back and ignored.
        body: { type: 'object', properties: { ...telegramChanges, ...readOnlyKeysBeside(integrationValuesSchema.properties.telegram, telegramChanges) }, additionalProperties: false },
        response: { 200: integrationValuesSchema.properties.telegram, ...errorResponses },
      },
    },
    async (request) => {
      await setUpTelegram(platform, await findAssistant(platform, request.params), withoutSecretStates(request.body, ['botToken']));
      return values(request.params, request);
    },
  );

  scope.post<{ Params: Params; Body: { url?: string } | undefined }>(
    '/servers/:server/assistants/:language/integrations/telegram/webhook',
    {
      schema: {
        summary: "Set Telegram's webhook to the channel's callback URL (or `url`) with a new secret token",
        params: assistantParams,
        body: {
          type: ['object', 'null'],
          properties: { url: { type: 'string', pattern: '^https://[^\\s]+$', maxLength: 2048, description: 'an HTTPS URL that reaches /webhooks/telegram/webhook; default: the callback URL' } },
          additionalProperties: false,
        },
        response: {
          200: { type: 'object', properties: { ...failure, telegram: integrationValuesSchema.properties.telegram }, required: ['ok'] },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const url = request.body?.url ?? channelCallbackUrl(await requestBase(platform.config, platform.hosts, request), assistant, 'telegram');
      const result = await setTelegramWebhook(platform, platform.config.telegramApi, assistant, url);
      if (!result.ok) return result;
      return { ok: true, needsNewToken: false, telegram: await values(request.params, request) };
    },
  );

  scope.post<{ Params: Params }>(
    '/servers/:server/assistants/:language/integrations/telegram/check',
    {
      config: { access: 'read' },
      schema: {
        summary: "Check the bot token with Telegram (getMe) and Telegram's view of the webhook (getWebhookInfo)",
        params: assistantParams,
        response: {
          200: {
            type: 'object',
            properties: {
              ...failure,
              bot: { type: 'object', properties: { id: { type: 'integer' }, username: { type: 'string' }, name: { type: 'string' } } },
              webhook: {
                type: 'object',
                properties: { url: { type: 'string' }, pendingUpdateCount: { type: 'integer' }, lastErrorMessage: { type: ['string', 'null'] }, lastErrorDate: { type: ['string', 'null'] } },
              },
              platformWebhook: telegramWebhookSchema,
            },
            required: ['ok'],
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const result = await checkTelegramBot(platform, platform.config.telegramApi, assistant);
      return result.ok ? { ...result, needsNewToken: false, platformWebhook: (await telegramStatus(platform, assistant)).webhook } : result;
    },
  );
}
