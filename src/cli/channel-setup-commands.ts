// The WhatsApp and Telegram parts of `helper integrations`: `set whatsapp`, `set telegram`,
// `telegram-webhook` and `whatsapp-verify-token`, and their sections of the printed values. The
// same settings functions as the admin API (src/channels/*/…-settings.ts), so both agree.
import type { IntegrationValues } from '../admin-api/integrations/integration-values.js';
import { channelCallbackUrl, configuredBase } from '../server/public-addresses.js';
import { setUpTelegram } from '../channels/telegram/telegram-settings.js';
import { setTelegramWebhook } from '../channels/telegram/webhook-setup.js';
import { rotateWhatsAppVerifyToken, setUpWhatsApp, whatsAppStatus } from '../channels/whatsapp/whatsapp-settings.js';
import type { Platform } from '../platform.js';
import type { AssistantRecord } from '../store/store.js';
import type { CliIo } from './cli-context.js';

export interface ChannelSetupOptions {
  appSecret?: string;
  accessToken?: string;
  phoneNumberId?: string;
  botToken?: string;
  unsupportedReply?: string;
  defaultUnsupportedReply?: boolean;
  url?: string;
  rotate: boolean;
}

/** `--unsupported-reply TEXT` (empty: no answer) or `--default-unsupported-reply`. */
function unsupportedReplyChange(options: ChannelSetupOptions): { unsupportedReply?: string | null } {
  if (options.defaultUnsupportedReply) return { unsupportedReply: null };
  return options.unsupportedReply === undefined ? {} : { unsupportedReply: options.unsupportedReply };
}

export async function setWhatsAppCommand(io: CliIo, platform: Platform, assistant: AssistantRecord, options: ChannelSetupOptions): Promise<void> {
  const changes = { appSecret: options.appSecret, accessToken: options.accessToken, phoneNumberId: options.phoneNumberId, ...unsupportedReplyChange(options) };
  if (Object.values(changes).every((value) => value === undefined)) {
    throw new Error('usage: helper integrations set whatsapp --app-secret S --access-token T --phone-number-id ID [--unsupported-reply TEXT]');
  }
  const status = await setUpWhatsApp(platform, assistant, changes);
  io.out(`WhatsApp: app secret ${status.appSecret}, access token ${status.accessToken}, phone number id ${status.phoneNumberId ?? 'not set'}`);
  io.out(`  Callback URL: ${channelCallbackUrl(configuredBase(platform.config), assistant, 'whatsapp')}`);
  io.out(`  Verify Token: ${status.verifyToken ?? ''}`);
}

export async function setTelegramCommand(io: CliIo, platform: Platform, assistant: AssistantRecord, options: ChannelSetupOptions): Promise<void> {
  const changes = { botToken: options.botToken, ...unsupportedReplyChange(options) };
  if (Object.values(changes).every((value) => value === undefined)) throw new Error('usage: helper integrations set telegram --bot-token T [--unsupported-reply TEXT]');
  const status = await setUpTelegram(platform, assistant, changes);
  io.out(`Telegram: bot token ${status.botToken}, webhook ${status.webhook.state}`);
  if (status.botToken === 'set' && status.webhook.state === 'not set') io.out('  next: helper integrations telegram-webhook (Telegram then sends the updates here)');
}

/** Calls setWebhook; resolves with the exit code. */
export async function telegramWebhookCommand(io: CliIo, platform: Platform, assistant: AssistantRecord, options: ChannelSetupOptions): Promise<number> {
  const url = options.url ?? channelCallbackUrl(configuredBase(platform.config), assistant, 'telegram');
  if (!/^https:\/\/\S+$/.test(url)) throw new Error('the webhook URL must be an https:// URL (Telegram calls only HTTPS)');
  const result = await setTelegramWebhook(platform, platform.config.telegramApi, assistant, url);
  if (!result.ok) {
    io.err(`helper: ${result.message}`);
    return 1;
  }
  io.out(`Telegram webhook set: ${url} (with a new secret token)`);
  return 0;
}

export async function whatsAppVerifyTokenCommand(io: CliIo, platform: Platform, assistant: AssistantRecord, options: ChannelSetupOptions): Promise<void> {
  const current = (await whatsAppStatus(platform, assistant)).verifyToken;
  if (current !== null && !options.rotate) return io.out(current);
  if (current === null && !options.rotate) throw new Error('WhatsApp is not set up yet: helper integrations set whatsapp … makes the verify token');
  io.out(await rotateWhatsAppVerifyToken(platform, assistant));
}

export function printChannelValues(io: CliIo, values: IntegrationValues): void {
  const { whatsapp, telegram } = values;
  const reply = (text: string, isDefault: boolean) => (text === '' ? '(none: such messages are only recorded)' : `${text}${isDefault ? ' (default)' : ''}`);
  io.out('\nWhatsApp');
  io.out(`  Callback URL: ${whatsapp.callbackUrl}`);
  io.out(`  Verify Token: ${whatsapp.verifyToken ?? 'not set (helper integrations set whatsapp … makes it)'}`);
  io.out(`  Phone number id: ${whatsapp.phoneNumberId ?? 'not set'}`);
  io.out(`  App Secret: ${whatsapp.appSecret}`);
  io.out(`  Access Token: ${whatsapp.accessToken}`);
  io.out(`  Answer to messages that are not text: ${reply(whatsapp.unsupportedReply, whatsapp.unsupportedReplyIsDefault)}`);
  if (whatsapp.needsNewToken) io.out('  warning: Meta refused the access token (error 190); answers are not sent until a new one is set (helper integrations set whatsapp --access-token …)');
  io.out('\nTelegram');
  io.out(`  Callback URL: ${telegram.callbackUrl}`);
  io.out(`  Bot Token: ${telegram.botToken}`);
  io.out(`  Webhook: ${telegram.webhook.state === 'set' ? `set to ${telegram.webhook.url ?? ''} at ${telegram.webhook.setAt ?? ''}` : 'not set (helper integrations telegram-webhook)'}`);
  io.out(`  Answer to messages that are not text: ${reply(telegram.unsupportedReply, telegram.unsupportedReplyIsDefault)}`);
  if (telegram.needsNewToken) io.out('  warning: Telegram refused the bot token; answers are not sent until a new one is set (helper integrations set telegram --bot-token …)');
}
