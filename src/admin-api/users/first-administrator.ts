// The first console user: when the default assistant's server has no user at start-up, an
// administrator is created from HELPER_ADMIN_EMAIL / HELPER_ADMIN_PASSWORD (login: HELPER_ADMIN_LOGIN
// or the e-mail's local part), or with a generated password that is written once to the given
// output (standard error, never the logger: log lines are kept and shipped, a terminal is not).
// Its display name is its login (the header and Usuários show it in every console language, where a
// fixed word would be one language's) until someone edits it in Usuários.
// A generated password is marked (`passwordGenerated`): the console asks the administrator to
// change it until they do.
import type { Platform } from '../../platform.js';
import { StoreConflictError } from '../../store/store-errors.js';
import type { UserRecord } from '../../store/store.js';
import { generatePassword, hashPassword } from '../auth/password-hashing.js';

export async function ensureFirstAdministrator(platform: Platform, write: (text: string) => void): Promise<UserRecord | null> {
  const serverName = (await platform.defaultAssistant()).serverName;
  if ((await platform.store.users.list(serverName)).length > 0) return null;
  const { login = 'admin', email, password } = platform.config.firstAdministrator;
  const generated = password === undefined ? generatePassword() : undefined;
  let created: UserRecord;
  try {
    created = await platform.store.users.create({
      serverName,
      login,
      email: email ?? `${login}@${platform.config.publicUrl.domain}`,
      firstName: login,
      lastName: '',
      passwordHash: await hashPassword(password ?? generated ?? ''),
      role: 'administrator',
      passwordGenerated: generated !== undefined,
    });
  } catch (error: unknown) {
    // Another app process starting at the same time created it first.
    if (error instanceof StoreConflictError) return null;
    throw error;
  }
  if (generated !== undefined) {
    write(
      `\nThe console's first administrator of server "${serverName}" was created:\n` +
        `  login:    ${created.login}\n  password: ${generated}\n` +
        'This password is shown only this once: sign in and change it (or set HELPER_ADMIN_EMAIL and HELPER_ADMIN_PASSWORD before the first start).\n\n',
    );
  }
  return created;
}
