// How content items refer to each other by name, in one place: what uses an item (the warning
// before a delete), renaming an item everywhere it is named, and what a forced delete removes.
import type { AssistantContent, Dialogue, Skill } from '../../assistant/content.js';
import { placeholdersOf, renamePlaceholders } from '../../assistant/placeholders.js';
import type { ContentListName } from '../../store/store.js';

export interface Usage {
  list: ContentListName;
  name: string;
  /** Where in that item the name is used, e.g. `intents.1`, `phrases.3.entities.0`, `preset.dialogue`. */
  field: string;
}

/** Every placeholder of a skill's texts and variants, with the field of the text that holds it. */
function placeholders(skill: Skill): Array<{ field: string; name: string }> {
  const of = (prefix: string, texts: readonly string[]) => texts.flatMap((text, index) => placeholdersOf(text).map((placeholder) => ({ field: `${prefix}.${index}`, name: placeholder.name })));
  return [...of('texts', skill.texts), ...(skill.variants ?? []).flatMap((variant, index) => of(`variants.${index}.texts`, variant.texts))];
}

/** The skills a dialogue names, with the field that names each. */
function skillReferences(dialogue: Dialogue): Array<{ field: string; name: string }> {
  const references = [{ field: 'skill', name: dialogue.skill }];
  dialogue.slots?.forEach((slot, index) => {
    if (slot.question !== undefined) references.push({ field: `slots.${index}.question`, name: slot.question });
    if (slot.invalid !== undefined) references.push({ field: `slots.${index}.invalid`, name: slot.invalid });
  });
  if (dialogue.confirm !== undefined) references.push({ field: 'confirm', name: dialogue.confirm });
  if (dialogue.cancel !== undefined) references.push({ field: 'cancel', name: dialogue.cancel });
  return references;
}

/** Every place that names the item `name` of `list`. */
export function findUsages(content: AssistantContent, list: ContentListName, name: string): Usage[] {
  const usages: Usage[] = [];
  switch (list) {
    case 'themes':
      for (const other of ['intents', 'skills', 'dialogues'] as const) {
        for (const item of content[other]) if (item.theme === name) usages.push({ list: other, name: item.name, field: 'theme' });
      }
      break;
    case 'intents':
      for (const dialogue of content.dialogues) {
        dialogue.intents.forEach((intent, index) => {
          if (intent === name) usages.push({ list: 'dialogues', name: dialogue.name, field: `intents.${index}` });
        });
      }
      break;
    case 'contexts':
      for (const intent of content.intents) {
        intent.phrases.forEach((phrase, phraseIndex) =>
          phrase.entities?.forEach((entity, entityIndex) => {
            if (entity.entity === name) usages.push({ list: 'intents', name: intent.name, field: `phrases.${phraseIndex}.entities.${entityIndex}` });
          }),
        );
      }
      for (const skill of content.skills) {
        if (skill.preset?.context?.name === name) usages.push({ list: 'skills', name: skill.name, field: 'preset.context.name' });
        for (const placeholder of placeholders(skill)) {
          if (placeholder.name === name) usages.push({ list: 'skills', name: skill.name, field: placeholder.field });
        }
        skill.variants?.forEach((variant, index) =>
          variant.when.forEach((condition, conditionIndex) => {
            if (condition.context === name) usages.push({ list: 'skills', name: skill.name, field: `variants.${index}.when.${conditionIndex}.context` });
          }),
        );
      }
      for (const dialogue of content.dialogues) {
        dialogue.slots?.forEach((slot, index) => {
          if (slot.context === name) usages.push({ list: 'dialogues', name: dialogue.name, field: `slots.${index}.context` });
        });
      }
      break;
    case 'skills':
      for (const dialogue of content.dialogues) {
        for (const reference of skillReferences(dialogue)) if (reference.name === name) usages.push({ list: 'dialogues', name: dialogue.name, field: reference.field });
      }
      break;
    case 'dialogues':
      for (const dialogue of content.dialogues) if (dialogue.followUpOf === name) usages.push({ list: 'dialogues', name: dialogue.name, field: 'followUpOf' });
      for (const skill of content.skills) if (skill.preset?.dialogue === name) usages.push({ list: 'skills', name: skill.name, field: 'preset.dialogue' });
      break;
  }
  return usages;
}

/** Renames, in place, every reference to the item `from` of `list` (not the item itself). */
export function renameReferences(content: AssistantContent, list: ContentListName, from: string, to: string): void {
  switch (list) {
    case 'themes':
      for (const other of ['intents', 'skills', 'dialogues'] as const) {
        for (const item of content[other]) if (item.theme === from) item.theme = to;
      }
      break;
    case 'intents':
      for (const dialogue of content.dialogues) dialogue.intents = dialogue.intents.map((intent) => (intent === from ? to : intent));
      break;
    case 'contexts':
      for (const intent of content.intents) {
        for (const phrase of intent.phrases) for (const entity of phrase.entities ?? []) if (entity.entity === from) entity.entity = to;
      }
      for (const regex of content.regexes) if (regex.name === from) regex.name = to;
      for (const skill of content.skills) {
        if (skill.preset?.context?.name === from) skill.preset.context.name = to;
        skill.texts = skill.texts.map((text) => renamePlaceholders(text, from, to));
        for (const variant of skill.variants ?? []) {
          variant.texts = variant.texts.map((text) => renamePlaceholders(text, from, to));
          for (const condition of variant.when) if (condition.context === from) condition.context = to;
        }
      }
      for (const dialogue of content.dialogues) for (const slot of dialogue.slots ?? []) if (slot.context === from) slot.context = to;
      break;
    case 'skills':
      for (const dialogue of content.dialogues) {
        if (dialogue.skill === from) dialogue.skill = to;
        for (const slot of dialogue.slots ?? []) {
          if (slot.question === from) slot.question = to;
          if (slot.invalid === from) slot.invalid = to;
        }
        if (dialogue.confirm === from) dialogue.confirm = to;
        if (dialogue.cancel === from) dialogue.cancel = to;
      }
      break;
    case 'dialogues':
      for (const dialogue of content.dialogues) if (dialogue.followUpOf === from) dialogue.followUpOf = to;
      for (const skill of content.skills) if (skill.preset?.dialogue === from) skill.preset.dialogue = to;
      break;
  }
}

function dropPresetDialogue(content: AssistantContent, names: ReadonlySet<string>): void {
  for (const skill of content.skills) {
    if (skill.preset?.dialogue === undefined || !names.has(skill.preset.dialogue)) continue;
    delete skill.preset.dialogue;
    if (skill.preset.context === undefined) delete skill.preset;
  }
}

/**
 * Deletes dialogues and, since a follow-up cannot apply after a dialogue that is gone, their
 * follow-ups, recursively; skill presets that named them lose their dialogue.
 */
function deleteDialogues(content: AssistantContent, names: Iterable<string>): void {
  const gone = new Set(names);
  let grew = true;
  while (grew) {
    grew = false;
    for (const dialogue of content.dialogues) {
      if (dialogue.followUpOf !== undefined && gone.has(dialogue.followUpOf) && !gone.has(dialogue.name)) {
        gone.add(dialogue.name);
        grew = true;
      }
    }
  }
  content.dialogues = content.dialogues.filter((dialogue) => !gone.has(dialogue.name));
  dropPresetDialogue(content, gone);
}

/**
 * Deletes the item `name` of `list` in place. With `force`, what uses it is changed so that
 * nothing names it any more (the rule is documented in README.md and in the OpenAPI document):
 * - a theme: the items of the theme stay, without a theme;
 * - an intent: dialogues stop answering it; a dialogue left with no intent is deleted;
 * - a context: phrases lose their links to it and skill presets their context; `{context}`
 *   placeholders stay in the texts (they then fill with nothing); dialogues stop asking for it;
 *   variant conditions on it go (a variant left without conditions goes too);
 * - a skill: the dialogues it answers for are deleted; dialogues that ask, confirm or say
 *   goodbye with it lose that reference (a question without its skill is no longer asked);
 * - a dialogue: skill presets lose it.
 * Deleting a dialogue (also as a consequence) deletes its follow-ups, recursively.
 */
export function deleteItem(content: AssistantContent, list: ContentListName, name: string): void {
  switch (list) {
    case 'themes':
      content.themes = content.themes.filter((theme) => theme.name !== name);
      for (const other of ['intents', 'skills', 'dialogues'] as const) {
        for (const item of content[other]) if (item.theme === name) delete item.theme;
      }
      break;
    case 'intents': {
      content.intents = content.intents.filter((intent) => intent.name !== name);
      for (const dialogue of content.dialogues) dialogue.intents = dialogue.intents.filter((intent) => intent !== name);
      deleteDialogues(content, content.dialogues.filter((dialogue) => dialogue.intents.length === 0).map((dialogue) => dialogue.name));
      break;
    }
    case 'contexts':
      content.contexts = content.contexts.filter((context) => context.name !== name);
      for (const intent of content.intents) {
        for (const phrase of intent.phrases) {
          if (phrase.entities === undefined) continue;
          phrase.entities = phrase.entities.filter((entity) => entity.entity !== name);
        }
      }
      for (const skill of content.skills) {
        if (skill.variants !== undefined) {
          for (const variant of skill.variants) variant.when = variant.when.filter((condition) => condition.context !== name);
          skill.variants = skill.variants.filter((variant) => variant.when.length > 0);
          if (skill.variants.length === 0) delete skill.variants;
        }
        if (skill.preset?.context?.name !== name) continue;
        delete skill.preset.context;
        if (skill.preset.dialogue === undefined) delete skill.preset;
      }
      for (const dialogue of content.dialogues) {
        if (dialogue.slots === undefined) continue;
        dialogue.slots = dialogue.slots.filter((slot) => slot.context !== name);
        if (dialogue.slots.length === 0) delete dialogue.slots;
        if (dialogue.cancel !== undefined && dialogue.slots === undefined && dialogue.confirm === undefined) delete dialogue.cancel;
      }
      break;
    case 'skills':
      content.skills = content.skills.filter((skill) => skill.name !== name);
      deleteDialogues(content, content.dialogues.filter((dialogue) => dialogue.skill === name).map((dialogue) => dialogue.name));
      for (const dialogue of content.dialogues) {
        for (const slot of dialogue.slots ?? []) {
          if (slot.question === name) {
            delete slot.question;
            delete slot.valuesAsButtons;
          }
          if (slot.invalid === name) delete slot.invalid;
        }
        if (dialogue.confirm === name) delete dialogue.confirm;
        if (dialogue.cancel === name) delete dialogue.cancel;
        if (dialogue.cancel !== undefined && (dialogue.slots ?? []).length === 0 && dialogue.confirm === undefined) delete dialogue.cancel;
      }
      break;
    case 'dialogues':
      deleteDialogues(content, [name]);
      break;
  }
}
