// Claims on the outbox's rows: a process that sends a row first claims it (its name and until
// when), so that several processes share one recipient's outbox without a lock held elsewhere,
// a claim of a crashed process expires by itself, and only a claim's rows can be sent again after
// a crash (src/channels/core/outbox-sender.ts). Unclaimed: both NULL.
import type { Kysely, Migration } from 'kysely';

export const outboxClaims: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('outbound_messages').addColumn('claimed_by', 'text').execute();
    await db.schema.alterTable('outbound_messages').addColumn('claimed_until', 'double precision').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('outbound_messages').dropColumn('claimed_until').execute();
    await db.schema.alterTable('outbound_messages').dropColumn('claimed_by').execute();
  },
};
