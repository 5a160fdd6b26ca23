// Writes an assistant's content inside the caller's transaction. 'replace' rewrites every list;
// 'merge' overwrites the items whose names are given (in their old place) and appends new ones.
import type { Insertable, Transaction } from 'kysely';
import type { AssistantContent, Context, Intent, Skill } from '../../assistant/content.js';
import type { Database } from '../database-schema.js';
import { StoreValidationError } from '../store-errors.js';

type Mode = 'replace' | 'merge';
/** Tables of items identified by name (unique per assistant). */
type NamedTable = 'themes' | 'intents' | 'contexts' | 'skills' | 'dialogues';

/**
 * Rows per INSERT: well below SQLite's 32766 and PostgreSQL's 65535 bound parameters at up to
 * twelve columns, and large enough that a big import takes few round trips.
 */
const ROWS_PER_INSERT = 500;

export async function saveContent(
  trx: Transaction<Database>,
  assistantId: number,
  content: AssistantContent,
  mode: Mode,
): Promise<void> {
  assertUniqueNames(content);

  const themes = await place(trx, 'themes', assistantId, content.themes, mode);
  await insertChunks(themes, (chunk) =>
    trx
      .insertInto('themes')
      .values(chunk.map(({ item, position }) => ({ assistant_id: assistantId, position, name: item.name, description: item.description ?? null })))
      .execute(),
  );

  const intents = await place(trx, 'intents', assistantId, content.intents, mode);
  await insertIntents(trx, assistantId, intents);

  const contexts = await place(trx, 'contexts', assistantId, content.contexts, mode);
  await insertChunks(contexts, (chunk) =>
    trx.insertInto('contexts').values(chunk.map(({ item, position }) => contextRow(assistantId, item, position))).execute(),
  );

  await saveRegexes(trx, assistantId, content, mode);

  const skills = await place(trx, 'skills', assistantId, content.skills, mode);
  await insertChunks(skills, (chunk) =>
    trx.insertInto('skills').values(chunk.map(({ item, position }) => skillRow(assistantId, item, position))).execute(),
  );
  await assertOneFallback(trx, assistantId);

  const dialogues = await place(trx, 'dialogues', assistantId, content.dialogues, mode);
  await insertChunks(dialogues, (chunk) =>
    trx
      .insertInto('dialogues')
      .values(
        chunk.map(({ item, position }) => ({
          assistant_id: assistantId,
          position,
          name: item.name,
          theme: item.theme ?? null,
          intents: JSON.stringify(item.intents),
          skill: item.skill,
          follow_up_of: item.followUpOf ?? null,
          slots: item.slots === undefined ? null : JSON.stringify(item.slots),
          confirm: item.confirm ?? null,
          cancel: item.cancel ?? null,
        })),
      )
      .execute(),
  );
}

interface Placed<T> {
  item: T;
  position: number;
}

/**
 * Deletes the rows the save replaces and returns where each item goes: for 'replace' every row
 * goes and items take positions 0…n-1; for 'merge' an item keeps the position of the row of the
 * same name, and new items follow the last one.
 */
async function place<T extends { name: string }>(
  trx: Transaction<Database>,
  table: NamedTable,
  assistantId: number,
  items: readonly T[],
  mode: Mode,
): Promise<Placed<T>[]> {
  if (mode === 'replace') {
    await trx.deleteFrom(table).where('assistant_id', '=', assistantId).execute();
    return items.map((item, position) => ({ item, position }));
  }
  const existing = await trx.selectFrom(table).select(['name', 'position']).where('assistant_id', '=', assistantId).execute();
  const positions = new Map(existing.map((row) => [row.name, row.position]));
  let next = existing.reduce((max, row) => Math.max(max, row.position + 1), 0);
  const placed = items.map((item) => ({ item, position: positions.get(item.name) ?? next++ }));
  const replaced = items.map((item) => item.name).filter((name) => positions.has(name));
  // Deleting an intent also deletes its phrases (ON DELETE CASCADE).
  for (const names of chunks(replaced, ROWS_PER_INSERT)) {
    await trx.deleteFrom(table).where('assistant_id', '=', assistantId).where('name', 'in', names).execute();
  }
  return placed;
}

async function insertIntents(trx: Transaction<Database>, assistantId: number, intents: Placed<Intent>[]): Promise<void> {
  for (const chunk of chunks(intents, ROWS_PER_INSERT)) {
    const rows = await trx
      .insertInto('intents')
      .values(chunk.map(({ item, position }) => ({ assistant_id: assistantId, position, name: item.name, theme: item.theme ?? null })))
      .returning(['id', 'name'])
      .execute();
    const ids = new Map(rows.map((row) => [row.name, row.id]));
    const phrases: Insertable<Database['phrases']>[] = [];
    for (const { item } of chunk) {
      const intentId = ids.get(item.name);
      if (intentId === undefined) throw new Error(`Intent "${item.name}" was not inserted`);
      item.phrases.forEach((phrase, position) => {
        phrases.push({
          intent_id: intentId,
          position,
          text: phrase.text,
          entities: phrase.entities === undefined ? null : JSON.stringify(phrase.entities),
        });
      });
    }
    await insertChunks(phrases, (rows) => trx.insertInto('phrases').values(rows).execute());
  }
}

/**
 * Several patterns may share a name (they fill the same entity), so a regex's identity for
 * 'merge' is its name: the given patterns of a name replace all stored patterns of that name
 * and go after the patterns that stay.
 */
async function saveRegexes(trx: Transaction<Database>, assistantId: number, content: AssistantContent, mode: Mode): Promise<void> {
  let next = 0;
  if (mode === 'replace') {
    await trx.deleteFrom('regexes').where('assistant_id', '=', assistantId).execute();
  } else {
    const names = [...new Set(content.regexes.map((regex) => regex.name))];
    for (const chunk of chunks(names, ROWS_PER_INSERT)) {
      await trx.deleteFrom('regexes').where('assistant_id', '=', assistantId).where('name', 'in', chunk).execute();
    }
    const last = await trx
      .selectFrom('regexes')
      .select((eb) => eb.fn.max('position').as('position'))
      .where('assistant_id', '=', assistantId)
      .executeTakeFirst();
    next = last?.position === null || last?.position === undefined ? 0 : Number(last.position) + 1;
  }
  const rows = content.regexes.map((regex, index) => ({
    assistant_id: assistantId,
    position: next + index,
    name: regex.name,
    pattern: regex.pattern,
  }));
  await insertChunks(rows, (chunk) => trx.insertInto('regexes').values(chunk).execute());
}

function contextRow(assistantId: number, context: Context, position: number): Insertable<Database['contexts']> {
  let details: object;
  switch (context.type) {
    case 'text':
      details = context.entity === undefined ? { values: context.values } : { values: context.values, entity: context.entity };
      break;
    case 'categorical':
      details = { values: context.values };
      break;
    case 'float':
      details = { min: context.min, max: context.max };
      break;
    case 'boolean':
      details = {};
      break;
  }
  return {
    assistant_id: assistantId,
    position,
    name: context.name,
    type: context.type,
    description: context.description ?? null,
    details: JSON.stringify(details),
    lifetime: context.lifetime ?? null,
  };
}

function skillRow(assistantId: number, skill: Skill, position: number): Insertable<Database['skills']> {
  return {
    assistant_id: assistantId,
    position,
    name: skill.name,
    theme: skill.theme ?? null,
    fallback: skill.fallback ? 1 : 0,
    kind: skill.kind,
    texts: JSON.stringify(skill.texts),
    buttons: skill.buttons === undefined ? null : JSON.stringify(skill.buttons),
    image: skill.image ?? null,
    // Only a missing attachment is SQL NULL; a JSON null is kept as the text 'null'.
    attachment: skill.attachment === undefined ? null : JSON.stringify(skill.attachment),
    preset: skill.preset === undefined ? null : JSON.stringify(skill.preset),
    variants: skill.variants === undefined ? null : JSON.stringify(skill.variants),
    action: skill.action ?? null,
    handoff: skill.handoff === true ? 1 : 0,
    custom: skill.custom === undefined ? null : JSON.stringify(skill.custom),
  };
}

/** A duplicate would otherwise fail on the unique index with a message no user understands. */
function assertUniqueNames(content: AssistantContent): void {
  const lists: Array<[string, readonly { name: string }[]]> = [
    ['theme', content.themes],
    ['intent', content.intents],
    ['context', content.contexts],
    ['skill', content.skills],
    ['dialogue', content.dialogues],
  ];
  for (const [kind, items] of lists) {
    const seen = new Set<string>();
    for (const { name } of items) {
      if (seen.has(name)) throw new StoreValidationError(`Duplicate ${kind} name "${name}"`);
      seen.add(name);
    }
  }
}

/** The content model allows one fallback skill per assistant; a merge could bring a second. */
async function assertOneFallback(trx: Transaction<Database>, assistantId: number): Promise<void> {
  const rows = await trx
    .selectFrom('skills')
    .select('name')
    .where('assistant_id', '=', assistantId)
    .where('fallback', '=', 1)
    .orderBy('position')
    .execute();
  if (rows.length > 1) {
    const names = rows.map((row) => `"${row.name}"`).join(', ');
    throw new StoreValidationError(`An assistant has at most one fallback skill; this save would leave ${names}`);
  }
}

async function insertChunks<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (const chunk of chunks(rows, ROWS_PER_INSERT)) await insert(chunk);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}
