// The checks that need the whole file: duplicate names, references between items, the single
// fallback, follow-up loops, entity values against their contexts. Each error points at the
// reference itself, so the administrator sees the line to fix, not the line of the definition.
import { isMap, isSeq, type Node } from 'yaml';
import type { AssistantContent, Context } from '../content.js';
import { checkCondition, checkDialogueSlots, followUpLoop, placeholderProblems } from '../check-content.js';
import { checkFlows } from '../check-flows.js';
import { canonicalValue } from '../context-value.js';
import type { HelperSources, Located } from './read-helper-file.js';
import { SLOT_KEYS } from './file-keys.js';
import { suggestName } from '../suggest-name.js';
import { contentAfterImport } from '../merge-content.js';
import { checkMerge, fallbackReplacedWarning } from '../check-merge.js';
import type { YamlReader } from './yaml-reader.js';

function didYouMean(name: string, candidates: Iterable<string>): string {
  const suggestion = suggestName(name, candidates);
  return suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;
}

function checkUnique(reader: YamlReader, kind: string, items: Array<{ name: string; at: Located }>, hint = ''): void {
  const first = new Map<string, Located>();
  for (const { name, at } of items) {
    const previous = first.get(name);
    if (previous === undefined) first.set(name, at);
    else reader.error(at.node, at.path, `duplicate ${kind} name "${name}"; the first is at line ${reader.lineOf(previous.node)}${hint}`, 'duplicate_name', { name });
  }
}

function checkTheme(reader: YamlReader, themes: ReadonlySet<string>, at: Located | undefined, name: string | undefined): void {
  if (at === undefined || name === undefined || themes.has(name)) return;
  reader.error(at.node, at.path, `theme "${name}" is not declared in "themes"${didYouMean(name, themes)}`, 'does_not_exist', { what: 'theme', name });
}

function checkPhrases(reader: YamlReader, sources: HelperSources, contexts: ReadonlyMap<string, Context>): void {
  const seen = new Map<string, { intent: string; at: Located }>();
  for (const intent of sources.intents) {
    for (const source of intent.phrases) {
      source.markup.entities.forEach((markup, index) => {
        const offset = reader.offsetInScalar(source.node, markup.rawStart);
        const context = contexts.get(markup.entity);
        if (context === undefined) {
          reader.error(offset, source.path, `unknown context "${markup.entity}" in entity markup${didYouMean(markup.entity, contexts.keys())}`, 'does_not_exist', { what: 'context', name: markup.entity });
          return;
        }
        const checked = canonicalValue(context, markup.value);
        const entity = source.phrase.entities?.[index];
        if ('problem' in checked) reader.error(offset, source.path, checked.problem, checked.code, checked.params);
        else if (entity) entity.value = checked.value;
      });

      // Repeated phrases do not break anything, but they mean the admin lost track of the data.
      const key = source.phrase.text.toLowerCase().replace(/\s+/g, ' ');
      const previous = seen.get(key);
      if (previous === undefined) seen.set(key, { intent: intent.intent.name, at: source });
      else if (previous.intent === intent.intent.name) reader.warn(source.node, source.path, `phrase "${source.phrase.text}" is already in this intent (line ${reader.lineOf(previous.at.node)})`, 'file_phrase_twice', { phrase: source.phrase.text, line: reader.lineOf(previous.at.node) });
      else reader.warn(source.node, source.path, `phrase "${source.phrase.text}" is also in intent "${previous.intent}" (line ${reader.lineOf(previous.at.node)}); the assistant cannot tell the two intents apart on it`, 'file_phrase_in_two_intents', { phrase: source.phrase.text, intent: previous.intent, line: reader.lineOf(previous.at.node) });
    }
  }
}

function checkSkills(reader: YamlReader, sources: HelperSources, contexts: ReadonlyMap<string, Context>, base: AssistantContent): void {
  let fallback: { name: string; at: Located } | undefined;
  const dialogues = [...new Set([...sources.dialogues.map((dialogue) => dialogue.name), ...base.dialogues.map((dialogue) => dialogue.name)])];
  for (const source of sources.skills) {
    const preset = source.skill.preset;
    if (preset?.context !== undefined && source.preset?.context !== undefined) {
      const context = contexts.get(preset.context.name);
      if (context === undefined) {
        reader.error(source.preset.context.node, source.preset.context.path, `unknown context "${preset.context.name}"${didYouMean(preset.context.name, contexts.keys())}`, 'does_not_exist', { what: 'context', name: preset.context.name });
      } else {
        const checked = canonicalValue(context, preset.context.value, 'values');
        const at = source.preset.contextValue ?? source.preset.context;
        if ('problem' in checked) reader.error(at.node, at.path, checked.problem, checked.code, checked.params);
        else preset.context.value = checked.value;
      }
    }
    if (preset?.dialogue !== undefined && source.preset?.dialogue !== undefined && !dialogues.includes(preset.dialogue)) {
      reader.error(source.preset.dialogue.node, source.preset.dialogue.path, `unknown dialogue "${preset.dialogue}"${didYouMean(preset.dialogue, dialogues)}`, 'does_not_exist', { what: 'dialogue', name: preset.dialogue });
    }
    if (source.fallback) {
      if (fallback === undefined) fallback = { name: source.skill.name, at: source.fallback };
      else reader.error(source.fallback.node, source.fallback.path, `only one skill can be the fallback; "${fallback.name}" (line ${reader.lineOf(fallback.at.node)}) already is`, 'one_fallback', { name: fallback.name });
    }
    for (const text of source.texts) {
      for (const problem of placeholderProblems(text.text, contexts)) reader.error(reader.offsetInScalar(text.node, problem.index), text.path, problem.message, problem.code, problem.params);
    }
    for (const { condition, context, value } of source.conditions) {
      checkCondition((field, message, code, params) => {
        const at = field === 'context' ? context : value;
        reader.error(at.node, at.path, message, code, params);
      }, condition, contexts);
    }
  }
}

/** Slot filling's references, each reported where the file names it. */
function checkSlots(reader: YamlReader, sources: HelperSources, content: AssistantContent, contexts: ReadonlyMap<string, Context>, base: AssistantContent): void {
  const skills = [...new Set([...content.skills, ...base.skills].map((skill) => skill.name))];
  content.dialogues.forEach((dialogue, index) => {
    const source = sources.dialogues[index];
    if (source === undefined) return;
    checkDialogueSlots((field, message, code, params) => {
      const [first, slotIndex, key] = field.split('.');
      const slot = first === 'slots' ? source.slots[Number(slotIndex)] : undefined;
      const at = slot !== undefined ? slot.fields[key ?? ''] ?? slot.at : first === 'confirm' ? source.confirm : first === 'cancel' ? source.cancel : undefined;
      reader.error((at ?? source.at).node, (at ?? source.at).path, message, code, params);
    }, dialogue, skills, contexts);
  });
}

/** The YAML key of a content field where they differ. */
const FILE_KEYS: Readonly<Record<string, string>> = { texts: 'text', followUpOf: 'follow_up_of', ...Object.fromEntries(Object.entries(SLOT_KEYS).map(([key, field]) => [field, key])) };

/**
 * The node a content field path (`buttons.1.payload`, `slots.0.question`) points at inside an
 * item, as far as the file has it, and the path as the file's messages write it.
 */
function locateField(reader: YamlReader, item: Located, field: string): Located {
  if (field === '') return item;
  let node: Node | undefined = item.node;
  let path = item.path;
  for (const part of field.split('.')) {
    const resolved: Node | undefined = reader.resolve(node);
    if (/^\d+$/.test(part)) {
      path = `${path}[${part}]`;
      const child: unknown = resolved !== undefined && isSeq(resolved) ? resolved.items[Number(part)] : undefined;
      node = child === undefined ? undefined : (child as Node);
    } else {
      const key = FILE_KEYS[part] ?? part;
      path = `${path}.${key}`;
      const child: unknown = resolved !== undefined && isMap(resolved) ? resolved.get(key, true) : undefined;
      node = child === undefined ? undefined : (child as Node);
    }
    if (node === undefined) return { node: item.node, path };
    item = { node, path };
  }
  return { node: node ?? item.node, path };
}

/** Flow checks (check-flows.ts) as warnings at the place in the file. */
function warnFlows(reader: YamlReader, sources: HelperSources, content: AssistantContent, language: string, base: AssistantContent | undefined): void {
  // Merged, the file's items are checked with the assistant's they refer to (only the file's are reported).
  for (const warning of checkFlows(base === undefined ? content : contentAfterImport(base, content, 'merge'), { language })) {
    const source =
      warning.list === 'skills'
        ? sources.skills.find((candidate) => candidate.skill.name === warning.name)?.at
        : warning.list === 'dialogues'
          ? sources.dialogues.find((candidate) => candidate.name === warning.name)?.at
          : undefined;
    if (source === undefined) continue;
    const item = { node: parentItem(reader, source), path: source.path.replace(/\.name$/, '') };
    const at = locateField(reader, item, warning.field);
    reader.warn(at.node, at.path, warning.message, warning.code, warning.params);
  }
}

/**
 * A merge's content as the admin API checks it (check-merge.ts): each problem of one of the
 * file's items at its field in the file, one of the assistant's own items at the file's start,
 * naming the item; and the fallback the file's takes over from, at the file's `fallback`.
 */
function checkMerged(reader: YamlReader, sources: HelperSources, content: AssistantContent, mergeInto: AssistantContent): void {
  const findings = checkMerge(mergeInto, content);
  for (const problem of findings.problems) {
    const source = problem.fileIndex === undefined ? undefined : sources[problem.list][problem.fileIndex]?.at;
    if (source === undefined) {
      reader.error(0, problem.place, problem.message, problem.code, problem.params);
      continue;
    }
    const at = locateField(reader, { node: parentItem(reader, source), path: source.path.replace(/\.name$/, '') }, problem.field);
    reader.error(at.node, at.path, problem.message, problem.code, problem.params);
  }
  const fallback = findings.fallback;
  const at = fallback === undefined ? undefined : sources.skills.find((source) => source.skill.name === fallback.name)?.fallback;
  if (fallback !== undefined && at !== undefined) {
    const warning = fallbackReplacedWarning(fallback);
    reader.warn(at.node, at.path, warning.message, warning.code, warning.params);
  }
}

/** The mapping of an item, from where its name is. */
function parentItem(reader: YamlReader, name: Located): Node {
  const path = name.path.replace(/\.name$/, '');
  const match = /^(\w+)\[(\d+)\]$/.exec(path);
  const root = reader.doc.contents;
  if (!match || !isMap(root)) return name.node;
  const list: unknown = root.get(match[1] ?? '', true);
  const item: unknown = isSeq(list) ? list.items[Number(match[2])] : undefined;
  return (item as Node | undefined) ?? name.node;
}

function checkDialogues(reader: YamlReader, sources: HelperSources, content: AssistantContent, base: AssistantContent): void {
  const intents = new Set([...content.intents, ...base.intents].map((intent) => intent.name));
  const skills = new Set([...content.skills, ...base.skills].map((skill) => skill.name));
  const dialogues = new Map(sources.dialogues.map((dialogue) => [dialogue.name, dialogue] as const));
  // What each dialogue follows: the file's, else the assistant's it merges into.
  const followed = new Map(base.dialogues.map((dialogue) => [dialogue.name, dialogue.followUpOf] as const));
  for (const dialogue of sources.dialogues) followed.set(dialogue.name, dialogue.followUpOf?.name);
  const answered = new Map<string, { dialogue: string; at: Located }>();
  for (const dialogue of sources.dialogues) {
    for (const intent of dialogue.intents) {
      if (!intents.has(intent.name)) {
        reader.error(intent.node, intent.path, `unknown intent "${intent.name}"${didYouMean(intent.name, intents)}`, 'does_not_exist', { what: 'intent', name: intent.name });
        continue;
      }
      // The dialogue policy takes the first dialogue for an intent: a second one would never answer.
      const key = `${dialogue.followUpOf?.name ?? ''}\u0000${intent.name}`;
      const previous = answered.get(key);
      if (previous === undefined) answered.set(key, { dialogue: dialogue.name, at: intent });
      else if (previous.dialogue === dialogue.name) {
        reader.error(intent.node, intent.path, `intent "${intent.name}" is listed twice in this dialogue`, 'listed_twice', { name: intent.name });
      } else {
        const when = dialogue.followUpOf === undefined ? '' : ` after dialogue "${dialogue.followUpOf.name}"`;
        reader.error(intent.node, intent.path, `intent "${intent.name}" is already answered${when} by dialogue "${previous.dialogue}" (line ${reader.lineOf(previous.at.node)}); only the first would ever answer`, 'intent_answered', { name: intent.name, by: previous.dialogue });
      }
    }
    if (dialogue.skill && !skills.has(dialogue.skill.name)) {
      reader.error(dialogue.skill.node, dialogue.skill.path, `unknown skill "${dialogue.skill.name}"${didYouMean(dialogue.skill.name, skills)}`, 'does_not_exist', { what: 'skill', name: dialogue.skill.name });
    }
    const followUpOf = dialogue.followUpOf;
    if (followUpOf === undefined) continue;
    if (followUpOf.name === dialogue.name) {
      reader.error(followUpOf.node, followUpOf.path, `dialogue "${dialogue.name}" cannot be a follow-up of itself`, 'follow_up_itself');
    } else if (!followed.has(followUpOf.name)) {
      reader.error(followUpOf.node, followUpOf.path, `unknown dialogue "${followUpOf.name}" in "follow_up_of"${didYouMean(followUpOf.name, followed.keys())}`, 'does_not_exist', { what: 'dialogue', name: followUpOf.name });
    } else {
      // A loop of follow-ups never starts: each dialogue waits for another one of the loop.
      const loop = followUpLoop(dialogue.name, followUpOf.name, (name) => followed.get(name));
      if (loop !== undefined) {
        reader.error(followUpOf.node, followUpOf.path, `"follow_up_of" makes a loop (${loop.join(' → ')}); none of these dialogues could ever answer`, 'follow_up_loop', { names: loop.join(' → ') });
      }
    }
  }
}

function warnUnused(reader: YamlReader, sources: HelperSources, content: AssistantContent, base: AssistantContent): void {
  // Merged, the assistant's dialogues the file does not replace answer and use too.
  const fileDialogues = new Set(content.dialogues.map((dialogue) => dialogue.name));
  const dialogues = [...content.dialogues, ...base.dialogues.filter((dialogue) => !fileDialogues.has(dialogue.name))];
  const answeredIntents = new Set(dialogues.flatMap((dialogue) => dialogue.intents));
  const usedSkills = new Set(
    dialogues.flatMap((dialogue) => [
      dialogue.skill,
      ...(dialogue.slots ?? []).flatMap((slot) => [slot.question, slot.invalid]),
      dialogue.confirm,
      dialogue.cancel,
    ]).filter((name): name is string => name !== undefined),
  );
  for (const intent of sources.intents) {
    if (!answeredIntents.has(intent.intent.name)) {
      reader.warn(intent.at.node, intent.at.path, `no dialogue answers intent "${intent.intent.name}"; the fallback skill answers it`, 'file_intent_unanswered', { intent: intent.intent.name });
    }
  }
  for (const skill of sources.skills) {
    if (!skill.skill.fallback && !usedSkills.has(skill.skill.name)) {
      reader.warn(skill.at.node, skill.at.path, `skill "${skill.skill.name}" is not used by any dialogue`, 'file_skill_unused', { skill: skill.skill.name });
    }
  }
}

/**
 * `mergeInto`: the assistant's content a merge import adds the file to. The file's references may
 * then name its items too (merged by name, they are there); a replace checks the file alone.
 */
export function checkHelperContent(reader: YamlReader, sources: HelperSources, content: AssistantContent, language = 'pt', mergeInto?: AssistantContent): void {
  const base: AssistantContent = mergeInto ?? { themes: [], intents: [], contexts: [], regexes: [], skills: [], dialogues: [] };
  checkUnique(reader, 'theme', sources.themes);
  checkUnique(reader, 'intent', sources.intents.map((source) => ({ name: source.intent.name, at: source.at })));
  checkUnique(reader, 'context', sources.contexts.map((source) => ({ name: source.context.name, at: source.at })));
  checkUnique(reader, 'regex', sources.regexes, '; list several patterns of one name under "patterns"');
  checkUnique(reader, 'skill', sources.skills.map((source) => ({ name: source.skill.name, at: source.at })));
  checkUnique(reader, 'dialogue', sources.dialogues);

  const themes = new Set([...sources.themes.map((theme) => theme.name), ...base.themes.map((theme) => theme.name)]);
  for (const source of sources.intents) checkTheme(reader, themes, source.theme, source.intent.theme);
  for (const source of sources.skills) checkTheme(reader, themes, source.theme, source.skill.theme);
  for (const source of sources.dialogues) checkTheme(reader, themes, source.theme, source.theme?.name);

  const contexts = new Map<string, Context>();
  for (const context of [...content.contexts, ...base.contexts]) if (!contexts.has(context.name)) contexts.set(context.name, context);
  checkPhrases(reader, sources, contexts);
  checkSkills(reader, sources, contexts, base);
  checkDialogues(reader, sources, content, base);
  checkSlots(reader, sources, content, contexts, base);
  warnUnused(reader, sources, content, base);
  // Merged, the result is checked as a whole, as the admin API checks content (once the file's own references hold).
  if (mergeInto !== undefined && reader.errors.length === 0) checkMerged(reader, sources, content, mergeInto);
  // Flows are worth checking only on content whose references hold.
  if (reader.errors.length === 0) warnFlows(reader, sources, content, language, mergeInto);
}
