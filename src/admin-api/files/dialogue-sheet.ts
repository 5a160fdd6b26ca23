// The dialogues spreadsheet (Configurações → import/export .xlsx), as data: rows of Intent,
// User Says and Text Response, and what importing them does to an assistant's content.
//
// Export: one row per phrase of each intent, in order; the k-th row of an intent also carries the
// k-th text variation of its answer (the skill of the dialogue that answers it: the first dialogue
// that is not a follow-up, else the first follow-up), with extra rows of only a Text Response when
// there are more variations than phrases.
//
// Import REPLACES what the file describes and keeps the rest:
// - intents: exactly those of the file, in its order. Each gets the file's phrases (a phrase
//   written as before keeps its context annotations; its theme is kept). Intents not in the file
//   are removed, with the dialogues that answered only them (and their follow-ups), and the text
//   skills only those dialogues used — except intents without phrases, which a sheet cannot hold.
// - answers: an intent with Text Responses gets them as its answer's text variations: the skill of
//   its answering dialogue is changed (its kind, buttons or image stay; a skill shared by several
//   dialogues changes for all of them); an intent without a dialogue gets a new text skill and a
//   dialogue, both named after it. An intent without any Text Response keeps its answer as it is.
// - contexts, regexes, themes, other skills and dialogues are kept.
import type { AssistantContent, Dialogue, Intent, Skill } from '../../assistant/content.js';

export interface SheetRow {
  intent: string;
  userSays: string;
  textResponse: string;
}

export interface SheetIntent {
  name: string;
  phrases: string[];
  answers: string[];
}

export type ContentChange =
  | { kind: 'intent'; change: 'added' | 'removed'; intent: string }
  | { kind: 'phrase'; change: 'added' | 'removed'; intent: string; text: string }
  | { kind: 'answer'; change: 'added' | 'changed'; intent: string; skill: string; before: string[]; after: string[] }
  | { kind: 'dialogue' | 'skill'; change: 'added' | 'removed'; name: string };

/** The dialogue that answers an intent: the first that is not a follow-up, else the first follow-up. */
export function answeringDialogue(dialogues: readonly Dialogue[], intent: string): Dialogue | undefined {
  const answering = dialogues.filter((dialogue) => dialogue.intents.includes(intent));
  return answering.find((dialogue) => dialogue.followUpOf === undefined) ?? answering[0];
}

export function dialogueSheetRows(content: AssistantContent): SheetRow[] {
  const rows: SheetRow[] = [];
  for (const intent of content.intents) {
    const dialogue = answeringDialogue(content.dialogues, intent.name);
    const texts = content.skills.find((skill) => skill.name === dialogue?.skill)?.texts ?? [];
    const count = Math.max(intent.phrases.length, texts.length);
    for (let i = 0; i < count; i++) rows.push({ intent: intent.name, userSays: intent.phrases[i]?.text ?? '', textResponse: texts[i] ?? '' });
  }
  return rows;
}

/** Rows grouped by intent, in the order intents first appear; repeated phrases and answers once. */
export function groupSheetRows(rows: readonly SheetRow[]): SheetIntent[] {
  const intents = new Map<string, SheetIntent>();
  for (const row of rows) {
    const intent = intents.get(row.intent) ?? { name: row.intent, phrases: [], answers: [] };
    intents.set(row.intent, intent);
    if (row.userSays !== '' && !intent.phrases.includes(row.userSays)) intent.phrases.push(row.userSays);
    if (row.textResponse !== '' && !intent.answers.includes(row.textResponse)) intent.answers.push(row.textResponse);
  }
  return [...intents.values()];
}

function freeName(taken: ReadonlySet<string>, wanted: string): string {
  if (!taken.has(wanted)) return wanted;
  let n = 2;
  while (taken.has(`${wanted}_${n}`)) n++;
  return `${wanted}_${n}`;
}

/** The content after importing the sheet, and every change, without writing anything. */
export function applyDialogueSheet(content: AssistantContent, sheet: readonly SheetIntent[]): { content: AssistantContent; changes: ContentChange[] } {
  const changes: ContentChange[] = [];
  const before = new Map(content.intents.map((intent) => [intent.name, intent]));
  // An intent without phrases has no row in an exported sheet: it is kept, not removed.
  const unwritable = content.intents.filter((intent) => intent.phrases.length === 0 && !sheet.some((row) => row.name === intent.name));
  const kept = new Set([...sheet.map((intent) => intent.name), ...unwritable.map((intent) => intent.name)]);

  const intents: Intent[] = sheet.map(({ name, phrases }) => {
    const old = before.get(name);
    if (!old) changes.push({ kind: 'intent', change: 'added', intent: name });
    const oldTexts = new Set(old?.phrases.map((phrase) => phrase.text) ?? []);
    for (const text of phrases) if (!oldTexts.has(text)) changes.push({ kind: 'phrase', change: 'added', intent: name, text });
    for (const text of oldTexts) if (!phrases.includes(text)) changes.push({ kind: 'phrase', change: 'removed', intent: name, text });
    return {
      name,
      ...(old?.theme === undefined ? {} : { theme: old.theme }),
      phrases: phrases.map((text) => old?.phrases.find((phrase) => phrase.text === text) ?? { text }),
    };
  });
  intents.push(...unwritable);
  for (const intent of content.intents) if (!kept.has(intent.name)) changes.push({ kind: 'intent', change: 'removed', intent: intent.name });

  // Dialogues lose the removed intents; those left with none go, and so do their follow-ups.
  let dialogues: Dialogue[] = content.dialogues.map((dialogue) => ({ ...dialogue, intents: dialogue.intents.filter((intent) => kept.has(intent)) }));
  const removedDialogues = new Set(dialogues.filter((dialogue) => dialogue.intents.length === 0).map((dialogue) => dialogue.name));
  for (let grew = true; grew; ) {
    grew = false;
    for (const dialogue of dialogues) {
      if (dialogue.followUpOf !== undefined && removedDialogues.has(dialogue.followUpOf) && !removedDialogues.has(dialogue.name)) {
        removedDialogues.add(dialogue.name);
        grew = true;
      }
    }
  }
  dialogues = dialogues.filter((dialogue) => !removedDialogues.has(dialogue.name));
  for (const name of removedDialogues) changes.push({ kind: 'dialogue', change: 'removed', name });

  let skills: Skill[] = content.skills.map((skill) => ({ ...skill }));
  const skillNames = new Set(skills.map((skill) => skill.name));
  const dialogueNames = new Set(dialogues.map((dialogue) => dialogue.name));
  for (const { name, answers } of sheet) {
    if (answers.length === 0) continue;
    const dialogue = answeringDialogue(dialogues, name);
    const skill = skills.find((candidate) => candidate.name === dialogue?.skill);
    if (dialogue && skill) {
      if (JSON.stringify(skill.texts) !== JSON.stringify(answers)) {
        changes.push({ kind: 'answer', change: 'changed', intent: name, skill: skill.name, before: skill.texts, after: answers });
        skill.texts = [...answers];
      }
      continue;
    }
    const skillName = freeName(skillNames, name);
    skillNames.add(skillName);
    skills.push({ name: skillName, fallback: false, kind: 'text', texts: [...answers] });
    changes.push({ kind: 'skill', change: 'added', name: skillName });
    const dialogueName = freeName(dialogueNames, name);
    dialogueNames.add(dialogueName);
    dialogues.push({ name: dialogueName, intents: [name], skill: skillName });
    changes.push({ kind: 'dialogue', change: 'added', name: dialogueName });
    changes.push({ kind: 'answer', change: 'added', intent: name, skill: skillName, before: [], after: [...answers] });
  }

  // Text skills that only removed dialogues used go with them.
  const used = new Set(dialogues.map((dialogue) => dialogue.skill));
  const orphaned = new Set(
    content.dialogues.filter((dialogue) => removedDialogues.has(dialogue.name)).map((dialogue) => dialogue.skill).filter((skill) => !used.has(skill)),
  );
  skills = skills.filter((skill) => {
    const remove = orphaned.has(skill.name) && skill.kind === 'text' && !skill.fallback;
    if (remove) changes.push({ kind: 'skill', change: 'removed', name: skill.name });
    return !remove;
  });

  return { content: { ...content, intents, dialogues, skills }, changes };
}

/** Counts of the changes, for a preview's headline. */
export function summariseChanges(changes: readonly ContentChange[]): Record<string, number> {
  const summary: Record<string, number> = {};
  for (const change of changes) {
    const key = `${change.kind}s${change.change[0]?.toUpperCase()}${change.change.slice(1)}`;
    summary[key] = (summary[key] ?? 0) + 1;
  }
  return summary;
}
