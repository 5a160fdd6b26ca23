// Assistants: one per server and language, with their settings.
import { actionEndpointUrlProblem } from '../../actions/action-endpoint.js';
import type { Kysely } from 'kysely';
import { DEFAULT_ACCURACY_THRESHOLD, isEmailAddress, MAX_GREETING_LENGTH } from '../../assistant/content.js';
import type { AssistantContent, AssistantSettings } from '../../assistant/content.js';
import { emptyContent } from '../../assistant/content.js';
import { loadContent } from '../content/load-content.js';
import { saveContent } from '../content/save-content.js';
import { recordVersion } from '../versions/record-version.js';
import type { Database } from '../database-schema.js';
import { epochSeconds } from '../epoch-seconds.js';
import { isUniqueViolation } from '../database-errors.js';
import type { AssistantRecord, ContentAuthor, Store } from '../store.js';
import type { StoreDialect } from '../store-config.js';
import { StoreNotFoundError, storeConflictError, storeValidationError } from '../store-errors.js';
import { assertLanguage } from '../store-names.js';
import { assertFreeHostLabel } from './host-labels.js';
import { checkHandoffSettings, readHandoffSettings } from '../../handoff/handoff-settings.js';

type AssistantStore = Store['assistants'];

interface AssistantRow {
  id: number;
  server_id: number;
  server_name: string;
  language: string;
  name: string;
  enabled: number;
  settings: string;
  created_at: number;
  api_allowed_cidrs: string;
}

export class AssistantRepository implements AssistantStore {
  readonly #db: Kysely<Database>;
  readonly #dialect: StoreDialect;
  readonly #changed: () => void;

  /** `changed` is told after each write (the store's access revision signal). */
  constructor(db: Kysely<Database>, dialect: StoreDialect, changed: () => void) {
    this.#db = db;
    this.#dialect = dialect;
    this.#changed = changed;
  }

  async create(input: {
    serverName: string;
    language: string;
    name?: string;
    settings?: Partial<AssistantSettings>;
    content?: AssistantContent;
    author?: ContentAuthor;
  }): Promise<AssistantRecord> {
    assertLanguage(input.language);
    const settings = mergeSettings(defaultSettings(), input.settings ?? {});
    const conflict = () => storeConflictError(`Server "${input.serverName}" already has an assistant in language "${input.language}"`, 'assistant_exists', { language: input.language });
    try {
      const id = await this.#db.transaction().execute(async (trx) => {
        const server = await trx.selectFrom('servers').select(['id', 'display_name']).where('name', '=', input.serverName).executeTakeFirst();
        if (server === undefined) throw new StoreNotFoundError(`Server "${input.serverName}" does not exist`);
        const existing = await trx.selectFrom('assistants').select('id').where('server_id', '=', server.id).where('language', '=', input.language).executeTakeFirst();
        if (existing) throw conflict();
        await assertFreeHostLabel(trx, this.#dialect, { kind: 'assistant', serverName: input.serverName, language: input.language });
        const inserted = await trx
          .insertInto('assistants')
          .values({
            server_id: server.id,
            language: input.language,
            name: input.name?.trim() || `${server.display_name} (${input.language})`,
            settings: JSON.stringify(settings),
            created_at: epochSeconds(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        // The first content (a copy) in the same transaction: a refused item leaves no assistant.
        if (input.content !== undefined) {
          await saveContent(trx, inserted.id, input.content, 'replace');
          await recordVersion(trx, inserted.id, emptyContent(), await loadContent(trx, inserted.id), { action: 'save', ...(input.author ?? { actor: 'system' }) });
        }
        return inserted.id;
      });
      this.#changed();
      return await this.#getByIdOrThrow(id);
    } catch (error: unknown) {
      if (isUniqueViolation(error)) {
        throw storeConflictError(`Server "${input.serverName}" already has an assistant in language "${input.language}"`, 'assistant_exists', { language: input.language }, { cause: error });
      }
      throw error;
    }
  }

  async get(serverName: string, language: string): Promise<AssistantRecord | undefined> {
    const row = await this.#select()
      .where('servers.name', '=', serverName)
      .where('assistants.language', '=', language)
      .executeTakeFirst();
    return row === undefined ? undefined : toAssistantRecord(row);
  }

  async getById(id: number): Promise<AssistantRecord | undefined> {
    const row = await this.#select().where('assistants.id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toAssistantRecord(row);
  }

  async list(): Promise<AssistantRecord[]> {
    const rows = await this.#select().orderBy('servers.name').orderBy('assistants.language').execute();
    return rows.map(toAssistantRecord);
  }

  async updateSettings(id: number, settings: Partial<AssistantSettings>): Promise<AssistantRecord> {
    // Read and write in one transaction (holding the row on PostgreSQL; SQLite's write
    // transactions run one at a time) so two partial updates cannot undo each other.
    await this.#db.transaction().execute(async (trx) => {
      let query = trx.selectFrom('assistants').select('settings').where('id', '=', id);
      if (this.#dialect === 'postgres') query = query.forUpdate();
      const row = await query.executeTakeFirst();
      if (row === undefined) throw new StoreNotFoundError(`Assistant ${id} does not exist`);
      const merged = mergeSettings(parseSettings(row.settings), settings);
      await trx.updateTable('assistants').set({ settings: JSON.stringify(merged) }).where('id', '=', id).execute();
    });
    this.#changed();
    return this.#getByIdOrThrow(id);
  }

  async update(id: number, changes: { name?: string; enabled?: boolean; apiAllowedCidrs?: string[] }): Promise<AssistantRecord> {
    const set: { name?: string; enabled?: number; api_allowed_cidrs?: string } = {};
    if (changes.name !== undefined) {
      const name = changes.name.trim();
      if (name === '') throw storeValidationError('An assistant name cannot be empty', 'name', 'empty');
      set.name = name;
    }
    if (changes.enabled !== undefined) set.enabled = changes.enabled ? 1 : 0;
    if (changes.apiAllowedCidrs !== undefined) set.api_allowed_cidrs = JSON.stringify(changes.apiAllowedCidrs);
    if (Object.keys(set).length > 0) {
      await this.#db.updateTable('assistants').set(set).where('id', '=', id).execute();
      this.#changed();
    }
    return this.#getByIdOrThrow(id);
  }

  async #getByIdOrThrow(id: number): Promise<AssistantRecord> {
    const record = await this.getById(id);
    if (record === undefined) throw new StoreNotFoundError(`Assistant ${id} does not exist`);
    return record;
  }

  #select() {
    return this.#db
      .selectFrom('assistants')
      .innerJoin('servers', 'servers.id', 'assistants.server_id')
      .select([
        'assistants.id',
        'assistants.server_id',
        'servers.name as server_name',
        'assistants.language',
        'assistants.name',
        'assistants.enabled',
        'assistants.settings',
        'assistants.created_at',
        'assistants.api_allowed_cidrs',
      ]);
  }
}

function defaultSettings(): AssistantSettings {
  return { accuracyThreshold: DEFAULT_ACCURACY_THRESHOLD, notificationEmails: [] };
}

/** Applies the keys that are set; an explicit `undefined` leaves the current value. */
function mergeSettings(current: AssistantSettings, changes: Partial<AssistantSettings>): AssistantSettings {
  const merged = { ...current };
  if (changes.accuracyThreshold !== undefined) {
    const threshold = changes.accuracyThreshold;
    if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
      throw storeValidationError(`Invalid accuracyThreshold ${String(threshold)}: use a number from 0 to 1`, 'accuracyThreshold', 'invalid_value');
    }
    merged.accuracyThreshold = threshold;
  }
  if (changes.notificationEmails !== undefined) {
    const emails = changes.notificationEmails;
    const bad = Array.isArray(emails) ? emails.find((email) => typeof email !== 'string' || !isEmailAddress(email)) : emails;
    if (!Array.isArray(emails) || bad !== undefined) throw storeValidationError(`Invalid notificationEmails: "${String(bad)}" is not an e-mail address`, 'notificationEmails', 'not_email', { value: String(bad) });
    merged.notificationEmails = [...new Set(emails)];
  }
  if (changes.actionEndpointUrl !== undefined) {
    // An empty URL removes the action endpoint.
    const url = changes.actionEndpointUrl;
    const problem = typeof url === 'string' ? (url === '' ? undefined : actionEndpointUrlProblem(url)) : 'it is not a text';
    if (problem !== undefined) throw storeValidationError(`Invalid actionEndpointUrl: ${problem}`, 'actionEndpointUrl', 'not_url');
    if (url === '') delete merged.actionEndpointUrl;
    else merged.actionEndpointUrl = url;
  }
  if (changes.handoff !== undefined) merged.handoff = checkHandoffSettings(changes.handoff);
  if (changes.greeting !== undefined) {
    // An empty greeting removes it.
    const greeting = typeof changes.greeting === 'string' ? changes.greeting.trim() : undefined;
    if (greeting === undefined) throw storeValidationError('Invalid greeting: it is not a text', 'greeting', 'type', { type: 'string' });
    if (greeting.length > MAX_GREETING_LENGTH) throw storeValidationError(`Invalid greeting: it has more than ${MAX_GREETING_LENGTH} characters`, 'greeting', 'too_long', { max: MAX_GREETING_LENGTH });
    if (greeting === '') delete merged.greeting;
    else merged.greeting = greeting;
  }
  return merged;
}

/** Settings saved by an older version lack newer keys: those take their defaults. */
function parseSettings(json: string): AssistantSettings {
  const stored: unknown = JSON.parse(json);
  const settings = defaultSettings();
  if (typeof stored === 'object' && stored !== null && 'accuracyThreshold' in stored) {
    const { accuracyThreshold } = stored;
    if (typeof accuracyThreshold === 'number') settings.accuracyThreshold = accuracyThreshold;
  }
  if (typeof stored === 'object' && stored !== null && 'notificationEmails' in stored && Array.isArray(stored.notificationEmails)) {
    settings.notificationEmails = stored.notificationEmails.filter((email): email is string => typeof email === 'string');
  }
  if (typeof stored === 'object' && stored !== null && 'actionEndpointUrl' in stored && typeof stored.actionEndpointUrl === 'string') {
    settings.actionEndpointUrl = stored.actionEndpointUrl;
  }
  if (typeof stored === 'object' && stored !== null && 'handoff' in stored) settings.handoff = readHandoffSettings(stored.handoff);
  if (typeof stored === 'object' && stored !== null && 'greeting' in stored && typeof stored.greeting === 'string' && stored.greeting !== '') settings.greeting = stored.greeting;
  return settings;
}

function toAssistantRecord(row: AssistantRow): AssistantRecord {
  return {
    id: row.id,
    serverId: row.server_id,
    serverName: row.server_name,
    language: row.language,
    name: row.name,
    enabled: row.enabled === 1,
    settings: parseSettings(row.settings),
    createdAt: row.created_at,
    apiAllowedCidrs: JSON.parse(row.api_allowed_cidrs) as string[],
  };
}
