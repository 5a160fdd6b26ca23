import { afterAll, describe, expect, it } from 'vitest';
import { createStore } from '../create-store.js';
import { openDatabase } from '../database.js';
import { storeVariants } from '../test-stores.js';
import { trainingEmbeddingsReason } from './0105-training-embeddings-reason.js';

const T0 = 1_750_000_000;
const CREDENTIAL_REASON = 'Request cannot be constructed from a URL that includes credentials: http://user:s3cret@127.0.0.1:5481/embed';
const LEGACY = `the embeddings provider failed (${CREDENTIAL_REASON}): this version understands without it`;
const FIXED = 'the embeddings provider failed (error): this version understands without it';
const CURRENT = 'the embeddings provider failed (http_status 503): this version understands without it';

describe.each(storeVariants())('$name store: migration 0105 (training embeddings failures without the error text)', (variant) => {
  afterAll(() => variant.cleanup());

  it("rewrites an old row's embeddings failure to the fixed reason, leaving every other problem and row as it was", async () => {
    const location = await variant.location();
    const first = await createStore(location);
    await first.servers.create({ name: 'acme' });
    const assistant = await first.assistants.create({ serverName: 'acme', language: 'pt' });
    await first.close();

    const item = { list: 'intents', name: 'saudacao', field: 'phrases.0' };
    const legacyRows = [
      // As the trainer of the time wrote it: no code, the error's text as the reason.
      [{ level: 'warning', message: LEGACY }, { level: 'warning', message: CURRENT, code: 'embeddings_failed', params: { reason: 'http_status', status: 503 } }],
      // With a code and params, an error level, an item, beside a problem of another kind.
      [{ level: 'error', message: 'the embeddings provider failed (fetch failed\nat line 2): this version understands without it', code: 'embeddings_failed', params: { reason: 'fetch failed' }, item }, { level: 'warning', message: 'intent saudacao has one phrase', item }],
    ];
    const untouchedRows = [
      [],
      [{ level: 'warning', message: 'the embeddings provider failed (timeout): this version understands without it', code: 'embeddings_failed', params: { reason: 'timeout' } }],
      [{ level: 'warning', message: CURRENT }, { level: 'warning', message: 'the embeddings provider failed (invalid_answer): this version understands without it' }],
      // The sentence's start with another end is not that warning.
      [{ level: 'error', message: `the embeddings provider failed (${CREDENTIAL_REASON}): and something else` }],
      [{ level: 'error', message: 'training failed: out of memory' }],
    ];
    const db = openDatabase(location);
    try {
      const insert = async (problems: unknown[]) => {
        const row = await db
          .insertInto('trainings')
          .values({ assistant_id: assistant.id, scope: 'complete', status: 'succeeded', requested_by: 'operator', created_at: T0, scheduled_for: T0, problems: JSON.stringify(problems) })
          .returning('id')
          .executeTakeFirstOrThrow();
        return Number(row.id);
      };
      const legacyIds: number[] = [];
      for (const problems of legacyRows) legacyIds.push(await insert(problems));
      const untouchedIds: number[] = [];
      for (const problems of untouchedRows) untouchedIds.push(await insert(problems));
      const before = await db.selectFrom('trainings').select(['id', 'problems']).where('id', 'in', untouchedIds).orderBy('id').execute();
      // The rows as they were before 0105, which runs on them as the migrator runs it (a later
      // migration's record stops the migrator from running an earlier one again).
      await trainingEmbeddingsReason.up(db);

      const store = await createStore(location);
      try {
        const [legacyA, legacyB] = await Promise.all(legacyIds.map((id) => store.trainings.get(id)));
        expect(legacyA?.problems).toEqual([
          { level: 'warning', message: FIXED, code: 'embeddings_failed', params: { reason: 'error' } },
          { level: 'warning', message: CURRENT, code: 'embeddings_failed', params: { reason: 'http_status', status: 503 } },
        ]);
        expect(legacyB?.problems).toEqual([
          { level: 'error', message: FIXED, code: 'embeddings_failed', params: { reason: 'error' } },
          { level: 'warning', message: 'intent saudacao has one phrase', item },
        ]);
        const after = await db.selectFrom('trainings').select(['id', 'problems']).orderBy('id').execute();
        expect(after.filter((row) => legacyIds.includes(Number(row.id))).map((row) => row.problems).join('\n')).not.toMatch(/s3cret|fetch failed/);
        expect(after.filter((row) => untouchedIds.includes(Number(row.id)))).toEqual(before);
      } finally {
        await store.close();
      }
    } finally {
      await db.destroy();
    }
  });
});
