// The pieces every push channel wires around its OutboxSender: its credential read per assistant,
// the needs-a-new-token flag, and the sender's life with the app (resumed when ready, stopped on
// close, so answers acknowledged before a stop are sent after the next start).
import type { FastifyInstance } from 'fastify';
import type { AssistantRecord, NewOutboundMessage } from '../../store/store.js';
import type { AgentReplyServices, ChannelContext, ProactiveOutbox, ProactiveRows } from '../channel.js';
import { flagNeedsNewToken } from './channel-secrets.js';
import { outboxWorkChannel, type OutboxSender } from './outbox-sender.js';

/** The assistant's credential (a token secret), in plaintext; undefined when none is set or the assistant is gone. */
export function credentialOf(context: ChannelContext, tokenSecret: string): (assistantId: number) => Promise<string | undefined> {
  return async (assistantId) => {
    const assistant = await context.assistantById(assistantId);
    return assistant ? context.secret(assistant, tokenSecret) : undefined;
  };
}

/** The sender's `markNeedsNewToken`: flags the integration while the refused token is still the one set. */
export function needsNewTokenMarker(context: ChannelContext, names: { token: string; flag: string }): (assistantId: number, reason: string, token: string) => Promise<void> {
  return async (assistantId, reason, token) => {
    const assistant = await context.assistantById(assistantId);
    if (assistant) await flagNeedsNewToken(context, assistant, names, token, reason);
  };
}

/**
 * The sender's life with the app. In a process that delivers (HELPER_ROLE all or worker): pending
 * answers resumed once the app is ready, the outbox swept every `outboxPollMs` (work left by a
 * crashed process, or announced while this one was away), announcements of web processes heard;
 * stopped on close, leaving the rest stored for the next process. In a web process: nothing runs
 * here, `announce` (set on the sender through `senderDelivery`) tells the others.
 */
export function attachSender(scope: FastifyInstance, sender: OutboxSender, channel: string, context: Pick<ChannelContext, 'delivery' | 'events'>): void {
  if (!context.delivery.delivers) return;
  let sweeper: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;
  const sweep = (): void => {
    void sender.sweep().catch((error: unknown) => scope.log.warn({ err: error }, `${channel}: the outbox could not be swept; trying again`));
  };
  scope.addHook('onReady', async () => {
    void sender.resume().catch((error: unknown) => scope.log.error({ err: error }, `${channel}: pending answers could not be resumed`));
    sweeper = setInterval(sweep, context.delivery.pollMs);
    sweeper.unref();
    unsubscribe = context.events.subscribe(outboxWorkChannel(channel), (message) => {
      const work = parseWork(message);
      if (work) sender.kick(work.assistantId, work.recipient);
    });
  });
  scope.addHook('onClose', async () => {
    clearInterval(sweeper);
    unsubscribe?.();
    await sender.stop();
  });
}

/** The sender's options of delivery: how long its claims last, and in a web process, announcing its outbox work rather than sending it. */
export function senderDelivery(context: Pick<ChannelContext, 'delivery' | 'events'>, channel: string): { claimMs: number; announce?: (assistantId: number, recipient: string) => void } {
  const { claimMs } = context.delivery;
  if (context.delivery.delivers) return { claimMs };
  return { claimMs, announce: (assistantId, recipient) => context.events.publish(outboxWorkChannel(channel), JSON.stringify({ assistantId, recipient })) };
}

/**
 * How long ago (seconds) the user last wrote on the channel, from the contact's `lastInboundAt`
 * (the inbound dispatcher's touchContact); undefined when unknown (no message recorded).
 */
export async function secondsSinceUserWrote(services: AgentReplyServices, channel: string, assistantId: number, recipient: string, now = Date.now() / 1000): Promise<number | undefined> {
  const last = (await services.store.channels.contact(assistantId, channel, recipient))?.lastInboundAt;
  return last === null || last === undefined ? undefined : now - last;
}

/**
 * Stores an agent's reply in the channel's outbox and announces it (src/handoff): the delivering
 * processes send it after what the user is already owed, as any answer.
 */
export async function enqueueAgentReply(services: AgentReplyServices, channel: string, assistantId: number, recipient: string, payloads: readonly unknown[]): Promise<void> {
  if (payloads.length === 0) return;
  await services.store.outbox.add(outboxRows(channel, assistantId, recipient, payloads));
  announceOutboxWork(services, channel, assistantId, recipient);
}

/** What a push channel cannot send without, in its words: `WhatsApp` and `phone number id`. */
export interface ChannelSetting {
  channel: string;
  setting: string;
}

/**
 * A push channel's setting without which nothing it queues could be delivered (WhatsApp's phone
 * number id, Messenger's Page access token, Telegram's bot token), returned when set. Missing, the
 * channel is not set up for the assistant: it throws before anything is queued, whose delivery
 * could only fail — an agent's reply is recorded and said not sent (`channel_error`, src/handoff),
 * the conversations API's output channel fails (502).
 */
export function requireChannelSetting(value: string | null | undefined, missing: ChannelSetting): string {
  if (value === undefined || value === null || value === '') {
    throw new Error(`${missing.channel} is not set up for this assistant (no ${missing.setting})`);
  }
  return value;
}

/** `requireChannelSetting` of a sealed setting (a token secret), when the services can read secrets. */
export async function requireChannelSecret(services: AgentReplyServices, assistant: AssistantRecord, name: string, missing: ChannelSetting): Promise<void> {
  if (services.secret) requireChannelSetting(await services.secret(assistant, name), missing);
}

/** A channel's outbox rows of `payloads` for one recipient. */
export function outboxRows(channel: string, assistantId: number, recipient: string, payloads: readonly unknown[]): NewOutboundMessage[] {
  return payloads.map((payload) => ({ assistantId, channel, recipient, payload }));
}

/**
 * Tells the delivering processes (this one too) that the recipient has outbox work: after rows are
 * stored outside a webhook's turn (an agent's reply, a proactive send stored with its turn). A
 * notice lost is made up by the outbox's sweep.
 */
export function announceOutboxWork(services: Pick<AgentReplyServices, 'events'>, channel: string, assistantId: number, recipient: string): void {
  services.events.publish(outboxWorkChannel(channel), JSON.stringify({ assistantId, recipient }));
}

/** A push channel's proactive answer staged for one turn: see `stageProactiveAnswer`. */
export interface StagedAnswer {
  /** The engine's `outbox` option: the turn's messages as the channel's rows, stored with its events. */
  outbox: ProactiveRows;
  /** Once the turn is stored: tells the delivering processes, when it stored rows. */
  announce(): void;
}

/**
 * Stages what the platform sends on its own (trigger_intent's output_channel, a fired reminder)
 * through a push channel's outbox in the turn's own transaction. Rejects as `proactive` does (the
 * channel not set up), before anything is recorded.
 */
export async function stageProactiveAnswer(proactive: ProactiveOutbox, channel: string, target: { assistant: AssistantRecord; recipient: string }, services: AgentReplyServices): Promise<StagedAnswer> {
  const render = await proactive(target, services);
  let rendered = 0;
  return {
    outbox: async (messages) => {
      const rows = await render(messages);
      rendered = rows.length;
      return rows;
    },
    announce: () => {
      if (rendered > 0) announceOutboxWork(services, channel, target.assistant.id, target.recipient);
    },
  };
}

function parseWork(message: string): { assistantId: number; recipient: string } | undefined {
  try {
    const parsed = JSON.parse(message) as { assistantId?: unknown; recipient?: unknown };
    return typeof parsed.assistantId === 'number' && typeof parsed.recipient === 'string' ? { assistantId: parsed.assistantId, recipient: parsed.recipient } : undefined;
  } catch {
    return undefined;
  }
}
