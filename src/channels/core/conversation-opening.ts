// A conversation's opening: Telegram's `/start` (and `/start <param>` from a deep link
// t.me/<bot>?start=<param>), Messenger's Get Started button, and a web chat's or an own system's
// opening payload (`/get_started`, rasa-webchat's usual `initPayload`, or `/start`) naming an intent
// the assistant does not have. Taken as text, they reach the NLU as `/start`, `GET_STARTED` or
// `/get_started` and the user's very first answer is the fallback. What an opening means, the
// first that applies:
//   1. its parameter (a deep link's; Messenger: the get-started payload) names an intent the model
//      knows → that intent (a link straight to a topic);
//   2. the model knows an intent named `start` → that intent;
//   3. the assistant has a greeting (settings.greeting, what the web chat says when a conversation
//      opens) → that greeting, recorded as the bot's answer: a channel's own answer (no NLU, no
//      dialogue, never a fallback), the message recorded with the intent `start`; a dialogue that
//      was asking ends, as it does for the other rules;
//   4. otherwise → the greeting word of the assistant's language ("oi", "hi", "hola"), so the
//      assistant answers what it answers to a greeting.
// The user event keeps what the user sent (`/start`, the payload): see the engine's Turn.understoodAs.
import type { ParseResult } from '../../nlu/types.js';
import type { BotMessage } from '../../skills/bot-message.js';
import type { AssistantRecord } from '../../store/store.js';
import type { ChannelContext } from '../channel.js';
import { channelPhrases } from './channel-phrases.js';

/** The intent an opening is, when the model knows it (and the one recorded when the greeting answers it). */
export const START_INTENT = 'start';

/** The parts of a turn for an opening: what it is understood as, or the greeting as the channel's answer. */
export interface Opening {
  understoodAs?: string;
  answer?: BotMessage;
  parseData?: ParseResult;
  /** Set with `answer`: the greeting answers an opening, so a dialogue that was asking ends (Turn.opening). */
  opening?: true;
}

export interface OpeningInput {
  /** What the user sent, as recorded. */
  text: string;
  /** A deep link's parameter, or Messenger's payload: an intent's name, or anything. */
  param?: string | undefined;
  /** The intents the assistant's current model knows. */
  intents: ReadonlySet<string>;
  greeting: string | undefined;
  language: string;
}

export function openingOf(input: OpeningInput): Opening {
  const { text, param, intents } = input;
  if (param !== undefined && intents.has(param)) return { understoodAs: `/${param}` };
  if (intents.has(START_INTENT)) return { understoodAs: `/${START_INTENT}` };
  const greeting = input.greeting?.trim();
  if (greeting) {
    const intent = { name: START_INTENT, confidence: 1 };
    return { answer: { text: greeting }, parseData: { text, intent, entities: [], intent_ranking: [intent] }, opening: true };
  }
  return { understoodAs: channelPhrases(input.language).greetingWord };
}

/** Payloads a web chat or an own system sends to open a conversation (rasa-webchat's `initPayload`). */
const OPENING_PAYLOAD = /^\/(get_started|start)$/;

/** The intent an opening payload names (`get_started`, `start`), when the text is one; else undefined. */
export function openingPayloadOf(text: string): string | undefined {
  return OPENING_PAYLOAD.exec(text.trim())?.[1];
}

/**
 * For the REST and web chat channels: the opening a `/get_started` or `/start` is when the model
 * does not know that intent (one it knows is simply that intent); undefined for any other text.
 */
export async function payloadOpening(context: Pick<ChannelContext, 'engine'>, assistant: AssistantRecord, text: string): Promise<Opening | undefined> {
  const name = openingPayloadOf(text);
  if (name === undefined) return undefined;
  const intents = await context.engine.intentNames(assistant.id);
  if (intents.has(name)) return undefined;
  return openingOf({ text, param: name, intents, greeting: assistant.settings.greeting, language: assistant.language });
}

/** The opening for this assistant as it is now: its model's intents and its greeting. */
export async function conversationOpening(context: Pick<ChannelContext, 'engine'>, assistant: AssistantRecord, input: { text: string; param?: string | undefined }): Promise<Opening> {
  const intents = await context.engine.intentNames(assistant.id);
  return openingOf({ ...input, intents, greeting: assistant.settings.greeting, language: assistant.language });
}
