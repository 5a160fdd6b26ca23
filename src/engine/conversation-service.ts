// What the conversations API (Rasa's /conversations/{id}/…, 4biz's "Parameters API") does to a
// conversation: read its tracker, add or replace events, log a message, trigger an intent, pause
// and resume. Writes take the same per-conversation lock as chat turns, so they interleave with
// messages in arrival order.
import { NLU_FALLBACK_INTENT, type ParsedEntity, type ParseResult } from '../nlu/types.js';
import { DialogueManager } from '../dialogue/dialogue-manager.js';
import { isCancelRequest } from '../assistant/answer-words.js';
import { runSkill } from '../skills/run-skill.js';
import { readConversationState } from '../tracker/conversation-state.js';
import { botEventData } from '../tracker/bot-event-data.js';
import type { BotMessage } from '../skills/bot-message.js';
import type { AssistantRecord, NewOutboundMessage, Store } from '../store/store.js';
import { quotedForError } from '../store/store-names.js';
import { ACTION_DEACTIVATE_LOOP, ACTION_LISTEN, ACTION_RESTART, ACTION_SESSION_START, actionEvent, botEvent, sessionStartEvents, withUserFeaturization, type EventMetadata, type TrackerEvent } from '../tracker/events.js';
import { storyYaml } from '../tracker/story.js';
import { buildTrackerState, latestInputChannelOf, type TrackerState, type TrackerStateOptions } from '../tracker/tracker-state.js';
import { defaultActionEvents, UTTER_RESTART, utterRestartSkill } from '../actions/default-actions.js';
import { RASA_DEFAULT_ACTIONS } from '../actions/action-name.js';
import { RESOLVED_BY_API } from '../handoff/handoff-service.js';
import type { Engine, TurnOptions } from './engine.js';
import type { ConversationLock } from './lock/conversation-lock.js';
import type { ModelRegistry } from './model-registry.js';

export class UnknownIntentError extends Error {
  constructor(readonly intent: string) {
    // The name as the caller wrote it, cut short: an answer never echoes a long input whole.
    super(`The intent ${quotedForError(intent)} does not exist in the assistant's model.`);
    this.name = 'UnknownIntentError';
  }
}

export class UnknownActionError extends Error {
  constructor(readonly action: string) {
    super(`The action ${quotedForError(action)} does not exist: name a skill of the assistant or action_listen.`);
    this.name = 'UnknownActionError';
  }
}

export class NoModelError extends Error {
  constructor() {
    super('No model loaded. Train the assistant first (helper train).');
    this.name = 'NoModelError';
  }
}

export interface Prediction {
  /** Every action (Rasa's default actions, each skill), the chosen one first; ties by name, as Python sorts strings. */
  scores: Array<{ action: string; score: number }>;
  policy: string;
  confidence: number;
}

/** Rasa's rule snippet action: "any actions" in a rule; never run, but among the domain's actions. */
const RULE_SNIPPET_ACTION = '...';

/**
 * Every action Rasa 3.6's domain lists before the assistant's own (DEFAULT_ACTION_NAMES): its
 * default actions and the rules' snippet action `...`; /predict scores them all.
 */
const RASA_DEFAULT_ACTION_NAMES: readonly string[] = [...RASA_DEFAULT_ACTIONS, RULE_SNIPPET_ACTION];

/** Rasa's default actions `/execute` runs (src/actions/default-actions.ts). */
const DEFAULT_ACTIONS: ReadonlySet<string> = new Set([ACTION_RESTART, ACTION_SESSION_START, ACTION_DEACTIVATE_LOOP]);

export class ConversationService {
  private readonly now: () => number;

  constructor(
    private readonly options: {
      store: Store;
      registry: ModelRegistry;
      lock: ConversationLock;
      engine: Engine;
      now?: () => number;
      /** Told when posted events unpause the conversation (a restart or resume): its open handoff ends (src/handoff). */
      handoff?: { endOpen(input: { assistantId: number; sender: string; now: number; by: string }): Promise<void> };
    },
  ) {
    this.now = options.now ?? (() => Date.now() / 1000);
  }

  /** Whether the conversation was ever seen (a GET of its tracker counts, as in Rasa). */
  async exists(assistant: AssistantRecord, sender: string): Promise<boolean> {
    return (await this.options.store.conversations.get(assistant.id, sender)) !== undefined;
  }

  /**
   * The tracker. A conversation without events answers the three session-start events Rasa
   * generates (not stored), and from then on counts as existing.
   */
  async tracker(assistant: AssistantRecord, sender: string, options: TrackerStateOptions = {}): Promise<TrackerState> {
    const { store } = this.options;
    let events = withUserFeaturization(await store.conversations.events(assistant.id, sender));
    if (events.length === 0) {
      await store.conversations.ensure(assistant.id, sender, this.now());
      const metadata = await this.eventMetadata(assistant);
      events = sessionStartEvents(this.now(), {}, metadata);
      const start = events[0];
      if (start) start.confidence = 1;
    }
    return buildTrackerState(sender, events, await this.slotNames(assistant), options);
  }

  /**
   * Rasa's POST …/tracker/events: appended after a session start when the conversation is new.
   * `beforeAppend` runs first under the conversation's lock (its reminders scheduled): when it
   * throws, nothing is appended.
   */
  /**
   * `outbox`: a push channel's rows for the posted bot events (execute_side_effects), stored in the
   * same transaction as the events, so that what is recorded is sent whatever crashes after.
   */
  async appendEvents(
    assistant: AssistantRecord,
    sender: string,
    events: TrackerEvent[],
    by: string = RESOLVED_BY_API,
    beforeAppend?: () => Promise<void>,
    outbox: readonly NewOutboundMessage[] = [],
  ): Promise<void> {
    const { store, lock } = this.options;
    const metadata = await this.eventMetadata(assistant);
    await lock.run(`${assistant.id}:${sender}`, async () => {
      if (beforeAppend) {
        // The reminders' rows refer to the conversation's.
        await store.conversations.ensure(assistant.id, sender, this.now());
        await beforeAppend();
      }
      const stored = await store.conversations.get(assistant.id, sender);
      const startsSession = events[0]?.event === 'action' && events[0]?.name === ACTION_SESSION_START && events[1]?.event === 'session_started';
      const toAppend: TrackerEvent[] = [];
      if ((!stored || stored.latestEventTime === null) && !startsSession) {
        const clock = this.options.engine.clock;
        const start = sessionStartEvents(this.now(), {}, metadata);
        if (start[0]) start[0].confidence = 1;
        toAppend.push(...clock.stamp(start, clock.begin(this.now())));
      }
      toAppend.push(...events.map((event) => withAssistantMetadata(event, metadata)));
      await store.conversations.append(assistant.id, sender, toAppend, outbox, { posted: true });
      await this.endHandoffIfUnpaused(assistant, sender, events, by);
    });
  }

  /**
   * After events that may unpause (a restart, resume or session start): when the conversation is
   * no longer paused, nobody holds it any more and its open handoff ends, resolved `by`. The caller
   * holds the conversation's lock.
   */
  private async endHandoffIfUnpaused(assistant: AssistantRecord, sender: string, events: readonly TrackerEvent[], by: string): Promise<void> {
    const unpauses = (event: TrackerEvent) => event.event === 'restart' || event.event === 'resume' || event.event === 'session_started' || (event.event === 'action' && event.name === ACTION_SESSION_START);
    if (events.some(unpauses)) await this.endHandoffUnlessPaused(assistant, sender, by);
  }

  /**
   * When the conversation's tracker is not paused, its open handoff (if any) ends, resolved `by`:
   * the events a client wrote are the latest word on who answers, and the inbox never lists a
   * conversation the assistant answers. The caller holds the conversation's lock.
   */
  private async endHandoffUnlessPaused(assistant: AssistantRecord, sender: string, by: string): Promise<void> {
    const handoff = this.options.handoff;
    if (!handoff) return;
    const state = readConversationState((await this.options.store.conversations.sessionEvents(assistant.id, sender)).map((entry) => entry.event));
    if (!state.paused) await handoff.endOpen({ assistantId: assistant.id, sender, now: this.now(), by });
  }

  /**
   * Rasa's PUT …/tracker/events: the history becomes exactly these events. A history that leaves
   * the conversation unpaused ends its open handoff (`RESOLVED_BY_API`), whatever events it holds.
   */
  async replaceEvents(assistant: AssistantRecord, sender: string, events: TrackerEvent[]): Promise<void> {
    const { store, lock } = this.options;
    const metadata = await this.eventMetadata(assistant);
    await lock.run(`${assistant.id}:${sender}`, async () => {
      await store.conversations.replace(assistant.id, sender, events.map((event) => withAssistantMetadata(event, metadata)));
      await this.endHandoffUnlessPaused(assistant, sender, RESOLVED_BY_API);
    });
  }

  /**
   * Rasa's POST …/messages: the message is recorded (and its entities fill slots), not answered.
   * No channel brought it: its input channel is null, as Rasa's UserMessage without one.
   */
  async logMessage(assistant: AssistantRecord, sender: string, text: string, parseData?: ParseResult): Promise<void> {
    await this.options.engine.handle({
      assistantId: assistant.id,
      sender,
      text,
      inputChannel: null,
      metadata: {},
      listenOnly: true,
      ...(parseData ? { parseData } : {}),
    });
  }

  /**
   * Rasa's POST …/trigger_intent: the intent is handled as if the user had said it. Its input
   * channel is the conversation's latest (null in a new one), as Rasa's external user event keeps
   * it: the output channel the caller names does not become the channel the user writes from.
   * `outbox`: a push output channel's rows for the answer, stored in the turn's transaction.
   */
  async triggerIntent(assistant: AssistantRecord, sender: string, intent: string, entities: ParsedEntity[], options: Pick<TurnOptions, 'outbox'> = {}): Promise<BotMessage[]> {
    const loaded = await this.options.registry.get(assistant.id);
    if (!loaded?.model?.intentNames.has(intent)) throw new UnknownIntentError(intent);
    const inputChannel = latestInputChannelOf((await this.options.store.conversations.events(assistant.id, sender)).map((entry) => entry.event));
    return this.options.engine.handle({
      assistantId: assistant.id,
      sender,
      text: '',
      inputChannel,
      metadata: {},
      externalIntent: { name: intent, entities },
    }, options);
  }

  /**
   * Rasa's POST …/predict: what the assistant would do next, without doing it. After a message
   * that was logged but not answered (POST …/messages), the dialogue's skill — or, while a
   * dialogue asks for contexts, that dialogue (Rasa's form); otherwise it listens.
   */
  async predict(assistant: AssistantRecord, sender: string): Promise<Prediction> {
    const model = (await this.options.registry.get(assistant.id))?.model;
    if (!model) throw new NoModelError();
    const events = (await this.options.store.conversations.sessionEvents(assistant.id, sender)).map((entry) => entry.event);
    // The slots a logged message's entities filled (POST …/messages) belong to its turn.
    const last = events.findLast((event) => event.event !== 'slot' && event.event !== 'user_featurization');
    let action = ACTION_LISTEN;
    let policy = 'DialoguePolicy';
    if (last?.event === 'user') {
      const intent = (last.parse_data as { intent?: { name?: string } } | undefined)?.intent?.name ?? NLU_FALLBACK_INTENT;
      const state = readConversationState(events);
      const loop = model.dialogues.loopDialogue(state.activeLoop);
      const choice = model.dialogues.policy.next(intent, state.previousDialogue);
      // A side question asked while the dialogue asked: its follow-up answers first (the state before the message knows it).
      const side = loop === undefined ? undefined : readConversationState(events.slice(0, events.lastIndexOf(last))).activeLoop?.sideDialogue;
      const followUp = side === undefined || isCancelRequest(String(last.text ?? ''), model.dialogues.language) ? undefined : model.dialogues.policy.followUp(intent, side);
      if (followUp?.dialogue && followUp.skill) action = DialogueManager.asks(followUp.dialogue) ? followUp.dialogue.name : followUp.skill.name;
      else if (loop !== undefined) action = loop.name;
      else if (choice.dialogue && DialogueManager.asks(choice.dialogue)) action = choice.dialogue.name;
      else if (choice.skill) action = choice.skill.name;
      if (loop === undefined && choice.isFallback) policy = 'FallbackPolicy';
    }
    const loops = model.content.dialogues.filter((dialogue) => DialogueManager.asks(dialogue)).map((dialogue) => dialogue.name);
    // As Rasa's domain: its default actions, then the assistant's; scored 0 unless chosen.
    const actions = [...new Set([...RASA_DEFAULT_ACTION_NAMES, ...model.content.skills.map((skill) => skill.name), ...loops])];
    const scores = actions
      .map((name) => ({ action: name, score: name === action ? 1 : 0 }))
      .sort((a, b) => b.score - a.score || (a.action < b.action ? -1 : a.action > b.action ? 1 : 0));
    return { scores, policy, confidence: 1 };
  }

  /**
   * Rasa's POST …/execute (deprecated in Rasa, kept for its clients): runs a skill as the
   * assistant's next answer, or action_listen; as in Rasa, no action_listen is added after it. A custom action is named by its action (or its
   * skill) and answered by the action server.
   */
  /**
   * `options.outbox`: a push channel's rows for the action's messages, stored in the same
   * transaction as its events (as triggerIntent's), so an answer recorded is an answer sent.
   */
  async execute(assistant: AssistantRecord, sender: string, action: string, options: { policy?: string; confidence?: number } & Pick<TurnOptions, 'outbox'> = {}): Promise<BotMessage[]> {
    const { store, lock, registry } = this.options;
    const model = (await registry.get(assistant.id))?.model;
    if (!model) throw new NoModelError();
    const skill =
      model.content.skills.find((candidate) => candidate.kind === 'action' && candidate.action === action) ?? model.content.skills.find((candidate) => candidate.name === action);
    const isDefault = !skill && DEFAULT_ACTIONS.has(action);
    if (!skill && !isDefault && action !== ACTION_LISTEN) throw new UnknownActionError(action);
    const metadata = await this.eventMetadata(assistant);
    return lock.run(`${assistant.id}:${sender}`, async () => {
      const now = this.now();
      // Stamped in order as they are appended, by the engine's clock (as a turn's events).
      const clock = this.options.engine.clock;
      const firstMicro = clock.begin(now);
      const events: TrackerEvent[] = [];
      const messages: BotMessage[] = [];
      if (isDefault) {
        // One of Rasa's default actions: its events, as Rasa's execute_action records them.
        const chosen = { policy: options.policy ?? null, confidence: options.confidence ?? null };
        if (action === ACTION_SESSION_START) {
          // The engine's own session start: slots carried over, a handoff still open keeps the pause.
          const state = readConversationState((await store.conversations.sessionEvents(assistant.id, sender)).map((entry) => entry.event));
          const [first, ...rest] = await this.options.engine.sessionStart({ assistantId: assistant.id, sender, metadata: {} }, model, state, now, metadata);
          events.push({ ...(first as TrackerEvent), ...chosen }, ...rest);
        } else {
          const made = defaultActionEvents(action, now, metadata, () => [], chosen) ?? [];
          // execute_action runs no follow-up: a restart leaves the session start to the next message.
          const [first, ...rest] = action === ACTION_RESTART ? made.slice(0, 2) : made;
          events.push(first as TrackerEvent);
          // Rasa's ActionRestart says `utter_restart` first, when the assistant has it.
          const utterRestart = action === ACTION_RESTART ? utterRestartSkill(model.content) : undefined;
          if (utterRestart) {
            const state = readConversationState((await store.conversations.sessionEvents(assistant.id, sender)).map((entry) => entry.event));
            const message = runSkill(utterRestart, { slots: state.slots, language: model.dialogues.language, sender, now });
            events.push(botEvent(message.text ?? null, botEventData(message), now, { utter_action: UTTER_RESTART, ...metadata }));
            messages.push(message);
          }
          events.push(...rest);
        }
        await store.conversations.append(assistant.id, sender, clock.stamp(events, firstMicro), options.outbox ? await options.outbox(messages) : []);
        await this.endHandoffIfUnpaused(assistant, sender, events, RESOLVED_BY_API);
        return messages;
      }
      if (skill?.kind === 'action' && skill.action !== undefined) {
        const answer = {
          events: [actionEvent(skill.action, now, { policy: options.policy ?? null, confidence: options.confidence ?? null, metadata: { ...metadata, skill: skill.name } })],
          messages: [],
          actions: [{ skill, eventIndex: 0, messageIndex: 0 }],
          pending: [],
        };
        const done = await this.options.engine.runActions({ assistant, model, sender, answer, turnEvents: [], now, metadata });
        events.push(...done.events);
        messages.push(...done.messages);
      } else if (skill) {
        const state = readConversationState((await store.conversations.sessionEvents(assistant.id, sender)).map((entry) => entry.event));
        const message = runSkill(skill, { slots: state.slots, language: model.dialogues.language, sender, now });
        events.push(actionEvent(skill.name, now, { policy: options.policy ?? null, confidence: options.confidence ?? null, metadata }));
        events.push(botEvent(message.text ?? null, botEventData(message), now, { utter_action: skill.name, ...metadata }));
        messages.push(message);
      }
      // As Rasa's execute_action: the action's events alone (action_listen only when it is the one named).
      if (!skill) events.push(actionEvent(ACTION_LISTEN, now, { policy: options.policy ?? null, confidence: options.confidence ?? null, metadata }));
      await store.conversations.append(assistant.id, sender, clock.stamp(events, firstMicro), options.outbox ? await options.outbox(messages) : []);
      // A custom action's follow-up may have restarted the conversation a person held.
      await this.endHandoffIfUnpaused(assistant, sender, events, RESOLVED_BY_API);
      return messages;
    });
  }

  /**
   * A human takes over (pause) or gives the conversation back (resume); a resume ends an open
   * handoff, resolved `by` (a console user's login, or a marker with ':' that no login has).
   */
  async setPaused(assistant: AssistantRecord, sender: string, paused: boolean, by: string = RESOLVED_BY_API): Promise<void> {
    await this.appendEvents(assistant, sender, [{ event: paused ? 'pause' : 'resume', timestamp: this.now() }], by);
  }

  /** The conversation as a Rasa story; null for an unknown conversation. */
  async story(assistant: AssistantRecord, sender: string, options: { until?: number; allSessions?: boolean } = {}): Promise<string | null> {
    if (!(await this.exists(assistant, sender))) return null;
    const events = (await this.options.store.conversations.events(assistant.id, sender))
      .map((entry) => entry.event)
      .filter((event) => options.until === undefined || event.timestamp <= options.until);
    return storyYaml(sender, events, { allSessions: options.allSessions ?? false });
  }

  /** Whether the assistant has a model to answer with (Rasa answers every conversations route 409 without one). */
  async hasModel(assistant: AssistantRecord): Promise<boolean> {
    return Boolean((await this.options.registry.get(assistant.id))?.model);
  }

  private async slotNames(assistant: AssistantRecord): Promise<string[]> {
    const loaded = await this.options.registry.get(assistant.id);
    return (loaded?.model?.content.contexts ?? []).map((context) => context.name);
  }

  private async eventMetadata(assistant: AssistantRecord): Promise<EventMetadata> {
    const loaded = await this.options.registry.get(assistant.id);
    const metadata: EventMetadata = { assistant_id: String(assistant.id) };
    if (loaded?.model) metadata.model_id = loaded.model.record.modelId;
    return metadata;
  }
}

/** Rasa adds model_id and assistant_id to each logged event's metadata, keeping the event's own. */
function withAssistantMetadata(event: TrackerEvent, metadata: EventMetadata): TrackerEvent {
  return { ...event, metadata: { ...metadata, ...(event.metadata ?? {}) } };
}

