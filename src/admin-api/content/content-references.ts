// How content items refer to each other by name, in one place: what uses an item (the warning
// before a delete), renaming an item everywhere it is named, and what a forced delete removes.
import type { AssistantContent, Skill } from '../../assistant/content.js';
import type { ContentListName } from '../../store/store.js';

export interface Usage {
  list: ContentListName;
  name: string;
  /** Where in that item the name is used, e.g. `intents.1`, `phrases.3.entities.0`, `preset.dialogue`. */
  field: string;
}

const PLACEHOLDER = /\{([A-Za-z_][\w.-]*)\}/g;

function placeholders(skill: Skill): Array<{ index: number; name: string }> {
  return skill.texts.flatMap((text, index) => [...text.matchAll(PLACEHOLDER)].map((match) => ({ index, name: match[1] ?? '' })));
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
          if (placeholder.name === name) usages.push({ list: 'skills', name: skill.name, field: `texts.${placeholder.index}` });
        }
      }
      break;
    case 'skills':
      for (const dialogue of content.dialogues) if (dialogue.skill === name) usages.push({ list: 'dialogues', name: dialogue.name, field: 'skill' });
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
        skill.texts = skill.texts.map((text) => text.replace(PLACEHOLDER, (match, name: string) => (name === from ? `{${to}}` : match)));
      }
      break;
    case 'skills':
      for (const dialogue of content.dialogues) if (dialogue.skill === from) dialogue.skill = to;
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
 *   placeholders stay in the texts (they then fill with nothing);
 * - a skill: the dialogues it answers for are deleted;
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
        if (skill.preset?.context?.name !== name) continue;
        delete skill.preset.context;
        if (skill.preset.dialogue === undefined) delete skill.preset;
      }
      break;
    case 'skills':
      content.skills = content.skills.filter((skill) => skill.name !== name);
      deleteDialogues(content, content.dialogues.filter((dialogue) => dialogue.skill === name).map((dialogue) => dialogue.name));
      break;
    case 'dialogues':
      deleteDialogues(content, [name]);
      break;
  }
}
