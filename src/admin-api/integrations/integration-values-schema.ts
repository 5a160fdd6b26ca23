// The JSON schema of the Integrações values (./integration-values.ts), for the admin API's answer
// and its OpenAPI document.
const text = { type: 'string' } as const;
const freeObject = { type: 'object', additionalProperties: true } as const;

export const integrationValuesSchema = {
  type: 'object',
  properties: {
    assistant: { type: 'object', properties: { server: text, language: text, name: text } },
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
          properties: { token: text, usage: { type: 'array', items: text }, allowedAddresses: { type: 'array', items: text } },
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
          properties: { scriptUrl: text, snippet: text, demoPageUrl: text, jwtKey: { type: 'string', enum: ['set', 'not set'] } },
        },
      },
    },
    facebookMessenger: {
      type: 'object',
      properties: {
        callbackUrl: text,
        verifyToken: text,
        appSecret: { type: 'string', enum: ['set', 'not set'] },
        pageAccessToken: { type: 'string', enum: ['set', 'not set'] },
        needsNewToken: { type: 'boolean' },
      },
    },
  },
} as const;
