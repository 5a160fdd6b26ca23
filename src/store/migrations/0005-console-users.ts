// Console users of a server (login, e-mail, name, Argon2id password hash, role, active), their
// sign-in sessions (only a hash of the session id is stored) and the counters that throttle
// failed sign-ins, shared by every app process through the store.
import type { ColumnDefinitionBuilder, Migration } from 'kysely';
import type { StoreDialect } from '../store-config.js';

export function consoleUsers(dialect: StoreDialect): Migration {
  const id = (column: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    dialect === 'postgres' ? column.primaryKey().generatedByDefaultAsIdentity() : column.primaryKey().autoIncrement();
  return {
    async up(db) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'integer', id)
        .addColumn('server_id', 'integer', (c) => c.notNull().references('servers.id').onDelete('cascade'))
        .addColumn('login', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('first_name', 'text', (c) => c.notNull())
        .addColumn('last_name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'double precision', (c) => c.notNull())
        .addColumn('updated_at', 'double precision', (c) => c.notNull())
        .addUniqueConstraint('users_server_login_unique', ['server_id', 'login'])
        .addUniqueConstraint('users_server_email_unique', ['server_id', 'email'])
        .execute();
      await db.schema
        .createTable('user_sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'double precision', (c) => c.notNull())
        .addColumn('last_seen_at', 'double precision', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('user_sessions_user').on('user_sessions').column('user_id').execute();
      await db.schema
        .createTable('sign_in_failures')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('window_started_at', 'double precision', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sign_in_failures_window').on('sign_in_failures').column('window_started_at').execute();
    },
    async down(db) {
      await db.schema.dropTable('sign_in_failures').ifExists().execute();
      await db.schema.dropTable('user_sessions').ifExists().execute();
      await db.schema.dropTable('users').ifExists().execute();
    },
  };
}
