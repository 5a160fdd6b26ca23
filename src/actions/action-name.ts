// What an `action` skill may name as its custom action: a name an action server registers
// (rasa-sdk's `Action.name()`), not one of Rasa's own default actions, which never reach an action
// server and would mean something else to anyone who reads the tracker.
export const MAX_ACTION_NAME_LENGTH = 100;

/** Rasa 3.6's default actions (rasa/shared/core/constants.py DEFAULT_ACTION_NAMES). */
export const RASA_DEFAULT_ACTIONS: ReadonlySet<string> = new Set([
  'action_listen',
  'action_restart',
  'action_session_start',
  'action_default_fallback',
  'action_deactivate_loop',
  'action_revert_fallback_events',
  'action_default_ask_affirmation',
  'action_default_ask_rephrase',
  'action_two_stage_fallback',
  'action_unlikely_intent',
  'action_back',
  'action_extract_slots',
]);

/**
 * Rasa's form validation actions are named `validate_<form>`: an `action` skill running
 * `validate_<dialogue>` validates the answers that dialogue reads (src/actions/run-form-validation.ts).
 */
export const FORM_VALIDATION_PREFIX = 'validate_';

/** The problem of an action name with its stable code and params (src/admin-api/problem-codes.ts). */
export function actionNameIssue(name: string): { message: string; code: string; params?: Record<string, string | number> } | undefined {
  if (name.trim() === '') return { message: 'the custom action\'s name is empty (the name the action server registers, e.g. "action_check_order")', code: 'empty' };
  if (name.length > MAX_ACTION_NAME_LENGTH) return { message: `the custom action's name is longer than ${MAX_ACTION_NAME_LENGTH} characters`, code: 'too_long', params: { max: MAX_ACTION_NAME_LENGTH } };
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) return { message: `the custom action's name "${name}" may hold only letters, digits, "_", "-" and "." (e.g. "action_check_order")`, code: 'action_name', params: { name } };
  if (RASA_DEFAULT_ACTIONS.has(name)) return { message: `"${name}" is one of Rasa's own actions, which no action server runs; name the custom action the action server registers`, code: 'rasa_action', params: { name } };
  return undefined;
}
