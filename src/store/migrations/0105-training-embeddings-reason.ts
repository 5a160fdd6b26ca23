// A training's "the embeddings provider failed" warning was once recorded with the provider's
// error text as its reason, which could carry the provider's URL with a credential (and viewers
// read the training history). Trainings written since record a fixed reason
// (src/engine/trainer.ts, embeddingsFailedWarning). This rewrites the older rows' warnings once to
// the plain reason "error", so that the store reads rows as they are.
//
// A problem is legacy when its message is that sentence and what it holds between the
// parentheses is not one of the fixed reasons (with an HTTP status); it is then replaced whole by
// the fixed warning, keeping its level. Every other problem, and every other row, is untouched.
// The sentence and the reasons are those of the time, written out here on purpose: this
// migration must go on recognising those rows whatever the trainer says later.
import type { Kysely, Migration } from 'kysely';
import type { Database } from '../database-schema.js';
import type { TrainingProblem } from '../store.js';

const EMBEDDINGS_FAILED = /^the embeddings provider failed \(([\s\S]*)\): this version understands without it$/;
const FIXED_EMBEDDINGS_REASON = /^(?:timeout|network_error|http_status|invalid_answer|error)(?: \d{3})?$/;
const FIXED_WARNING = 'the embeddings provider failed (error): this version understands without it';
/** Rows whose problems could hold such a warning (a superset: each is then parsed and checked). */
const CANDIDATE = '%the embeddings provider failed (%';
const ROWS_PER_PAGE = 500;

export const trainingEmbeddingsReason: Migration = {
  async up(untyped: Kysely<unknown>) {
    const db = untyped as unknown as Kysely<Database>;
    let after = 0;
    for (;;) {
      const rows = await db
        .selectFrom('trainings')
        .select(['id', 'problems'])
        .where('id', '>', after)
        .where('problems', 'like', CANDIDATE)
        .orderBy('id')
        .limit(ROWS_PER_PAGE)
        .execute();
      if (rows.length === 0) break;
      after = Number(rows[rows.length - 1]!.id);
      for (const row of rows) {
        const problems = withoutLegacyDetail(row.problems);
        if (problems !== undefined) await db.updateTable('trainings').set({ problems }).where('id', '=', row.id).execute();
      }
    }
  },
  async down() {
    // Nothing to undo: the error's text is gone, as it should be.
  },
};

/** The row's problems with legacy warnings replaced, as JSON; undefined when none is legacy (or it is not a list). */
function withoutLegacyDetail(stored: string): string | undefined {
  let problems: unknown;
  try {
    problems = JSON.parse(stored);
  } catch {
    return undefined;
  }
  if (!Array.isArray(problems)) return undefined;
  let changed = false;
  const rewritten = (problems as TrainingProblem[]).map((problem) => {
    if (typeof problem?.message !== 'string') return problem;
    const reason = EMBEDDINGS_FAILED.exec(problem.message)?.[1];
    if (reason === undefined || FIXED_EMBEDDINGS_REASON.test(reason)) return problem;
    changed = true;
    return { level: problem.level, message: FIXED_WARNING, code: 'embeddings_failed', params: { reason: 'error' } };
  });
  return changed ? JSON.stringify(rewritten) : undefined;
}
