// What became of a push channel's answers, newest first (channel_deliveries): the platform's
// statuses (WhatsApp: sent, delivered, read, failed with its error), and ours — sends refused
// (outside WhatsApp's 24-hour window), given up, or to users who blocked the bot; and the callback
// URL's answers the outbox gave up (its status or why it was not called, never the URL) and the
// conversations API's answers for a callback URL that is not set (src/server/conversations-api.ts); a
// given-up send's detail counts the calls made (`attempts`). `?status=failed,refused,blocked`
// keeps only the failures (the console's list under each channel's panel). Beside the English
// `detail`, a failure recorded since migration 0110 has its reason as a stable code with parameters
// (`reasonCode`, `reasonParams`: src/channels/core/delivery-reason.ts), which the console says in
// its language; null for older records and for what is no failure. Read access: what is recorded
// holds no credential and no part of a URL, so a viewer reads it as is.
import type { FastifyInstance } from 'fastify';
import { DELIVERY_REASONS } from '../../channels/core/delivery-reason.js';
import { DELIVERY_RETENTION_DAYS } from '../../channels/core/delivery-records.js';
import type { Platform } from '../../platform.js';
import { assistantParams, errorResponses, findAssistant } from '../admin-scope.js';

/** The channels whose answers go through the outbox and are recorded (src/channels/core/delivery-records.ts). */
const DELIVERY_CHANNELS = ['whatsapp', 'telegram', 'facebook', 'callback'];

export function registerDeliveryRoutes(scope: FastifyInstance, platform: Platform): void {
  scope.get<{ Params: { server: string; language: string; channel: string }; Querystring: { limit?: string; recipient?: string; status?: string } }>(
    '/servers/:server/assistants/:language/integrations/:channel/deliveries',
    {
      schema: {
        summary: `What became of a channel's answers, newest first (kept ${DELIVERY_RETENTION_DAYS} days)`,
        params: { ...assistantParams, properties: { ...assistantParams.properties, channel: { type: 'string', enum: DELIVERY_CHANNELS } }, required: [...assistantParams.required, 'channel'] },
        querystring: {
          type: 'object',
          properties: {
            limit: { type: 'string', pattern: '^([1-9][0-9]?|[1-4][0-9]{2}|500)$', description: 'how many, 1–500 (50)' },
            recipient: { type: 'string', maxLength: 256 },
            status: { type: 'string', pattern: '^[a-z_]{1,32}(,[a-z_]{1,32}){0,9}$', description: 'only these statuses, comma-separated: failed,refused,blocked are the failures' },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              deliveries: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    recipient: { type: 'string' },
                    messageId: { type: ['string', 'null'] },
                    status: { type: 'string' },
                    detail: { type: ['object', 'null'], additionalProperties: true, description: 'the platform\'s error or our reason, in English (`reason`), and the calls made (`attempts`)' },
                    reasonCode: {
                      type: ['string', 'null'],
                      description: `why, as a stable code (${Object.keys(DELIVERY_REASONS).join(', ')}; more may come): null for what is no failure and for records older than the codes`,
                    },
                    reasonParams: {
                      type: ['object', 'null'],
                      additionalProperties: { type: ['string', 'number'] },
                      description: "the code's parameters (status, code, subcode: numbers; message: the platform's own words; variable); null with no code",
                    },
                    occurredAt: { type: 'string', description: 'ISO 8601' },
                  },
                },
              },
            },
            required: ['deliveries'],
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const found = await platform.store.channels.deliveries(assistant.id, request.params.channel, {
        limit: Number(request.query.limit ?? 50),
        ...(request.query.recipient === undefined ? {} : { recipient: request.query.recipient }),
        ...(request.query.status === undefined ? {} : { statuses: request.query.status.split(',') }),
      });
      return {
        deliveries: found.map((entry) => ({
          recipient: entry.recipient,
          messageId: entry.messageId,
          status: entry.status,
          detail: entry.detail,
          reasonCode: entry.reasonCode?.code ?? null,
          reasonParams: entry.reasonCode?.params ?? null,
          occurredAt: new Date(entry.occurredAt * 1000).toISOString(),
        })),
      };
    },
  );
}
