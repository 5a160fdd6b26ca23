// `helper user add|list|set-password|disable|enable`: the console's users, for the operator (a
// forgotten password, a locked-out server). Without --password a password is generated and
// printed once.
import type { Command } from 'commander';
import { assertPasswordRule, generatePassword, hashPassword } from '../admin-api/auth/password-hashing.js';
import type { Platform } from '../platform.js';
import type { UserRole } from '../store/store.js';
import type { CliContext } from './cli-context.js';

const serverOption = '--server <name>';
const serverHelp = "the server (default: HELPER_DEFAULT_ASSISTANT's)";

function serverOf(platform: Platform, server: string | undefined): string {
  return server ?? platform.config.defaultAssistant.server;
}

async function choosePassword(given: string | undefined): Promise<{ hash: string; generated?: string }> {
  if (given !== undefined) {
    assertPasswordRule(given, '--password');
    return { hash: await hashPassword(given) };
  }
  const generated = generatePassword();
  return { hash: await hashPassword(generated), generated };
}

export function registerUserCommands(program: Command, cli: CliContext): void {
  const user = program.command('user').description("the console's users of a server (roles: administrator, agent, viewer, operator)");
  user
    .command('add')
    .argument('<login>', 'letters, digits, ".", "_" or "-"')
    .requiredOption('--email <address>', 'the e-mail (also accepted to sign in)')
    .requiredOption('--first-name <name>')
    .option('--last-name <name>', '', '')
    .option('--role <role>', 'administrator | agent | viewer | operator (the platform\'s operator: every server)', 'viewer')
    .option('--password <password>', 'at least 10 characters (default: a generated one, printed once)')
    .option(serverOption, serverHelp)
    .description('add a console user')
    .action(async (login: string, options: { email: string; firstName: string; lastName: string; role: string; password?: string; server?: string }) =>
      cli.run(async (platform) => {
        if (!['administrator', 'agent', 'viewer', 'operator'].includes(options.role)) throw new Error(`--role must be administrator, agent, viewer or operator, not "${options.role}"`);
        const password = await choosePassword(options.password);
        const created = await platform.store.users.create({
          serverName: serverOf(platform, options.server),
          login,
          email: options.email,
          firstName: options.firstName,
          lastName: options.lastName,
          role: options.role as UserRole,
          passwordHash: password.hash,
        });
        cli.io.out(`added ${created.role} ${created.login} <${created.email}> to server ${created.serverName}`);
        if (password.generated) cli.io.out(`password: ${password.generated}   (shown only now)`);
      }),
    );
  user
    .command('list')
    .option(serverOption, serverHelp)
    .description("list a server's console users")
    .action(async (options: { server?: string }) =>
      cli.run(async (platform) => {
        const serverName = serverOf(platform, options.server);
        if (!(await platform.store.servers.get(serverName))) throw new Error(`server ${serverName} does not exist`);
        for (const item of await platform.store.users.list(serverName)) {
          cli.io.out(`${item.login}\t${item.email}\t${`${item.firstName} ${item.lastName}`.trim()}\t${item.role}\t${item.active ? 'active' : 'inactive'}`);
        }
      }),
    );
  user
    .command('set-password')
    .argument('<login>')
    .option('--password <password>', 'at least 10 characters (default: a generated one, printed once)')
    .option(serverOption, serverHelp)
    .description("set a user's password (their sessions end)")
    .action(async (login: string, options: { password?: string; server?: string }) =>
      cli.run(async (platform) => {
        const password = await choosePassword(options.password);
        const updated = await platform.store.users.update(serverOf(platform, options.server), login, { passwordHash: password.hash });
        cli.io.out(`new password set for ${updated.login} on server ${updated.serverName}`);
        if (password.generated) cli.io.out(`password: ${password.generated}   (shown only now)`);
      }),
    );
  for (const [verb, active] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    user
      .command(verb)
      .argument('<login>')
      .option(serverOption, serverHelp)
      .description(active ? 'let the user sign in again' : 'stop the user signing in (their sessions end; nothing is deleted)')
      .action(async (login: string, options: { server?: string }) =>
        cli.run(async (platform) => {
          const updated = await platform.store.users.update(serverOf(platform, options.server), login, { active });
          cli.io.out(`user ${updated.login} of server ${updated.serverName} ${active ? 'enabled' : 'disabled'}`);
        }),
      );
  }
}
