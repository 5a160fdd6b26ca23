// Checks events posted from outside (Rasa's POST/PUT /conversations/{id}/tracker/events) before
// anything is stored, with Rasa's rules: `event` is required and known; a slot needs `name` and
// `value`; entities are a list of {entity, value}. Each problem names the event and the field.
import { actionEvent, emptyBotData, emptyParseData, type TrackerEvent } from './events.js';
import { reminderProblem, withReminderDefaults } from '../reminders/reminder-rules.js';

type FieldCheck = (value: unknown) => boolean;

const isString: FieldCheck = (value) => typeof value === 'string';
const isOptionalString: FieldCheck = (value) => value === undefined || value === null || typeof value === 'string';
const isOptionalNumber: FieldCheck = (value) => value === undefined || value === null || typeof value === 'number';
const isOptionalObject: FieldCheck = (value) => value === undefined || value === null || (typeof value === 'object' && !Array.isArray(value));
const isPresent: FieldCheck = (value) => value !== undefined;
const isReminderEntities: FieldCheck = (value) => value === undefined || value === null || typeof value === 'object';
const isEntityList: FieldCheck = (value) =>
  value === undefined ||
  (Array.isArray(value) &&
    value.every(
      (entity: unknown) =>
        typeof entity === 'object' && entity !== null && !Array.isArray(entity) && typeof (entity as { entity?: unknown }).entity === 'string' && 'value' in entity,
    ));

interface FieldRule {
  check: FieldCheck;
  expected: string;
}

const required = (check: FieldCheck, expected: string): FieldRule => ({ check, expected });

/** The fields each known event type must or may carry. */
const EVENT_RULES: Record<string, Record<string, FieldRule>> = {
  user: { text: required(isOptionalString, 'a string'), input_channel: required(isOptionalString, 'a string'), parse_data: required(isOptionalObject, 'an object') },
  bot: { text: required(isOptionalString, 'a string'), data: required(isOptionalObject, 'an object') },
  action: { name: required(isString, 'a string'), policy: required(isOptionalString, 'a string'), confidence: required(isOptionalNumber, 'a number') },
  slot: { name: required(isString, 'a string'), value: required(isPresent, 'present (null unsets the slot)') },
  entities: { entities: required(isEntityList, 'a list of {entity, value}') },
  followup: { name: required(isString, 'a string') },
  active_loop: { name: required(isOptionalString, 'a string or null') },
  loop_interrupted: { is_interrupted: required((value) => typeof value === 'boolean', 'a boolean') },
  action_execution_rejected: { name: required(isString, 'a string') },
  // A reminder's entities go back to the intent it triggers: rasa-sdk sends null by default, or a
  // {name: value} object, or a list (Rasa's schema leaves them free). Its date-time, name and
  // kill_on_user_msg are checked below (src/reminders fires it).
  reminder: { intent: required(isString, 'a string'), date_time: required(isString, 'an ISO date-time'), entities: required(isReminderEntities, 'a list, an object or null') },
  cancel_reminder: { name: required(isOptionalString, 'a string'), intent: required(isOptionalString, 'a string'), entities: required(isReminderEntities, 'a list, an object or null') },
  export: {},
  // Rasa 1's form events, which Rasa 3 still reads (as active_loop and loop_interrupted).
  form: { name: required(isOptionalString, 'a string or null') },
  form_validation: { validate: required((value) => value === undefined || value === null || typeof value === 'boolean', 'a boolean') },
  user_featurization: {},
  agent: {},
  restart: {},
  rewind: {},
  undo: {},
  reset_slots: {},
  pause: {},
  resume: {},
  // Ours (src/handoff/handoff-tracker-events.ts): a person took the conversation, or passed it on.
  handoff_taken: { agent: required(isString, 'a string') },
  handoff_transferred: { to: required(isString, 'a string'), from: required(isOptionalString, 'a string') },
  session_started: {},
};

export type ValidatedEvents = { ok: true; events: TrackerEvent[] } | { ok: false; message: string };

/**
 * Accepts one event or a list; fills a missing timestamp with `now` (as Rasa does). On any
 * problem nothing is accepted and the message names the first one.
 */
export function validateEvents(body: unknown, now: number): ValidatedEvents {
  if (body === undefined || body === null || (Array.isArray(body) && body.length === 0)) {
    return { ok: false, message: 'the body holds no event: send one event object or a list of them' };
  }
  const list: unknown[] = Array.isArray(body) ? body : [body];
  const events: TrackerEvent[] = [];
  for (const [index, item] of list.entries()) {
    const where = Array.isArray(body) ? `event ${index}` : 'the event';
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return { ok: false, message: `${where} is not an object` };
    const event = item as Record<string, unknown>;
    if (typeof event.event !== 'string' || event.event === '') return { ok: false, message: `${where} has no "event" type` };
    const rules = EVENT_RULES[event.event];
    if (!rules) return { ok: false, message: `${where} has the unknown type "${event.event}"` };
    for (const [field, rule] of Object.entries(rules)) {
      if (!rule.check(event[field])) return { ok: false, message: `${where} ("${event.event}"): ${field} must be ${rule.expected}` };
    }
    if (event.timestamp !== undefined && event.timestamp !== null && (typeof event.timestamp !== 'number' || !Number.isFinite(event.timestamp))) {
      return { ok: false, message: `${where} ("${event.event}"): timestamp must be a number (epoch seconds)` };
    }
    if (!isOptionalObject(event.metadata)) return { ok: false, message: `${where} ("${event.event}"): metadata must be an object` };
    const reminderFault = event.event === 'reminder' ? reminderProblem(event, now) : undefined;
    if (reminderFault !== undefined) return { ok: false, message: `${where} ("reminder"): ${reminderFault}` };
    const timestamp = typeof event.timestamp === 'number' ? event.timestamp : now;
    events.push(withRasaFields({ ...event, event: event.event, timestamp } as TrackerEvent));
  }
  return { ok: true, events };
}

const objectOr = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const orNull = (value: unknown): unknown => (value === undefined ? null : value);

/**
 * The fields Rasa's events always carry once read (`Event.from_parameters` then `as_dict`), filled
 * when a posted event leaves them out, with the shapes our own events have: a user message's
 * `parse_data` (intent, entities, text, message_id, metadata; what was posted overrides them),
 * `input_channel` and `message_id`; a bot message's six `data` keys; an action's `policy`,
 * `confidence`, `action_text` and `hide_rule_turn`; a reminder's `name` (a new UUID), `kill_on_user_msg` and
 * `entities`. Other fields posted are kept.
 */
function withRasaFields(event: TrackerEvent): TrackerEvent {
  switch (event.event) {
    case 'user': {
      const text = orNull(event['text']);
      const messageId = orNull(event['message_id']);
      const parseData = { ...emptyParseData(), text, message_id: messageId, metadata: objectOr(event['metadata']), ...objectOr(event['parse_data']) };
      return { ...event, text, parse_data: parseData, input_channel: orNull(event['input_channel']), message_id: messageId } as TrackerEvent;
    }
    case 'bot':
      return { ...event, text: orNull(event['text']), data: { ...emptyBotData(), ...objectOr(event['data']) } } as TrackerEvent;
    case 'action':
      return { ...actionEvent(String(event['name']), event.timestamp), ...event } as TrackerEvent;
    case 'reminder':
      return withReminderDefaults(event);
    default:
      return event;
  }
}
