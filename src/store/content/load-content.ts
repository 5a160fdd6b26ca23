// Reads an assistant's content back into the shape it was saved in: the same lists in the same
// order, optional keys present only when they were given.
import type { Kysely, Selectable } from 'kysely';
import type {
  AssistantContent,
  Button,
  Context,
  CustomSkill,
  ContextValue,
  ContextLifetime,
  Dialogue,
  DialogueSlot,
  Intent,
  Phrase,
  PhraseEntity,
  RegexPattern,
  Skill,
  SkillKind,
  SkillPreset,
  SkillVariant,
  SystemEntityName,
  Theme,
} from '../../assistant/content.js';
import type { ContextsTable, Database, DialoguesTable, SkillsTable } from '../database-schema.js';

export async function loadContent(db: Kysely<Database>, assistantId: number): Promise<AssistantContent> {
  const [themes, intents, phrases, contexts, regexes, skills, dialogues] = await Promise.all([
    db.selectFrom('themes').selectAll().where('assistant_id', '=', assistantId).orderBy('position').execute(),
    db.selectFrom('intents').selectAll().where('assistant_id', '=', assistantId).orderBy('position').execute(),
    db
      .selectFrom('phrases')
      .innerJoin('intents', 'intents.id', 'phrases.intent_id')
      .select(['phrases.intent_id', 'phrases.text', 'phrases.entities'])
      .where('intents.assistant_id', '=', assistantId)
      .orderBy('phrases.intent_id')
      .orderBy('phrases.position')
      .execute(),
    db.selectFrom('contexts').selectAll().where('assistant_id', '=', assistantId).orderBy('position').execute(),
    db.selectFrom('regexes').selectAll().where('assistant_id', '=', assistantId).orderBy('position').orderBy('id').execute(),
    db.selectFrom('skills').selectAll().where('assistant_id', '=', assistantId).orderBy('position').execute(),
    db.selectFrom('dialogues').selectAll().where('assistant_id', '=', assistantId).orderBy('position').execute(),
  ]);

  const phrasesByIntent = new Map<number, Phrase[]>();
  for (const row of phrases) {
    const phrase: Phrase = { text: row.text };
    if (row.entities !== null) phrase.entities = parseJson<PhraseEntity[]>(row.entities);
    const list = phrasesByIntent.get(row.intent_id);
    if (list === undefined) phrasesByIntent.set(row.intent_id, [phrase]);
    else list.push(phrase);
  }

  return {
    themes: themes.map((row) => {
      const theme: Theme = { name: row.name };
      if (row.description !== null) theme.description = row.description;
      return theme;
    }),
    intents: intents.map((row) => {
      const intent: Intent = { name: row.name, phrases: phrasesByIntent.get(row.id) ?? [] };
      if (row.theme !== null) intent.theme = row.theme;
      return intent;
    }),
    contexts: contexts.map(toContext),
    regexes: regexes.map((row): RegexPattern => ({ name: row.name, pattern: row.pattern })),
    skills: skills.map(toSkill),
    dialogues: dialogues.map(toDialogue),
  };
}

function toContext(row: Selectable<ContextsTable>): Context {
  const details = parseJson<{ values?: unknown; min?: number; max?: number; entity?: SystemEntityName }>(row.details);
  const base = {
    name: row.name,
    ...(row.description === null ? {} : { description: row.description }),
    ...(row.lifetime === null ? {} : { lifetime: row.lifetime as ContextLifetime }),
  };
  switch (row.type) {
    case 'text':
      return { ...base, type: 'text', values: (details.values ?? []) as ContextValue[], ...(details.entity === undefined ? {} : { entity: details.entity }) };
    case 'categorical':
      return { ...base, type: 'categorical', values: (details.values ?? []) as string[] };
    case 'boolean':
      return { ...base, type: 'boolean' };
    case 'float': {
      const context: Context = { ...base, type: 'float' };
      if (details.min !== undefined) context.min = details.min;
      if (details.max !== undefined) context.max = details.max;
      return context;
    }
    default:
      throw new Error(`Stored context "${row.name}" has an unknown type "${row.type}"`);
  }
}

const SKILL_KINDS: readonly string[] = ['text', 'buttons', 'image', 'attachment', 'action', 'custom'] satisfies SkillKind[];

function toSkill(row: Selectable<SkillsTable>): Skill {
  if (!SKILL_KINDS.includes(row.kind)) throw new Error(`Stored skill "${row.name}" has an unknown kind "${row.kind}"`);
  const skill: Skill = {
    name: row.name,
    fallback: row.fallback === 1,
    kind: row.kind as SkillKind,
    texts: parseJson<string[]>(row.texts),
  };
  if (row.theme !== null) skill.theme = row.theme;
  if (row.buttons !== null) skill.buttons = parseJson<Button[]>(row.buttons);
  if (row.image !== null) skill.image = row.image;
  if (row.attachment !== null) skill.attachment = parseJson<unknown>(row.attachment);
  if (row.preset !== null) skill.preset = parseJson<SkillPreset>(row.preset);
  if (row.variants !== null) skill.variants = parseJson<SkillVariant[]>(row.variants);
  if (row.action !== null) skill.action = row.action;
  if (row.handoff === 1) skill.handoff = true;
  if (row.custom !== null) skill.custom = parseJson<CustomSkill>(row.custom);
  return skill;
}

function toDialogue(row: Selectable<DialoguesTable>): Dialogue {
  const dialogue: Dialogue = { name: row.name, intents: parseJson<string[]>(row.intents), skill: row.skill };
  if (row.theme !== null) dialogue.theme = row.theme;
  if (row.follow_up_of !== null) dialogue.followUpOf = row.follow_up_of;
  if (row.slots !== null) dialogue.slots = parseJson<DialogueSlot[]>(row.slots);
  if (row.confirm !== null) dialogue.confirm = row.confirm;
  if (row.cancel !== null) dialogue.cancel = row.cancel;
  return dialogue;
}

/** The store wrote this JSON itself from typed content, so its shape is trusted. */
function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}
