// Admin routes of the Integrações › WhatsApp panel: set the channel up (the app secret and the
// access token, write-only; the phone number id; the answer to messages that are not text — the
// first set-up also makes the verify token), rotate the verify token, and "check connection".
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { flagNeedsNewToken, readSecret, secretAccess, withoutSecretStates } from '../../channels/core/channel-secrets.js';
import { checkPhoneNumber } from '../../channels/whatsapp/phone-check.js';
import { rotateWhatsAppVerifyToken, setUpWhatsApp, whatsAppStatus, WHATSAPP_ACCESS_TOKEN, WHATSAPP_NEEDS_NEW_TOKEN, type WhatsAppChanges } from '../../channels/whatsapp/whatsapp-settings.js';
import type { Platform } from '../../platform.js';
import { StoreConflictError } from '../../store/store-errors.js';
import { AdminApiError, assistantParams, errorResponses, findAssistant } from '../admin-scope.js';
import { secretText } from '../auth/secret-fields.js';
import { integrationValuesSchema } from './integration-values-schema.js';
import { channelCallbackUrl, requestBase } from '../../server/public-addresses.js';
import { readOnlyKeysBeside } from '../read-only-keys.js';

const whatsAppChanges = {
  appSecret: { type: 'string', maxLength: 512 },
  accessToken: { type: 'string', maxLength: 4096 },
  phoneNumberId: { type: 'string', maxLength: 64 },
  unsupportedReply: { type: ['string', 'null'], maxLength: 1000, description: 'null: the default answer; empty: no answer' },
} as const;

type Params = { server: string; language: string };

export function registerWhatsAppRoutes(scope: FastifyInstance, platform: Platform): void {
  const values = async (params: Params, request: FastifyRequest) => {
    const assistant = await findAssistant(platform, params);
    const { verifyToken, ...status } = await whatsAppStatus(platform, assistant);
    return {
      ...status,
      callbackUrl: channelCallbackUrl(await requestBase(platform.config, platform.hosts, request), assistant, 'whatsapp'),
      ...(verifyToken === null ? {} : { verifyToken }),
      verifyTokenState: verifyToken === null ? 'not set' : 'set',
    };
  };

  scope.put<{ Params: Params; Body: WhatsAppChanges }>(
    '/servers/:server/assistants/:language/integrations/whatsapp',
    {
      schema: {
        summary: 'Set WhatsApp up: app secret and access token (write-only), phone number id, the answer to messages that are not text; an empty string removes a value',
        params: assistantParams,
        // The rest of the values answered (needsNewToken, callbackUrl…) is taken back and ignored.
        body: { type: 'object', properties: { ...whatsAppChanges, ...readOnlyKeysBeside(integrationValuesSchema.properties.whatsapp, whatsAppChanges) }, additionalProperties: false },
        response: { 200: integrationValuesSchema.properties.whatsapp, ...errorResponses },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      try {
        await setUpWhatsApp(platform, assistant, withoutSecretStates(request.body, ['appSecret', 'accessToken']));
      } catch (error: unknown) {
        if (error instanceof StoreConflictError) throw new AdminApiError(409, 'conflict', 'another assistant already answers on this phone number id', 'phoneNumberId');
        throw error;
      }
      return values(request.params, request);
    },
  );

  scope.post<{ Params: Params }>(
    '/servers/:server/assistants/:language/integrations/whatsapp/verify-token/rotate',
    {
      schema: {
        summary: 'A new WhatsApp verify token (Meta checks it again on the next subscription)',
        params: assistantParams,
        response: { 200: { type: 'object', properties: { verifyToken: secretText('the new verify token') }, required: ['verifyToken'] }, ...errorResponses },
      },
    },
    async (request) => ({ verifyToken: await rotateWhatsAppVerifyToken(platform, await findAssistant(platform, request.params)) }),
  );

  scope.post<{ Params: Params }>(
    '/servers/:server/assistants/:language/integrations/whatsapp/check',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Check the access token and phone number id with the Graph API: the number and its verified name, or the problem',
        params: assistantParams,
        response: {
          200: {
            type: 'object',
            properties: {
              ok: { type: 'boolean' },
              phone: { type: 'object', properties: { id: { type: 'string' }, displayPhoneNumber: { type: 'string' }, verifiedName: { type: 'string' } } },
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
      const token = await readSecret(platform, assistant, WHATSAPP_ACCESS_TOKEN);
      const { phoneNumberId } = await whatsAppStatus(platform, assistant);
      if (token === undefined) return { ok: false, message: 'no access token is set', code: 'check_no_access_token', needsNewToken: false };
      if (phoneNumberId === null) return { ok: false, message: 'no phone number id is set', code: 'check_no_phone_number_id', needsNewToken: false };
      const result = await checkPhoneNumber(platform.config.graphApi, token, phoneNumberId);
      if (result.ok) {
        await platform.store.secrets.delete(assistant.id, WHATSAPP_NEEDS_NEW_TOKEN);
        return { ok: true, phone: result.phone, needsNewToken: false };
      }
      if (result.invalidToken) await flagNeedsNewToken(secretAccess(platform), assistant, { token: WHATSAPP_ACCESS_TOKEN, flag: WHATSAPP_NEEDS_NEW_TOKEN }, token, 'check: code 190');
      return { ok: false, message: result.message, code: result.code, ...(result.params ? { params: result.params } : {}), needsNewToken: (await whatsAppStatus(platform, assistant)).needsNewToken };
    },
  );
}
