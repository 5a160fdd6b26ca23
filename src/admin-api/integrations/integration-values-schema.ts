// The JSON schema of the Integrações values (./integration-values.ts), for the admin API's answer
// and its OpenAPI document. `x-secret` marks what grants access: the admin scope leaves it out of
// answers to anyone but administrators and the operator (../auth/secret-fields.ts).
import { secretText } from '../auth/secret-fields.js';

const text = { type: 'string' } as const;
const status = { type: 'string', enum: ['set', 'not set'] } as const;
const freeObject = { type: 'object', additionalProperties: true } as const;
const secretState = { type: 'string', enum: ['set', 'not set'] } as const;

/** Telegram's webhook as the platform set it. */
export const telegramWebhookSchema = {
  type: 'object',
  properties: { state: secretState, url: { type: ['string', 'null'] }, setAt: { type: ['string', 'null'] } },
} as const;

export const integrationValuesSchema = {
  type: 'object',
  properties: {
    assistant: { type: 'object', properties: { server: text, language: text, name: text } },
    publicAddress: {
      type: 'object',
      description: 'where the addresses come from: HELPER_PUBLIC_URL (configured) or the address the console was opened at (request); labels false on an IP address',
      properties: { source: { type: 'string', enum: ['configured', 'request'] }, origin: text, labels: { type: 'boolean' }, assistantOrigin: text },
    },
    fourBiz: {
      type: 'object',
      properties: {
        parameters: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, name: text, value: text } } },
        fallbackMessage: {
          type: 'object',
          description: 'parameter 453: the fallback skill’s text, which must mention "menu"',
          properties: { id: { type: 'integer' }, name: text, value: { type: ['string', 'null'] }, mentionsMenu: { type: 'boolean' } },
        },
        parametersApiAuthorisation: {
          type: 'object',
          properties: {
            tokenStatus: status,
            token: secretText('the Parameters API token, when set'),
            usage: { type: 'array', items: text },
            allowedAddresses: { type: 'array', items: text },
          },
        },
      },
    },
    apiRest: {
      type: 'object',
      properties: {
        endpoint: text,
        method: text,
        mediaType: text,
        request: freeObject,
        answers: { type: 'array', items: { type: 'object', properties: { kind: text, example: freeObject } } },
        webChat: {
          type: 'object',
          properties: { scriptUrl: text, snippet: text, demoPageUrl: text, jwtKey: status },
        },
      },
    },
    facebookMessenger: {
      type: 'object',
      properties: {
        callbackUrl: text,
        verifyTokenStatus: status,
        verifyToken: secretText("the verify token for Meta's webhook handshake, when set"),
        appSecret: status,
        pageAccessToken: status,
        needsNewToken: { type: 'boolean' },
        getStartedPayload: { type: 'string', description: "the payload of the Page's Get Started button: a postback with it opens the conversation" },
        getStartedPayloadIsDefault: { type: 'boolean' },
        unsupportedReply: { type: 'string', description: 'the answer to messages that are not text (a photo, a sticker); empty: none' },
        unsupportedReplyIsDefault: { type: 'boolean' },
      },
    },
    whatsapp: {
      type: 'object',
      properties: {
        callbackUrl: text,
        verifyToken: secretText("the verify token for Meta's webhook handshake, once the channel is set up"),
        verifyTokenState: secretState,
        phoneNumberId: { type: ['string', 'null'] },
        appSecret: secretState,
        accessToken: secretState,
        needsNewToken: { type: 'boolean' },
        unsupportedReply: { type: 'string', description: 'the answer to messages that are not text; empty: none' },
        unsupportedReplyIsDefault: { type: 'boolean' },
      },
    },
    callback: {
      type: 'object',
      description: "Rasa's callback channel: whether its URL is set (helper callback-url), never the URL",
      properties: { url: secretState },
    },
    telegram: {
      type: 'object',
      properties: {
        callbackUrl: text,
        botToken: secretState,
        webhook: telegramWebhookSchema,
        needsNewToken: { type: 'boolean' },
        unsupportedReply: { type: 'string', description: 'the answer to messages that are not text; empty: none' },
        unsupportedReplyIsDefault: { type: 'boolean' },
      },
    },
  },
} as const;
