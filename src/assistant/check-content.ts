// The rules of content items as data (not as a file): what the admin API (and through it the
// console) checks before anything is written. Each problem names its item and the field inside
// it (`phrases.2.text`, `buttons.0.payload`, `values.1.synonyms.0`), so a form can show the
// message next to the field. The value rules are the file format's: names (symbol-name.ts),
// entity values and synonyms (context-value.ts), placeholders, follow-up loops, one fallback.
import { actionNameIssue } from '../actions/action-name.js';
import { DEFAULT_MAX_ATTEMPTS, type AssistantContent, type Condition, type Context, type Dialogue, type Intent, type Skill, type Theme } from './content.js';
import { canonicalValue } from './context-value.js';
import { jsonBoundsProblem } from './json-bounds.js';
import { formatProblem, isBuiltIn, placeholdersOf, BUILT_IN_VALUES } from './placeholders.js';
import { suggestName } from './suggest-name.js';
import { isSymbolName, symbolNameMessage } from './symbol-name.js';
import { NLU_FALLBACK_INTENT } from '../nlu/types.js';

export type ContentList = 'themes' | 'intents' | 'contexts' | 'skills' | 'dialogues';

export interface ContentProblem {
  list: ContentList;
  /** The item's index in its list. */
  index: number;
  /** The field inside the item, dot-separated with list indices: `phrases.2.entities.0.value`. */
  field: string;
  message: string;
  /** A stable code of the problem and the values it names (src/admin-api/problem-codes.ts); none: `invalid_value`. */
  code?: string;
  params?: Record<string, string | number>;
}

const MAX_NAME_LENGTH = 100;
/** Slots Rasa keeps in every tracker: no context may take their names. */
export const RESERVED_SLOT_NAMES = ['requested_slot', 'session_started_metadata'] as const;
/** What `requested_slot` holds while a dialogue asks to confirm, or what to change (src/dialogue). */
export const CONFIRMATION_STEP = 'confirmation';
export const CORRECTION_STEP = 'correction';
export const MAX_ATTEMPTS_LIMIT = 10;

function didYouMean(name: string, candidates: Iterable<string>): string {
  const suggestion = suggestName(name, candidates);
  return suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;
}

/** The dialogue names of a follow-up chain when it loops back to `name`, else undefined. */
export function followUpLoop(name: string, followUpOf: string, parentOf: (dialogue: string) => string | undefined): string[] | undefined {
  const chain = [name];
  let next: string | undefined = followUpOf;
  while (next !== undefined && !chain.includes(next)) {
    chain.push(next);
    next = parentOf(next);
  }
  return next === name ? [...chain, next] : undefined;
}

/** Phrases compare equal when they differ only in case, accents, punctuation and spacing. */
export function normalisePhrase(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

class Problems {
  readonly found: ContentProblem[] = [];
  constructor(
    private readonly list: ContentList,
    private readonly index: number,
  ) {}
  add(field: string, message: string, code?: string, params?: Record<string, string | number>): void {
    this.found.push({ list: this.list, index: this.index, field, message, ...(code === undefined ? {} : { code }), ...(params === undefined ? {} : { params }) });
  }
}

function checkName(problems: Problems, name: string, what: string, symbol: boolean): void {
  if (name.trim() === '') problems.add('name', `${what} name is empty`, 'empty');
  else if (name !== name.trim()) problems.add('name', `${what} name "${name}" starts or ends with spaces`, 'spaces_around');
  else if (name.length > MAX_NAME_LENGTH) problems.add('name', `${what} name is longer than ${MAX_NAME_LENGTH} characters`, 'too_long', { max: MAX_NAME_LENGTH });
  else if (symbol && !isSymbolName(name)) problems.add('name', symbolNameMessage(what, name), 'symbol_name', { name });
}

function checkTheme(problems: Problems, themes: ReadonlySet<string>, theme: string | undefined): void {
  if (theme !== undefined && !themes.has(theme)) problems.add('theme', `theme "${theme}" does not exist${didYouMean(theme, themes)}`, 'does_not_exist', { what: 'theme', name: theme });
}

function checkDuplicateNames(list: ContentList, items: ReadonlyArray<{ name: string }>, what: string, out: ContentProblem[]): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.name)) out.push({ list, index, field: 'name', message: `a ${what} named "${item.name}" already exists`, code: 'duplicate_name', params: { name: item.name } });
    seen.add(item.name);
  });
}

/**
 * Checks an intent's phrases and returns them with entity values made canonical (a synonym
 * becomes its value), as the file import stores them.
 */
function checkIntent(problems: Problems, intent: Intent, themes: ReadonlySet<string>, contexts: ReadonlyMap<string, Context>): void {
  checkName(problems, intent.name, 'intent', true);
  if (intent.name === NLU_FALLBACK_INTENT) problems.add('name', `"${NLU_FALLBACK_INTENT}" is reserved: it is the intent of messages below the accuracy threshold`, 'reserved_name', { name: NLU_FALLBACK_INTENT });
  checkTheme(problems, themes, intent.theme);
  if (intent.phrases.length === 0) problems.add('phrases', 'an intent needs at least one phrase', 'needs_phrase');
  intent.phrases.forEach((phrase, index) => {
    const at = `phrases.${index}`;
    if (phrase.text.trim() === '') {
      problems.add(`${at}.text`, 'phrase is empty', 'empty');
      return;
    }
    let end = 0;
    const entities = [...(phrase.entities ?? [])].map((entity, entityIndex) => ({ entity, entityIndex })).sort((a, b) => a.entity.start - b.entity.start);
    for (const { entity, entityIndex } of entities) {
      const field = `${at}.entities.${entityIndex}`;
      if (!Number.isInteger(entity.start) || !Number.isInteger(entity.end) || entity.start < 0 || entity.end > phrase.text.length || entity.end <= entity.start) {
        problems.add(`${field}.start`, `span [${entity.start}, ${entity.end}) is not inside the phrase (0 to ${phrase.text.length} characters, end after start)`);
        continue;
      }
      if (entity.start < end) problems.add(`${field}.start`, 'this span overlaps another linked span of the phrase');
      end = Math.max(end, entity.end);
      const context = contexts.get(entity.entity);
      if (context === undefined) {
        problems.add(`${field}.entity`, `context "${entity.entity}" does not exist${didYouMean(entity.entity, contexts.keys())}`, 'does_not_exist', { what: 'context', name: entity.entity });
        continue;
      }
      const checked = canonicalValue(context, entity.value, 'values');
      if ('problem' in checked) problems.add(`${field}.value`, checked.problem, checked.code, checked.params);
      else entity.value = checked.value;
    }
  });
}

function checkContext(problems: Problems, context: Context): void {
  checkName(problems, context.name, 'context', true);
  if ((RESERVED_SLOT_NAMES as readonly string[]).includes(context.name)) problems.add('name', `"${context.name}" is reserved: Rasa's trackers keep a slot of that name`, 'reserved_name', { name: context.name });
  if (context.type === 'text' && context.entity !== undefined && context.values.length > 0) {
    problems.add('entity', `a context filled by the system entity "${context.entity}" takes no values of its own; remove the values or the entity`);
  }
  if (context.type === 'text') {
    // One word must mean one value, or the NLU could not tell which value it heard.
    const meaning = new Map<string, string>();
    context.values.forEach((value, index) => {
      const claim = (word: string, field: string): void => {
        if (word.trim() === '') {
          problems.add(field, 'is empty', 'empty');
          return;
        }
        const previous = meaning.get(word.toLowerCase());
        if (previous === undefined) meaning.set(word.toLowerCase(), value.value);
        else problems.add(field, previous === value.value ? `"${word}" is listed twice for value "${value.value}"` : `"${word}" already stands for value "${previous}" of this context; a word can mean only one value`);
      };
      claim(value.value, `values.${index}.value`);
      value.synonyms.forEach((synonym, synonymIndex) => claim(synonym, `values.${index}.synonyms.${synonymIndex}`));
    });
  } else if (context.type === 'categorical') {
    if (context.values.length === 0) problems.add('values', 'a categorical context needs at least one value', 'too_few', { min: 1 });
    context.values.forEach((value, index) => {
      if (value.trim() === '') problems.add(`values.${index}`, 'value is empty', 'empty');
      else if (context.values.indexOf(value) !== index) problems.add(`values.${index}`, `value "${value}" is listed twice`, 'listed_twice', { name: value });
    });
  } else if (context.type === 'float') {
    if (context.min !== undefined && context.max !== undefined && context.min > context.max) problems.add('min', `"min" (${context.min}) is greater than "max" (${context.max})`);
  }
}

function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const protocol = new URL(text).protocol;
  return protocol === 'http:' || protocol === 'https:';
}

function checkSkill(problems: Problems, skill: Skill, content: AssistantContent, themes: ReadonlySet<string>, contexts: ReadonlyMap<string, Context>): void {
  checkName(problems, skill.name, 'skill', false);
  checkTheme(problems, themes, skill.theme);
  if ((skill.kind === 'text' || skill.kind === 'buttons') && skill.texts.length === 0) {
    problems.add('texts', skill.kind === 'text' ? 'a skill needs at least one text' : 'a buttons skill needs the question shown above the buttons', 'required');
  }
  const add: AddProblem = (field, message, code, params) => problems.add(field, message, code, params);
  checkTexts(add, 'texts', skill.texts, contexts);
  skill.variants?.forEach((variant, index) => {
    const at = `variants.${index}`;
    if (variant.when.length === 0) problems.add(`${at}.when`, "a variant needs at least one condition (the skill's own texts are the default variant)");
    variant.when.forEach((condition, conditionIndex) => checkCondition((field, message, code, params) => problems.add(`${at}.when.${conditionIndex}.${field}`, message, code, params), condition, contexts));
    if (variant.texts.length === 0) problems.add(`${at}.texts`, 'a variant needs at least one text', 'required');
    checkTexts(add, `${at}.texts`, variant.texts, contexts);
  });
  if (skill.kind === 'buttons') {
    const buttons = skill.buttons ?? [];
    if (buttons.length === 0) problems.add('buttons', 'a buttons skill needs at least one button', 'too_few', { min: 1 });
    buttons.forEach((button, index) => {
      if (button.title.trim() === '') problems.add(`buttons.${index}.title`, 'the title (what the user sees) is empty', 'empty');
      if (button.payload.trim() === '') problems.add(`buttons.${index}.payload`, 'the value (what the assistant receives) is empty', 'empty');
    });
  } else if (skill.buttons !== undefined && skill.buttons.length > 0) {
    problems.add('buttons', `"buttons" is not used by a ${skill.kind} skill`, 'not_used');
  }
  if (skill.kind === 'image') {
    if (skill.image === undefined || skill.image.trim() === '') problems.add('image', 'an image skill needs the URL of the picture (upload it through …/media)', 'required');
    else if (!isHttpUrl(skill.image)) problems.add('image', `"image" must be an http(s) URL; got "${skill.image}"`, 'not_url');
  } else if (skill.image !== undefined) {
    problems.add('image', `"image" is not used by a ${skill.kind} skill`, 'not_used');
  }
  if (skill.kind === 'custom' && (skill.custom?.api ?? '').trim() === '') problems.add('custom.api', 'a custom skill needs the third-party API it runs', 'required');
  else if (skill.kind !== 'custom' && skill.custom !== undefined) problems.add('custom', `"custom" is not used by a ${skill.kind} skill`, 'not_used');
  if (skill.kind === 'attachment' && skill.attachment === undefined) problems.add('attachment', 'an attachment skill needs "attachment": a URL or any value the channel understands');
  // The admin API's schema bounds it too; a file (YAML, a project zip) or a restored version comes here.
  const attachmentBounds = skill.attachment === undefined ? undefined : jsonBoundsProblem(skill.attachment);
  if (attachmentBounds !== undefined) problems.add('attachment', `"attachment" ${attachmentBounds.message}`, attachmentBounds.code, { max: attachmentBounds.max });
  if (skill.kind === 'action') {
    const issue = actionNameIssue(skill.action ?? '');
    if (issue !== undefined) problems.add('action', issue.message, issue.code, issue.params);
  } else if (skill.action !== undefined) {
    problems.add('action', `"action" is not used by a ${skill.kind} skill`, 'not_used');
  }
  if (skill.fallback) {
    const other = content.skills.find((candidate) => candidate.fallback && candidate.name !== skill.name);
    if (other !== undefined) problems.add('fallback', `only one skill can be the fallback; "${other.name}" already is`, 'one_fallback', { name: other.name });
  }
  const preset = skill.preset;
  if (preset?.context !== undefined) {
    const context = contexts.get(preset.context.name);
    if (context === undefined) problems.add('preset.context.name', `context "${preset.context.name}" does not exist${didYouMean(preset.context.name, contexts.keys())}`, 'does_not_exist', { what: 'context', name: preset.context.name });
    else {
      const checked = canonicalValue(context, preset.context.value, 'values');
      if ('problem' in checked) problems.add('preset.context.value', checked.problem, checked.code, checked.params);
      else preset.context.value = checked.value;
    }
  }
  if (preset?.dialogue !== undefined) {
    const dialogues = content.dialogues.map((dialogue) => dialogue.name);
    if (!dialogues.includes(preset.dialogue)) problems.add('preset.dialogue', `dialogue "${preset.dialogue}" does not exist${didYouMean(preset.dialogue, dialogues)}`, 'does_not_exist', { what: 'dialogue', name: preset.dialogue });
  }
}

/** A problem reported at a field of the item (relative to it), as the checks below report them. */
export type AddProblem = (field: string, message: string, code?: string, params?: Record<string, string | number>) => void;

/** The problems of a text's placeholders, each with where it starts in the text. */
export function placeholderProblems(text: string, contexts: ReadonlyMap<string, Context>): Array<{ index: number; message: string; code?: string; params?: Record<string, string> }> {
  const found: Array<{ index: number; message: string; code?: string; params?: Record<string, string> }> = [];
  for (const placeholder of placeholdersOf(text)) {
    const { name, index } = placeholder;
    if (name.startsWith('$')) {
      if (!isBuiltIn(name)) found.push({ index, message: `{${name}} is not a built-in value (built-in values: ${BUILT_IN_VALUES.join(', ')})${didYouMean(name, BUILT_IN_VALUES)}`, code: 'placeholder_unknown', params: { name } });
    } else if (!contexts.has(name)) {
      found.push({ index, message: `placeholder {${name}} names no context${didYouMean(name, contexts.keys())}; create a context "${name}" or fix the name`, code: 'placeholder_unknown', params: { name } });
    }
    const format = formatProblem(placeholder);
    if (format !== undefined) found.push({ index, message: format });
  }
  return found;
}

/** Texts of a skill or of one of its variants: not empty, placeholders naming contexts or built-in values. */
function checkTexts(add: AddProblem, field: string, texts: readonly string[], contexts: ReadonlyMap<string, Context>): void {
  texts.forEach((text, index) => {
    if (text.trim() === '') add(`${field}.${index}`, 'text is empty', 'empty');
    else for (const problem of placeholderProblems(text, contexts)) add(`${field}.${index}`, problem.message, problem.code, problem.params);
  });
}

/**
 * A condition of a variant, its fields `context`, `operator`, `value` (`value.2` in a list); its
 * values are made canonical in place (a synonym becomes its value).
 */
export function checkCondition(add: AddProblem, condition: Condition, contexts: ReadonlyMap<string, Context>): void {
  const context = contexts.get(condition.context);
  if (context === undefined) {
    add('context', `context "${condition.context}" does not exist${didYouMean(condition.context, contexts.keys())}`, 'does_not_exist', { what: 'context', name: condition.context });
    return;
  }
  switch (condition.operator) {
    case 'set':
    case 'notSet':
      return;
    case 'equals': {
      if (condition.value.trim() === '') {
        add('value', 'the value to compare with is empty', 'empty');
        return;
      }
      const checked = canonicalValue(context, condition.value, 'values');
      if ('problem' in checked) add('value', checked.problem, checked.code, checked.params);
      else condition.value = checked.value;
      return;
    }
    case 'oneOf':
      if (condition.value.length === 0) add('value', '"one of" needs at least one value');
      condition.value.forEach((value, index) => {
        if (value.trim() === '') {
          add(`value.${index}`, 'value is empty', 'empty');
          return;
        }
        const checked = canonicalValue(context, value, 'values');
        if ('problem' in checked) add(`value.${index}`, checked.problem, checked.code, checked.params);
        else condition.value[index] = checked.value;
      });
      return;
    default:
      if (context.type !== 'float') add('operator', `a number comparison needs a float context; "${context.name}" is ${context.type}`);
      if (!Number.isFinite(condition.value)) add('value', 'the value to compare with must be a number', 'type', { type: 'number' });
  }
}

/**
 * Slot filling: the contexts a dialogue asks for (`slots.0.context`), the skills that ask
 * (`slots.0.question`), say an answer does not fit (`slots.0.invalid`), confirm and say goodbye.
 */
export function checkDialogueSlots(add: AddProblem, dialogue: Dialogue, skills: readonly string[], contexts: ReadonlyMap<string, Context>): void {
  const skillReference = (field: string, name: string | undefined, what: string): void => {
    if (name === undefined) return;
    if (name.trim() === '') add(field, `${what} is empty; choose a skill or remove it`, 'empty');
    else if (!skills.includes(name)) add(field, `skill "${name}" does not exist${didYouMean(name, skills)}`, 'does_not_exist', { what: 'skill', name });
  };
  const seen = new Set<string>();
  dialogue.slots?.forEach((slot, index) => {
    const at = `slots.${index}`;
    const context = contexts.get(slot.context);
    if (context === undefined) add(`${at}.context`, slot.context.trim() === '' ? 'choose the context to ask for' : `context "${slot.context}" does not exist${didYouMean(slot.context, contexts.keys())}`);
    else if (seen.has(slot.context)) add(`${at}.context`, `context "${slot.context}" is asked for twice in this dialogue`, 'listed_twice', { name: slot.context });
    else if (dialogue.confirm !== undefined && (slot.context === CONFIRMATION_STEP || slot.context === CORRECTION_STEP)) {
      add(`${at}.context`, `a dialogue that confirms cannot ask for a context named "${slot.context}": requested_slot takes that name while it confirms`);
    }
    seen.add(slot.context);
    skillReference(`${at}.question`, slot.question, 'the question');
    skillReference(`${at}.invalid`, slot.invalid, 'the message for an answer that does not fit');
    if (slot.valuesAsButtons === true && context !== undefined && !hasValues(context)) {
      add(`${at}.valuesAsButtons`, `context "${context.name}" has no values to offer as buttons (a text context with values, a categorical or a boolean one has)`);
    }
    if (slot.valuesAsButtons === true && slot.question === undefined) add(`${at}.valuesAsButtons`, 'the values are offered under the question: choose the question first');
    if (slot.label !== undefined && slot.label.trim() === '') add(`${at}.label`, 'the label is empty; remove it to use the context name', 'empty');
    if (slot.maxAttempts !== undefined && (!Number.isInteger(slot.maxAttempts) || slot.maxAttempts < 1 || slot.maxAttempts > MAX_ATTEMPTS_LIMIT)) {
      add(`${at}.maxAttempts`, `the number of answers accepted must be a whole number from 1 to ${MAX_ATTEMPTS_LIMIT} (default ${DEFAULT_MAX_ATTEMPTS})`, 'between', { min: 1, max: MAX_ATTEMPTS_LIMIT });
    }
  });
  skillReference('confirm', dialogue.confirm, 'the confirmation');
  skillReference('cancel', dialogue.cancel, 'the message for leaving');
  if (dialogue.cancel !== undefined && (dialogue.slots ?? []).length === 0 && dialogue.confirm === undefined) {
    add('cancel', 'only a dialogue that asks for contexts or confirms can be left: add a context to ask for, or remove the message for leaving');
  }
}

/** Whether a context has values to offer as buttons. */
export function hasValues(context: Context): boolean {
  return context.type === 'boolean' || ((context.type === 'text' || context.type === 'categorical') && context.values.length > 0);
}

function checkDialogue(problems: Problems, dialogue: Dialogue, index: number, content: AssistantContent, themes: ReadonlySet<string>, contexts: ReadonlyMap<string, Context>): void {
  checkName(problems, dialogue.name, 'dialogue', false);
  checkTheme(problems, themes, dialogue.theme);
  const intents = content.intents.map((intent) => intent.name);
  if (dialogue.intents.length === 0) problems.add('intents', 'a dialogue needs at least one intent', 'too_few', { min: 1 });
  dialogue.intents.forEach((intent, intentIndex) => {
    const field = `intents.${intentIndex}`;
    if (!intents.includes(intent)) problems.add(field, `intent "${intent}" does not exist${didYouMean(intent, intents)}`, 'does_not_exist', { what: 'intent', name: intent });
    else if (dialogue.intents.indexOf(intent) !== intentIndex) problems.add(field, `intent "${intent}" is listed twice in this dialogue`, 'listed_twice', { name: intent });
    else {
      // The dialogue policy takes the first dialogue for an intent: a second one would never answer.
      const earlier = content.dialogues.slice(0, index).find((other) => other.followUpOf === dialogue.followUpOf && other.intents.includes(intent));
      if (earlier !== undefined) {
        const when = dialogue.followUpOf === undefined ? '' : ` after dialogue "${dialogue.followUpOf}"`;
        problems.add(field, `intent "${intent}" is already answered${when} by dialogue "${earlier.name}"; only one dialogue can answer it`, 'intent_answered', { name: intent, by: earlier.name });
      }
    }
  });
  const skills = content.skills.map((skill) => skill.name);
  checkDialogueSlots((field, message, code, params) => problems.add(field, message, code, params), dialogue, skills, contexts);
  if (!skills.includes(dialogue.skill)) problems.add('skill', dialogue.skill.trim() === '' ? 'a dialogue needs the skill that answers' : `skill "${dialogue.skill}" does not exist${didYouMean(dialogue.skill, skills)}`, dialogue.skill.trim() === '' ? 'required' : 'does_not_exist', { what: 'skill', name: dialogue.skill });
  const followUpOf = dialogue.followUpOf;
  if (followUpOf === undefined) return;
  const dialogues = new Map(content.dialogues.map((other) => [other.name, other] as const));
  if (followUpOf === dialogue.name) problems.add('followUpOf', `dialogue "${dialogue.name}" cannot be a follow-up of itself`, 'follow_up_itself');
  else if (!dialogues.has(followUpOf)) problems.add('followUpOf', `dialogue "${followUpOf}" does not exist${didYouMean(followUpOf, dialogues.keys())}`, 'does_not_exist', { what: 'dialogue', name: followUpOf });
  else {
    const loop = followUpLoop(dialogue.name, followUpOf, (name) => dialogues.get(name)?.followUpOf);
    if (loop !== undefined) problems.add('followUpOf', `this makes a loop of follow-ups (${loop.join(' → ')}); none of these dialogues could ever answer`, 'follow_up_loop', { names: loop.join(' → ') });
  }
}

/**
 * Every problem of the content, item by item. Entity values and preset values are made
 * canonical in place (a synonym becomes its value). A pair in conflict (a duplicate name, an
 * intent answered twice) is reported on the later item.
 */
export function checkContent(content: AssistantContent): ContentProblem[] {
  const out: ContentProblem[] = [];
  checkDuplicateNames('themes', content.themes, 'theme', out);
  checkDuplicateNames('intents', content.intents, 'intent', out);
  checkDuplicateNames('contexts', content.contexts, 'context', out);
  checkDuplicateNames('skills', content.skills, 'skill', out);
  checkDuplicateNames('dialogues', content.dialogues, 'dialogue', out);
  const themes = new Set(content.themes.map((theme: Theme) => theme.name));
  const contexts = new Map<string, Context>();
  for (const context of content.contexts) if (!contexts.has(context.name)) contexts.set(context.name, context);
  const run = (list: ContentList, index: number, check: (problems: Problems) => void): void => {
    const problems = new Problems(list, index);
    check(problems);
    out.push(...problems.found);
  };
  content.themes.forEach((theme, index) => run('themes', index, (problems) => checkName(problems, theme.name, 'theme', false)));
  content.contexts.forEach((context, index) => run('contexts', index, (problems) => checkContext(problems, context)));
  content.intents.forEach((intent, index) => run('intents', index, (problems) => checkIntent(problems, intent, themes, contexts)));
  content.skills.forEach((skill, index) => run('skills', index, (problems) => checkSkill(problems, skill, content, themes, contexts)));
  content.dialogues.forEach((dialogue, index) => run('dialogues', index, (problems) => checkDialogue(problems, dialogue, index, content, themes, contexts)));
  return out;
}
