// Rasa's reminders on this platform: what schedules and cancels them (the events of a turn, or
// events a client posts with execute_side_effects) and the job that fires them. See ./README.md.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';
import type { Engine } from '../engine/engine.js';
import type { ConversationLock } from '../engine/lock/conversation-lock.js';
import type { ModelRegistry } from '../engine/model-registry.js';
import type { BotMessage } from '../skills/bot-message.js';
import type { ReminderRecord } from '../store/reminders/reminder-store.js';
import { StoreConflictError, StoreNotFoundError } from '../store/store-errors.js';
import type { AssistantRecord, NewOutboundMessage, Store } from '../store/store.js';
import type { TrackerEvent } from '../tracker/events.js';
import { latestInputChannelOf } from '../tracker/tracker-state.js';
import { externalEntities } from '../tracker/external-entities.js';
import { firingDecision, MAX_PENDING_REMINDERS, REMINDER_ID_METADATA, reminderChange, type FiringDecision } from './reminder-rules.js';

/**
 * How a fired reminder's answer reaches the conversation's user on `channel`, resolved before its
 * turn: `outbox` (a push channel, the callback channel) renders the answer as the channel's outbox
 * rows, stored in the turn's own transaction, so a recorded answer is delivered whatever crashes
 * after; `delivered` runs once the turn is stored, with its answer (a channel with an outbox: the
 * delivering processes told; web chat: emitted to its tabs; a channel that cannot push: nothing, the
 * answer is recorded only). A failure of `delivered` is logged, the turn stands.
 */
export type ReminderDelivery = (assistant: AssistantRecord, channel: string, recipient: string) => Promise<ReminderAnswer>;

export interface ReminderAnswer {
  outbox?: (messages: readonly BotMessage[]) => Promise<NewOutboundMessage[]>;
  delivered(messages: readonly BotMessage[]): Promise<void>;
}

export interface ReminderOptions {
  store: Store;
  lock: ConversationLock;
  engine: Engine;
  registry: ModelRegistry;
  /** A reminder due once the conversation's session has expired does not fire (Rasa starts a new session first). */
  sessionExpirationSeconds: number;
  logger: Logger;
  /** This process, as it claims reminders. */
  instanceId: string;
  /** How often the job looks for due reminders (1 s by default). */
  pollMs?: number;
  /** How long a claim holds before another process may take the reminder over (60 s by default). */
  claimMs?: number;
  now?: () => number;
}

/** A reminder whose firing failed this many times is given up. */
const MAX_ATTEMPTS = 5;
/** Reminders fired per round of the job at most. */
const BATCH = 50;

const REMINDER_EVENTS: ReadonlySet<string> = new Set(['reminder', 'cancel_reminder']);

/** Whether events schedule or cancel reminders (a scan of the event types, nothing read). */
export function touchesReminders(events: readonly TrackerEvent[]): boolean {
  return events.some((event) => REMINDER_EVENTS.has(event.event));
}

/** The output channel of the turn being handled, when a caller named one (trigger_intent, execute). */
const turnOutputChannel = new AsyncLocalStorage<string | undefined>();

/**
 * Runs `handle` (a turn) so that the reminders its events set answer on `channel` (a push channel or
 * `callback`), as Rasa schedules reminders with the output channel of the message that set them;
 * undefined: the conversation's latest channel when one fires.
 */
export function withTurnOutputChannel<T>(channel: string | undefined, handle: () => Promise<T>): Promise<T> {
  return turnOutputChannel.run(channel, handle);
}

export class Reminders {
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private deliver: ReminderDelivery | undefined;

  constructor(private readonly options: ReminderOptions) {
    this.now = options.now ?? (() => Date.now() / 1000);
  }

  /**
   * Schedules and cancels what `events` say, in their order, for the conversation: the caller
   * holds its lock. The conversation's reminders that can no longer fire (a restart, a new
   * session, the user wrote) are dropped on the way. `outputChannel` is where the answers go (null:
   * the conversation's latest input channel when one fires). More than MAX_PENDING_REMINDERS
   * waiting is a StoreConflictError (`too_many_reminders`) and changes nothing.
   */
  async apply(assistantId: number, senderId: string, events: readonly TrackerEvent[], outputChannel: string | null): Promise<void> {
    if (!touchesReminders(events)) return;
    const { store } = this.options;
    const now = this.now();
    const pending = await store.reminders.list(assistantId, senderId);
    const dead: number[] = [];
    let alive = pending;
    if (pending.length > 0) {
      const session = (await store.conversations.sessionEvents(assistantId, senderId)).map((entry) => entry.event);
      alive = pending.filter((reminder) => {
        const decision = firingDecision(reminder, session, now, 0);
        // A pause (a person holds the conversation) is decided when the reminder is due: one due
        // after the handoff ends still fires.
        if (decision.fire || decision.reason === 'fired' || decision.reason === 'paused') return true;
        dead.push(reminder.id);
        return false;
      });
    }
    const change = reminderChange(alive, events, { assistantId, senderId, outputChannel, now });
    await store.reminders.schedule(assistantId, senderId, { remove: [...dead, ...change.remove], add: change.add, max: MAX_PENDING_REMINDERS });
  }

  /**
   * After a turn's events are durable (the caller holds the conversation's lock): its reminders
   * scheduled, answering where the turn's answer went (`withTurnOutputChannel`: trigger_intent's or
   * execute's output channel), else on the conversation's latest channel when one fires. A refusal
   * (too many) or a failure is logged: the turn is recorded and stands, as an action's other events do.
   */
  async afterTurn(assistantId: number, senderId: string, events: readonly TrackerEvent[]): Promise<void> {
    if (!touchesReminders(events)) return;
    try {
      await this.apply(assistantId, senderId, events, turnOutputChannel.getStore() ?? null);
    } catch (error: unknown) {
      const refused = error instanceof StoreConflictError || error instanceof StoreNotFoundError;
      this.options.logger[refused ? 'warn' : 'error']({ assistantId, err: error }, 'reminder not scheduled');
    }
  }

  /** Starts the job (in processes that run jobs): due reminders fire, answering through `deliver`. */
  start(deliver: ReminderDelivery): void {
    this.deliver = deliver;
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.round ??= this.fireDue()
        .then(() => undefined)
        .catch((error: unknown) => this.options.logger.error({ err: error }, 'reminders: a round failed'))
        .finally(() => {
          this.round = undefined;
        });
    }, this.options.pollMs ?? 1_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.round;
  }

  /** Claims the due reminders and fires each (one round of the job); resolves with how many were claimed. */
  async fireDue(): Promise<number> {
    const now = this.now();
    const claimed = await this.options.store.reminders.claimDue({ claimant: this.options.instanceId, limit: BATCH, now, until: now + (this.options.claimMs ?? 60_000) / 1000 });
    await Promise.all(claimed.map((reminder) => this.fire(reminder)));
    return claimed.length;
  }

  private async fire(reminder: ReminderRecord): Promise<void> {
    const { store, engine, registry, logger } = this.options;
    const where = { assistantId: reminder.assistantId, reminder: reminder.name, intent: reminder.intent };
    try {
      const loaded = await registry.get(reminder.assistantId).catch(() => undefined);
      if (!loaded?.model?.intentNames.has(reminder.intent)) {
        // The assistant was deleted, has no model, or no longer knows the intent.
        logger.warn(where, 'reminder dropped: its intent is not in the assistant’s model');
        await store.reminders.delete([reminder.id]);
        return;
      }
      const { channel, latest } = await this.channelOf(reminder);
      const answer = this.deliver ? await this.deliver(loaded.assistant, channel, reminder.senderId) : undefined;
      let decision: FiringDecision = { fire: false, reason: 'restarted' };
      const messages = await engine.handle(
        {
          assistantId: reminder.assistantId,
          sender: reminder.senderId,
          text: '',
          // As Rasa's external trigger: the user event keeps the conversation's latest input channel.
          inputChannel: latest,
          metadata: { [REMINDER_ID_METADATA]: reminder.id, reminder_name: reminder.name },
          externalIntent: { name: reminder.intent, entities: externalEntities(reminder.entities) },
        },
        {
          proceed: async () => {
            const session = (await store.conversations.sessionEvents(reminder.assistantId, reminder.senderId)).map((entry) => entry.event);
            decision = firingDecision(reminder, session, this.now(), this.options.sessionExpirationSeconds);
            return decision.fire;
          },
          // A push channel's answer is stored with the turn (both or neither): the reminder's row
          // deleted after cannot leave a recorded answer unsent.
          ...(answer?.outbox ? { outbox: answer.outbox } : {}),
        },
      );
      await store.reminders.delete([reminder.id]);
      if (!decision.fire) {
        logger.debug({ ...where, reason: decision.reason }, 'reminder dropped');
        return;
      }
      if (messages.length > 0 && answer) {
        // Recorded either way; a push channel's answer is already in its outbox, which retries its own sends.
        await answer.delivered(messages).catch((error: unknown) => logger.warn({ ...where, channel, err: error }, 'reminder answer not delivered'));
      }
    } catch (error: unknown) {
      if (reminder.attempts >= MAX_ATTEMPTS) {
        logger.error({ ...where, err: error }, 'reminder given up');
        await store.reminders.delete([reminder.id]).catch(() => undefined);
      } else {
        logger.warn({ ...where, err: error }, 'reminder failed; it is tried again');
      }
    }
  }

  /**
   * The conversation's latest input channel (Rasa's get_latest_input_channel, null when none), and
   * where the answer goes: the reminder's channel, else that latest one, else rest.
   */
  private async channelOf(reminder: ReminderRecord): Promise<{ channel: string; latest: string | null }> {
    const events = await this.options.store.conversations.events(reminder.assistantId, reminder.senderId);
    const latest = latestInputChannelOf(events.map((entry) => entry.event));
    const named = reminder.outputChannel !== null && reminder.outputChannel !== 'latest' ? reminder.outputChannel : null;
    return { channel: named ?? latest ?? 'rest', latest };
  }
}

/**
 * The store with one addition: each append of a turn (not a client's posted events, which the
 * conversations API schedules itself, with execute_side_effects) is followed by `afterTurn` once
 * durable, still under the conversation's lock its writer holds. Only appends holding `reminder`
 * or `cancel_reminder` events cost anything.
 */
export function scheduleRemindersOfTurns(store: Store, afterTurn: (assistantId: number, senderId: string, events: readonly TrackerEvent[]) => Promise<void>): Store {
  const conversations = store.conversations;
  return {
    ...store,
    conversations: {
      ensure: (assistantId, senderId, now) => conversations.ensure(assistantId, senderId, now),
      get: (assistantId, senderId) => conversations.get(assistantId, senderId),
      revision: (assistantId, senderId) => conversations.revision(assistantId, senderId),
      append: async (assistantId, senderId, events, outbox, options) => {
        const revision = await conversations.append(assistantId, senderId, events, outbox, options);
        if (options?.posted !== true && touchesReminders(events)) await afterTurn(assistantId, senderId, events);
        return revision;
      },
      replace: (assistantId, senderId, events) => conversations.replace(assistantId, senderId, events),
      events: (assistantId, senderId) => conversations.events(assistantId, senderId),
      sessionEvents: (assistantId, senderId) => conversations.sessionEvents(assistantId, senderId),
      setPaused: (assistantId, senderId, paused) => conversations.setPaused(assistantId, senderId, paused),
      hasMessage: (assistantId, senderId, messageId) => conversations.hasMessage(assistantId, senderId, messageId),
    },
  };
}
