// Admin routes of the Integrações panel: the values to paste into 4biz, API Rest, Facebook
// Messenger, WhatsApp and Telegram, the conversations API token, and the channels' write-only secrets. Reading changes
// nothing: the API token and the Facebook verify token exist once an administrator creates them
// (the rotate routes make the first one too); only administrators and the operator see their values.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform.js';
import { callbackUrlState } from '../../channels/callback/callback-output.js';
import {
  DEFAULT_GET_STARTED_PAYLOAD,
  facebookStatus,
  GET_STARTED_PAYLOAD_MAX_LENGTH,
  rotateFacebookVerifyToken,
  setFacebookGetStartedPayload,
  setFacebookSecrets,
  setFacebookUnsupportedReply,
} from '../../channels/facebook/facebook-settings.js';
import { withoutSecretStates } from '../../channels/core/channel-secrets.js';
import { setSocketIoJwtKey, socketIoStatus } from '../../channels/socketio/socketio-settings.js';
import { telegramStatus } from '../../channels/telegram/telegram-settings.js';
import { whatsAppStatus } from '../../channels/whatsapp/whatsapp-settings.js';
import { assistantParams, errorResponses, findAssistant } from '../admin-scope.js';
import { secretText } from '../auth/secret-fields.js';
import { requestBase } from '../../server/public-addresses.js';
import { integrationValues } from './integration-values.js';
import { integrationValuesSchema } from './integration-values-schema.js';
import { readOnlyKeysBeside } from '../read-only-keys.js';

const facebookChanges = {
  appSecret: { type: 'string', maxLength: 512 },
  pageAccessToken: { type: 'string', maxLength: 4096 },
  getStartedPayload: {
    type: 'string',
    maxLength: GET_STARTED_PAYLOAD_MAX_LENGTH,
    description: `the payload of the Page's Get Started button: a postback with it opens the conversation (an empty string: ${DEFAULT_GET_STARTED_PAYLOAD})`,
  },
  unsupportedReply: { type: ['string', 'null'], maxLength: 1000, description: 'the answer to messages that are not text (a photo, a sticker); null: the default answer; empty: no answer' },
} as const;

export function registerIntegrationRoutes(scope: FastifyInstance, platform: Platform): void {
    scope.get<{ Params: { server: string; language: string } }>(
      '/servers/:server/assistants/:language/integrations',
      {
        schema: {
          summary: 'The Integrações values (4biz, API Rest, Facebook Messenger, WhatsApp, Telegram); tokens only for administrators and the operator',
          params: assistantParams,
          response: { 200: integrationValuesSchema, ...errorResponses },
        },
      },
      async (request) => {
        const assistant = await findAssistant(platform, request.params);
        return integrationValues({
          base: await requestBase(platform.config, platform.hosts, request),
          assistant,
          content: await platform.store.content.load(assistant.id),
          apiToken: await platform.apiAccess.token(assistant),
          facebook: await facebookStatus(platform, assistant),
          socketIo: await socketIoStatus(platform, assistant),
          whatsapp: await whatsAppStatus(platform, assistant),
          telegram: await telegramStatus(platform, assistant),
          callbackUrl: await callbackUrlState(platform, assistant),
        });
      },
    );
    scope.post<{ Params: { server: string; language: string } }>(
      '/servers/:server/assistants/:language/api-token/rotate',
      {
        schema: {
          summary: 'A new conversations API token (the first one, or a replacement: the old one stops at once)',
          params: assistantParams,
          response: { 200: { type: 'object', properties: { token: secretText('the new token') }, required: ['token'] }, ...errorResponses },
        },
      },
      async (request) => ({ token: await platform.apiAccess.rotate(await findAssistant(platform, request.params)) }),
    );
    scope.put<{ Params: { server: string; language: string }; Body: { appSecret?: string; pageAccessToken?: string; getStartedPayload?: string; unsupportedReply?: string | null } }>(
      '/servers/:server/assistants/:language/integrations/facebook',
      {
        schema: {
          summary: 'Set (write-only) the Facebook app secret and Page access token (an empty string removes one), the Get Started payload and the answer to messages that are not text',
          params: assistantParams,
          // The rest of the panel's facebookMessenger values (needsNewToken, callbackUrl…) is taken back and ignored.
          body: { type: 'object', properties: { ...facebookChanges, ...readOnlyKeysBeside(integrationValuesSchema.properties.facebookMessenger, facebookChanges) }, additionalProperties: false },
          response: {
            200: {
              type: 'object',
              properties: {
                appSecret: { type: 'string' },
                pageAccessToken: { type: 'string' },
                needsNewToken: { type: 'boolean' },
                getStartedPayload: { type: 'string' },
                getStartedPayloadIsDefault: { type: 'boolean' },
                unsupportedReply: { type: 'string' },
                unsupportedReplyIsDefault: { type: 'boolean' },
              },
            },
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const assistant = await findAssistant(platform, request.params);
        const { getStartedPayload, unsupportedReply, ...secrets } = withoutSecretStates(request.body, ['appSecret', 'pageAccessToken']);
        if (getStartedPayload !== undefined) await setFacebookGetStartedPayload(platform, assistant, getStartedPayload);
        if (unsupportedReply !== undefined) await setFacebookUnsupportedReply(platform, assistant, unsupportedReply);
        await setFacebookSecrets(platform, assistant, secrets);
        const status = await facebookStatus(platform, assistant);
        return {
          appSecret: status.appSecret,
          pageAccessToken: status.pageAccessToken,
          needsNewToken: status.needsNewToken,
          getStartedPayload: status.getStartedPayload,
          getStartedPayloadIsDefault: status.getStartedPayloadIsDefault,
          unsupportedReply: status.unsupportedReply,
          unsupportedReplyIsDefault: status.unsupportedReplyIsDefault,
        };
      },
    );
    scope.put<{ Params: { server: string; language: string }; Body: { jwtKey: string } }>(
      '/servers/:server/assistants/:language/integrations/socketio',
      {
        schema: {
          summary: 'Set (write-only) the HS256 key web chat JWTs must be signed with; an empty string removes it (the channel is open)',
          params: assistantParams,
          body: {
            type: 'object',
            properties: { jwtKey: { type: 'string', maxLength: 4096 } },
            required: ['jwtKey'],
            additionalProperties: false,
          },
          response: {
            200: { type: 'object', properties: { jwtKey: { type: 'string', enum: ['set', 'not set'] } }, required: ['jwtKey'] },
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const assistant = await findAssistant(platform, request.params);
        const { jwtKey } = withoutSecretStates(request.body, ['jwtKey']);
        if (jwtKey !== undefined) await setSocketIoJwtKey(platform, assistant, jwtKey);
        return socketIoStatus(platform, assistant);
      },
    );
    scope.post<{ Params: { server: string; language: string } }>(
      '/servers/:server/assistants/:language/integrations/facebook/verify-token/rotate',
      {
        schema: {
          summary: 'A new Facebook verify token (the first one, or a replacement: Meta checks it again on the next subscription)',
          params: assistantParams,
          response: { 200: { type: 'object', properties: { verifyToken: secretText('the new verify token') }, required: ['verifyToken'] }, ...errorResponses },
        },
      },
      async (request) => ({ verifyToken: await rotateFacebookVerifyToken(platform, await findAssistant(platform, request.params)) }),
    );
}
