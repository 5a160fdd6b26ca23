// A conversation as the console's transcript shows it: the user's messages with what the NLU
// understood (intent, confidence, entities) and their curation, the assistant's messages with the
// skill that said them (`spokenSkillOf`, as the rankings and the skill filter count them), and
// the handoff's moments as the inbox shows them: handed off to human service (the pause: the user
// asked for a person, or the assistant gave up; nobody has it yet), taken by a person (named),
// passed from one person to another, given back to the assistant.
import { NLU_FALLBACK_INTENT } from '../nlu/types.js';
import type { StoredMessage } from '../store/analytics/analytics-store.js';
import type { StoredEvent } from '../store/store.js';
import { HANDOFF_TAKEN, HANDOFF_TRANSFERRED } from '../handoff/handoff-tracker-events.js';
import { isHandoffEvent } from './handoff-events.js';
import { actionSkillOf, answeringPolicy, asRecord, fallbackAfter, isAnsweringAction, spokenSkillOf, understoodOf } from './project-events.js';

export interface TranscriptUserEntry {
  id: number;
  kind: 'user';
  time: number;
  text: string;
  channel: string | null;
  intent: string | null;
  /** 0–1: the best intent's confidence (for the fallback, its best candidate's). */
  confidence: number | null;
  candidate: string | null;
  /** As the list, the rankings and the inbox count it: the projected row's, or the same rule on the events. */
  fallback: boolean;
  entities: Array<{ entity: string; value: unknown; start?: number; end?: number }>;
  /** The intents the NLU ranked, best first, with their real scores (the fallback's own entry left out). */
  ranking: Array<{ intent: string; confidence: number }>;
  /** The threshold the message was measured against, when it fell below it (the fallback's entry). */
  threshold: number | null;
  review: StoredMessage['review'];
}

/** How many ranked intents a transcript keeps per message. */
const TRANSCRIPT_RANKING_LENGTH = 5;

function rankingOf(parse: Record<string, unknown>): { ranking: TranscriptUserEntry['ranking']; threshold: number | null } {
  const entries = (Array.isArray(parse['intent_ranking']) ? parse['intent_ranking'] : []).map(asRecord);
  const fallback = entries.find((entry) => entry['name'] === NLU_FALLBACK_INTENT);
  const ranking = entries
    .filter((entry) => typeof entry['name'] === 'string' && entry['name'] !== NLU_FALLBACK_INTENT && typeof entry['confidence'] === 'number')
    .slice(0, TRANSCRIPT_RANKING_LENGTH)
    .map((entry) => ({ intent: entry['name'] as string, confidence: entry['confidence'] as number }));
  return { ranking, threshold: fallback !== undefined && typeof fallback['confidence'] === 'number' ? fallback['confidence'] : null };
}

export interface TranscriptBotEntry {
  id: number;
  kind: 'bot';
  time: number;
  text: string | null;
  buttons: Array<{ title: string; payload: string }>;
  image: string | null;
  attachment: unknown;
  custom: unknown;
  skill: string | null;
  dialogue: string | null;
}

export interface TranscriptMarkEntry {
  id: number;
  /**
   * `handoff`: the conversation went to human service (waiting for a person); `taken`: a person
   * took it; `transferred`: a person passed it to another; `resume`: back to the assistant.
   */
  kind: 'handoff' | 'taken' | 'transferred' | 'resume';
  time: number;
  /** The person's login, when the event names one: who took it, who it was passed to, who gave it back. */
  agent?: string | null;
  /** `transferred`: who passed it on. */
  from?: string | null;
}

export type TranscriptEntry = TranscriptUserEntry | TranscriptBotEntry | TranscriptMarkEntry;

/**
 * The session starts at `events[0]`; a later session start ends it (a session not yet projected).
 * `messages`: the projected rows of its user messages (curation, fallback); a message not yet
 * projected gets its fallback by the projection's rule, from the action that answered it.
 */
export function transcriptEntries(events: readonly StoredEvent[], messages: ReadonlyMap<number, StoredMessage>, continuing: boolean): { entries: TranscriptEntry[]; ended: boolean } {
  const entries: TranscriptEntry[] = [];
  let unanswered: TranscriptUserEntry | undefined;
  let actionSkill: string | null = null;
  for (const [index, { id, event }] of events.entries()) {
    const startsSession = event.event === 'session_started' || (event.event === 'action' && event['name'] === 'action_session_start');
    if (startsSession && (continuing || index > 0) && !(event.event === 'session_started' && isPreviousSessionAction(events, index))) {
      return { entries, ended: true };
    }
    if (unanswered && isAnsweringAction(event)) {
      if (!messages.has(unanswered.id)) unanswered.fallback = fallbackAfter(unanswered.fallback, answeringPolicy(event));
      unanswered = undefined;
    }
    const entry = toEntry(id, event, messages, actionSkill);
    if (entry) entries.push(entry);
    if (entry?.kind === 'user' || event.event === 'action') actionSkill = actionSkillOf(event);
    if (entry?.kind === 'user') unanswered = entry;
  }
  return { entries, ended: false };
}

function isPreviousSessionAction(events: readonly StoredEvent[], index: number): boolean {
  const previous = events[index - 1]?.event;
  return previous?.event === 'action' && previous['name'] === 'action_session_start';
}

function toEntry(id: number, event: StoredEvent['event'], messages: ReadonlyMap<number, StoredMessage>, actionSkill: string | null): TranscriptEntry | undefined {
  const time = event.timestamp;
  if (event.event === 'user') {
    const understood = understoodOf(event);
    const parse = asRecord(event['parse_data']);
    const entities = (Array.isArray(parse['entities']) ? parse['entities'] : []).map(asRecord).map((entity) => ({
      entity: typeof entity['entity'] === 'string' ? entity['entity'] : '',
      value: entity['value'],
      ...(typeof entity['start'] === 'number' ? { start: entity['start'] } : {}),
      ...(typeof entity['end'] === 'number' ? { end: entity['end'] } : {}),
    }));
    return {
      id,
      kind: 'user',
      time,
      text: typeof event['text'] === 'string' ? event['text'] : '',
      channel: typeof event['input_channel'] === 'string' ? event['input_channel'] : null,
      intent: understood.intent,
      confidence: understood.confidence,
      candidate: understood.candidate,
      fallback: messages.get(id)?.fallback ?? understood.fallback,
      entities,
      ...rankingOf(parse),
      review: messages.get(id)?.review ?? null,
    };
  }
  if (event.event === 'bot') {
    const data = asRecord(event['data']);
    const metadata = asRecord(event['metadata']);
    const buttons = (Array.isArray(data['buttons']) ? data['buttons'] : []).map(asRecord).map((button) => ({
      title: String(button['title'] ?? ''),
      payload: String(button['payload'] ?? ''),
    }));
    return {
      id,
      kind: 'bot',
      time,
      text: typeof event['text'] === 'string' ? event['text'] : null,
      buttons,
      image: typeof data['image'] === 'string' ? data['image'] : null,
      attachment: data['attachment'] ?? null,
      custom: data['custom'] ?? null,
      skill: spokenSkillOf(event, actionSkill),
      dialogue: typeof metadata['dialogue'] === 'string' ? metadata['dialogue'] : null,
    };
  }
  const text = (key: string): string | null => (typeof event[key] === 'string' ? (event[key] as string) : null);
  if (isHandoffEvent(event)) return { id, kind: 'handoff', time };
  if (event.event === HANDOFF_TAKEN) return { id, kind: 'taken', time, agent: text('agent') };
  if (event.event === HANDOFF_TRANSFERRED) return { id, kind: 'transferred', time, agent: text('to'), from: text('from') };
  if (event.event === 'resume') {
    const resolvedBy = asRecord(event['metadata'])['handoff_resolved_by'];
    return { id, kind: 'resume', time, agent: typeof resolvedBy === 'string' ? resolvedBy : null };
  }
  return undefined;
}
