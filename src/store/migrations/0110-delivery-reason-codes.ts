// A recorded delivery's reason as a stable code with parameters (`reason_code`, `reason_params` as
// a JSON object), beside the English text its `detail` keeps, so that the console says it in its
// own language (src/channels/core/delivery-reason.ts lists the codes). Rows recorded before have
// both NULL: the console shows their English text as it is.
import type { Kysely, Migration } from 'kysely';

export const deliveryReasonCodes: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('channel_deliveries').addColumn('reason_code', 'text').execute();
    await db.schema.alterTable('channel_deliveries').addColumn('reason_params', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('channel_deliveries').dropColumn('reason_params').execute();
    await db.schema.alterTable('channel_deliveries').dropColumn('reason_code').execute();
  },
};
