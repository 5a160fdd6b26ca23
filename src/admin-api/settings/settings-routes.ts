// Admin routes of Configurações: the accuracy threshold (in percent), the e-mails told about
// trainings, and the action endpoint of `action` skills (its URL, and a token that is written,
// sealed, and never read back: the answer says only whether one is set). A new threshold applies to the next messages without a training (every app process
// re-reads the assistant within 2 s).
import type { FastifyInstance } from 'fastify';
import { ACTION_ENDPOINT_TOKEN_SECRET, actionEndpointUrlProblem, MAX_ACTION_ENDPOINT_TOKEN_LENGTH, MAX_ACTION_ENDPOINT_URL_LENGTH } from '../../actions/action-endpoint.js';
import { DEFAULT_ACCURACY_THRESHOLD, isEmailAddress, MAX_GREETING_LENGTH } from '../../assistant/content.js';
import { originOf } from '../../outbound/origin.js';
import type { Platform } from '../../platform.js';
import type { AssistantRecord } from '../../store/store.js';
import { AdminApiError, assistantParams, errorResponses, findAssistant, invalidProblems } from '../admin-scope.js';
import { problem, type ApiProblem } from '../problem-codes.js';
import { readOnlyKeysBeside } from '../read-only-keys.js';

export const ACCURACY_THRESHOLD_GUIDANCE =
  'When the NLU is less sure than this of the best intent, the message is not understood (intent nlu_fallback) and the fallback skill answers. ' +
  `The documented default is ${DEFAULT_ACCURACY_THRESHOLD * 100} %: raise it when the assistant answers with the wrong intent, lower it when it falls back on messages it should understand. ` +
  'It applies at once, without a training.';

const settingsSchema = {
  type: 'object',
  properties: {
    accuracyThresholdPercent: { type: 'number', minimum: 0, maximum: 100 },
    notificationEmails: { type: 'array', items: { type: 'string' } },
    actionEndpointUrl: { type: 'string', description: "the action server's URL that action skills call; empty without one" },
    actionEndpointTokenStatus: { type: 'string', enum: ['set', 'not set'], description: 'the token itself is write-only' },
    greeting: { type: 'string', description: "what the web chat says when a new conversation opens, and the answer to Telegram's /start and Messenger's Get Started (unless the assistant has an intent named start); empty: nothing" },
    defaults: { type: 'object', properties: { accuracyThresholdPercent: { type: 'number' } } },
    guidance: { type: 'object', properties: { accuracyThresholdPercent: { type: 'string' }, notificationEmails: { type: 'string' }, actionEndpointUrl: { type: 'string' }, greeting: { type: 'string' } } },
  },
  required: ['accuracyThresholdPercent', 'notificationEmails', 'actionEndpointUrl', 'actionEndpointTokenStatus', 'greeting'],
} as const;

const settingsBodyProperties = {
  // 0 to 100, checked below with the e-mails and the URL, so a form learns every problem at once.
  accuracyThresholdPercent: { type: 'number' },
  notificationEmails: { type: 'array', items: { type: 'string', maxLength: 254 }, maxItems: 50 },
  actionEndpointUrl: { type: 'string', maxLength: MAX_ACTION_ENDPOINT_URL_LENGTH },
  actionEndpointToken: { type: 'string', maxLength: MAX_ACTION_ENDPOINT_TOKEN_LENGTH, description: 'write-only; sealed at rest; empty removes it', writeOnly: true },
  greeting: { type: 'string', maxLength: MAX_GREETING_LENGTH, description: 'empty removes it' },
} as const;

async function settingsView(platform: Platform, assistant: AssistantRecord) {
  const token = await platform.store.secrets.get(assistant.id, ACTION_ENDPOINT_TOKEN_SECRET);
  return {
    accuracyThresholdPercent: Math.round(assistant.settings.accuracyThreshold * 100 * 1e6) / 1e6,
    notificationEmails: assistant.settings.notificationEmails,
    actionEndpointUrl: assistant.settings.actionEndpointUrl ?? '',
    actionEndpointTokenStatus: token === undefined ? 'not set' : 'set',
    greeting: assistant.settings.greeting ?? '',
    defaults: { accuracyThresholdPercent: DEFAULT_ACCURACY_THRESHOLD * 100 },
    guidance: {
      accuracyThresholdPercent: ACCURACY_THRESHOLD_GUIDANCE,
      notificationEmails: 'These addresses get an e-mail when a training starts, succeeds (version, duration, warnings) or fails (the reasons).',
      actionEndpointUrl:
        "Rasa's action_endpoint: skills of kind action POST to it what Rasa 3.6 posts, and an existing rasa-sdk action server answers unchanged. The token, when set, goes in an Authorization: Bearer header.",
      greeting: 'The web chat (our widget, rasa-webchat) shows this text as the assistant\'s first message when a new conversation opens, before the user writes. It also answers Telegram\'s /start and Messenger\'s Get Started button, unless the assistant has an intent named start. Empty: no greeting (/start is then understood as the greeting word of the assistant\'s language).',
    },
  };
}

export function registerSettingsRoutes(scope: FastifyInstance, platform: Platform): void {
  const url = '/servers/:server/assistants/:language/settings';
  scope.get<{ Params: { server: string; language: string } }>(
    url,
    { schema: { summary: 'The assistant settings (Configurações), with guidance', params: assistantParams, response: { 200: settingsSchema, ...errorResponses } } },
    async (request) => settingsView(platform, await findAssistant(platform, request.params)),
  );
  scope.patch<{ Params: { server: string; language: string }; Body: { accuracyThresholdPercent?: number; notificationEmails?: string[]; actionEndpointUrl?: string; actionEndpointToken?: string; greeting?: string } }>(
    url,
    {
      schema: {
        summary: 'Change the accuracy threshold (0–100 %), the notification e-mails or the action endpoint (an empty URL or token removes it)',
        params: assistantParams,
        body: {
          type: 'object',
          properties: { ...settingsBodyProperties, ...readOnlyKeysBeside(settingsSchema, settingsBodyProperties) },
          additionalProperties: false,
        },
        response: { 200: settingsSchema, ...errorResponses },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const { accuracyThresholdPercent, notificationEmails, actionEndpointToken } = request.body;
      const actionEndpointUrl = request.body.actionEndpointUrl?.trim();
      const urlProblem = actionEndpointUrl === undefined || actionEndpointUrl === '' ? undefined : actionEndpointUrlProblem(actionEndpointUrl);
      // Every problem at once: the URL's and each e-mail's.
      const problems: ApiProblem[] = [];
      if (accuracyThresholdPercent !== undefined && accuracyThresholdPercent < 0) problems.push(problem('accuracyThresholdPercent', 'too_small', { min: 0 }));
      if (accuracyThresholdPercent !== undefined && accuracyThresholdPercent > 100) problems.push(problem('accuracyThresholdPercent', 'too_big', { max: 100 }));
      if (urlProblem !== undefined) problems.push(problem('actionEndpointUrl', 'not_url', undefined, urlProblem));
      // The token is sent to the address it was set for: a new address (another origin) needs it
      // given again (or empty), or an administrator could send it somewhere of their own. Removing
      // the address needs nothing (the token then waits for an address given with it).
      if (actionEndpointUrl !== undefined && actionEndpointUrl !== '' && actionEndpointToken === undefined && originOf(actionEndpointUrl) !== originOf(assistant.settings.actionEndpointUrl ?? '')) {
        if ((await platform.store.secrets.get(assistant.id, ACTION_ENDPOINT_TOKEN_SECRET)) !== undefined) problems.push(problem('actionEndpointToken', 'secret_for_other_address'));
      }
      const emails = notificationEmails?.map((email) => email.trim());
      emails?.forEach((email, index) => {
        if (!isEmailAddress(email)) problems.push(problem(`notificationEmails.${index}`, 'not_email', { value: email }, `notificationEmails[${index}] "${email}" is not an e-mail address (name@domain.example)`));
      });
      if (problems.length > 0) throw invalidProblems(problems);
      const updated = await platform.store.assistants.updateSettings(assistant.id, {
        ...(accuracyThresholdPercent === undefined ? {} : { accuracyThreshold: accuracyThresholdPercent / 100 }),
        ...(emails === undefined ? {} : { notificationEmails: emails }),
        ...(actionEndpointUrl === undefined ? {} : { actionEndpointUrl }),
        ...(request.body.greeting === undefined ? {} : { greeting: request.body.greeting }),
      });
      const token = actionEndpointToken?.trim();
      if (token === '') await platform.store.secrets.delete(assistant.id, ACTION_ENDPOINT_TOKEN_SECRET);
      else if (token !== undefined) {
        await platform.store.secrets.set(assistant.id, ACTION_ENDPOINT_TOKEN_SECRET, platform.secrets.encrypt(token, { assistantId: assistant.id, name: ACTION_ENDPOINT_TOKEN_SECRET }));
      }
      platform.hosts.invalidate();
      return settingsView(platform, updated);
    },
  );
}
