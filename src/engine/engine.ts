// The engine handles one turn of a conversation. It knows nothing of HTTP or of any channel: a
// channel gives it a Turn and renders the BotMessages it returns in its own shape.
//
//   lock(assistant, sender) → session start when new or idle → NLU parse (or `/intent{…}` payload)
//   → slots from entities → dialogues (policy, slot filling: src/dialogue) → skill → events
//   appended in one transaction (with a push channel's outbox rows for the answer) → reply
import type { ActionServer } from '../actions/action-server-client.js';
import { UTTER_RESTART, utterRestartSkill } from '../actions/default-actions.js';
import { runCustomActions, type CustomActionsInput } from '../actions/run-custom-actions.js';
import { runFormValidation } from '../actions/run-form-validation.js';
import type { Context } from '../assistant/content.js';
import type { PendingValidation, TurnAnswer } from '../dialogue/dialogue-manager.js';
import { carriedOverSlots } from '../dialogue/context-lifetimes.js';
import { givesSeveralValues } from '../dialogue/read-slot-answer.js';
import type { EmbeddingsClient } from '../embeddings/embeddings-client.js';
import { NLU_FALLBACK_INTENT, type ParsedEntity, type ParseResult } from '../nlu/types.js';
import type { BotMessage } from '../skills/bot-message.js';
import { handoffNotice, type HandoffNotice } from '../handoff/handoff-message.js';
import { readHandoffSettings } from '../handoff/handoff-settings.js';
import { handoffContinuesPauseEvent, handoffPauseEvent } from '../handoff/handoff-tracker-events.js';
import type { PendingSkill } from '../dialogue/dialogue-manager.js';
import type { ChatLine } from '../third-party-apis/build-request.js';
import { CHAT_HISTORY_LIMIT } from '../third-party-apis/api-definition.js';
import type { CustomSkillAnswerer } from '../third-party-apis/custom-skill-answer.js';
import type { AssistantRecord, NewOutboundMessage, Store } from '../store/store.js';
import { runSkill } from '../skills/run-skill.js';
import { botEventData } from '../tracker/bot-event-data.js';
import { applyEvents, readConversationState, type ConversationState } from '../tracker/conversation-state.js';
import { EventClock, secondsOfMicros, stampedInOrder } from '../tracker/event-clock.js';
import {
  ACTION_LISTEN,
  ACTION_RESTART,
  ACTION_SESSION_START,
  REQUESTED_SLOT,
  actionEvent,
  activeLoopEvent,
  botEvent,
  sessionStartEvents,
  slotEvent,
  userEvent,
  userFeaturizationEvent,
  withUserFeaturization,
  type EventMetadata,
  type TrackerEvent,
} from '../tracker/events.js';
import { ConversationStateCache } from './conversation-state-cache.js';
import { parseIntentPayload } from './intent-payload.js';
import type { ConversationLock } from './lock/conversation-lock.js';
import type { ActiveModel, ModelRegistry } from './model-registry.js';

export interface Turn {
  assistantId: number;
  /** The conversation id (Rasa's sender / sender_id). */
  sender: string;
  text: string;
  /**
   * What the message means, when it is not its text: the NLU, the dialogues and the skills read
   * this instead, while the user event records `text` (and this as its metadata's `understood_as`).
   * A push channel's conversation opening: Telegram's `/start` read as the greeting word of the
   * assistant's language, or as `/<intent>` for a deep link (src/channels/core/conversation-opening.ts).
   * Not read with `externalIntent` or `parseData`.
   */
  understoodAs?: string;
  /**
   * The channel the message came from: rest, facebook, socketio…; null for a message no channel
   * brought (the conversations API's, as Rasa records them).
   */
  inputChannel: string | null;
  /** Kept on the user event; starts a session's `session_started_metadata`. */
  metadata: EventMetadata;
  messageId?: string;
  /**
   * An intent triggered from outside (Rasa's trigger_intent, 4biz's "initial action"): no NLU,
   * its entities fill slots; the dialogues read it as understood with confidence 1. The user event
   * is Rasa's external one: text `EXTERNAL: <intent>`, the intent's name without a confidence, no
   * ranking, no message id, `metadata.is_external` (userEvent's `external`).
   */
  externalIntent?: { name: string; entities: ParsedEntity[] };
  /** Parse data the caller already has (Rasa's POST …/messages `parse_data`). */
  parseData?: ParseResult;
  /** Record the message (and the slots its entities fill) without answering (POST …/messages). */
  listenOnly?: boolean;
  /**
   * A channel's own answer instead of the dialogue's, for a message it cannot read (an image, a
   * location): WhatsApp's and Telegram's "I can only read text". Recorded as the bot's utterance
   * and returned, unless the conversation is paused. Give `parseData` with it: nothing is parsed.
   */
  answer?: BotMessage;
  /**
   * The `answer` is the assistant's greeting answering a conversation's opening
   * (src/channels/core/conversation-opening.ts, rule 3): as an opening the dialogues read
   * (`understoodAs`), it ends a dialogue that was asking instead of leaving its question open.
   */
  opening?: boolean;
  /**
   * Give what agents wrote since the user's last message before the turn's answer: for channels
   * that cannot be written to outside a turn (REST), src/handoff.
   */
  withAgentReplies?: boolean;
}

/**
 * What the engine tells the human handoff (src/handoff) after a turn is durable. `channel` is the
 * turn's input channel: null for a message no channel brought (the conversations API's).
 */
export interface HandoffHooks {
  /** The turn handed the conversation to a person (a skill flagged `handoff`, or fallbacks in a row). */
  handedOff(input: { assistantId: number; sender: string; channel: string | null; reason: 'skill' | 'fallbacks'; detail: string | null; outsideHours: boolean; now: number }): Promise<void>;
  /** The user wrote while a person has the conversation (it is paused). */
  userWrote(input: { assistantId: number; sender: string; channel: string | null; now: number }): Promise<void>;
  /** The user restarted the conversation (`/restart`) while a person had it: it is the assistant's again. */
  restarted(input: { assistantId: number; sender: string; channel: string | null; now: number }): Promise<void>;
}

/** Rasa's default intents a client may send as payloads, and the default actions they run. */
const DEFAULT_INTENT_ACTIONS: ReadonlyMap<string, string> = new Map([
  ['restart', ACTION_RESTART],
  ['session_start', ACTION_SESSION_START],
]);
const DEFAULT_INTENTS: ReadonlySet<string> = new Set(DEFAULT_INTENT_ACTIONS.keys());

/** Rasa's prefix for the text of an externally triggered intent. */
export const EXTERNAL_MESSAGE_PREFIX = 'EXTERNAL: ';

export interface TurnOptions {
  /** Called with each bot message as soon as it is produced (REST's ?stream=true). */
  onMessage?: (message: BotMessage) => void;
  /**
   * Called with what the turn understood of the message (the NLU's parse, a `/intent` payload's
   * or the triggered intent) and the model version that served it (null without a model).
   */
  onParse?: (parse: ParseResult, model: { version: number; modelId: string } | null) => void;
  /**
   * Refuse the turn (LockQueueFullError, nothing recorded) when this many turns of the same
   * conversation already wait for it: the channels' bound on one sender's queue.
   */
  maxWaiting?: number;
  /**
   * Called with what a dialogue was asking for when the message came (slot filling: the dialogue
   * and the context, null at its confirmation), or null: the console's test chat shows it.
   */
  onAsking?: (asking: { dialogue: string; context: string | null } | null) => void;
  /**
   * The sends that deliver the answer through a push channel's outbox, made from the turn's bot
   * messages (also when there are none): stored in the transaction that records the turn, so a
   * recorded turn always has its answer stored. A failure here fails the turn: nothing recorded.
   */
  outbox?: (messages: readonly BotMessage[]) => Promise<NewOutboundMessage[]>;
  /**
   * Called once the turn is durable with what it decided from: the model that served it (null
   * without one), the threshold, the parse, the conversation before the answer (after a new
   * session's start) and after, and the turn's events. The console explains answers with it
   * (src/dialogue/explain-turn.ts).
   */
  onTurn?: (turn: TurnRecord) => void;
  /**
   * Asked first, holding the conversation's lock: false drops the turn (nothing recorded, no
   * answer). A reminder checks there that it still fires (src/reminders).
   */
  proceed?: () => Promise<boolean>;
}

/** What a turn decided from and what it did: see `TurnOptions.onTurn`. */
export interface TurnRecord {
  model: ActiveModel | null;
  threshold: number;
  parse: ParseResult;
  before: ConversationState;
  after: ConversationState;
  events: readonly TrackerEvent[];
}

export interface EngineOptions {
  store: Store;
  registry: ModelRegistry;
  lock: ConversationLock;
  /** A new session starts when the user has been silent this long (Rasa's default: 60 minutes). */
  sessionExpirationSeconds: number;
  /** The memory budget (estimated bytes) of the conversation states kept between turns; 64 MB by default. */
  stateCacheBytes?: number;
  /** Float epoch seconds. */
  now?: () => number;
  random?: () => number;
  onError?: (error: unknown, turn: Turn) => void;
  /** The optional semantic provider (HELPER_EMBEDDINGS_URL): blended in when the model has its vectors. */
  embeddings?: EmbeddingsClient;
  /** Told how long each turn and each NLU parse took (src/metrics). */
  observer?: EngineObserver;
  /** The action servers of `action` skills (src/actions); without it such a skill says its failure message. */
  actionServer?: ActionServer;
  /** Told of each custom action that did not complete (it is also recorded on the conversation). */
  onActionFailure?: (failure: ActionFailure, conversation: { assistantId: number; sender: string }) => void;
  /** Told of response names a custom action gave that no skill answers to (skipped; also on the action's event). */
  onUnknownResponses?: (unknown: { action: string; responses: string[] }, conversation: { assistantId: number; sender: string }) => void;
  /** The human handoff: told of handoffs and of messages while paused (src/handoff). */
  handoff?: HandoffHooks;
  /**
   * The assistant's record as it is now, for the handoff settings a fallback answer reads: the
   * platform's is cached until the store's access revision moves (src/server/access-revision.ts),
   * so a change made anywhere counts within its refresh and one made in this process at once.
   * Without it the store is read on each such turn.
   */
  currentAssistant?: (assistantId: number) => Promise<AssistantRecord | undefined>;
  /** Answers custom skills (third-party APIs, src/third-party-apis); without it they answer nothing. */
  customSkills?: CustomSkillAnswerer;
}

interface TurnHandoff {
  reason: 'skill' | 'fallbacks';
  detail: string | null;
  notice: HandoffNotice;
}

export type ActionFailure = Parameters<NonNullable<CustomActionsInput['onFailure']>>[0];

export interface EngineObserver {
  turn(channel: string, seconds: number): void;
  parse(seconds: number): void;
}

export class UnknownAssistantError extends Error {
  constructor(assistantId: number) {
    super(`assistant ${assistantId} does not exist`);
    this.name = 'UnknownAssistantError';
  }
}

export class Engine {
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly states: ConversationStateCache;
  /** Stamps each batch of events this engine writes (a turn's, an `/execute`'s): see event-clock.ts. */
  readonly clock = new EventClock();

  constructor(private readonly options: EngineOptions) {
    this.states = new ConversationStateCache(options.stateCacheBytes);
    this.now = options.now ?? (() => Date.now() / 1000);
    this.random = options.random ?? Math.random;
  }

  /**
   * Handles one user message and returns the bot's answer. The user message and the answer are
   * durable in the store before this resolves; if the store cannot take them it rejects.
   */
  handle(turn: Turn, options: TurnOptions = {}): Promise<BotMessage[]> {
    const handled = this.options.lock.run(
      `${turn.assistantId}:${turn.sender}`,
      () => this.handleLocked(turn, options),
      options.maxWaiting === undefined ? {} : { maxWaiting: options.maxWaiting },
    );
    const observer = this.options.observer;
    if (!observer) return handled;
    const started = performance.now();
    return handled.finally(() => observer.turn(turn.inputChannel ?? 'unknown', (performance.now() - started) / 1000));
  }

  /** Parses a text with the assistant's current model (Rasa's /model/parse); null without a model. */
  async parse(assistantId: number, text: string): Promise<ParseResult | null> {
    const loaded = await this.options.registry.get(assistantId);
    if (!loaded) throw new UnknownAssistantError(assistantId);
    if (!loaded.model) return null;
    return this.understand(loaded.model, text, loaded.assistant.settings.accuracyThreshold);
  }

  /** The intents the assistant's current model knows; none without a model. */
  async intentNames(assistantId: number): Promise<ReadonlySet<string>> {
    const loaded = await this.options.registry.get(assistantId);
    if (!loaded) throw new UnknownAssistantError(assistantId);
    return loaded.model?.intentNames ?? new Set();
  }

  private async handleLocked(turn: Turn, options: TurnOptions): Promise<BotMessage[]> {
    const { store, registry } = this.options;
    if (options.proceed && !(await options.proceed())) return [];
    const loaded = await registry.get(turn.assistantId);
    if (!loaded) throw new UnknownAssistantError(turn.assistantId);
    const model = loaded.model;
    const eventMetadata: EventMetadata = { assistant_id: String(turn.assistantId) };
    if (model) eventMetadata.model_id = model.record.modelId;

    const cacheKey = `${turn.assistantId}:${turn.sender}`;
    const before = await this.currentState(turn.assistantId, turn.sender, cacheKey);
    let state = before;
    const now = this.now();
    // The turn's events are stamped at the end, in their order, from this microsecond (Rasa's
    // per-event time.time()); the user message's stamp is known when it is made.
    const firstMicro = this.clock.begin(now);
    const events: TrackerEvent[] = [];

    const expired =
      state.latestUserTime !== null && now - state.latestUserTime > this.options.sessionExpirationSeconds;
    if (!state.sessionStarted || expired) {
      events.push(...(await this.sessionStart(turn, model, state, now, eventMetadata)));
      state = applyEvents(state, events);
    }

    const text = turn.externalIntent ? `${EXTERNAL_MESSAGE_PREFIX}${turn.externalIntent.name}` : turn.text;
    // What the NLU, the dialogues and the skills read: the text, or what a channel says it means.
    const understood = turn.externalIntent || turn.parseData ? text : (turn.understoodAs ?? text);
    const notUnderstood = (): ParseResult => ({ text: understood, intent: { name: NLU_FALLBACK_INTENT, confidence: 0 }, entities: [], intent_ranking: [] });
    let parse: ParseResult;
    try {
      if (turn.externalIntent) {
        const intent = { name: turn.externalIntent.name, confidence: 1 };
        parse = { text, intent, entities: turn.externalIntent.entities, intent_ranking: [intent] };
      } else if (turn.parseData) {
        parse = turn.parseData;
      } else {
        const parseStarted = performance.now();
        parse = model ? await this.understand(model, understood, loaded.assistant.settings.accuracyThreshold) : notUnderstood();
        if (model) this.options.observer?.parse((performance.now() - parseStarted) / 1000);
      }
    } catch (error: unknown) {
      // The message is still recorded; the user gets no answer rather than a wrong one.
      this.options.onError?.(error, turn);
      parse = notUnderstood();
    }
    options.onParse?.(parse, model ? { version: model.record.version, modelId: model.record.modelId } : null);
    if (options.onAsking) {
      const asking = model?.dialogues.loopDialogue(state.activeLoop);
      const requested = state.activeLoop?.requested ?? null;
      const isContext = asking?.slots?.some((slot) => slot.context === requested) === true;
      options.onAsking(asking === undefined ? null : { dialogue: asking.name, context: isContext ? requested : null });
    }
    // As Rasa's tracker does for every logged event: the model and assistant ids, unless the
    // message's own metadata names them.
    const metadata = { ...eventMetadata, ...turn.metadata, ...(turn.externalIntent ? { is_external: true } : {}), ...(understood !== text ? { understood_as: understood } : {}) };
    const userAt = events.length;
    const userTime = secondsOfMicros(firstMicro + userAt);
    events.push(
      userEvent(
        { text, parseData: parse, inputChannel: turn.inputChannel, metadata, ...(turn.messageId ? { messageId: turn.messageId } : {}), ...(turn.externalIntent ? { external: true } : {}) },
        userTime,
      ),
    );

    const messages: BotMessage[] = [];
    // What agents wrote since the user's last message, a new session or not.
    if (turn.withAgentReplies) messages.push(...before.agentReplies.map((text) => ({ text })));
    // Without a model the assistant cannot answer (Rasa replies []); while paused a human has the
    // conversation, so the assistant only listens; a logged message (listenOnly) is not answered.
    const answering = model !== null && !state.paused && !turn.listenOnly && turn.answer === undefined;
    // Rasa's default intents (`/restart`, `/session_start`): their actions, whatever the assistant
    // says; a restart even while paused, as Rasa's processor handles it.
    const defaultAction = model !== null && !turn.listenOnly && turn.answer === undefined ? DEFAULT_INTENT_ACTIONS.get(parse.intent.name ?? '') : undefined;
    const restarted = defaultAction === ACTION_RESTART;
    // Rasa's `user_featurization` is not stored: readers put it back (withUserFeaturization).
    const messageSlots = this.slotEvents(parse, model?.content.contexts ?? [], now, eventMetadata);
    let handoff: TurnHandoff | undefined;
    /** The state after the first `length` events of the turn, from `state`, when already folded. */
    let folded: { state: ConversationState; length: number } | undefined;
    if (defaultAction !== undefined && (answering || restarted)) {
      events.push(actionEvent(defaultAction, now, { policy: 'RulePolicy', confidence: 1, metadata: eventMetadata }));
      // Rasa's ActionRestart says the assistant's `utter_restart` when it has one (an imported Rasa
      // project's), then restarts; Rasa then runs the session start, with nothing carried over.
      const utterRestart = restarted && model ? utterRestartSkill(model.content) : undefined;
      if (utterRestart && model) {
        const message = runSkill(utterRestart, { slots: state.slots, language: model.dialogues.language, random: this.random, sender: turn.sender, now });
        events.push(botEvent(message.text ?? null, botEventData(message), now, { utter_action: UTTER_RESTART, ...eventMetadata }));
        messages.push(message);
      }
      if (restarted) events.push({ event: 'restart', timestamp: now, metadata: eventMetadata }, ...sessionStartEvents(now, turn.metadata, eventMetadata));
      else events.push(...(await this.sessionStart(turn, model, state, now, eventMetadata)).slice(1));
    } else if (answering) {
      const answerStart = events.length;
      try {
        let dialogueAnswer = model.dialogues.answer({
          text: understood,
          parse,
          external: turn.externalIntent !== undefined,
          // A message a channel says means something else is a conversation's opening (/start…).
          opening: turn.understoodAs !== undefined && turn.externalIntent === undefined && turn.parseData === undefined,
          state,
          messageSlots,
          now,
          metadata: eventMetadata,
          random: this.random,
          sender: turn.sender,
          validation: (loaded.assistant.settings.actionEndpointUrl ?? '') !== '',
          threshold: loaded.assistant.settings.accuracyThreshold,
        });
        // As stored (stamped as they will be), with the featurization in the free microsecond after the message.
        const turnEvents = () => withFeaturizationAfterUser(stampedInOrder(events, firstMicro, userAt), userFeaturizationEvent(secondsOfMicros(firstMicro + userAt + 1), eventMetadata));
        // A dialogue's validation action (Rasa's validate_<form>) judges the answers read before
        // the dialogue goes on.
        if (dialogueAnswer.validation) {
          const validation = dialogueAnswer.validation;
          dialogueAnswer = validation.resume(await this.validateAnswers({ assistant: loaded.assistant, model, sender: turn.sender, validation, turnEvents: turnEvents(), now, metadata: eventMetadata }));
        }
        // Custom skills (third-party APIs) first, then custom actions (`action` skills), which the
        // assistant's action server answers (src/actions), each at its place in the answer.
        if (dialogueAnswer.pending.length > 0) await this.answerPendingBeforeActions(dialogueAnswer, turn, understood, model.dialogues.language, now, eventMetadata);
        const answer = dialogueAnswer.actions.length === 0 ? dialogueAnswer : await this.runActions({ assistant: loaded.assistant, model, sender: turn.sender, answer: dialogueAnswer, turnEvents: turnEvents(), now, metadata: eventMetadata });
        events.push(...answer.events);
        messages.push(...answer.messages);
        // The message and the answer, folded once: the handoff reads it, the state after the turn
        // goes on from it (the message's event moves no count the handoff reads).
        const answered = applyEvents(state, events.slice(answerStart - 1));
        folded = { state: answered, length: events.length };
        handoff = await this.handoffOf(model, loaded.assistant, answered, answer.events, now);
        if (handoff) {
          events.push(botEvent(handoff.notice.text, botEventData({ text: handoff.notice.text }), now, { ...eventMetadata, handoff_notice: true }));
          events.push(handoffPauseEvent(now, eventMetadata, { reason: handoff.reason, detail: handoff.detail, outsideHours: handoff.notice.outsideHours }));
          messages.push({ text: handoff.notice.text });
        }
        events.push(actionEvent(ACTION_LISTEN, now, { metadata: eventMetadata }));
      } catch (error: unknown) {
        // Keep the message and its slots; drop the half-made answer.
        this.options.onError?.(error, turn);
        handoff = undefined;
        folded = undefined;
        messages.length = 0;
        events.splice(answerStart);
        events.push(...messageSlots);
      }
    } else {
      events.push(...messageSlots);
    }

    if (turn.answer !== undefined && !state.paused && !turn.listenOnly) {
      if (turn.opening === true && state.activeLoop !== null) {
        // As the dialogues end a form when the conversation opens again (DialogueManager.run).
        events.push(activeLoopEvent(null, now, eventMetadata), slotEvent(REQUESTED_SLOT, null, now, eventMetadata));
      }
      events.push(botEvent(turn.answer.text ?? null, botEventData(turn.answer), now, { ...eventMetadata, channel_answer: turn.inputChannel }));
      events.push(actionEvent(ACTION_LISTEN, now, { metadata: eventMetadata }));
      messages.push(turn.answer);
    }

    const outbox = options.outbox ? await options.outbox(messages) : [];
    // Each event its own increasing time, a microsecond apart (one left free after the message,
    // for the user_featurization readers put there); the message's is the one it was made with,
    // so what was folded from it stands.
    const stamped = this.clock.stamp(events, firstMicro, userAt);
    const revision = await store.conversations.append(turn.assistantId, turn.sender, stamped, outbox);
    const after = folded === undefined ? applyEvents(before, stamped) : applyEvents(folded.state, stamped.slice(folded.length));
    this.states.set(cacheKey, revision, after);
    options.onTurn?.({ model, threshold: loaded.assistant.settings.accuracyThreshold, parse, before: state, after, events: stamped });
    await this.tellHandoff(turn, handoff, state.paused && !turn.listenOnly, now, restarted);
    for (const message of messages) options.onMessage?.(message);
    return messages;
  }

  /**
   * Completes an answer holding custom actions with the action server's results (src/actions).
   * The caller holds the conversation's lock; `turnEvents` are the events before the answer not
   * yet stored.
   */
  runActions(input: { assistant: AssistantRecord; model: ActiveModel; sender: string; answer: TurnAnswer; turnEvents: readonly TrackerEvent[]; now: number; metadata: EventMetadata }) {
    return runCustomActions({ ...input, ...this.actionServerCalls(input.assistant, input.model, input.sender) });
  }

  /** Calls a dialogue's validation action with the answers read (src/actions/run-form-validation.ts). */
  private validateAnswers(input: { assistant: AssistantRecord; model: ActiveModel; sender: string; validation: PendingValidation; turnEvents: readonly TrackerEvent[]; now: number; metadata: EventMetadata }) {
    return runFormValidation({ ...input, ...this.actionServerCalls(input.assistant, input.model, input.sender) });
  }

  /** What calls to the assistant's action server need besides the turn. */
  private actionServerCalls(assistant: AssistantRecord, model: ActiveModel, sender: string) {
    const { store, actionServer, onActionFailure, onUnknownResponses } = this.options;
    return {
      server: actionServer,
      content: model.content,
      language: model.dialogues.language,
      random: this.random,
      sessionExpirationSeconds: this.options.sessionExpirationSeconds,
      history: async () => withUserFeaturization(await store.conversations.sessionEvents(assistant.id, sender)),
      ...(onActionFailure ? { onFailure: (failure: ActionFailure) => onActionFailure(failure, { assistantId: assistant.id, sender }) } : {}),
      ...(onUnknownResponses ? { onUnknownResponses: (unknown: { action: string; responses: string[] }) => onUnknownResponses(unknown, { assistantId: assistant.id, sender }) } : {}),
    };
  }

  /**
   * A new session's events, from `action_session_start` to `action_listen` (what Rasa's
   * ActionSessionStart records): slots carry over, as Rasa's default session config does, except
   * the contexts whose lifetime is the session or a dialogue (src/dialogue/context-lifetimes.ts).
   * A new session opened by a message, `/session_start` or `/execute` (ConversationService).
   */
  async sessionStart(turn: Pick<Turn, 'assistantId' | 'sender' | 'metadata'>, model: ActiveModel | null, state: ConversationState, now: number, eventMetadata: EventMetadata): Promise<TrackerEvent[]> {
    const contexts = new Map((model?.content.contexts ?? []).map((context) => [context.name, context] as const));
    const events = sessionStartEvents(now, turn.metadata, eventMetadata);
    const listen = events.pop();
    for (const { name, value, owner } of carriedOverSlots(state, contexts)) {
      events.push(slotEvent(name, value, now, owner === null ? eventMetadata : { ...eventMetadata, dialogue: owner }));
    }
    // A person still holds the conversation (an open hand-off: the user wrote back hours later,
    // outside office hours): the new session stays theirs, where Rasa's session start would unpause.
    if (state.paused && this.options.handoff) {
      const open = await this.options.store.handoffs.current(turn.assistantId, turn.sender);
      if (open) events.push(handoffContinuesPauseEvent(now, eventMetadata, open.id));
    }
    if (listen) events.push(listen);
    return events;
  }

  /** Whether the answer hands the conversation off: a skill flagged `handoff` answered, or the Nth fallback in a row. */
  private async handoffOf(model: ActiveModel, cached: AssistantRecord, after: ConversationState, answerEvents: readonly TrackerEvent[], now: number): Promise<TurnHandoff | undefined> {
    if (!this.options.handoff) return undefined;
    // A custom action's event is named after its action, with its skill in the metadata.
    const answered = answerEvents.filter((event) => event.event === 'action').flatMap((event) => [event['name'], event.metadata?.['skill']]);
    const skill = model.content.skills.find((candidate) => candidate.handoff === true && answered.includes(candidate.name));
    if (!skill && after.fallbacksInARow === 0) return undefined;
    // Only on such turns: the settings as they are now, not as the registry saw them up to 2 s ago.
    const current = this.options.currentAssistant ?? ((id: number) => this.options.store.assistants.getById(id));
    const assistant = (await current(cached.id)) ?? cached;
    const settings = readHandoffSettings(assistant.settings.handoff);
    let reason: TurnHandoff['reason'] | undefined;
    if (skill) reason = 'skill';
    else if (settings.fallbacksInARow > 0 && after.fallbacksInARow >= settings.fallbacksInARow) reason = 'fallbacks';
    if (reason === undefined) return undefined;
    return { reason, detail: skill?.name ?? null, notice: handoffNotice(settings, assistant.language, now) };
  }

  /** Told after the turn is durable; a failure there is logged, the turn stands (the conversation is paused either way). */
  private async tellHandoff(turn: Turn, handoff: TurnHandoff | undefined, pausedBefore: boolean, now: number, restarted: boolean): Promise<void> {
    const hooks = this.options.handoff;
    if (!hooks || (!handoff && !pausedBefore)) return;
    const where = { assistantId: turn.assistantId, sender: turn.sender, channel: turn.inputChannel, now };
    try {
      if (restarted) await hooks.restarted(where);
      else if (handoff) await hooks.handedOff({ ...where, reason: handoff.reason, detail: handoff.detail, outsideHours: handoff.notice.outsideHours });
      else await hooks.userWrote(where);
    } catch (error: unknown) {
      this.options.onError?.(error, turn);
    }
  }

  /**
   * Answers the custom skills of an answer that may also hold custom actions: the actions' places
   * move past what the skills' answers put before them.
   */
  private async answerPendingBeforeActions(answer: TurnAnswer, turn: Turn, text: string, language: string, now: number, metadata: EventMetadata): Promise<void> {
    const actionEvents = answer.actions.map((action) => answer.events[action.eventIndex]);
    const messagesBefore = answer.actions.map((action) => answer.pending.filter((pending) => pending.eventIndex <= action.eventIndex).length);
    await this.answerPending(answer, turn, text, language, now, metadata);
    answer.actions = answer.actions.map((action, index) => ({
      ...action,
      eventIndex: answer.events.indexOf(actionEvents[index] as TrackerEvent),
      messageIndex: action.messageIndex + (messagesBefore[index] ?? 0),
    }));
  }

  /**
   * Custom skills' answers, put where the dialogue manager left room for them. The calls run
   * inside this conversation's lock (its next message must see the contexts they fill) but hold
   * nothing else: other conversations go on meanwhile.
   */
  private async answerPending(answer: TurnAnswer, turn: Turn, text: string, language: string, now: number, metadata: EventMetadata): Promise<void> {
    const answerer = this.options.customSkills;
    let history: Promise<ChatLine[]> | undefined;
    const loadHistory = (): Promise<ChatLine[]> => (history ??= this.chatHistory(turn, text));
    for (const pending of [...answer.pending].reverse()) {
      const result = answerer
        ? await answerer.answer({ assistantId: turn.assistantId, sender: turn.sender, skill: pending.skill, slots: pending.slots, text, language, random: this.random, now, history: loadHistory })
        : { slots: {}, message: {}, failure: { api: pending.skill.custom?.api ?? '', outcome: 'failure' as const, reason: 'custom skills are not enabled in this process' } };
      const flow = pending.dialogue === undefined ? metadata : { ...metadata, dialogue: pending.dialogue };
      const built: TrackerEvent[] = Object.entries(result.slots).map(([name, value]) => slotEvent(name, value, now, flow));
      built.push(this.customBotEvent(pending, result.message, result.failure, now, metadata));
      answer.events.splice(pending.eventIndex, 0, ...built);
      answer.messages.splice(pending.messageIndex, 0, result.message);
    }
  }

  private customBotEvent(pending: PendingSkill, message: BotMessage, failure: { api: string; outcome: string; reason: string } | undefined, now: number, metadata: EventMetadata): TrackerEvent {
    const extra: EventMetadata = { utter_action: pending.skill.name, ...(pending.dialogue === undefined ? {} : { dialogue: pending.dialogue }) };
    // A failed call is recorded on the bot event that said the failure message (never its secrets).
    if (failure) extra['api_failure'] = failure;
    return botEvent(message.text ?? null, botEventData(message), now, { ...extra, ...metadata });
  }

  /** This session's user and bot messages before this one, and this one, oldest first, bounded. */
  private async chatHistory(turn: Turn, text: string): Promise<ChatLine[]> {
    const stored = await this.options.store.conversations.sessionEvents(turn.assistantId, turn.sender);
    const lines: ChatLine[] = [];
    for (const { event } of stored) {
      if ((event.event === 'user' || event.event === 'bot') && typeof event['text'] === 'string') lines.push({ from: event.event, text: event['text'] });
    }
    lines.push({ from: 'user', text });
    return lines.slice(-CHAT_HISTORY_LIMIT);
  }

  /** The state before this turn: from memory when the store says it is current, else from the session's events. */
  private async currentState(assistantId: number, sender: string, cacheKey: string): Promise<ConversationState> {
    const { store } = this.options;
    const revision = await store.conversations.revision(assistantId, sender);
    if (revision === undefined) return readConversationState([]);
    const cached = this.states.get(cacheKey, revision);
    if (cached) return cached;
    const stored = await store.conversations.sessionEvents(assistantId, sender);
    return readConversationState(stored.map((entry) => entry.event));
  }

  private async understand(model: ActiveModel, text: string, threshold: number): Promise<ParseResult> {
    const payload = parseIntentPayload(text, DEFAULT_INTENTS) ?? parseIntentPayload(text, model.intentNames);
    if (payload) return payload;
    const { embeddings } = this.options;
    // Only vectors of one embeddings model compare; a slow or failing provider gives none (counted
    // in its stats) and the message is understood lexically.
    if (model.semantic && embeddings && model.semantic.model === embeddings.model && text.trim() !== '') {
      const vector = await embeddings.embedMessage(text);
      const semantic = vector ? model.semantic.similarities(vector) : undefined;
      if (semantic) return model.interpreter.parse(text, threshold, { semantic });
    }
    return model.interpreter.parse(text, threshold);
  }

  /** A recognised entity fills the slot of the context with its name. */
  private slotEvents(parse: ParseResult, contexts: readonly Context[], now: number, metadata: EventMetadata): TrackerEvent[] {
    const names = new Set(contexts.map((context) => context.name));
    const seen = new Set<string>();
    const events: TrackerEvent[] = [];
    // A number context given two numbers as alternatives ("7 ou 8") is not filled: the question reads them.
    for (const context of contexts) if (context.type === 'float' && givesSeveralValues(parse, context.name)) seen.add(context.name);
    for (const entity of parse.entities) {
      if (!names.has(entity.entity) || seen.has(entity.entity)) continue;
      seen.add(entity.entity);
      events.push(slotEvent(entity.entity, entity.value, now, metadata));
    }
    return events;
  }
}

/**
 * The turn's events as the action server's tracker shows them: Rasa's `user_featurization` right
 * after the message, where the readers of stored histories put it back (withUserFeaturization).
 */
function withFeaturizationAfterUser(events: readonly TrackerEvent[], featurization: TrackerEvent): TrackerEvent[] {
  const userAt = events.findLastIndex((event) => event.event === 'user');
  return [...events.slice(0, userAt + 1), featurization, ...events.slice(userAt + 1)];
}
