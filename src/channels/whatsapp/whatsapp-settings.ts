// The WhatsApp channel's per-assistant settings. Sealed secrets: the Meta app's secret and the
// access token (a system user's token) the admin sets — write-only, shown as set / not set — and
// the verify token of Meta's webhook handshake, generated when the channel is set up (or rotated
// on request), never by reading. Not secret, in the channel's own record (store.channels): the
// phone number id, which routes Meta's notifications to this assistant (one assistant per number),
// and the answer to messages that are not text.
import type { AssistantRecord } from '../../store/store.js';
import { storeValidationError, type StoreValidationError } from '../../store/store-errors.js';
import { generateSecret, readSecret, secretStates, writeSecret, type SecretState, type SettingsAccess } from '../core/channel-secrets.js';
import { checkUnsupportedReply, unsupportedReplyOf } from '../core/unsupported-reply.js';

export const WHATSAPP = 'whatsapp';
export const WHATSAPP_APP_SECRET = 'whatsapp.app_secret';
export const WHATSAPP_ACCESS_TOKEN = 'whatsapp.access_token';
export const WHATSAPP_VERIFY_TOKEN = 'whatsapp.verify_token';
/** Set (sealed: the time and Meta's reason) when Meta refused the access token (code 190); cleared by a new token. */
export const WHATSAPP_NEEDS_NEW_TOKEN = 'whatsapp.needs_new_token';

const PHONE_NUMBER_ID = /^\d{1,32}$/;

export interface WhatsAppStatus {
  /** Meta's id of the business phone number (not the number itself); null until set. */
  phoneNumberId: string | null;
  /** The verify token to paste into Meta's dashboard; null until the channel is set up. */
  verifyToken: string | null;
  appSecret: SecretState;
  accessToken: SecretState;
  /** Meta refused the access token (code 190): answers are not sent until a new one is set. */
  needsNewToken: boolean;
  /** The answer to messages that are not text ('' for none) and whether it is the default one. */
  unsupportedReply: string;
  unsupportedReplyIsDefault: boolean;
}

export interface WhatsAppChanges {
  appSecret?: string | undefined;
  accessToken?: string | undefined;
  /** An empty string removes it. */
  phoneNumberId?: string | undefined;
  /** null: back to the default answer; '': no answer. */
  unsupportedReply?: string | null | undefined;
}

function invalid(field: string, message: string): StoreValidationError {
  return storeValidationError(message, field, 'phone_number_id');
}

/** What the Integrações panel shows. Reading never creates anything. */
export async function whatsAppStatus(access: SettingsAccess, assistant: AssistantRecord): Promise<WhatsAppStatus> {
  const states = await secretStates(access, assistant, { appSecret: WHATSAPP_APP_SECRET, accessToken: WHATSAPP_ACCESS_TOKEN, needsNewToken: WHATSAPP_NEEDS_NEW_TOKEN });
  const record = await access.store.channels.settings(assistant.id, WHATSAPP);
  const reply = unsupportedReplyOf(record?.settings, assistant.language);
  return {
    phoneNumberId: record?.address ?? null,
    verifyToken: (await readSecret(access, assistant, WHATSAPP_VERIFY_TOKEN)) ?? null,
    appSecret: states.appSecret,
    accessToken: states.accessToken,
    needsNewToken: states.needsNewToken === 'set',
    unsupportedReply: reply.text,
    unsupportedReplyIsDefault: reply.isDefault,
  };
}

/**
 * Sets what is given (an empty secret or phone number id removes it) and, the first time, makes
 * the verify token: setting the channel up is the administrator's explicit action. A phone number
 * id another assistant has is a StoreConflictError; a malformed one a StoreValidationError.
 */
export async function setUpWhatsApp(access: SettingsAccess, assistant: AssistantRecord, changes: WhatsAppChanges): Promise<WhatsAppStatus> {
  const phoneNumberId = changes.phoneNumberId?.trim();
  if (phoneNumberId !== undefined && phoneNumberId !== '' && !PHONE_NUMBER_ID.test(phoneNumberId)) {
    throw invalid('phoneNumberId', 'phoneNumberId must be the digits of the phone number id Meta shows (WhatsApp › API Setup), not the phone number');
  }
  const unsupportedReply = changes.unsupportedReply === undefined ? undefined : checkUnsupportedReply(changes.unsupportedReply);
  if (phoneNumberId !== undefined || unsupportedReply !== undefined) {
    const record = await access.store.channels.settings(assistant.id, WHATSAPP);
    const settings = { ...record?.settings };
    if (unsupportedReply === null) delete settings['unsupportedReply'];
    else if (unsupportedReply !== undefined) settings['unsupportedReply'] = unsupportedReply;
    const address = phoneNumberId === undefined ? (record?.address ?? null) : phoneNumberId === '' ? null : phoneNumberId;
    await access.store.channels.saveSettings(assistant.id, WHATSAPP, { address, settings });
  }
  if (changes.appSecret !== undefined) await writeSecret(access, assistant, WHATSAPP_APP_SECRET, changes.appSecret);
  if (changes.accessToken !== undefined) {
    await writeSecret(access, assistant, WHATSAPP_ACCESS_TOKEN, changes.accessToken);
    // A new (or removed) token ends the "needs a new token" state.
    await access.store.secrets.delete(assistant.id, WHATSAPP_NEEDS_NEW_TOKEN);
  }
  if ((await access.store.secrets.get(assistant.id, WHATSAPP_VERIFY_TOKEN)) === undefined) await generateSecret(access, assistant, WHATSAPP_VERIFY_TOKEN);
  return whatsAppStatus(access, assistant);
}

/** A new verify token (Meta checks it again at the next subscription). */
export function rotateWhatsAppVerifyToken(access: SettingsAccess, assistant: AssistantRecord): Promise<string> {
  return generateSecret(access, assistant, WHATSAPP_VERIFY_TOKEN);
}
