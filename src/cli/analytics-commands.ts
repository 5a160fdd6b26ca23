// `helper analytics export|user-data|erase-user|retention`: the conversations as a spreadsheet,
// a user's data (LGPD access and deletion requests, recorded in the audit log as `cli`), and the
// retention period. The export first brings the analytics projection up to date.
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { PassThrough, type Writable } from 'node:stream';
import type { Command } from 'commander';
import { AnalyticsInputError } from '../analytics/analytics-service.js';
import { exportRows, sessionsMatching } from '../analytics/export/export-rows.js';
import { writeExport, type ExportFormat } from '../analytics/export/write-export.js';
import type { CliContext } from './cli-context.js';

const assistantOption = '--assistant <server/lang>';
const assistantHelp = 'the assistant, e.g. demo/pt (default: HELPER_DEFAULT_ASSISTANT)';

export function registerAnalyticsCommands(program: Command, cli: CliContext): void {
  const analytics = program.command('analytics').description('conversations, personal data and retention (the Analytics menu from the shell)');

  analytics
    .command('export')
    .description('export the conversations of an interval, one row per message: conversation, time, channel, user id, from, text, intent, confidence, skill')
    .option(assistantOption, assistantHelp)
    .requiredOption('--from <iso>', 'a date (2025-06-01) or a date and time with its offset, in the assistant time zone')
    .requiredOption('--to <iso>', 'a date (2025-06-30, included) or a date and time with its offset')
    .option('--format <format>', 'csv or xlsx', 'csv')
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (options: { assistant?: string; from: string; to: string; format: string; out?: string }) =>
      cli.run(async (platform) => {
        if (options.format !== 'csv' && options.format !== 'xlsx') throw new Error(`--format must be csv or xlsx, not "${options.format}"`);
        if (options.format === 'xlsx' && !options.out) throw new Error('--format xlsx needs --out FILE (a workbook is not for a terminal)');
        const assistant = await cli.assistant(platform, options.assistant);
        let filters;
        try {
          filters = await platform.analytics.service.filters(assistant.id, { from: options.from, to: options.to });
        } catch (error: unknown) {
          if (error instanceof AnalyticsInputError) throw new Error(`--${error.field}: ${error.message}`);
          throw error;
        }
        await platform.analytics.projector.catchUp();
        const { timeZone } = await platform.analytics.service.settings(assistant.id);
        // To standard output the CSV goes through the CLI's output (whole; use --out for large exports).
        let text = '';
        const output: Writable = options.out ? createWriteStream(options.out) : new PassThrough().on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        const finished = options.out ? new Promise((resolve, reject) => output.once('close', resolve).once('error', reject)) : Promise.resolve();
        const count = await writeExport(exportRows(platform.store, sessionsMatching(platform.store, filters), timeZone), options.format as ExportFormat, output);
        await finished;
        await platform.store.audit.record({
          serverId: assistant.serverId,
          assistantId: assistant.id,
          actor: 'cli',
          action: 'export_conversations',
          subject: null,
          details: { format: options.format, from: options.from, to: options.to, rows: count },
          createdAt: Date.now() / 1000,
        });
        if (!options.out) cli.io.out(text.replace(/^\uFEFF/, '').trimEnd());
        if (options.out) cli.io.out(`exported ${count} messages of ${assistant.serverName}/${assistant.language} to ${options.out}`);
      }),
    );

  analytics
    .command('user-data')
    .description('everything stored of one user id (LGPD access request), as JSON; recorded in the audit log')
    .argument('<userId>', "the user's id in the conversations (the sender)")
    .option(assistantOption, assistantHelp)
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (userId: string, options: { assistant?: string; out?: string }) =>
      cli.run(async (platform) => {
        const assistant = await cli.assistant(platform, options.assistant);
        await platform.analytics.projector.catchUp();
        const data = JSON.stringify(await platform.analytics.userData.export(assistant, userId, 'cli'), null, 2);
        if (options.out) {
          await writeFile(options.out, data, 'utf8');
          cli.io.out(`wrote the data of ${userId} to ${options.out}`);
        } else {
          cli.io.out(data);
        }
      }),
    );

  analytics
    .command('erase-user')
    .description('erase everything stored of one user id (LGPD deletion request); recorded in the audit log')
    .argument('<userId>', "the user's id in the conversations (the sender)")
    .option(assistantOption, assistantHelp)
    .action(async (userId: string, options: { assistant?: string }) =>
      cli.run(async (platform) => {
        const assistant = await cli.assistant(platform, options.assistant);
        const erased = await platform.analytics.userData.erase(assistant, userId, 'cli');
        const pending = erased.inbound > 0 ? `, ${erased.inbound} messages not yet answered` : '';
        cli.io.out(`erased ${userId}: ${erased.events} events, ${erased.messages} analysed messages, ${erased.outbound} pending sends${pending}, ${erased.conversations} conversation`);
      }),
    );

  analytics
    .command('retention')
    .description('show or set how many days conversations are kept; --run deletes what is older now')
    .option(assistantOption, assistantHelp)
    .option('--days <days>', 'keep conversations this many days (1–3650)')
    .option('--off', 'keep conversations forever')
    .option('--run', 'delete now what is older than each assistant\'s period (as the background job does)')
    .action(async (options: { assistant?: string; days?: string; off?: boolean; run?: boolean }) =>
      cli.run(async (platform) => {
        const assistant = await cli.assistant(platform, options.assistant);
        if (options.days !== undefined || options.off) {
          const days = options.off ? null : Number(options.days);
          if (days !== null && (!Number.isInteger(days) || days < 1 || days > 3650)) throw new Error('--days must be a whole number from 1 to 3650');
          const before = await platform.store.analytics.settings(assistant.id);
          await platform.store.analytics.updateSettings(assistant.id, { retentionDays: days });
          await platform.store.audit.record({ serverId: assistant.serverId, assistantId: assistant.id, actor: 'cli', action: 'retention_changed', subject: null, details: { from: before.retentionDays, to: days }, createdAt: Date.now() / 1000 });
        }
        const { retentionDays } = await platform.store.analytics.settings(assistant.id);
        cli.io.out(retentionDays === null ? `${assistant.serverName}/${assistant.language} keeps conversations forever` : `${assistant.serverName}/${assistant.language} keeps conversations ${retentionDays} days`);
        if (options.run) {
          await platform.analytics.projector.catchUp();
          for (const run of await platform.analytics.retention.runOnce()) {
            cli.io.out(`assistant #${run.assistantId} (${run.retentionDays} days): deleted ${run.sessions} conversations, ${run.events} events`);
          }
        }
      }),
    );
}
