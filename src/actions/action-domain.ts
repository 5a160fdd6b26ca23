// The assistant's content as Rasa's `Domain.as_dict()`, the `domain` of an action call: intents,
// entities, slots (contexts, with Rasa's slot types and from_entity mappings), responses (the
// skills an action may name in `dispatcher.utter_message(response=…)`, named utter_* as the Rasa
// export names them), actions and forms (the dialogues that ask). Computed once per model version.
import type { AssistantContent, Context, Skill } from '../assistant/content.js';
import { rasaResponseNames } from '../assistant/other-platforms/rasa-response-names.js';
import { REQUESTED_SLOT, SESSION_STARTED_METADATA_SLOT } from '../tracker/events.js';

/** Rasa's domain format version (`version: "3.1"` in a 3.x domain.yml). */
const DOMAIN_VERSION = '3.1';

function slotOf(context: Context): Record<string, unknown> {
  const base = { initial_value: null, influence_conversation: true, mappings: [{ type: 'from_entity', entity: context.name }] };
  switch (context.type) {
    case 'text':
      return { type: 'text', ...base };
    case 'boolean':
      return { type: 'bool', ...base };
    case 'categorical':
      return { type: 'categorical', values: context.values, ...base };
    case 'float':
      return { type: 'float', min_value: context.min ?? 0, max_value: context.max ?? 1, ...base };
  }
}

/** A skill's texts as the variations of a response; buttons and image on each, as Rasa writes them. */
function responseOf(skill: Skill): Array<Record<string, unknown>> {
  const extra: Record<string, unknown> = {};
  if (skill.kind === 'buttons' && skill.buttons) extra['buttons'] = skill.buttons;
  if (skill.kind === 'image' && skill.image) extra['image'] = skill.image;
  if (skill.kind === 'attachment') extra['attachment'] = skill.attachment;
  if (skill.texts.length === 0) return [extra];
  return skill.texts.map((text) => ({ text, ...extra }));
}

export function actionDomain(content: AssistantContent, sessionExpirationSeconds: number): Record<string, unknown> {
  const slots: Record<string, unknown> = {};
  for (const context of content.contexts) slots[context.name] = slotOf(context);
  slots[REQUESTED_SLOT] = { type: 'any', initial_value: null, influence_conversation: false, mappings: [] };
  slots[SESSION_STARTED_METADATA_SLOT] = { type: 'any', initial_value: null, influence_conversation: false, mappings: [] };
  const responses: Record<string, unknown> = {};
  const names = rasaResponseNames(content.skills);
  for (const skill of content.skills) if (skill.kind !== 'action') responses[names.get(skill.name) ?? skill.name] = responseOf(skill);
  const forms: Record<string, unknown> = {};
  for (const dialogue of content.dialogues) {
    if ((dialogue.slots ?? []).length > 0) forms[dialogue.name] = { required_slots: (dialogue.slots ?? []).map((slot) => slot.context) };
  }
  return {
    version: DOMAIN_VERSION,
    config: { store_entities_as_slots: true },
    session_config: { session_expiration_time: sessionExpirationSeconds / 60, carry_over_slots_to_new_session: true },
    intents: content.intents.map((intent) => intent.name),
    entities: content.contexts.map((context) => context.name),
    slots,
    responses,
    actions: [...new Set(content.skills.flatMap((skill) => (skill.kind === 'action' && skill.action !== undefined ? [skill.action] : [])))],
    forms,
    e2e_actions: [],
  };
}
