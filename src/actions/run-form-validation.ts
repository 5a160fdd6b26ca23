// A dialogue's validation action — Rasa's `validate_<form>` (rasa-sdk's FormValidationAction) —
// called after the answers of a message are read, as Rasa's FormAction.validate calls it: the
// tracker is the conversation's, then (as Rasa's temporary tracker) `requested_slot` as asked, the
// form's `action` and a `slot` event per value read, the last events of the tracker (rasa-sdk's
// `slots_to_validate`). What it answers goes into the turn as any action's answer: its responses
// as bot events, then its events — a `slot` with the value read (possibly changed), or null, which
// rejects it: the dialogue asks again. A failure (any status but 200, a timeout, a refused
// address…) is recorded on the failure message's bot event (`metadata.action_server`), and the
// values read are not taken.
import type { PendingValidation, ValidationOutcome } from '../dialogue/dialogue-manager.js';
import { runSkill } from '../skills/run-skill.js';
import { botEventData } from '../tracker/bot-event-data.js';
import { readConversationState } from '../tracker/conversation-state.js';
import { actionEvent, botEvent, REQUESTED_SLOT, slotEvent, type TrackerEvent } from '../tracker/events.js';
import { callAction, failureMessage, sessionSoFar, type ActionCallContext, type CustomActionsInput } from './run-custom-actions.js';

export interface FormValidationInput extends ActionCallContext {
  validation: PendingValidation;
  /** The conversation's stored events of its current session. */
  history: () => Promise<readonly TrackerEvent[]>;
  /** This turn's events before the dialogue's answer (session start, user message…). */
  turnEvents: readonly TrackerEvent[];
  onFailure?: CustomActionsInput['onFailure'];
}

export async function runFormValidation(input: FormValidationInput): Promise<ValidationOutcome> {
  const { validation, now, metadata } = input;
  const candidates = Object.entries(validation.candidates).map(([name, value]) => slotEvent(name, value, now, metadata));
  const sent = [
    ...sessionSoFar(await input.history(), [...input.turnEvents, ...validation.events]),
    slotEvent(REQUESTED_SLOT, validation.requested, now, metadata),
    actionEvent(validation.dialogue, now, { metadata }),
    ...candidates,
  ];
  const outcome = await callAction(input, validation.action, sent);
  if (outcome.kind === 'done') return { ok: true, events: outcome.events, messages: outcome.messages };
  const status = outcome.kind === 'rejected' ? 400 : outcome.status;
  input.onFailure?.({
    action: validation.action,
    ...(status === undefined ? {} : { status }),
    error: outcome.error,
    rejected: outcome.kind === 'rejected',
    ...(outcome.kind === 'failed' && outcome.refusedAddress !== undefined ? { refusedAddress: outcome.refusedAddress } : {}),
  });
  const slots = readConversationState(sent).slots;
  const render = (skill: typeof validation.skill) => runSkill(skill, { slots, language: input.language, random: input.random, sender: input.sender, now });
  const message = failureMessage(validation.skill, render, input.language);
  const recorded = { action: validation.action, ...(status === undefined ? {} : { status }), error: outcome.error };
  return { ok: false, events: [botEvent(message.text ?? null, botEventData(message), now, { utter_action: validation.skill.name, action_server: recorded, ...metadata })], messages: [message] };
}
