// The Telegram channel's per-assistant settings. Sealed secrets: the bot token the admin sets
// (write-only, shown as set / not set) and the webhook's secret token, generated each time the
// webhook is set (./webhook-setup.ts), never by reading. Not secret, in the channel's own record
// (store.channels): where the webhook was last set and when, and the answer to messages that are
// not text.
import type { AssistantRecord } from '../../store/store.js';
import { storeValidationError } from '../../store/store-errors.js';
import { readSecret, secretStates, writeSecret, type SecretState, type SettingsAccess } from '../core/channel-secrets.js';
import { checkUnsupportedReply, unsupportedReplyOf } from '../core/unsupported-reply.js';

export const TELEGRAM = 'telegram';
export const TELEGRAM_BOT_TOKEN = 'telegram.bot_token';
export const TELEGRAM_WEBHOOK_SECRET = 'telegram.webhook_secret';
/** Set (sealed: the time and Telegram's reason) when Telegram refused the bot token (401/404); cleared by a new token. */
export const TELEGRAM_NEEDS_NEW_TOKEN = 'telegram.needs_new_token';

/** A bot token as BotFather gives it: the bot's id, a colon, a secret part. */
const BOT_TOKEN = /^\d{1,20}:[A-Za-z0-9_-]{10,200}$/;

export interface TelegramWebhookState {
  state: SecretState;
  /** The URL it was set to, and when (ISO 8601). */
  url: string | null;
  setAt: string | null;
}

export interface TelegramStatus {
  botToken: SecretState;
  webhook: TelegramWebhookState;
  /** Telegram refused the bot token: answers are not sent until a new one is set. */
  needsNewToken: boolean;
  unsupportedReply: string;
  unsupportedReplyIsDefault: boolean;
}

function webhookOf(settings: Record<string, unknown> | undefined): { url: string | null; setAt: string | null } {
  const webhook = settings?.['webhook'];
  if (typeof webhook !== 'object' || webhook === null) return { url: null, setAt: null };
  const { url, setAt } = webhook as { url?: unknown; setAt?: unknown };
  return { url: typeof url === 'string' ? url : null, setAt: typeof setAt === 'string' ? setAt : null };
}

/** What the Integrações panel shows. Reading never creates anything. */
export async function telegramStatus(access: SettingsAccess, assistant: AssistantRecord): Promise<TelegramStatus> {
  const states = await secretStates(access, assistant, { botToken: TELEGRAM_BOT_TOKEN, webhookSecret: TELEGRAM_WEBHOOK_SECRET, needsNewToken: TELEGRAM_NEEDS_NEW_TOKEN });
  const record = await access.store.channels.settings(assistant.id, TELEGRAM);
  const reply = unsupportedReplyOf(record?.settings, assistant.language);
  const webhook = webhookOf(record?.settings);
  return {
    botToken: states.botToken,
    webhook: { state: states.webhookSecret, url: states.webhookSecret === 'set' ? webhook.url : null, setAt: states.webhookSecret === 'set' ? webhook.setAt : null },
    needsNewToken: states.needsNewToken === 'set',
    unsupportedReply: reply.text,
    unsupportedReplyIsDefault: reply.isDefault,
  };
}

/** Changes the channel's record (the webhook's place, the answer to messages that are not text). */
export async function saveTelegramRecord(access: SettingsAccess, assistant: AssistantRecord, change: (settings: Record<string, unknown>) => void): Promise<void> {
  const record = await access.store.channels.settings(assistant.id, TELEGRAM);
  const settings = { ...record?.settings };
  change(settings);
  await access.store.channels.saveSettings(assistant.id, TELEGRAM, { address: null, settings });
}

/**
 * Sets what is given (an empty bot token removes it). A different bot token ends the webhook
 * set for the previous bot (its secret is dropped: set the webhook again) and the "needs a new
 * token" state.
 */
export async function setUpTelegram(
  access: SettingsAccess,
  assistant: AssistantRecord,
  changes: { botToken?: string | undefined; unsupportedReply?: string | null | undefined },
): Promise<TelegramStatus> {
  const botToken = changes.botToken?.trim();
  if (botToken !== undefined && botToken !== '' && !BOT_TOKEN.test(botToken)) {
    throw storeValidationError('botToken must be the token BotFather gave, such as 123456789:AAE…', 'botToken', 'bot_token');
  }
  const unsupportedReply = changes.unsupportedReply === undefined ? undefined : checkUnsupportedReply(changes.unsupportedReply);
  if (unsupportedReply !== undefined) {
    await saveTelegramRecord(access, assistant, (settings) => {
      if (unsupportedReply === null) delete settings['unsupportedReply'];
      else settings['unsupportedReply'] = unsupportedReply;
    });
  }
  if (botToken !== undefined && botToken !== (await readSecret(access, assistant, TELEGRAM_BOT_TOKEN))) {
    await writeSecret(access, assistant, TELEGRAM_BOT_TOKEN, botToken);
    await access.store.secrets.delete(assistant.id, TELEGRAM_NEEDS_NEW_TOKEN);
    await access.store.secrets.delete(assistant.id, TELEGRAM_WEBHOOK_SECRET);
    await saveTelegramRecord(access, assistant, (settings) => delete settings['webhook']);
  }
  return telegramStatus(access, assistant);
}
