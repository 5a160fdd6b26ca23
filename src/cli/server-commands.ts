// `helper server add|list|rename|disable|enable`: the customers of this deployment.
import type { Command } from 'commander';
import type { CliContext } from './cli-context.js';

export function registerServerCommands(program: Command, cli: CliContext): void {
  const server = program.command('server').description('customers ("servers"): each answers at {server}{lang}.{domain}');
  server
    .command('add')
    .argument('<name>', 'lowercase letters and digits, as in the host name')
    .option('--display-name <text>', 'the name people read')
    .description('add a server')
    .action(async (name: string, options: { displayName?: string }) =>
      cli.run(async (platform) => {
        const created = await platform.store.servers.create({ name, ...(options.displayName ? { displayName: options.displayName } : {}) });
        platform.hosts.invalidate();
        cli.io.out(`added server ${created.name} (${created.displayName}); add its assistants with: helper assistant add ${created.name} pt`);
      }),
    );
  server
    .command('list')
    .description('list servers')
    .action(async () =>
      cli.run(async (platform) => {
        for (const item of await platform.store.servers.list()) {
          cli.io.out(`${item.name}\t${item.displayName}\t${item.enabled ? 'enabled' : 'disabled'}`);
        }
      }),
    );
  server
    .command('rename')
    .argument('<name>')
    .argument('<display-name>')
    .description("change a server's display name (its name is its address and does not change)")
    .action(async (name: string, displayName: string) =>
      cli.run(async (platform) => {
        const updated = await platform.store.servers.update(name, { displayName });
        cli.io.out(`server ${updated.name} is now "${updated.displayName}"`);
      }),
    );
  for (const [verb, enabled] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    server
      .command(verb)
      .argument('<name>')
      .description(enabled ? 'serve the server again' : "stop serving a server's assistants (nothing is deleted)")
      .action(async (name: string) =>
        cli.run(async (platform) => {
          await platform.store.servers.update(name, { enabled });
          cli.io.out(`server ${name} ${enabled ? 'enabled' : 'disabled'}`);
        }),
      );
  }
}
