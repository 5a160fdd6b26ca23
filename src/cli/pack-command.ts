// `helper pack add 4biz-tickets [--assistant SERVER/LANG] --url BASE --login LOGIN --password PASSWORD`:
// adds a ready-made pack of content and APIs to an assistant (src/packs). Train afterwards.
import type { Command } from 'commander';
import { addFourbizPack } from '../packs/fourbiz-tickets/add-fourbiz-pack.js';
import { PACK_NAME } from '../packs/fourbiz-tickets/fourbiz-tickets-pack.js';
import type { CliContext } from './cli-context.js';

export function registerPackCommands(program: Command, cli: CliContext): void {
  program
    .command('pack')
    .description(`add a ready-made pack to an assistant: \`pack add ${PACK_NAME} --url https://itsm.example/4biz --login LOGIN --password PASSWORD\` (then train)`)
    .argument('<action>', 'add')
    .argument('<pack>', PACK_NAME)
    .option('--assistant <server/lang>', 'the assistant, e.g. demo/pt (default: HELPER_DEFAULT_ASSISTANT)')
    .requiredOption('--url <base>', 'the 4biz address, e.g. https://itsm.example/4biz')
    .requiredOption('--login <login>', 'the 4biz user the assistant logs in with')
    .requiredOption('--password <password>', 'its password (sealed at rest, never shown again)')
    .action(async (action: string, pack: string, options: { assistant?: string; url: string; login: string; password: string }) =>
      cli.run(async (platform) => {
        if (action !== 'add' || pack !== PACK_NAME) throw new Error(`the only pack is "${PACK_NAME}": helper pack add ${PACK_NAME} --url BASE --login LOGIN --password PASSWORD`);
        const assistant = await cli.assistant(platform, options.assistant);
        const result = await addFourbizPack(platform, assistant, { url: options.url, login: options.login, password: options.password }, 'cli');
        const address = `${assistant.serverName}/${assistant.language}`;
        cli.io.out(
          `added ${PACK_NAME} to ${address}: ${result.intents} intents, ${result.contexts} contexts, ${result.skills} skills, ${result.dialogues} dialogues, APIs ${result.apis.join(', ')}. Train it: helper train --assistant ${address}`,
        );
      }),
    );
}
