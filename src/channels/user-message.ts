// What Rasa's REST-like channels (rest, callback) take from a client: `{sender?, message,
// metadata?}`. One schema and one reading, so both answer bad input the same way.
import { RasaHttpError } from '../server/rasa-error.js';

export interface UserMessageBody {
  sender?: string | number;
  message: string;
  metadata?: Record<string, unknown> | null;
}

/** JSON-schema properties of the body, for the route schemas (validation, OpenAPI). */
export const userMessageProperties = {
  sender: { type: ['string', 'number'], minLength: 1, maxLength: 256, description: 'The conversation id; default "default"' },
  message: { type: 'string', maxLength: 10_000 },
  metadata: { type: ['object', 'null'], additionalProperties: true },
} as const;

/** The trimmed text (never empty), the sender as a string, and the metadata. */
export function readUserMessage(body: UserMessageBody): { sender: string; text: string; metadata: Record<string, unknown> } {
  const text = body.message.trim();
  if (text === '') throw new RasaHttpError(400, 'BadRequest', 'message is empty', { parameter: 'message', in: 'body' });
  return { sender: body.sender === undefined ? 'default' : String(body.sender), text, metadata: body.metadata ?? {} };
}
