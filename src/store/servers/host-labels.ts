// Host names that cannot collide. A server's console answers at `{server}.{domain}` and each of its
// assistants at `{server}{language}.{domain}`, without a separator (4biz's convention), so names
// must be chosen so that no host label means two things:
//   1. every label is unique: a server's name, and each assistant's `{server}{language}`;
//   2. a server name is not another server's name followed by a language the platform speaks
//      (pt, en, es), nor the other way round — `demopt` beside `demo` would take the host of demo's
//      Portuguese assistant before demo even has one.
// Checked inside the creating transaction, after taking the access revision's row (PostgreSQL;
// SQLite's write transactions run one at a time), so two creations cannot both pass the check.
import type { Transaction } from 'kysely';
import { PLATFORM_LANGUAGES } from '../../assistant/assistant-address.js';
import type { Database } from '../database-schema.js';
import type { StoreDialect } from '../store-config.js';
import { storeValidationError } from '../store-errors.js';

const RULE = `no two host names may be equal, and a server name may not be another server's name followed by ${PLATFORM_LANGUAGES.join(', ')}`;

type NewHost = { kind: 'server'; name: string } | { kind: 'assistant'; serverName: string; language: string };

function refuse(field: string, message: string): never {
  throw storeValidationError(`${message} (${RULE})`, field, 'host_taken');
}

export async function assertFreeHostLabel(trx: Transaction<Database>, dialect: StoreDialect, host: NewHost): Promise<void> {
  let lock = trx.selectFrom('revisions').select('value').where('name', '=', 'access');
  if (dialect === 'postgres') lock = lock.forUpdate();
  await lock.executeTakeFirst();
  const servers = (await trx.selectFrom('servers').select('name').execute()).map((row) => row.name);
  const assistants = await trx
    .selectFrom('assistants')
    .innerJoin('servers', 'servers.id', 'assistants.server_id')
    .select(['servers.name as server', 'assistants.language'])
    .execute();
  const assistantOf = new Map(assistants.map((row) => [`${row.server}${row.language}`.toLowerCase(), `${row.server}/${row.language}`]));

  if (host.kind === 'server') {
    const label = host.name.toLowerCase();
    const assistant = assistantOf.get(label);
    if (assistant !== undefined) refuse('name', `server name "${host.name}" is the host name of assistant ${assistant}`);
    for (const language of PLATFORM_LANGUAGES) {
      if (label.endsWith(language) && servers.includes(label.slice(0, -language.length))) {
        refuse('name', `server name "${host.name}" would take the host name of server ${label.slice(0, -language.length)}'s "${language}" assistant`);
      }
      if (servers.includes(`${label}${language}`)) {
        refuse('name', `server "${label}${language}" exists: it would take the host name of server ${host.name}'s "${language}" assistant`);
      }
      const taken = assistantOf.get(`${label}${language}`);
      if (taken !== undefined) refuse('name', `assistant ${taken} has the host name of this server's "${language}" assistant`);
    }
    return;
  }
  const label = `${host.serverName}${host.language}`.toLowerCase();
  if (servers.includes(label)) refuse('language', `assistant ${host.serverName}/${host.language} would answer at ${label}, the host name of server ${label}'s console`);
  // Nor the host name another customer's assistant in a platform language has, or will have
  // (server "acm" with language "ept" would take "acmept", acme's "pt" assistant).
  for (const language of PLATFORM_LANGUAGES) {
    const owner = label.endsWith(language) ? label.slice(0, -language.length) : undefined;
    if (owner !== undefined && owner !== host.serverName && servers.includes(owner)) {
      refuse('language', `assistant ${host.serverName}/${host.language} would answer at ${label}, the host name of server ${owner}'s "${language}" assistant`);
    }
  }
  const other = assistantOf.get(label);
  if (other !== undefined && other !== `${host.serverName}/${host.language}`) {
    refuse('language', `assistant ${host.serverName}/${host.language} would answer at ${label}, the host name of assistant ${other}`);
  }
}
