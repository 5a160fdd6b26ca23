// The embeddings cache of the optional semantic provider (HELPER_EMBEDDINGS_URL): one vector per
// embeddings model and text (keyed by the text's SHA-256), so that a training embeds only phrases
// it has not embedded before with that model. Shared by every assistant: a vector depends only on
// the model and the text.
import type { Migration } from 'kysely';

export const phraseEmbeddings: Migration = {
  async up(db) {
    await db.schema
      .createTable('phrase_embeddings')
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('text_sha256', 'text', (c) => c.notNull())
      .addColumn('dimensions', 'integer', (c) => c.notNull())
      // Float32 little-endian, base64: the same text in both dialects.
      .addColumn('vector', 'text', (c) => c.notNull())
      .addColumn('created_at', 'double precision', (c) => c.notNull())
      .addPrimaryKeyConstraint('phrase_embeddings_pk', ['model', 'text_sha256'])
      .execute();
  },
  async down(db) {
    await db.schema.dropTable('phrase_embeddings').ifExists().execute();
  },
};
