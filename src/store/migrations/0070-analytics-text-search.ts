// The conversation list's text search on PostgreSQL (issue 15 item 7): the messages of a period
// whose normalised text contains the words, read from an index alone. A `LIKE '%…%'` cannot seek,
// and the words searched are often common (a fifth of the messages), so the work is reading the
// period's messages: this index holds the period's key with the session and the text, so they are
// read in index order without visiting the table. SQLite keeps its plan (measured within target).
import type { Migration } from 'kysely';
import { sql } from 'kysely';
import type { StoreDialect } from '../store-config.js';

export function analyticsTextSearch(dialect: StoreDialect): Migration {
  return {
    async up(db) {
      if (dialect !== 'postgres') return;
      await sql`create index analytics_messages_search on analytics_messages (assistant_id, timestamp) include (session_id, search_text)`.execute(db);
    },
    async down(db) {
      if (dialect !== 'postgres') return;
      await sql`drop index if exists analytics_messages_search`.execute(db);
    },
  };
}
