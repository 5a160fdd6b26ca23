// What a web chat sends (reference/rasa-protocol.md §5): `session_request {session_id}` and
// `user_uttered {message, session_id, customData | metadata}`. Read and checked here, so a bad event
// gets an answer naming the field instead of a silent drop.
import { metadataProblem } from '../user-message.js';

export const MAX_SESSION_ID_LENGTH = 256;
export const MAX_MESSAGE_LENGTH = 10_000;

export interface InputProblem {
  field: string;
  message: string;
}

export type Read<T> = { ok: true; value: T } | { ok: false; problem: InputProblem };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function problem(field: string, message: string): { ok: false; problem: InputProblem } {
  return { ok: false, problem: { field, message } };
}

/** A session id as the client gave it (a number becomes a string), or undefined when null or missing. */
function readSessionId(value: unknown): Read<string | undefined> {
  if (value === undefined || value === null) return { ok: true, value: undefined };
  if (typeof value !== 'string' && typeof value !== 'number') return problem('session_id', 'must be a string');
  const id = String(value);
  if (id === '' || id.length > MAX_SESSION_ID_LENGTH) return problem('session_id', `must have 1 to ${MAX_SESSION_ID_LENGTH} characters`);
  return { ok: true, value: id };
}

/** `session_request`: the id the client asks for, undefined for a null or missing one (the channel decides what to confirm). */
export function readSessionRequest(data: unknown): Read<string | undefined> {
  return readSessionId(isRecord(data) ? data['session_id'] : undefined);
}

export interface UserUttered {
  /** The session id the client named (the sender when session persistence is on). */
  sessionId: string | undefined;
  text: string;
  metadata: Record<string, unknown>;
}

/**
 * `user_uttered`: the trimmed message, the session id and the metadata. Webchat's `customData` is the
 * message's metadata (Rasa's `metadata_key: customData`); Rasa's default key `metadata` is read too.
 * Either may be an object or a JSON string of one.
 */
export function readUserUttered(data: unknown): Read<UserUttered> {
  if (!isRecord(data)) return problem('message', 'user_uttered must be an object {message, session_id, customData}');
  const message = data['message'];
  if (typeof message !== 'string') return problem('message', 'must be a string');
  // As Rasa (and our REST channel): a message blank after trimming is a message, the empty text,
  // answered as one the assistant does not understand.
  const text = message.trim();
  if (text.length > MAX_MESSAGE_LENGTH) return problem('message', `must have at most ${MAX_MESSAGE_LENGTH} characters`);
  const sessionId = readSessionId(data['session_id']);
  if (!sessionId.ok) return sessionId;
  const field = data['customData'] !== undefined && data['customData'] !== null ? 'customData' : 'metadata';
  const metadata = readMetadata(data[field]);
  if (metadata === null) return problem(field, 'must be an object or a JSON string of one');
  const tooLarge = metadataProblem(metadata);
  if (tooLarge !== undefined) return problem(field, tooLarge);
  return { ok: true, value: { sessionId: sessionId.value, text, metadata } };
}

function readMetadata(value: unknown): Record<string, unknown> | null {
  if (value === undefined || value === null) return {};
  if (isRecord(value)) return value;
  if (typeof value !== 'string') return null;
  if (value.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(value);
    return isRecord(parsed) ? parsed : null;
  } catch {
    return null;
  }
}
