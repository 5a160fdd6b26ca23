// `helper assistant add|list|rename|disable|enable`: one assistant per server and language.
import type { Command } from 'commander';
import type { CliContext } from './cli-context.js';

export function registerAssistantCommands(program: Command, cli: CliContext): void {
  const assistant = program.command('assistant').description('assistants: one per server and language');
  assistant
    .command('add')
    .argument('<server>')
    .argument('<language>', 'pt, en, es…')
    .option('--name <text>', 'the name people read')
    .description('add an (empty) assistant; then `helper import` its content and `helper train` it')
    .action(async (server: string, language: string, options: { name?: string }) =>
      cli.run(async (platform) => {
        const created = await platform.store.assistants.create({ serverName: server, language, ...(options.name ? { name: options.name } : {}) });
        platform.hosts.invalidate();
        cli.io.out(`added assistant ${created.serverName}/${created.language} (${created.name})`);
      }),
    );
  assistant
    .command('list')
    .description('list assistants')
    .action(async () =>
      cli.run(async (platform) => {
        for (const item of await platform.store.assistants.list()) {
          const model = await platform.store.models.latestReady(item.id);
          cli.io.out(`${item.serverName}/${item.language}\t${item.name}\t${item.enabled ? 'enabled' : 'disabled'}\t${model ? `model v${model.version}` : 'not trained'}`);
        }
      }),
    );
  assistant
    .command('rename')
    .argument('<server/lang>')
    .argument('<name>')
    .description("change an assistant's name")
    .action(async (target: string, name: string) =>
      cli.run(async (platform) => {
        const record = await cli.assistant(platform, target);
        const updated = await platform.store.assistants.update(record.id, { name });
        cli.io.out(`assistant ${updated.serverName}/${updated.language} is now "${updated.name}"`);
      }),
    );
  for (const [verb, enabled] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    assistant
      .command(verb)
      .argument('<server/lang>')
      .description(enabled ? 'serve the assistant again' : 'stop serving the assistant (nothing is deleted)')
      .action(async (target: string) =>
        cli.run(async (platform) => {
          const record = await cli.assistant(platform, target);
          await platform.store.assistants.update(record.id, { enabled });
          cli.io.out(`assistant ${record.serverName}/${record.language} ${enabled ? 'enabled' : 'disabled'}`);
        }),
      );
  }
}
