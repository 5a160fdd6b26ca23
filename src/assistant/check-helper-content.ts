// The checks that need the whole file: duplicate names, references between items, the single
// fallback, follow-up loops, entity values against their contexts. Each error points at the
// reference itself, so the administrator sees the line to fix, not the line of the definition.
import type { AssistantContent, Context } from './content.js';
import { followUpLoop } from './check-content.js';
import { canonicalValue } from './context-value.js';
import type { HelperSources, Located } from './read-helper-file.js';
import { suggestName } from './suggest-name.js';
import type { YamlReader } from './yaml-reader.js';

// The placeholders src/skills/fill-slots.ts fills.
const PLACEHOLDER = /\{([A-Za-z_][\w.-]*)\}/g;

function didYouMean(name: string, candidates: Iterable<string>): string {
  const suggestion = suggestName(name, candidates);
  return suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;
}

function checkUnique(reader: YamlReader, kind: string, items: Array<{ name: string; at: Located }>, hint = ''): void {
  const first = new Map<string, Located>();
  for (const { name, at } of items) {
    const previous = first.get(name);
    if (previous === undefined) first.set(name, at);
    else reader.error(at.node, at.path, `duplicate ${kind} name "${name}"; the first is at line ${reader.lineOf(previous.node)}${hint}`);
  }
}

function checkTheme(reader: YamlReader, themes: ReadonlySet<string>, at: Located | undefined, name: string | undefined): void {
  if (at === undefined || name === undefined || themes.has(name)) return;
  reader.error(at.node, at.path, `theme "${name}" is not declared in "themes"${didYouMean(name, themes)}`);
}

function checkPhrases(reader: YamlReader, sources: HelperSources, contexts: ReadonlyMap<string, Context>): void {
  const seen = new Map<string, { intent: string; at: Located }>();
  for (const intent of sources.intents) {
    for (const source of intent.phrases) {
      source.markup.entities.forEach((markup, index) => {
        const offset = reader.offsetInScalar(source.node, markup.rawStart);
        const context = contexts.get(markup.entity);
        if (context === undefined) {
          reader.error(offset, source.path, `unknown context "${markup.entity}" in entity markup${didYouMean(markup.entity, contexts.keys())}`);
          return;
        }
        const checked = canonicalValue(context, markup.value);
        const entity = source.phrase.entities?.[index];
        if ('problem' in checked) reader.error(offset, source.path, checked.problem);
        else if (entity) entity.value = checked.value;
      });

      // Repeated phrases do not break anything, but they mean the admin lost track of the data.
      const key = source.phrase.text.toLowerCase().replace(/\s+/g, ' ');
      const previous = seen.get(key);
      if (previous === undefined) seen.set(key, { intent: intent.intent.name, at: source });
      else if (previous.intent === intent.intent.name) reader.warn(source.node, source.path, `phrase "${source.phrase.text}" is already in this intent (line ${reader.lineOf(previous.at.node)})`);
      else reader.warn(source.node, source.path, `phrase "${source.phrase.text}" is also in intent "${previous.intent}" (line ${reader.lineOf(previous.at.node)}); the assistant cannot tell the two intents apart on it`);
    }
  }
}

function checkSkills(reader: YamlReader, sources: HelperSources, contexts: ReadonlyMap<string, Context>): void {
  let fallback: { name: string; at: Located } | undefined;
  const dialogues = sources.dialogues.map((dialogue) => dialogue.name);
  for (const source of sources.skills) {
    const preset = source.skill.preset;
    if (preset?.context !== undefined && source.preset?.context !== undefined) {
      const context = contexts.get(preset.context.name);
      if (context === undefined) {
        reader.error(source.preset.context.node, source.preset.context.path, `unknown context "${preset.context.name}"${didYouMean(preset.context.name, contexts.keys())}`);
      } else {
        const checked = canonicalValue(context, preset.context.value, 'values');
        const at = source.preset.contextValue ?? source.preset.context;
        if ('problem' in checked) reader.error(at.node, at.path, checked.problem);
        else preset.context.value = checked.value;
      }
    }
    if (preset?.dialogue !== undefined && source.preset?.dialogue !== undefined && !dialogues.includes(preset.dialogue)) {
      reader.error(source.preset.dialogue.node, source.preset.dialogue.path, `unknown dialogue "${preset.dialogue}"${didYouMean(preset.dialogue, dialogues)}`);
    }
    if (source.fallback) {
      if (fallback === undefined) fallback = { name: source.skill.name, at: source.fallback };
      else reader.error(source.fallback.node, source.fallback.path, `only one skill can be the fallback; "${fallback.name}" (line ${reader.lineOf(fallback.at.node)}) already is`);
    }
    for (const text of source.texts) {
      for (const match of text.text.matchAll(PLACEHOLDER)) {
        const name = match[1] ?? '';
        if (!contexts.has(name)) {
          reader.error(reader.offsetInScalar(text.node, match.index), text.path, `placeholder {${name}} names no context${didYouMean(name, contexts.keys())}; declare a context "${name}" or fix the name`);
        }
      }
    }
  }
}

function checkDialogues(reader: YamlReader, sources: HelperSources, content: AssistantContent): void {
  const intents = new Set(content.intents.map((intent) => intent.name));
  const skills = new Set(content.skills.map((skill) => skill.name));
  const dialogues = new Map(sources.dialogues.map((dialogue) => [dialogue.name, dialogue] as const));
  const answered = new Map<string, { dialogue: string; at: Located }>();
  for (const dialogue of sources.dialogues) {
    for (const intent of dialogue.intents) {
      if (!intents.has(intent.name)) {
        reader.error(intent.node, intent.path, `unknown intent "${intent.name}"${didYouMean(intent.name, intents)}`);
        continue;
      }
      // The dialogue policy takes the first dialogue for an intent: a second one would never answer.
      const key = `${dialogue.followUpOf?.name ?? ''}\u0000${intent.name}`;
      const previous = answered.get(key);
      if (previous === undefined) answered.set(key, { dialogue: dialogue.name, at: intent });
      else if (previous.dialogue === dialogue.name) {
        reader.error(intent.node, intent.path, `intent "${intent.name}" is listed twice in this dialogue`);
      } else {
        const when = dialogue.followUpOf === undefined ? '' : ` after dialogue "${dialogue.followUpOf.name}"`;
        reader.error(intent.node, intent.path, `intent "${intent.name}" is already answered${when} by dialogue "${previous.dialogue}" (line ${reader.lineOf(previous.at.node)}); only the first would ever answer`);
      }
    }
    if (dialogue.skill && !skills.has(dialogue.skill.name)) {
      reader.error(dialogue.skill.node, dialogue.skill.path, `unknown skill "${dialogue.skill.name}"${didYouMean(dialogue.skill.name, skills)}`);
    }
    const followUpOf = dialogue.followUpOf;
    if (followUpOf === undefined) continue;
    if (followUpOf.name === dialogue.name) {
      reader.error(followUpOf.node, followUpOf.path, `dialogue "${dialogue.name}" cannot be a follow-up of itself`);
    } else if (!dialogues.has(followUpOf.name)) {
      reader.error(followUpOf.node, followUpOf.path, `unknown dialogue "${followUpOf.name}" in "follow_up_of"${didYouMean(followUpOf.name, dialogues.keys())}`);
    } else {
      // A loop of follow-ups never starts: each dialogue waits for another one of the loop.
      const loop = followUpLoop(dialogue.name, followUpOf.name, (name) => dialogues.get(name)?.followUpOf?.name);
      if (loop !== undefined) {
        reader.error(followUpOf.node, followUpOf.path, `"follow_up_of" makes a loop (${loop.join(' → ')}); none of these dialogues could ever answer`);
      }
    }
  }
}

function warnUnused(reader: YamlReader, sources: HelperSources, content: AssistantContent): void {
  const answeredIntents = new Set(content.dialogues.flatMap((dialogue) => dialogue.intents));
  const usedSkills = new Set(content.dialogues.map((dialogue) => dialogue.skill));
  for (const intent of sources.intents) {
    if (!answeredIntents.has(intent.intent.name)) {
      reader.warn(intent.at.node, intent.at.path, `no dialogue answers intent "${intent.intent.name}"; the fallback skill will`);
    }
  }
  for (const skill of sources.skills) {
    if (!skill.skill.fallback && !usedSkills.has(skill.skill.name)) {
      reader.warn(skill.at.node, skill.at.path, `skill "${skill.skill.name}" is not used by any dialogue`);
    }
  }
}

export function checkHelperContent(reader: YamlReader, sources: HelperSources, content: AssistantContent): void {
  checkUnique(reader, 'theme', sources.themes);
  checkUnique(reader, 'intent', sources.intents.map((source) => ({ name: source.intent.name, at: source.at })));
  checkUnique(reader, 'context', sources.contexts.map((source) => ({ name: source.context.name, at: source.at })));
  checkUnique(reader, 'regex', sources.regexes, '; list several patterns of one name under "patterns"');
  checkUnique(reader, 'skill', sources.skills.map((source) => ({ name: source.skill.name, at: source.at })));
  checkUnique(reader, 'dialogue', sources.dialogues);

  const themes = new Set(sources.themes.map((theme) => theme.name));
  for (const source of sources.intents) checkTheme(reader, themes, source.theme, source.intent.theme);
  for (const source of sources.skills) checkTheme(reader, themes, source.theme, source.skill.theme);
  for (const source of sources.dialogues) checkTheme(reader, themes, source.theme, source.theme?.name);

  const contexts = new Map<string, Context>();
  for (const context of content.contexts) if (!contexts.has(context.name)) contexts.set(context.name, context);
  checkPhrases(reader, sources, contexts);
  checkSkills(reader, sources, contexts);
  checkDialogues(reader, sources, content);
  warnUnused(reader, sources, content);
}
