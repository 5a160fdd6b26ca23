// The events the engine appends for one turn (src/engine/engine.ts), built from a short
// description: what the store tests, the analytics tests and the analytics benchmark write when
// they need histories without running the NLU. Same shapes as the engine's, through the tracker's
// own event builders.
import { NLU_FALLBACK_INTENT } from '../nlu/types.js';
import {
  ACTION_LISTEN,
  actionEvent,
  botEvent,
  emptyBotData,
  sessionStartEvents,
  userEvent,
  type TrackerEvent,
} from '../tracker/events.js';

export interface TurnDescription {
  text: string;
  /** The intent understood; `nlu_fallback` with `candidate` for a message below the threshold. */
  intent: string;
  confidence: number;
  candidate?: { name: string; confidence: number };
  /** The skill that answered; none when the assistant stayed silent (paused, no model). */
  skill?: string;
  fallback?: boolean;
  answer?: string;
  channel?: string;
  modelId?: string;
  timestamp: number;
}

export function sessionStart(timestamp: number, modelId = 'model-1'): TrackerEvent[] {
  return sessionStartEvents(timestamp, {}, { assistant_id: '1', model_id: modelId });
}

export function turnEvents(turn: TurnDescription): TrackerEvent[] {
  const metadata = { assistant_id: '1', model_id: turn.modelId ?? 'model-1' };
  const intent = { name: turn.intent, confidence: turn.intent === NLU_FALLBACK_INTENT ? 0.2 : turn.confidence };
  const ranking = turn.candidate ? [intent, turn.candidate] : [intent];
  const events: TrackerEvent[] = [
    userEvent({ text: turn.text, parseData: { text: turn.text, intent, entities: [], intent_ranking: ranking }, inputChannel: turn.channel ?? 'rest', metadata: {} }, turn.timestamp),
  ];
  if (turn.skill === undefined) return events;
  events.push(
    actionEvent(turn.skill, turn.timestamp, { policy: turn.fallback ? 'FallbackPolicy' : 'DialoguePolicy', confidence: turn.confidence, metadata: { ...metadata, dialogue: turn.skill } }),
  );
  events.push(botEvent(turn.answer ?? `answer of ${turn.skill}`, emptyBotData(), turn.timestamp, { utter_action: turn.skill, ...metadata }));
  events.push(actionEvent(ACTION_LISTEN, turn.timestamp, { metadata }));
  return events;
}
