// Console users (Store['users']): one server each, login and e-mail unique per server and kept
// lowercase. The store keeps the password's Argon2id hash as given (hashing happens above it, in
// src/admin-api) and returns it only through `credentials`, for signing in.
import type { Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { Database, UsersTable } from '../database-schema.js';
import { isUniqueViolation } from '../database-errors.js';
import { epochSeconds } from '../epoch-seconds.js';
import type { StoreDialect } from '../store-config.js';
import type { Store, UserChanges, UserRecord, UserRole } from '../store.js';
import { StoreNotFoundError, storeConflictError, storeValidationError, type StoreValidationError } from '../store-errors.js';
import { LOGIN_PATTERN } from '../store-names.js';

type UserStore = Store['users'];

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;
const ROLES: readonly UserRole[] = ['administrator', 'agent', 'viewer', 'operator'];

type UserRow = Selectable<UsersTable> & { server_name: string };

export function normaliseLogin(login: string): string {
  return login.trim().toLowerCase();
}

function invalid(field: string, message: string, code: string, params?: Record<string, string | number>): StoreValidationError {
  return storeValidationError(message, field, code, params);
}

function assertLogin(login: string): void {
  if (!LOGIN_PATTERN.test(login)) {
    throw invalid('login', `Invalid login ${JSON.stringify(login)}: use 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit`, 'login_form');
  }
}

function checkedEmail(email: string): string {
  const value = email.trim().toLowerCase();
  if (!EMAIL_PATTERN.test(value) || value.length > 254) throw invalid('email', `Invalid e-mail ${JSON.stringify(email)}`, 'not_email', { value: email });
  return value;
}

function checkedName(name: string, field: 'firstName' | 'lastName', required: boolean): string {
  const value = name.trim();
  const what = field === 'firstName' ? 'first name' : 'last name';
  if (required && value === '') throw invalid(field, `The ${what} cannot be empty`, 'empty');
  if (value.length > 100) throw invalid(field, `The ${what} has more than 100 characters`, 'too_long', { max: 100 });
  return value;
}

function checkedRole(role: string): UserRole {
  const found = ROLES.find((candidate) => candidate === role);
  if (!found) throw invalid('role', `Invalid role ${JSON.stringify(role)}: use administrator, agent, viewer or operator`, 'not_one_of', { allowed: ROLES.join(', ') });
  return found;
}

function toUserRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    serverId: row.server_id,
    serverName: row.server_name,
    login: row.login,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    role: checkedRole(row.role),
    active: row.active === 1,
    passwordGenerated: row.password_generated === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class UserRepository implements UserStore {
  readonly #db: Kysely<Database>;
  readonly #dialect: StoreDialect;

  constructor(db: Kysely<Database>, dialect: StoreDialect) {
    this.#db = db;
    this.#dialect = dialect;
  }

  async create(input: Parameters<UserStore['create']>[0]): Promise<UserRecord> {
    const login = normaliseLogin(input.login);
    assertLogin(login);
    const values = {
      login,
      email: checkedEmail(input.email),
      first_name: checkedName(input.firstName, 'firstName', true),
      last_name: checkedName(input.lastName, 'lastName', false),
      password_hash: input.passwordHash,
      role: checkedRole(input.role),
      active: input.active === false ? 0 : 1,
      password_generated: input.passwordGenerated === true ? 1 : 0,
    };
    const server = await this.#db.selectFrom('servers').select('id').where('name', '=', input.serverName).executeTakeFirst();
    if (server === undefined) throw new StoreNotFoundError(`Server "${input.serverName}" does not exist`);
    const now = epochSeconds();
    try {
      await this.#db
        .insertInto('users')
        .values({ server_id: server.id, ...values, created_at: now, updated_at: now })
        .execute();
    } catch (error: unknown) {
      if (isUniqueViolation(error)) throw storeConflictError(`A user with login "${login}" or e-mail "${values.email}" already exists on server "${input.serverName}"`, 'user_exists', { login, email: values.email }, { cause: error });
      throw error;
    }
    const created = await this.get(input.serverName, login);
    if (!created) throw new StoreNotFoundError(`User "${login}" does not exist`);
    return created;
  }

  async get(serverName: string, login: string): Promise<UserRecord | undefined> {
    const row = await this.#select(this.#db).where('servers.name', '=', serverName).where('users.login', '=', normaliseLogin(login)).executeTakeFirst();
    return row === undefined ? undefined : toUserRecord(row);
  }

  async list(serverName: string): Promise<UserRecord[]> {
    const rows = await this.#select(this.#db).where('servers.name', '=', serverName).orderBy('users.login').execute();
    return rows.map(toUserRecord);
  }

  async credentials(serverName: string, loginOrEmail: string): Promise<{ user: UserRecord; passwordHash: string } | undefined> {
    const key = loginOrEmail.trim().toLowerCase();
    const row = await this.#select(this.#db)
      .where('servers.name', '=', serverName)
      .where(key.includes('@') ? 'users.email' : 'users.login', '=', key)
      .executeTakeFirst();
    return row === undefined ? undefined : { user: toUserRecord(row), passwordHash: row.password_hash };
  }

  async update(serverName: string, login: string, changes: UserChanges): Promise<UserRecord> {
    const set: Updateable<UsersTable> = { updated_at: epochSeconds() };
    if (changes.email !== undefined) set.email = checkedEmail(changes.email);
    if (changes.firstName !== undefined) set.first_name = checkedName(changes.firstName, 'firstName', true);
    if (changes.lastName !== undefined) set.last_name = checkedName(changes.lastName, 'lastName', false);
    if (changes.passwordHash !== undefined) {
      set.password_hash = changes.passwordHash;
      set.password_generated = 0;
    }
    if (changes.role !== undefined) set.role = checkedRole(changes.role);
    if (changes.active !== undefined) set.active = changes.active ? 1 : 0;
    try {
      await this.#db.transaction().execute(async (trx) => {
        const user = await this.#lockedUser(trx, serverName, login);
        await trx.updateTable('users').set(set).where('id', '=', user.id).execute();
        if (changes.passwordHash !== undefined || changes.active === false) {
          await trx.deleteFrom('user_sessions').where('user_id', '=', user.id).execute();
        }
        await this.#keepAnAdministrator(trx, user);
      });
    } catch (error: unknown) {
      if (isUniqueViolation(error)) throw storeConflictError(`Another user of server "${serverName}" has the e-mail "${set.email ?? ''}"`, 'user_exists', { login: '', email: set.email ?? '' }, { cause: error });
      throw error;
    }
    const updated = await this.get(serverName, login);
    if (!updated) throw new StoreNotFoundError(`User "${login}" does not exist on server "${serverName}"`);
    return updated;
  }

  async delete(serverName: string, login: string): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      const user = await this.#lockedUser(trx, serverName, login);
      await trx.deleteFrom('user_sessions').where('user_id', '=', user.id).execute();
      await trx.deleteFrom('users').where('id', '=', user.id).execute();
      await this.#keepAnAdministrator(trx, user);
    });
  }

  /** The user, after locking their server's row (PostgreSQL) so two changes cannot remove the last administrator together. */
  async #lockedUser(trx: Transaction<Database>, serverName: string, login: string): Promise<UserRecord> {
    let serverQuery = trx.selectFrom('servers').select('id').where('name', '=', serverName);
    if (this.#dialect === 'postgres') serverQuery = serverQuery.forUpdate();
    if ((await serverQuery.executeTakeFirst()) === undefined) throw new StoreNotFoundError(`Server "${serverName}" does not exist`);
    const row = await this.#select(trx).where('servers.name', '=', serverName).where('users.login', '=', normaliseLogin(login)).executeTakeFirst();
    if (row === undefined) throw new StoreNotFoundError(`User "${normaliseLogin(login)}" does not exist on server "${serverName}"`);
    return toUserRecord(row);
  }

  /** Refuses (rolling the transaction back) when `before` was an active administrator and none is left. */
  async #keepAnAdministrator(trx: Transaction<Database>, before: UserRecord): Promise<void> {
    if (before.role !== 'administrator' || !before.active) return;
    const { count } = await trx
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('server_id', '=', before.serverId)
      .where('role', '=', 'administrator')
      .where('active', '=', 1)
      .executeTakeFirstOrThrow();
    if (Number(count) === 0) {
      throw storeConflictError(`"${before.login}" is the last active administrator of server "${before.serverName}": make another user an administrator first`, 'last_administrator', { login: before.login });
    }
  }

  #select(db: Kysely<Database> | Transaction<Database>) {
    return db.selectFrom('users').innerJoin('servers', 'servers.id', 'users.server_id').selectAll('users').select('servers.name as server_name');
  }
}
