// The Messenger channel's per-assistant settings, sealed at rest like every secret: the app secret
// and the Page access token the admin sets (write-only, shown as set/not set), and the verify token
// for Meta's webhook handshake, which the platform generates when an administrator asks for one
// (and again to rotate it) — never on a read: without it the handshake is refused. Not secret, in
// the channel's own record (store.channels): the payload of the Page's Get Started button, which
// opens the conversation (../core/conversation-opening.ts), and the answer to messages that are not
// text (a photo, a sticker: ../core/unsupported-reply.ts).
import { randomBytes } from 'node:crypto';
import type { SecretBox } from '../../secrets/secret-box.js';
import type { AssistantRecord, Store } from '../../store/store.js';
import { storeValidationError } from '../../store/store-errors.js';
import { checkUnsupportedReply, unsupportedReplyOf } from '../core/unsupported-reply.js';

export const FACEBOOK = 'facebook';
/** The Get Started payload when none is set: what Meta's examples and most Pages use. */
export const DEFAULT_GET_STARTED_PAYLOAD = 'GET_STARTED';
/** Meta's limit for a postback's payload. */
export const GET_STARTED_PAYLOAD_MAX_LENGTH = 1000;

export const FACEBOOK_APP_SECRET = 'facebook.app_secret';
export const FACEBOOK_PAGE_ACCESS_TOKEN = 'facebook.page_access_token';
export const FACEBOOK_VERIFY_TOKEN = 'facebook.verify_token';
/**
 * Set (sealed, the time and Meta's reason) when the Send API answered 190: the Page access token is
 * invalid or expired. Cleared when a new Page access token is set.
 */
export const FACEBOOK_NEEDS_NEW_TOKEN = 'facebook.needs_new_token';

interface SettingsAccess {
  store: Store;
  secrets: SecretBox;
}

export interface FacebookStatus {
  /** Undefined until an administrator creates one. */
  verifyToken: string | undefined;
  appSecret: 'set' | 'not set';
  pageAccessToken: 'set' | 'not set';
  /** Meta refused the Page access token (error 190): set a new one. */
  needsNewToken: boolean;
  /** The payload of the Page's Get Started button: a postback with it opens the conversation. */
  getStartedPayload: string;
  getStartedPayloadIsDefault: boolean;
  /** The answer to messages that are not text ('' for none) and whether it is the default one. */
  unsupportedReply: string;
  unsupportedReplyIsDefault: boolean;
}

/** The Get Started payload of the channel record's settings (`getStartedPayload`), or the default. */
export function getStartedPayloadOf(settings: Record<string, unknown> | undefined): { payload: string; isDefault: boolean } {
  const set = settings?.['getStartedPayload'];
  return typeof set === 'string' && set !== '' ? { payload: set, isDefault: false } : { payload: DEFAULT_GET_STARTED_PAYLOAD, isDefault: true };
}

/** Sets the Get Started payload (trimmed); an empty one goes back to the default. */
export async function setFacebookGetStartedPayload(access: SettingsAccess, assistant: AssistantRecord, value: string): Promise<void> {
  const payload = value.trim();
  if (payload.length > GET_STARTED_PAYLOAD_MAX_LENGTH) {
    throw storeValidationError(`getStartedPayload has more than ${GET_STARTED_PAYLOAD_MAX_LENGTH} characters`, 'getStartedPayload', 'too_long', { max: GET_STARTED_PAYLOAD_MAX_LENGTH });
  }
  if (payload.startsWith('/')) {
    throw storeValidationError('getStartedPayload must not start with "/": a /intent payload already triggers its intent, and /get_started or /start opens the conversation anyway', 'getStartedPayload', 'intent_payload_not_allowed');
  }
  const record = await access.store.channels.settings(assistant.id, FACEBOOK);
  const settings = { ...record?.settings };
  if (payload === '' || payload === DEFAULT_GET_STARTED_PAYLOAD) delete settings['getStartedPayload'];
  else settings['getStartedPayload'] = payload;
  await access.store.channels.saveSettings(assistant.id, FACEBOOK, { address: record?.address ?? null, settings });
}

/** Sets the answer to messages that are not text: null goes back to the default, '' is no answer. */
export async function setFacebookUnsupportedReply(access: SettingsAccess, assistant: AssistantRecord, value: string | null): Promise<void> {
  const reply = checkUnsupportedReply(value);
  const record = await access.store.channels.settings(assistant.id, FACEBOOK);
  const settings = { ...record?.settings };
  if (reply === null) delete settings['unsupportedReply'];
  else settings['unsupportedReply'] = reply;
  await access.store.channels.saveSettings(assistant.id, FACEBOOK, { address: record?.address ?? null, settings });
}

/** The verify token to paste into Meta's dashboard, or undefined while there is none. */
export async function facebookVerifyToken(access: SettingsAccess, assistant: AssistantRecord): Promise<string | undefined> {
  const sealed = await access.store.secrets.get(assistant.id, FACEBOOK_VERIFY_TOKEN);
  return sealed === undefined ? undefined : access.secrets.decrypt(sealed, { assistantId: assistant.id, name: FACEBOOK_VERIFY_TOKEN });
}

/** A new verify token (the first one, or a replacement: Meta checks it again on the next subscription). */
export async function rotateFacebookVerifyToken(access: SettingsAccess, assistant: AssistantRecord): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await access.store.secrets.set(assistant.id, FACEBOOK_VERIFY_TOKEN, access.secrets.encrypt(token, { assistantId: assistant.id, name: FACEBOOK_VERIFY_TOKEN }));
  return token;
}

/** Sets what is given; an empty string removes that value. */
export async function setFacebookSecrets(
  access: SettingsAccess,
  assistant: AssistantRecord,
  values: { appSecret?: string | undefined; pageAccessToken?: string | undefined },
): Promise<void> {
  for (const [name, value] of [
    [FACEBOOK_APP_SECRET, values.appSecret],
    [FACEBOOK_PAGE_ACCESS_TOKEN, values.pageAccessToken],
  ] as const) {
    if (value === undefined) continue;
    const trimmed = value.trim();
    if (trimmed === '') await access.store.secrets.delete(assistant.id, name);
    else await access.store.secrets.set(assistant.id, name, access.secrets.encrypt(trimmed, { assistantId: assistant.id, name }));
    // A new (or removed) Page access token ends the "needs a new token" state.
    if (name === FACEBOOK_PAGE_ACCESS_TOKEN) await access.store.secrets.delete(assistant.id, FACEBOOK_NEEDS_NEW_TOKEN);
  }
}

/** What the Integrações panel shows: the verify token (if any) and the secrets as set/not set. */
export async function facebookStatus(access: SettingsAccess, assistant: AssistantRecord): Promise<FacebookStatus> {
  const names = new Set(await access.store.secrets.names(assistant.id));
  const settings = (await access.store.channels.settings(assistant.id, FACEBOOK))?.settings;
  const getStarted = getStartedPayloadOf(settings);
  const reply = unsupportedReplyOf(settings, assistant.language);
  return {
    verifyToken: await facebookVerifyToken(access, assistant),
    appSecret: names.has(FACEBOOK_APP_SECRET) ? 'set' : 'not set',
    pageAccessToken: names.has(FACEBOOK_PAGE_ACCESS_TOKEN) ? 'set' : 'not set',
    needsNewToken: names.has(FACEBOOK_NEEDS_NEW_TOKEN),
    getStartedPayload: getStarted.payload,
    getStartedPayloadIsDefault: getStarted.isDefault,
    unsupportedReply: reply.text,
    unsupportedReplyIsDefault: reply.isDefault,
  };
}
