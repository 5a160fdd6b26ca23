// Human handoff: what the agents' inbox, the admin API and `helper handoff` do to a conversation,
// and what the engine tells it (HandoffHooks). The truth is in the store — the handoff's row
// (status, agent, unread count, notes) and the tracker's events (pause, handoff_taken,
// handoff_transferred, the agents' replies as bot events, resume); every change is then announced
// on `helper:handoff:<assistant id>` (src/pubsub) so the inboxes of every process update at once.
//
// An agent's reply is recorded in the tracker first (a `bot` event with `metadata.handoff_agent`)
// and then given to the conversation's channel (its `agentReplies` outlet: Messenger, WhatsApp,
// Telegram and callback push it at once; web chat to a connected tab, else it is kept for the
// session's return); a channel without one (REST) hands it to the user with their next answer (the
// engine's `withAgentReplies`).
import type { Logger } from 'pino';
import { AgentReplyRefusedError, type AgentReplyServices, type ChannelDefinition } from '../channels/channel.js';
import type { HandoffHooks } from '../engine/engine.js';
import type { ConversationLock } from '../engine/lock/conversation-lock.js';
import type { PlatformEvents } from '../pubsub/platform-events.js';
import type { AssistantRecord, HandoffNoteRecord, HandoffRecord, HandoffStatus, Store } from '../store/store.js';
import { readConversationState } from '../tracker/conversation-state.js';
import { botEvent, emptyBotData, type TrackerEvent } from '../tracker/events.js';
import { handoffContinuesPauseEvent, handoffPauseEvent, handoffResumeEvent, handoffTakenEvent, handoffTransferredEvent } from './handoff-tracker-events.js';

/** The notices' channel of an assistant's inbox. */
export function handoffNoticeChannel(assistantId: number): string {
  return `helper:handoff:${assistantId}`;
}

export type HandoffNoticeKind = 'requested' | 'taken' | 'message' | 'reply' | 'note' | 'transferred' | 'resolved' | 'read';

export interface HandoffNotice {
  kind: HandoffNoticeKind;
  handoffId: number;
  sender: string;
}

/**
 * `resolvedBy` of a handoff ended outside the inbox (never a login: logins have no ':'): the user
 * restarted the conversation, or a client posted a restart or resume to the conversations API.
 */
export const RESOLVED_BY_RESTART = 'user:restart';
export const RESOLVED_BY_API = 'api:events';

/** What a request got wrong: `not_found` (no open handoff), `conflict` (another agent has it), `invalid` (a field). */
export class HandoffError extends Error {
  constructor(
    readonly code: 'not_found' | 'conflict' | 'invalid',
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'HandoffError';
  }
}

/**
 * How an agent's reply reaches the user: `sent` (pushed through the channel now: a web chat tab of
 * the session received it), `next_answer` (kept for the user: REST gives it with their next
 * answer; web chat with no tab connected keeps it in the store and emits it when the session is
 * joined again), `failed` (recorded in the tracker, but the channel refused it).
 */
export type ReplyDelivery = 'sent' | 'next_answer' | 'failed';

/**
 * Why a reply is `failed`: `outside_window` (WhatsApp's 24 hours, Messenger's 7 days),
 * `kept_full` (a web chat session with its 50 kept replies waiting), `channel_error` (the channel
 * not set up, the callback URL missing or failing, the store failing).
 */
export type ReplyFailureReason = 'outside_window' | 'kept_full' | 'channel_error';

/** What became of a reply: its delivery and, when it failed, why. */
interface DeliveryOutcome {
  delivery: ReplyDelivery;
  reason?: ReplyFailureReason;
}

export const MAX_REPLY_LENGTH = 4000;
export const MAX_NOTE_LENGTH = 4000;

export interface HandoffServiceOptions {
  store: Store;
  lock: ConversationLock;
  events: PlatformEvents;
  /** The channels, each with its optional `agentReplies` outlet. */
  channels: readonly ChannelDefinition[];
  logger: Logger;
  now?: () => number;
  /** A channel setting kept sealed per assistant (the callback channel's URL), in plaintext. */
  secret?: AgentReplyServices['secret'];
  /** The SSRF-guarded client (src/outbound): the callback channel's POSTs of agents' replies. */
  outbound: AgentReplyServices['outbound'];
  /**
   * Told of each new handoff the assistant made (a skill, fallbacks), after the turn: where a
   * ticketing integration (the 4biz tickets pack, issue 14) opens a ticket — outside office hours,
   * say — and tells the user its number with `tell`. Runs outside the turn; its failure is logged.
   */
  onRequested?: (handoff: HandoffRecord, service: HandoffService) => Promise<void>;
}

export class HandoffService implements HandoffHooks {
  readonly #options: HandoffServiceOptions;
  readonly #now: () => number;

  constructor(options: HandoffServiceOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => Date.now() / 1000);
  }

  // ——— told by the engine (inside the turn's lock: no lock taken here) ———

  async handedOff(input: Parameters<HandoffHooks['handedOff']>[0]): Promise<void> {
    const { handoff, created } = await this.#options.store.handoffs.open({
      assistantId: input.assistantId,
      senderId: input.sender,
      channel: input.channel,
      reason: input.reason,
      detail: input.detail,
      outsideHours: input.outsideHours,
      now: input.now,
    });
    this.#announce(handoff, created ? 'requested' : 'message');
    const onRequested = this.#options.onRequested;
    // Not awaited: the turn holds the conversation's lock, which `tell` takes.
    if (created && onRequested) {
      void onRequested(handoff, this).catch((error: unknown) => this.#options.logger.error({ err: error, handoffId: handoff.id }, 'handoff: the onRequested hook failed'));
    }
  }

  async userWrote(input: Parameters<HandoffHooks['userWrote']>[0]): Promise<void> {
    const handoff = await this.#options.store.handoffs.userMessage(input.assistantId, input.sender, input.channel, input.now);
    if (handoff) this.#announce(handoff, 'message');
  }

  /**
   * The user restarted the conversation (`/restart`) while paused: the restart unpaused it, so its
   * open handoff ends, resolved by `RESOLVED_BY_RESTART`. The engine holds the conversation's lock.
   */
  async restarted(input: Parameters<HandoffHooks['restarted']>[0]): Promise<void> {
    await this.endOpen({ ...input, by: RESOLVED_BY_RESTART });
  }

  /**
   * The conversation was unpaused outside the inbox (a restart or resume posted to the
   * conversations API): its open handoff, if any, is resolved `by` that. The caller holds the lock.
   */
  async endOpen(input: { assistantId: number; sender: string; now: number; by: string }): Promise<void> {
    const { store } = this.#options;
    const open = await store.handoffs.current(input.assistantId, input.sender);
    const resolved = open ? await store.handoffs.resolve(open.id, input.by, input.now) : undefined;
    if (resolved) this.#announce(resolved, 'resolved');
  }

  // ——— the inbox ———

  list(assistantIds: readonly number[], filter: { status?: HandoffStatus | 'open'; agent?: string; limit?: number } = {}): Promise<HandoffRecord[]> {
    return this.#options.store.handoffs.list(assistantIds, filter);
  }

  /** The conversation's open handoff, or a `not_found` HandoffError. */
  async open(assistant: AssistantRecord, sender: string): Promise<HandoffRecord> {
    const handoff = await this.#options.store.handoffs.current(assistant.id, sender);
    if (!handoff) throw new HandoffError('not_found', `conversation ${sender} is not handed off: nobody waits for an agent there`);
    return handoff;
  }

  /**
   * `agent` takes the conversation: its waiting handoff (of two agents at once exactly one gets
   * it; the other a `conflict`), or — when none is open — a new one, and the assistant pauses.
   * A taken conversation is always paused: a tracker that lost its pause gets one (the take wins
   * over the tracker). Taking what one already has changes nothing else.
   */
  async take(assistant: AssistantRecord, sender: string, agent: string): Promise<HandoffRecord> {
    const { store, lock } = this.#options;
    return lock.run(`${assistant.id}:${sender}`, async () => {
      const now = this.#now();
      let current = await store.handoffs.current(assistant.id, sender);
      const events: TrackerEvent[] = [];
      if (!current) {
        const conversation = await store.conversations.get(assistant.id, sender);
        if (!conversation) throw new HandoffError('not_found', `conversation ${sender} does not exist`);
        const opened = await store.handoffs.open({ assistantId: assistant.id, senderId: sender, channel: await this.#lastChannel(assistant, sender), reason: 'agent', agent, now });
        current = opened.handoff;
        if (opened.created) {
          events.push(handoffPauseEvent(now, { assistant_id: String(assistant.id) }, { reason: 'agent', detail: null, outsideHours: false, agent }), handoffTakenEvent(now, current.id, agent));
          await store.conversations.append(assistant.id, sender, events);
          this.#announce(current, 'taken');
          return current;
        }
      }
      if (current.status === 'taken') {
        if (current.agentLogin !== agent) throw new HandoffError('conflict', `${current.agentLogin ?? 'another agent'} already has this conversation`);
        const pause = await this.#pauseIfAnswering(assistant, sender, current.id, agent, now);
        if (pause.length > 0) await store.conversations.append(assistant.id, sender, pause);
        return current;
      }
      const taken = await store.handoffs.take(current.id, agent, now);
      if (!taken) {
        const winner = await store.handoffs.get(current.id);
        throw new HandoffError('conflict', `${winner?.agentLogin ?? 'another agent'} took this conversation first`);
      }
      const pause = await this.#pauseIfAnswering(assistant, sender, taken.id, agent, now);
      await store.conversations.append(assistant.id, sender, [...pause, handoffTakenEvent(now, taken.id, agent)]);
      this.#announce(taken, 'taken');
      return taken;
    });
  }

  /**
   * A taken conversation is always paused. When the handoff's row says open but the tracker says
   * the assistant answers (a write outside this service, or a crash between the two), the agent's
   * take is the latest word: the pause event that silences the assistant (none when it is paused).
   */
  async #pauseIfAnswering(assistant: AssistantRecord, sender: string, handoffId: number, agent: string, now: number): Promise<TrackerEvent[]> {
    const state = readConversationState((await this.#options.store.conversations.sessionEvents(assistant.id, sender)).map((entry) => entry.event));
    return state.paused ? [] : [handoffContinuesPauseEvent(now, { assistant_id: String(assistant.id) }, handoffId, agent)];
  }

  /**
   * `agent` writes to the user: recorded in the tracker, then pushed through the conversation's
   * channel (or kept for their next answer). A waiting handoff is taken first; one another agent
   * has is a `conflict`.
   */
  async reply(assistant: AssistantRecord, sender: string, text: string, agent: string): Promise<{ handoff: HandoffRecord; delivery: ReplyDelivery; reason?: ReplyFailureReason }> {
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.length > MAX_REPLY_LENGTH) throw new HandoffError('invalid', `the reply must have 1 to ${MAX_REPLY_LENGTH} characters`, 'text');
    const current = await this.open(assistant, sender);
    const handoff = current.status === 'waiting' || current.agentLogin === agent ? await this.take(assistant, sender, agent) : undefined;
    if (!handoff) throw new HandoffError('conflict', `${current.agentLogin ?? 'another agent'} has this conversation: ask them to transfer it`);
    const outcome = await this.#write(assistant, handoff, trimmed, agent);
    await this.#options.store.handoffs.markRead(handoff.id);
    return { handoff, ...outcome };
  }

  /**
   * Says something to the user of an open handoff without taking it (an integration's notice, such
   * as a ticket's number), as `from`: recorded and delivered as an agent's reply.
   */
  async tell(assistant: AssistantRecord, sender: string, text: string, from: string): Promise<ReplyDelivery> {
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.length > MAX_REPLY_LENGTH) throw new HandoffError('invalid', `the message must have 1 to ${MAX_REPLY_LENGTH} characters`, 'text');
    return (await this.#write(assistant, await this.open(assistant, sender), trimmed, from)).delivery;
  }

  /** Records the message in the tracker, then gives it to the conversation's channel. */
  async #write(assistant: AssistantRecord, handoff: HandoffRecord, text: string, from: string): Promise<DeliveryOutcome> {
    await this.#options.lock.run(`${assistant.id}:${handoff.senderId}`, async () => {
      const metadata = { assistant_id: String(assistant.id), handoff_agent: from, handoff_id: handoff.id };
      await this.#options.store.conversations.append(assistant.id, handoff.senderId, [botEvent(text, emptyBotData(), this.#now(), metadata)]);
    });
    const outcome = await this.#deliver(assistant, handoff.senderId, handoff.channel, text);
    this.#announce(handoff, 'reply');
    return outcome;
  }

  /** An internal note on the conversation's open handoff: agents see it, the user never does. */
  async note(assistant: AssistantRecord, sender: string, text: string, author: string): Promise<HandoffNoteRecord> {
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.length > MAX_NOTE_LENGTH) throw new HandoffError('invalid', `a note must have 1 to ${MAX_NOTE_LENGTH} characters`, 'text');
    const handoff = await this.open(assistant, sender);
    const note = await this.#options.store.handoffs.addNote({ handoffId: handoff.id, author, text: trimmed, now: this.#now() });
    this.#announce(handoff, 'note');
    return note;
  }

  notes(handoffId: number): Promise<HandoffNoteRecord[]> {
    return this.#options.store.handoffs.notes(handoffId);
  }

  /** The agent read the conversation. */
  async markRead(handoff: HandoffRecord): Promise<void> {
    if (handoff.unread === 0) return;
    await this.#options.store.handoffs.markRead(handoff.id);
    this.#announce(handoff, 'read');
  }

  /**
   * Passes a taken conversation to `to`, an active agent or administrator of the server. `by`
   * must hold it unless `byAnyone` (an administrator or the operator reassigning).
   */
  async transfer(assistant: AssistantRecord, sender: string, to: string, by: string, byAnyone: boolean): Promise<HandoffRecord> {
    const target = await this.#options.store.users.get(assistant.serverName, to);
    if (!target || !target.active || (target.role !== 'agent' && target.role !== 'administrator')) {
      throw new HandoffError('invalid', `${to} is not an active agent or administrator of server ${assistant.serverName}`, 'to');
    }
    const { store, lock } = this.#options;
    return lock.run(`${assistant.id}:${sender}`, async () => {
      const current = await this.open(assistant, sender);
      if (current.status !== 'taken') throw new HandoffError('conflict', 'nobody has taken this conversation yet: the agent can take it from the inbox');
      const now = this.#now();
      const moved = await store.handoffs.transfer(current.id, target.login, now, byAnyone ? undefined : by);
      if (!moved) throw new HandoffError('conflict', `${current.agentLogin ?? 'another agent'} has this conversation: only they can transfer it`);
      await store.conversations.append(assistant.id, sender, [handoffTransferredEvent(now, current.id, current.agentLogin, target.login)]);
      this.#announce(moved, 'transferred');
      return moved;
    });
  }

  /** The agent is done: the handoff is resolved and the assistant answers again. */
  async resolve(assistant: AssistantRecord, sender: string, by: string, byAnyone: boolean): Promise<HandoffRecord> {
    const { store, lock } = this.#options;
    return lock.run(`${assistant.id}:${sender}`, async () => {
      const current = await this.open(assistant, sender);
      if (!byAnyone && current.status === 'taken' && current.agentLogin !== by) {
        throw new HandoffError('conflict', `${current.agentLogin ?? 'another agent'} has this conversation: only they can resolve it`);
      }
      const now = this.#now();
      const resolved = await store.handoffs.resolve(current.id, by, now);
      if (!resolved) throw new HandoffError('conflict', 'this handoff was resolved meanwhile');
      await store.conversations.append(assistant.id, sender, [handoffResumeEvent(now, resolved.id, by)]);
      this.#announce(resolved, 'resolved');
      return resolved;
    });
  }

  /** Resolves once the notices about the assistant's handoffs reach this process (see PlatformEvents.listening). */
  listening(assistantId: number): Promise<void> {
    return this.#options.events.listening(handoffNoticeChannel(assistantId));
  }

  /** Calls `listener` with each notice about the assistant's handoffs, from any process; returns what unsubscribes. */
  subscribe(assistantId: number, listener: (notice: HandoffNotice) => void): () => void {
    return this.#options.events.subscribe(handoffNoticeChannel(assistantId), (message) => {
      const notice = readNotice(message);
      if (notice) listener(notice);
    });
  }

  async #deliver(assistant: AssistantRecord, sender: string, channel: string | null, text: string): Promise<DeliveryOutcome> {
    const outlet = this.#options.channels.find((definition) => definition.name === channel)?.agentReplies;
    if (!outlet) return { delivery: 'next_answer' };
    const services: AgentReplyServices = { store: this.#options.store, events: this.#options.events, outbound: this.#options.outbound, ...(this.#options.secret ? { secret: this.#options.secret } : {}) };
    try {
      return { delivery: (await outlet({ assistant, recipient: sender }, [{ text }], services)) === 'kept' ? 'next_answer' : 'sent' };
    } catch (error: unknown) {
      if (error instanceof AgentReplyRefusedError) {
        // The platform would not deliver it (outside the channel's window): expected, not a fault.
        this.#options.logger.warn({ assistantId: assistant.id, channel, reason: error.code }, `handoff: an agent's reply was not sent (it is in the tracker): ${error.message}`);
        return { delivery: 'failed', reason: error.code };
      }
      this.#options.logger.error({ err: error, assistantId: assistant.id, channel }, "handoff: an agent's reply could not be given to the channel (it is in the tracker)");
      return { delivery: 'failed', reason: 'channel_error' };
    }
  }

  /** The input channel of the conversation's last user message. */
  async #lastChannel(assistant: AssistantRecord, sender: string): Promise<string | null> {
    const events = await this.#options.store.conversations.sessionEvents(assistant.id, sender);
    for (let index = events.length - 1; index >= 0; index -= 1) {
      const event = events[index]?.event;
      if (event?.event === 'user' && typeof event['input_channel'] === 'string') return event['input_channel'];
    }
    return null;
  }

  #announce(handoff: HandoffRecord, kind: HandoffNoticeKind): void {
    const notice: HandoffNotice = { kind, handoffId: handoff.id, sender: handoff.senderId };
    this.#options.events.publish(handoffNoticeChannel(handoff.assistantId), JSON.stringify(notice));
  }
}

function readNotice(message: string): HandoffNotice | undefined {
  try {
    const parsed = JSON.parse(message) as Partial<HandoffNotice>;
    if (typeof parsed.kind !== 'string' || typeof parsed.handoffId !== 'number' || typeof parsed.sender !== 'string') return undefined;
    return { kind: parsed.kind, handoffId: parsed.handoffId, sender: parsed.sender };
  } catch {
    return undefined;
  }
}
