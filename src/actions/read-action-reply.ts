// What an action server's answer means, as Rasa 3.6's RemoteAction reads it:
// - 200: `{events, responses}` checked (events by the conversations API's rules, responses objects);
//   each response becomes a `bot` event — a `response` (or `template`) names a skill, rendered with
//   the response's other keys as values, its `buttons` appended, its other non-empty keys
//   overriding — and the returned events follow the bot events. Every event takes the time of
//   the answer, as Rasa re-stamps them.
// - 400 with `action_name`: the action rejected the turn (rasa-sdk's ActionExecutionRejection).
// - anything else (404 unknown action, 500, a 200 that does not fit, a 400 without
//   `action_name`): a failure, whose events are lost.
import { buttonsFromRasa, elementsFromRasa, type BotMessage } from '../skills/bot-message.js';
import { botEventData } from '../tracker/bot-event-data.js';
import { botEvent, type EventMetadata, type TrackerEvent } from '../tracker/events.js';
import { validateEvents } from '../tracker/validate-events.js';
import type { ActionServerReply } from './post-to-action-server.js';

export type ActionOutcome =
  | { kind: 'done'; events: TrackerEvent[]; messages: BotMessage[]; /** Response names no skill answers to (skipped, as Rasa skips them). */ unknownResponses?: string[] }
  | { kind: 'rejected'; error: string }
  | { kind: 'failed'; status?: number; error: string; /** For the operator's log only: the refused address the server's name resolved to. */ refusedAddress?: string };

export interface ReplyContext {
  now: number;
  /** The assistant and model ids every event carries, plus what says which action answered. */
  metadata: EventMetadata;
  /** A skill named by a response, rendered with these values over the slots; undefined when there is none or it says nothing. */
  renderResponse: (name: string, values: Record<string, unknown>) => BotMessage | undefined;
}

const MAX_ERROR_LENGTH = 300;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `error` of rasa-sdk's error bodies, shortened: it is recorded on the conversation. */
function errorOf(body: unknown): string | undefined {
  if (!isObject(body) || typeof body['error'] !== 'string') return undefined;
  return body['error'].slice(0, MAX_ERROR_LENGTH);
}

const isFilled = (value: unknown) => value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0) && !(isObject(value) && Object.keys(value).length === 0);

/** One item of `responses` as Rasa's `_utter_responses` makes it; undefined when a named response says nothing. */
function responseMessage(item: Record<string, unknown>, context: ReplyContext): { message: BotMessage; utterAction?: string } | undefined {
  const { response, template, buttons, quick_replies: quickReplies, ...rest } = item;
  const name = typeof response === 'string' && response !== '' ? response : typeof template === 'string' && template !== '' ? template : undefined;
  let message: BotMessage = {};
  if (name !== undefined) {
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(rest)) if (isFilled(value)) values[key] = value;
    const rendered = context.renderResponse(name, values);
    if (rendered === undefined) return undefined;
    message = { ...rendered };
  }
  // Rasa's send_response sends quick replies instead of the buttons; returned buttons add to the template's.
  const replies = buttonsFromRasa({ quick_replies: quickReplies });
  const extra = buttonsFromRasa({ buttons });
  if (replies.length > 0) message.buttons = replies;
  else if (extra.length > 0) message.buttons = [...(message.buttons ?? []), ...extra];
  if (typeof rest['text'] === 'string' && rest['text'] !== '') message.text = rest['text'];
  if (typeof rest['image'] === 'string' && rest['image'] !== '') message.image = rest['image'];
  if (isFilled(rest['attachment'])) message.attachment = rest['attachment'];
  if (isFilled(rest['custom'])) message.custom = rest['custom'];
  const elements = elementsFromRasa(rest['elements']);
  if (elements) message.elements = elements;
  return name === undefined ? { message } : { message, utterAction: name };
}

/** A returned `bot` event as the message the channels send. */
function messageOfBotEvent(event: TrackerEvent): BotMessage {
  const message: BotMessage = {};
  if (typeof event['text'] === 'string' && event['text'] !== '') message.text = event['text'];
  const data = isObject(event['data']) ? event['data'] : {};
  const buttons = buttonsFromRasa(data);
  if (buttons.length > 0) message.buttons = buttons;
  if (typeof data['image'] === 'string' && data['image'] !== '') message.image = data['image'];
  if (isFilled(data['attachment'])) message.attachment = data['attachment'];
  if (isFilled(data['custom'])) message.custom = data['custom'];
  const elements = elementsFromRasa(data['elements']);
  if (elements) message.elements = elements;
  return message;
}

export function readActionReply(reply: ActionServerReply, context: ReplyContext): ActionOutcome {
  const { status, body } = reply;
  if (status === 400 && isObject(body) && typeof body['action_name'] === 'string') {
    return { kind: 'rejected', error: errorOf(body) ?? 'the action rejected to run' };
  }
  if (status !== 200) return { kind: 'failed', status, error: errorOf(body) ?? `the action server answered HTTP ${status}` };
  if (!isObject(body)) return { kind: 'failed', status, error: 'the action server\'s answer is not a JSON object {"events", "responses"}' };
  const returned = body['events'] ?? [];
  const responses = body['responses'] ?? [];
  if (!Array.isArray(returned)) return { kind: 'failed', status, error: '"events" is not a list' };
  if (!Array.isArray(responses) || !responses.every(isObject)) return { kind: 'failed', status, error: '"responses" is not a list of objects' };
  const checked = returned.length === 0 ? { ok: true as const, events: [] } : validateEvents(returned, context.now);
  if (!checked.ok) return { kind: 'failed', status, error: checked.message };

  const events: TrackerEvent[] = [];
  for (const item of responses) {
    const made = responseMessage(item, context);
    if (made === undefined) continue;
    const metadata = made.utterAction === undefined ? context.metadata : { ...context.metadata, utter_action: made.utterAction };
    events.push(botEvent(made.message.text ?? null, botEventData(made.message), context.now, metadata));
  }
  for (const event of checked.events) {
    const metadata = isObject(event.metadata) ? { ...context.metadata, ...event.metadata } : context.metadata;
    events.push({ ...event, timestamp: context.now, metadata });
  }
  const messages = events.filter((event) => event.event === 'bot').map(messageOfBotEvent);
  return { kind: 'done', events, messages };
}
