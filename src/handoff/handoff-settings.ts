// An assistant's handoff settings (kept in its settings, `settings.handoff`): when the assistant
// hands a conversation to a person on its own, and what it tells the user then. Absent settings
// take the defaults below, so assistants made before handoff existed need no change.
import { storeValidationError, type StoreValidationError } from '../store/store-errors.js';
import { checkOfficeHours, type OfficeHours } from './office-hours.js';

export interface HandoffSettings {
  /** Fallback answers in a row after which the conversation is handed off; 0 never. */
  fallbacksInARow: number;
  /** Said after a handoff within office hours; `{wait}` becomes the expected wait ("5 minutes"). Empty: the language's default. */
  message: string;
  /** What `{wait}` says, in minutes. */
  expectedWaitMinutes: number;
  /** Said after a handoff outside office hours. Empty: the language's default. */
  outsideHoursMessage: string;
  /** When agents are there; null: always. */
  officeHours: OfficeHours | null;
  /** Ready answers the inbox offers the agents. */
  quickReplies: string[];
  /**
   * Outside office hours, open a ticket with the conversation through the 4biz tickets pack (when
   * the assistant has it) and tell the user its number (./ticket-on-handoff.ts).
   */
  ticketOutsideHours: boolean;
}

export const DEFAULT_HANDOFF_SETTINGS: HandoffSettings = {
  fallbacksInARow: 0,
  message: '',
  expectedWaitMinutes: 5,
  outsideHoursMessage: '',
  officeHours: null,
  quickReplies: [],
  ticketOutsideHours: false,
};

const MAX_MESSAGE = 1000;
const MAX_QUICK_REPLIES = 30;

/** The settings as given, checked; a StoreValidationError names the first problem (`handoff.<field>`). */
export function checkHandoffSettings(value: unknown): HandoffSettings {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('handoff', 'must be an object', 'type', { type: 'object' });
  const given = value as Record<string, unknown>;
  const settings: HandoffSettings = { ...DEFAULT_HANDOFF_SETTINGS };
  for (const key of Object.keys(given)) {
    if (!(key in DEFAULT_HANDOFF_SETTINGS)) throw invalid(`handoff.${key}`, 'is not a handoff setting', 'not_allowed');
  }
  if (given['fallbacksInARow'] !== undefined) settings.fallbacksInARow = wholeNumber(given['fallbacksInARow'], 'fallbacksInARow', 20);
  if (given['expectedWaitMinutes'] !== undefined) settings.expectedWaitMinutes = wholeNumber(given['expectedWaitMinutes'], 'expectedWaitMinutes', 7 * 24 * 60);
  for (const key of ['message', 'outsideHoursMessage'] as const) {
    const text = given[key];
    if (text === undefined) continue;
    if (typeof text !== 'string' || text.length > MAX_MESSAGE) throw invalid(`handoff.${key}`, `must be a text of at most ${MAX_MESSAGE} characters`, 'too_long', { max: MAX_MESSAGE });
    settings[key] = text.trim();
  }
  if (given['ticketOutsideHours'] !== undefined) {
    if (typeof given['ticketOutsideHours'] !== 'boolean') throw invalid('handoff.ticketOutsideHours', 'must be true or false', 'type', { type: 'boolean' });
    settings.ticketOutsideHours = given['ticketOutsideHours'];
  }
  const quickReplies = given['quickReplies'];
  if (quickReplies !== undefined) {
    if (!Array.isArray(quickReplies) || quickReplies.length > MAX_QUICK_REPLIES) throw invalid('handoff.quickReplies', `must be a list of at most ${MAX_QUICK_REPLIES} texts`, 'too_many', { max: MAX_QUICK_REPLIES });
    for (const [index, reply] of quickReplies.entries()) {
      if (typeof reply !== 'string' || reply.trim() === '' || reply.length > MAX_MESSAGE) throw invalid(`handoff.quickReplies.${index}`, `must be a text of 1 to ${MAX_MESSAGE} characters`, 'text_between', { min: 1, max: MAX_MESSAGE });
    }
    settings.quickReplies = quickReplies.map((reply: string) => reply.trim());
  }
  if (given['officeHours'] !== undefined && given['officeHours'] !== null) {
    const problem = checkOfficeHours(given['officeHours']);
    if (typeof problem === 'string') throw invalid('handoff.officeHours', problem);
    settings.officeHours = problem.hours;
  }
  return settings;
}

/** The stored settings, whatever an older version kept: what does not fit takes the default. */
export function readHandoffSettings(value: unknown): HandoffSettings {
  if (value === undefined) return { ...DEFAULT_HANDOFF_SETTINGS };
  try {
    return checkHandoffSettings(value);
  } catch {
    return { ...DEFAULT_HANDOFF_SETTINGS };
  }
}

function wholeNumber(value: unknown, field: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) throw invalid(`handoff.${field}`, `must be a whole number from 0 to ${max}`, 'between', { min: 0, max });
  return value;
}

function invalid(field: string, problem: string, code = 'invalid_value', params?: Record<string, string | number>): StoreValidationError {
  return storeValidationError(`Invalid ${field}: ${problem}`, field, code, params);
}
