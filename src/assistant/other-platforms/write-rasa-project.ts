// Our content → a Rasa 3.x project (config.yml, domain.yml, data/nlu.yml, data/rules.yml,
// data/stories.yml, and endpoints.yml when custom actions have an action server) in the shape
// `rasa data validate` checks: every intent, entity, slot, response and action used is declared,
// every slot has mappings, every rule and story step names a declared intent, response or action.
// So a customer is never locked in. Skills that call an action server or a third-party API are
// custom actions (declared under `actions:`), not responses. What Rasa has no place for (slot
// filling, conditional variants, presets) is listed in `notes`, and in a comment of domain.yml.
import { stringify } from 'yaml';
import type { AssistantContent, AssistantSettings, Context, Dialogue, Skill } from '../content.js';
import { writePhraseMarkup } from '../file/phrase-markup.js';
import { replacePlaceholders } from '../placeholders.js';
import { rasaResponseNames } from './rasa-response-names.js';
import { FORM_VALIDATION_PREFIX, RASA_DEFAULT_ACTIONS } from '../../actions/action-name.js';

export interface RasaProjectExport {
  files: Array<{ path: string; text: string }>;
  /** What the project could not carry, one line each. */
  notes: string[];
}

const RASA_VERSION = '3.1';

function yamlFile(value: unknown, header?: string): string {
  return `${header ? `${header.split('\n').map((line) => `# ${line}`).join('\n')}\n` : ''}${stringify(value, { lineWidth: 0 })}`;
}

/** Rasa fills `{slot}`; our formats (`{data:date}`) and built-in values have no equivalent there. */
function rasaText(text: string, notes: string[], where: string): string {
  return replacePlaceholders(text, (placeholder) => {
    if (placeholder.name.startsWith('$')) {
      notes.push(`${where}: built-in value {${placeholder.name}} was left as written`);
      return `{${placeholder.name}}`;
    }
    if (placeholder.format) notes.push(`${where}: {${placeholder.name}:${placeholder.format}} written as {${placeholder.name}} (Rasa does not format slots)`);
    return `{${placeholder.name}}`;
  });
}

function slotOf(context: Context, entities: Set<string>): Record<string, unknown> {
  const mappings = entities.has(context.name) ? [{ type: 'from_entity', entity: context.name }] : [{ type: 'custom' }];
  switch (context.type) {
    case 'text':
      return { type: 'text', influence_conversation: false, mappings };
    case 'boolean':
      return { type: 'bool', influence_conversation: false, mappings };
    case 'categorical':
      return { type: 'categorical', values: context.values, influence_conversation: false, mappings };
    case 'float':
      return { type: 'float', ...(context.min === undefined ? {} : { min_value: context.min }), ...(context.max === undefined ? {} : { max_value: context.max }), influence_conversation: false, mappings };
  }
}

function responseOf(skill: Skill, notes: string[], intentName: (name: string) => string): Array<Record<string, unknown>> {
  const where = `skill "${skill.name}"`;
  if (skill.variants?.length) notes.push(`${where}: ${skill.variants.length} conditional variant(s) left out (Rasa's response conditions differ)`);
  if (skill.preset) notes.push(`${where}: its preset has no equivalent in a response`);
  const texts = skill.texts.length > 0 ? skill.texts : [''];
  return texts.map((raw) => {
    const text = rasaText(raw, notes, where);
    const variation: Record<string, unknown> = text === '' ? {} : { text };
    if (skill.kind === 'buttons' && skill.buttons) variation['buttons'] = skill.buttons.map((button) => ({ title: button.title, payload: payloadFor(button.payload, intentName) }));
    if (skill.kind === 'image' && skill.image) variation['image'] = skill.image;
    if (skill.kind === 'attachment') variation['custom'] = { attachment: skill.attachment };
    return variation;
  });
}

/** A `/intent{…}` payload names the intent as exported. */
function payloadFor(payload: string, intentName: (name: string) => string): string {
  const match = /^\/([^{]+)(\{.*)?$/s.exec(payload);
  return match?.[1] === undefined ? payload : `/${intentName(match[1])}${match[2] ?? ''}`;
}

function userStep(dialogue: Dialogue, intentName: (name: string) => string): Record<string, unknown> {
  const [first] = dialogue.intents.map(intentName);
  return dialogue.intents.length === 1 ? { intent: first } : { or: dialogue.intents.map((intent) => ({ intent: intentName(intent) })) };
}

/**
 * Intent names as Rasa reads them: a "/" makes a retrieval intent (`faq/hours` is trained as
 * `faq`, and two such intents with different answers contradict each other), so it becomes "_",
 * the name made unique among the intents, with a note.
 */
function rasaIntentNames(content: AssistantContent, notes: string[]): (name: string) => string {
  const taken = new Set(content.intents.map((intent) => intent.name));
  const names = new Map<string, string>();
  for (const intent of content.intents) {
    if (!intent.name.includes('/')) continue;
    let name = intent.name.replace(/\//g, '_');
    for (let index = 2; taken.has(name); index += 1) name = `${intent.name.replace(/\//g, '_')}_${index}`;
    taken.add(name);
    names.set(intent.name, name);
    notes.push(`intent "${intent.name}": exported as "${name}" (a "/" makes a Rasa retrieval intent)`);
  }
  return (name) => names.get(name) ?? name;
}

/** Rasa's spelling of a custom action's name: `action_` and the skill's name in letters, digits, "_", "-" and ".". */
function actionNameFor(skill: Skill, taken: Set<string>): string {
  const words = skill.name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9_.-]+/g, '_').replace(/^_+|_+$/g, '');
  const base = `action_${words || 'skill'}`.slice(0, 90);
  let name = base;
  for (let index = 2; taken.has(name) || RASA_DEFAULT_ACTIONS.has(name); index += 1) name = `${base}_${index}`;
  taken.add(name);
  return name;
}

/**
 * The custom action each skill of kind `action` or `custom` runs, by skill name: an `action`
 * skill's own action; a `custom` skill (a third-party API, which Rasa cannot call) a new action to
 * write for the action server. Their texts, if any, become a response the action may utter.
 */
function customActions(content: AssistantContent, responseName: Map<string, string>, notes: string[], endpoint: boolean): Map<string, string> {
  const taken = new Set(content.skills.flatMap((skill) => (skill.kind === 'action' && skill.action ? [skill.action] : [])));
  const actions = new Map<string, string>();
  for (const skill of content.skills) {
    const where = `skill "${skill.name}"`;
    const texts = `response "${responseName.get(skill.name)}", which Rasa does not utter by itself`;
    if (skill.kind === 'action' && skill.action) {
      // The action itself is carried over; what is not: the texts said when the server fails, and a missing URL.
      actions.set(skill.name, skill.action);
      if (skill.texts.length > 0) notes.push(`${where}: its texts, said when the action server fails, are ${texts}`);
      if (!endpoint) notes.push(`${where}: custom action "${skill.action}" needs an action server; the assistant has none, so endpoints.yml was not written`);
    } else if (skill.kind === 'custom') {
      const action = actionNameFor(skill, taken);
      actions.set(skill.name, action);
      const listButtons = skill.custom?.listButtons ? ', with its list buttons' : '';
      notes.push(`${where}: calls third-party API "${skill.custom?.api ?? ''}", which Rasa cannot call: exported as custom action "${action}", to write for an action server${listButtons}${skill.texts.length > 0 ? `; its texts are ${texts}` : ''}`);
    }
  }
  return actions;
}

export function writeRasaProject(content: AssistantContent, settings: Pick<AssistantSettings, 'accuracyThreshold' | 'actionEndpointUrl'>, language: string): RasaProjectExport {
  const notes: string[] = [];
  const responseName = rasaResponseNames(content.skills);
  const entities = new Set<string>([...content.regexes.map((regex) => regex.name)]);
  for (const intent of content.intents) for (const phrase of intent.phrases) for (const entity of phrase.entities ?? []) entities.add(entity.entity);
  for (const context of content.contexts) if (context.type === 'text' && context.values.length > 0) entities.add(context.name);

  const intentName = rasaIntentNames(content, notes);
  const nlu: Array<Record<string, unknown>> = content.intents.map((intent) => ({ intent: intentName(intent.name), examples: intent.phrases.map((phrase) => `- ${writePhraseMarkup(phrase)}\n`).join('') }));
  for (const context of content.contexts) {
    if (context.type !== 'text') continue;
    for (const value of context.values) if (value.synonyms.length > 0) nlu.push({ synonym: value.value, examples: value.synonyms.map((synonym) => `- ${synonym}\n`).join('') });
    if (context.values.length > 0) nlu.push({ lookup: context.name, examples: context.values.map((value) => `- ${value.value}\n`).join('') });
  }
  const regexNames = [...new Set(content.regexes.map((regex) => regex.name))];
  for (const name of regexNames) nlu.push({ regex: name, examples: content.regexes.filter((regex) => regex.name === name).map((regex) => `- ${regex.pattern}\n`).join('') });

  // A skill that runs a custom action answers with the action; its texts, if any, are a response
  // the action may utter (an empty response would be one Rasa refuses).
  const actions = customActions(content, responseName, notes, Boolean(settings.actionEndpointUrl));
  const responses: Record<string, unknown> = {};
  for (const skill of content.skills) {
    if (actions.has(skill.name) && skill.texts.length === 0) continue;
    responses[responseName.get(skill.name) as string] = responseOf(skill, notes, intentName);
  }
  const answer = (skill: string) => actions.get(skill) ?? responseName.get(skill);

  const byName = new Map(content.dialogues.map((dialogue) => [dialogue.name, dialogue] as const));
  const rules: Array<Record<string, unknown>> = [];
  const stories: Array<Record<string, unknown>> = [];
  const steps = (dialogue: Dialogue) => [userStep(dialogue, intentName), { action: answer(dialogue.skill) }];
  for (const dialogue of content.dialogues) {
    if (dialogue.slots?.length || dialogue.confirm) notes.push(`dialogue "${dialogue.name}": slot filling exported as its final answer only; rebuild the questions as a Rasa form`);
    if (dialogue.followUpOf === undefined) {
      rules.push({ rule: dialogue.name, steps: steps(dialogue) });
      continue;
    }
    // A follow-up is a story: the chain of dialogues that leads to it, then it.
    const chain: Dialogue[] = [dialogue];
    for (let parent = byName.get(dialogue.followUpOf); parent && !chain.includes(parent); parent = parent.followUpOf ? byName.get(parent.followUpOf) : undefined) chain.unshift(parent);
    stories.push({ story: chain.map((item) => item.name).join(' → '), steps: chain.flatMap(steps) });
  }
  // A dialogue validated by a custom action (`validate_<dialogue>`, an `action` skill's) is declared
  // as the form Rasa calls it for, with the contexts it asks for: its questions and the rules that
  // start and submit it are rebuilt by hand (the note above), its validation comes along.
  const forms: Record<string, unknown> = {};
  for (const dialogue of content.dialogues) {
    const validation = `${FORM_VALIDATION_PREFIX}${dialogue.name}`;
    if (!dialogue.slots?.length || ![...actions.values()].includes(validation)) continue;
    forms[dialogue.name] = { required_slots: dialogue.slots.map((slot) => slot.context) };
    notes.push(`dialogue "${dialogue.name}": declared as form "${dialogue.name}" (its contexts as required slots), which custom action "${validation}" validates`);
  }
  const fallback = content.skills.find((skill) => skill.fallback);
  if (fallback) rules.push({ rule: 'fallback', steps: [{ intent: 'nlu_fallback' }, { action: answer(fallback.name) }] });
  const actionNames = [...new Set(actions.values())];

  const domain = {
    version: RASA_VERSION,
    intents: content.intents.map((intent) => intentName(intent.name)),
    entities: [...entities],
    slots: Object.fromEntries(content.contexts.map((context) => [context.name, slotOf(context, entities)])),
    responses,
    ...(actionNames.length > 0 ? { actions: actionNames } : {}),
    ...(Object.keys(forms).length > 0 ? { forms } : {}),
    session_config: { session_expiration_time: 60, carry_over_slots_to_new_session: true },
  };
  const config = {
    recipe: 'default.v1',
    language,
    pipeline: [
      { name: 'WhitespaceTokenizer' },
      { name: 'RegexFeaturizer' },
      { name: 'CountVectorsFeaturizer' },
      { name: 'CountVectorsFeaturizer', analyzer: 'char_wb', min_ngram: 1, max_ngram: 4 },
      { name: 'DIETClassifier', epochs: 100 },
      // Our NLU finds regex matches and context values without annotated examples; in Rasa that
      // is the RegexEntityExtractor's work (lookup tables and regexes alone are only features).
      ...(content.regexes.length > 0 || content.contexts.some((context) => context.type === 'text' && context.values.length > 0)
        ? [{ name: 'RegexEntityExtractor', case_sensitive: false, use_lookup_tables: true, use_regexes: true }]
        : []),
      { name: 'EntitySynonymMapper' },
      { name: 'FallbackClassifier', threshold: settings.accuracyThreshold },
    ],
    policies: [{ name: 'MemoizationPolicy' }, { name: 'RulePolicy' }],
  };
  const header = notes.length > 0 ? `Exported by Helper. Not carried over:\n${notes.join('\n')}` : 'Exported by Helper.';
  return {
    files: [
      { path: 'config.yml', text: yamlFile(config) },
      { path: 'domain.yml', text: yamlFile(domain, header) },
      { path: 'data/nlu.yml', text: yamlFile({ version: RASA_VERSION, nlu }) },
      { path: 'data/rules.yml', text: yamlFile({ version: RASA_VERSION, rules }) },
      { path: 'data/stories.yml', text: yamlFile({ version: RASA_VERSION, stories }) },
      // Where Rasa calls its custom actions: the assistant's action server (its token is a secret, never exported).
      ...(actionNames.length > 0 && settings.actionEndpointUrl ? [{ path: 'endpoints.yml', text: yamlFile({ action_endpoint: { url: settings.actionEndpointUrl } }) }] : []),
    ],
    notes,
  };
}
