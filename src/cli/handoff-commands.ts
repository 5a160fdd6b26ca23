// `helper handoff list|take|reply|note|transfer|resolve`: the agents' inbox from the shell (human
// handoff, src/handoff), for operators and scripts. It acts through the same HandoffService as the
// console, so the claim is the same atomic one and every change is announced to running servers
// (through Redis when REDIS_URL is set; the store is the record either way).
import type { Command } from 'commander';
import { MAX_KEPT_REPLIES } from '../channels/socketio/socketio-channel.js';
import { HandoffError, type ReplyFailureReason } from '../handoff/handoff-service.js';
import type { Platform } from '../platform.js';
import type { AssistantRecord, HandoffRecord, HandoffStatus } from '../store/store.js';
import type { CliContext } from './cli-context.js';

const assistantOption = '--assistant <server/lang>';
const STATUSES: readonly string[] = ['waiting', 'taken', 'open', 'resolved'];
/** Who acts when --agent is not given: recorded as such in the tracker and the handoff. */
const CLI_AGENT = 'cli';

/** The named agent, checked: an active agent or administrator of the assistant's server. */
async function agentOf(platform: Platform, assistant: AssistantRecord, login: string | undefined): Promise<string> {
  if (login === undefined) return CLI_AGENT;
  const user = await platform.store.users.get(assistant.serverName, login);
  if (!user || !user.active || (user.role !== 'agent' && user.role !== 'administrator')) {
    throw new Error(`--agent: ${login} is not an active agent or administrator of server ${assistant.serverName}`);
  }
  return user.login;
}

/** HandoffService refusals as the CLI's one-line errors. */
async function acting<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error: unknown) {
    if (error instanceof HandoffError) throw new Error(error.field ? `${error.field}: ${error.message}` : error.message);
    throw error;
  }
}

/**
 * Why a reply was recorded but not sent, in plain words. The CLI decided it itself (its platform
 * logs nothing), so no other log says more.
 */
export function notSentBecause(reason: ReplyFailureReason | undefined, channel: string | null): string {
  switch (reason) {
    case 'outside_window':
      if (channel === 'whatsapp') return "WhatsApp takes a person's reply only within 24 hours of the user's last message";
      if (channel === 'facebook') return "Messenger takes a person's reply only within 7 days of the user's last message";
      return "the user's last message is older than the channel's window for a person's reply";
    case 'kept_full':
      return `${MAX_KEPT_REPLIES} replies already wait for this web chat user to open the chat again; write again once they are back`;
    default:
      return `the ${channel ?? "user's"} channel did not take it (not set up for this assistant, or it failed)`;
  }
}

function line(handoff: HandoffRecord, assistant: string): string {
  const since = new Date(handoff.requestedAt * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  return [handoff.id, assistant, handoff.senderId, handoff.status, handoff.agentLogin ?? '-', handoff.unread, handoff.channel ?? '-', handoff.reason, since].join('\t');
}

function json(handoff: HandoffRecord, assistant: string) {
  return {
    id: handoff.id,
    assistant,
    conversation: handoff.senderId,
    status: handoff.status,
    agent: handoff.agentLogin,
    unread: handoff.unread,
    channel: handoff.channel,
    reason: handoff.reason,
    skill: handoff.detail,
    outsideHours: handoff.outsideHours,
    requestedAt: handoff.requestedAt,
    takenAt: handoff.takenAt,
    resolvedAt: handoff.resolvedAt,
  };
}

export function registerHandoffCommands(program: Command, cli: CliContext): void {
  const handoff = program.command('handoff').description("conversations handed to a person: the agents' inbox from the shell");

  handoff
    .command('list')
    .description('open handoffs (the longest waiting first): id, assistant, conversation, status, agent, unread, channel, reason, since')
    .option(assistantOption, "one assistant, e.g. demo/pt (default: every assistant's)")
    .option('--status <status>', 'waiting, taken, open (both) or resolved', 'open')
    .option('--json', 'one JSON array instead of lines')
    .action(async (options: { assistant?: string; status: string; json?: boolean }) =>
      cli.run(async (platform) => {
        if (!STATUSES.includes(options.status)) throw new Error(`--status must be one of ${STATUSES.join(', ')}, not "${options.status}"`);
        const assistants = options.assistant === undefined ? await platform.store.assistants.list() : [await cli.assistant(platform, options.assistant)];
        const names = new Map(assistants.map((assistant) => [assistant.id, `${assistant.serverName}/${assistant.language}`] as const));
        const found = await platform.handoffs.list([...names.keys()], { status: options.status as HandoffStatus | 'open', limit: 500 });
        if (options.json) {
          cli.io.out(JSON.stringify(found.map((item) => json(item, names.get(item.assistantId) ?? '')), null, 2));
          return;
        }
        if (found.length === 0) {
          cli.io.out('no handoffs');
          return;
        }
        cli.io.out(['id', 'assistant', 'conversation', 'status', 'agent', 'unread', 'channel', 'reason', 'since'].join('\t'));
        for (const item of found) cli.io.out(line(item, names.get(item.assistantId) ?? ''));
      }),
    );

  handoff
    .command('take')
    .description('take the conversation (its waiting handoff, or a new one: the assistant pauses); another agent may not have it')
    .argument('<conversation>', 'the conversation id (the sender)')
    .option(assistantOption, 'the assistant, e.g. demo/pt (default: HELPER_DEFAULT_ASSISTANT)')
    .option('--agent <login>', `the agent who takes it (default: "${CLI_AGENT}")`)
    .action(async (conversation: string, options: { assistant?: string; agent?: string }) =>
      cli.run(async (platform) => {
        const assistant = await cli.assistant(platform, options.assistant);
        const agent = await agentOf(platform, assistant, options.agent);
        const taken = await acting(() => platform.handoffs.take(assistant, conversation, agent));
        cli.io.out(`${conversation}: taken by ${taken.agentLogin ?? agent}`);
      }),
    );

  handoff
    .command('reply')
    .description("write to the user as an agent: in the tracker, and through the conversation's channel at once (REST, and web chat with no tab open: with the user's next answer or visit)")
    .argument('<conversation>', 'the conversation id (the sender)')
    .argument('<text>', 'what to say')
    .requiredOption('--agent <login>', 'the agent who writes (an agent or administrator of the server)')
    .option(assistantOption, 'the assistant, e.g. demo/pt (default: HELPER_DEFAULT_ASSISTANT)')
    .action(async (conversation: string, text: string, options: { assistant?: string; agent: string }) =>
      cli.run(async (platform) => {
        const assistant = await cli.assistant(platform, options.assistant);
        const agent = await agentOf(platform, assistant, options.agent);
        const { delivery, reason, handoff: replied } = await acting(() => platform.handoffs.reply(assistant, conversation, text, agent));
        cli.io.out(
          `${conversation}: ${
            delivery === 'sent'
              ? 'sent'
              : delivery === 'next_answer'
                ? 'recorded and kept: the user gets it with their next answer (web chat: when they open the chat again)'
                : `recorded, but not sent: ${notSentBecause(reason, replied.channel)}`
          }`,
        );
        return delivery === 'failed' ? 1 : 0;
      }),
    );

  handoff
    .command('note')
    .description('an internal note on the handoff (agents see it, the user never does)')
    .argument('<conversation>')
    .argument('<text>')
    .option(assistantOption, 'the assistant (default: HELPER_DEFAULT_ASSISTANT)')
    .option('--agent <login>', `the author (default: "${CLI_AGENT}")`)
    .action(async (conversation: string, text: string, options: { assistant?: string; agent?: string }) =>
      cli.run(async (platform) => {
        const assistant = await cli.assistant(platform, options.assistant);
        const author = await agentOf(platform, assistant, options.agent);
        await acting(() => platform.handoffs.note(assistant, conversation, text, author));
        cli.io.out(`${conversation}: note added`);
      }),
    );

  handoff
    .command('transfer')
    .description('pass a taken conversation to another agent or administrator of the server')
    .argument('<conversation>')
    .requiredOption('--to <login>', 'the agent who gets it')
    .option(assistantOption, 'the assistant (default: HELPER_DEFAULT_ASSISTANT)')
    .action(async (conversation: string, options: { assistant?: string; to: string }) =>
      cli.run(async (platform) => {
        const assistant = await cli.assistant(platform, options.assistant);
        const moved = await acting(() => platform.handoffs.transfer(assistant, conversation, options.to.toLowerCase(), CLI_AGENT, true));
        cli.io.out(`${conversation}: now with ${moved.agentLogin ?? options.to}`);
      }),
    );

  handoff
    .command('resolve')
    .description('resolve the handoff: the assistant answers the next message again')
    .argument('<conversation>', 'the conversation id (the sender)')
    .option(assistantOption, 'the assistant, e.g. demo/pt (default: HELPER_DEFAULT_ASSISTANT)')
    .option('--agent <login>', `who resolves it (default: "${CLI_AGENT}", as an operator: whoever has it)`)
    .action(async (conversation: string, options: { assistant?: string; agent?: string }) =>
      cli.run(async (platform) => {
        const assistant = await cli.assistant(platform, options.assistant);
        const agent = await agentOf(platform, assistant, options.agent);
        await acting(() => platform.handoffs.resolve(assistant, conversation, agent, options.agent === undefined));
        cli.io.out(`${conversation}: resolved; the assistant answers again`);
      }),
    );
}
