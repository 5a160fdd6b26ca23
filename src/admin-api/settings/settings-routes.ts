// Admin routes of Configurações: the accuracy threshold (in percent) and the e-mails told about
// trainings. A new threshold applies to the next messages without a training (every app process
// re-reads the assistant within 2 s).
import type { FastifyInstance } from 'fastify';
import { DEFAULT_ACCURACY_THRESHOLD, isEmailAddress } from '../../assistant/content.js';
import type { Platform } from '../../platform.js';
import type { AssistantRecord } from '../../store/store.js';
import { AdminApiError, assistantParams, errorResponses, findAssistant } from '../admin-scope.js';

export const ACCURACY_THRESHOLD_GUIDANCE =
  'When the NLU is less sure than this of the best intent, the message is not understood (intent nlu_fallback) and the fallback skill answers. ' +
  `The documented default is ${DEFAULT_ACCURACY_THRESHOLD * 100} %: raise it when the assistant answers with the wrong intent, lower it when it falls back on messages it should understand. ` +
  'It applies at once, without a training.';

const settingsSchema = {
  type: 'object',
  properties: {
    accuracyThresholdPercent: { type: 'number', minimum: 0, maximum: 100 },
    notificationEmails: { type: 'array', items: { type: 'string' } },
    defaults: { type: 'object', properties: { accuracyThresholdPercent: { type: 'number' } } },
    guidance: { type: 'object', properties: { accuracyThresholdPercent: { type: 'string' }, notificationEmails: { type: 'string' } } },
  },
  required: ['accuracyThresholdPercent', 'notificationEmails'],
} as const;

function settingsView(assistant: AssistantRecord) {
  return {
    accuracyThresholdPercent: Math.round(assistant.settings.accuracyThreshold * 100 * 1e6) / 1e6,
    notificationEmails: assistant.settings.notificationEmails,
    defaults: { accuracyThresholdPercent: DEFAULT_ACCURACY_THRESHOLD * 100 },
    guidance: {
      accuracyThresholdPercent: ACCURACY_THRESHOLD_GUIDANCE,
      notificationEmails: 'These addresses get an e-mail when a training starts, succeeds (version, duration, warnings) or fails (the reasons).',
    },
  };
}

export function registerSettingsRoutes(scope: FastifyInstance, platform: Platform): void {
  const url = '/servers/:server/assistants/:language/settings';
  scope.get<{ Params: { server: string; language: string } }>(
    url,
    { schema: { summary: 'The assistant settings (Configurações), with guidance', params: assistantParams, response: { 200: settingsSchema, ...errorResponses } } },
    async (request) => settingsView(await findAssistant(platform, request.params)),
  );
  scope.patch<{ Params: { server: string; language: string }; Body: { accuracyThresholdPercent?: number; notificationEmails?: string[] } }>(
    url,
    {
      schema: {
        summary: 'Change the accuracy threshold (0–100 %) or the notification e-mails',
        params: assistantParams,
        body: {
          type: 'object',
          properties: {
            accuracyThresholdPercent: { type: 'number', minimum: 0, maximum: 100 },
            notificationEmails: { type: 'array', items: { type: 'string', maxLength: 254 }, maxItems: 50 },
          },
          additionalProperties: false,
        },
        response: { 200: settingsSchema, ...errorResponses },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const { accuracyThresholdPercent, notificationEmails } = request.body;
      const emails = notificationEmails?.map((email) => email.trim());
      const bad = emails?.findIndex((email) => !isEmailAddress(email)) ?? -1;
      if (emails && bad >= 0) {
        throw new AdminApiError(400, 'invalid', `notificationEmails[${bad}] "${emails[bad]}" is not an e-mail address (name@domain.example)`, `notificationEmails.${bad}`);
      }
      const updated = await platform.store.assistants.updateSettings(assistant.id, {
        ...(accuracyThresholdPercent === undefined ? {} : { accuracyThreshold: accuracyThresholdPercent / 100 }),
        ...(emails === undefined ? {} : { notificationEmails: emails }),
      });
      platform.hosts.invalidate();
      return settingsView(updated);
    },
  );
}
