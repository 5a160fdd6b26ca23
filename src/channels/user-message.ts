// What Rasa's REST-like channels (rest, callback) take from a client: `{sender?, message,
// metadata?}`. One schema and one reading, so both answer bad input the same way.
import { jsonBoundsProblem, MAX_JSON_BYTES, MAX_JSON_DEPTH, toWellFormed } from '../assistant/json-bounds.js';
import { RasaHttpError } from '../server/rasa-error.js';
import type { Store } from '../store/store.js';

export interface UserMessageBody {
  sender?: string | number | null;
  message: string;
  metadata?: Record<string, unknown> | null;
}

/**
 * The most a message's metadata may take, as JSON (UTF-8 bytes): it is stored on the user event and,
 * when it starts a session, in a slot, by anyone who may send a message; a web chat's customData
 * (language, a user's name and id) is a few hundred bytes.
 */
export const MAX_METADATA_BYTES = MAX_JSON_BYTES;

/**
 * Why a message's metadata is refused (too large, or lists and objects nested deeper than
 * MAX_JSON_DEPTH), or undefined when it is taken: the bounds of every free-form value stored.
 */
export function metadataProblem(metadata: Record<string, unknown>): string | undefined {
  return jsonBoundsProblem(metadata, { maxBytes: MAX_METADATA_BYTES, maxDepth: MAX_JSON_DEPTH })?.message;
}

/** JSON-schema properties of the body, for the route schemas (validation, OpenAPI). */
export const userMessageProperties = {
  sender: { type: ['string', 'number', 'null'], minLength: 1, maxLength: 256, description: 'The conversation id; missing or null: "default" (as Rasa)' },
  message: { type: 'string', maxLength: 10_000 },
  metadata: { type: ['object', 'null'], additionalProperties: true, description: `at most ${MAX_METADATA_BYTES} bytes as JSON, lists and objects at most ${MAX_JSON_DEPTH} levels deep` },
} as const;

/**
 * The trimmed text, the sender as a string, and the metadata. A message empty once trimmed is
 * taken, as Rasa's UserMessage takes it: the engine answers it as a message it does not understand.
 */
export function readUserMessage(body: UserMessageBody): { sender: string; text: string; metadata: Record<string, unknown> } {
  // A lone surrogate (a JSON escape such as "\ud800") is not Unicode: a message is no identifier,
  // so it is taken with U+FFFD in its place, as the store would keep it anyway, rather than refused.
  const text = toWellFormed(body.message).trim();
  const metadata = body.metadata ?? {};
  const problem = metadataProblem(metadata);
  if (problem !== undefined) throw new RasaHttpError(400, 'BadRequest', `metadata ${problem}`, { parameter: 'metadata', in: 'body' });
  return { sender: body.sender === undefined || body.sender === null ? 'default' : toWellFormed(String(body.sender)), text, metadata };
}

/** The push channels whose senders the platform verifies (their webhooks are signed); their ids are numbers. */
const VERIFIED_CHANNELS = ['whatsapp', 'telegram', 'facebook'];

/**
 * A REST-like channel takes any `sender` from its client: it must not write to (and read the
 * answers, agents' replies and contexts of) a conversation of a user a push channel verified — a
 * phone number on WhatsApp, a chat on Telegram, a PSID on Messenger. Those ids are numbers, so only
 * a numeric sender is looked up; one a push channel knows is refused with 403.
 */
export async function refuseVerifiedSender(records: Pick<Store['channels'], 'isContactOf'>, assistantId: number, sender: string): Promise<void> {
  if (!/^-?\d+$/.test(sender)) return;
  if (await records.isContactOf(assistantId, VERIFIED_CHANNELS, sender)) {
    throw new RasaHttpError(403, 'NotAuthorized', 'this conversation belongs to a channel that verifies its users: this channel cannot write to it', { parameter: 'sender', in: 'body' });
  }
}
