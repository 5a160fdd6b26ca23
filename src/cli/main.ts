// `helper` (npx helper …): work with assistants from the shell.
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { pino } from 'pino';
import { loadConfig } from '../config/config.js';
import { loadDotEnv } from '../config/dot-env.js';
import { openPlatform, type Platform } from '../platform.js';
import { PLATFORM_VERSION } from '../server/platform-version.js';
import { registerAnalyticsCommands } from './analytics-commands.js';
import { registerAssistantCommands } from './assistant-commands.js';
import { createCliContext, type CliIo } from './cli-context.js';
import { exportCommand } from './export-command.js';
import { registerIntegrationsCommands } from './integrations-commands.js';
import { registerPackCommands } from './pack-command.js';
import { registerServerCommands } from './server-commands.js';
import { importCommand } from './import-command.js';
import { trainCommand } from './train-command.js';
import { registerUserCommands } from './user-commands.js';
import { registerHandoffCommands } from './handoff-commands.js';

export type { CliIo } from './cli-context.js';

/** Runs the CLI; resolves with the exit code. Exported so tests run it in-process. */
export async function runCli(argv: string[], io: CliIo, env: Record<string, string | undefined> = process.env): Promise<number> {
  let platform: Platform | undefined;
  const open = async (): Promise<Platform> => {
    platform ??= await openPlatform(loadConfig(env), pino({ level: 'silent' }));
    return platform;
  };
  let code = 0;
  const program = new Command('helper')
    .description('Helper Assistant: import, export and train assistants')
    .version(PLATFORM_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: (text) => io.err(text.trimEnd()) });
  const assistantOption = '--assistant <server/lang>';
  const assistantHelp = 'the assistant, e.g. demo/pt (default: HELPER_DEFAULT_ASSISTANT)';

  program
    .command('import')
    .description('import an assistant file (Helper YAML, Rasa NLU training data, an IBM Watson workspace JSON) or a Rasa project folder; nothing is written on any error')
    .argument('<file>', 'the file, or a Rasa project folder (domain.yml, config.yml, data/)')
    .option(assistantOption, assistantHelp)
    .option('--replace', 'replace the whole content instead of merging by name', false)
    .action(async (file: string, options: { assistant?: string; replace: boolean }) => {
      code = await importCommand(await open(), io, file, options);
    });
  program
    .command('export')
    .description('write an assistant as a Helper YAML file, or as a Rasa project')
    .option(assistantOption, assistantHelp)
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .option('--rasa <folder>', 'write a Rasa 3.x project (config.yml, domain.yml, data/) into this folder')
    .action(async (options: { assistant?: string; output?: string; rasa?: string }) => {
      code = await exportCommand(await open(), io, options);
    });
  program
    .command('train')
    .description('train the assistant now (recorded in its training history); the previous model keeps serving if training fails')
    .option(assistantOption, assistantHelp)
    .option('--scope <scope>', 'complete (default), dialogues or skills')
    .action(async (options: { assistant?: string; scope?: string }) => {
      code = await trainCommand(await open(), io, options);
    });

  const cli = createCliContext(io, open, (value) => {
    code = value;
  });
  registerServerCommands(program, cli);
  registerAssistantCommands(program, cli);
  registerIntegrationsCommands(program, cli);
  registerUserCommands(program, cli);
  registerHandoffCommands(program, cli);
  registerAnalyticsCommands(program, cli);
  registerPackCommands(program, cli);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error: unknown) {
    if (error instanceof CommanderError) code = error.exitCode;
    else {
      io.err(`helper: ${error instanceof Error ? error.message : String(error)}`);
      code = 1;
    }
  } finally {
    await platform?.close();
  }
  return code;
}

/** The CLI as a process: prints to the terminal and exits with the command's code. */
export async function runCliProcess(): Promise<never> {
  loadDotEnv();
  const code = await runCli(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
  process.exit(code);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) void runCliProcess();
