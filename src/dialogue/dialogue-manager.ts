// What the assistant does with one understood message, as Rasa events and bot messages: the
// dialogue policy's answer, or — when a dialogue needs contexts (slot filling, Rasa's forms) — the
// question for the first one missing, the reading of the answer, a clear message and the question
// again when it does not fit, a confirmation, a change of an earlier answer, leaving ("cancelar"),
// and finally the dialogue's own skill. Contexts of a dialogue's lifetime are forgotten when
// another flow starts (context-lifetimes.ts).
//
// The events are Rasa's, so the tracker reads as a Rasa form's: the dialogue's name is the loop's
// name (`action` + `active_loop`), `requested_slot` names what is asked, the answer is a `slot`
// event, `active_loop: null` ends it; a message the loop cannot take while another dialogue
// answers it is `action_execution_rejected`, and coming back is `loop_interrupted`. Leaving is
// Rasa's `action_deactivate_loop`.
//
// Extension points: the final step is the dialogue's skill, whatever its kind; an answer is read
// by `readSlotAnswer`. A dialogue with a validation action (an `action` skill running
// `validate_<dialogue>`, Rasa's form validation) stops after reading answers: the engine asks the
// action server (`TurnAnswer.validation`) and resumes the turn with what it said.
import { FORM_VALIDATION_PREFIX } from '../actions/action-name.js';
import { answerButtons, correctionTarget, isCancelRequest, isQuestion, isUnsure, numberCorrectionWords, readYesNo } from '../assistant/answer-words.js';
import { CONFIRMATION_STEP, CORRECTION_STEP, hasValues, normalisePhrase } from '../assistant/check-content.js';
import { DEFAULT_MAX_ATTEMPTS, type AssistantContent, type Context, type Dialogue, type DialogueSlot, type Skill } from '../assistant/content.js';
import { answerProblem, MAX_FREE_TEXT_LENGTH, readTypedAnswer, type AnswerProblem } from '../assistant/read-answer.js';
import { NLU_FALLBACK_INTENT, type ParseResult } from '../nlu/types.js';
import type { BotMessage } from '../skills/bot-message.js';
import { isSet } from '../skills/conditions.js';
import { presetSlot } from '../skills/preset-slot.js';
import { runSkill } from '../skills/run-skill.js';
import { botEventData } from '../tracker/bot-event-data.js';
import type { ActiveLoop, ConversationState, LoopStep } from '../tracker/conversation-state.js';
import {
  ACTION_DEACTIVATE_LOOP,
  INTERRUPTED_ATTEMPTS,
  INTERRUPTED_DIALOGUE,
  INTERRUPTED_STEP,
  REQUESTED_SLOT,
  RESUMED_ATTEMPTS,
  actionEvent,
  actionRejectedEvent,
  activeLoopEvent,
  botEvent,
  loopInterruptedEvent,
  slotEvent,
  type EventMetadata,
  type TrackerEvent,
} from '../tracker/events.js';
import { lifetimeOf, slotsOnFlowStart } from './context-lifetimes.js';
import { DialoguePolicy, type DialogueChoice } from './dialogue-policy.js';
import { entityValueFor, isFreeText, oneNumberAndWords, readSlotAnswer, saysMoreThanValues, valuesNamed, wordsOutside } from './read-slot-answer.js';
import { invalidAnswerText, listOf, slotFillingTexts } from './slot-filling-texts.js';

export interface TurnRequest {
  /** The message as recorded (`EXTERNAL: intent` for an intent triggered from outside). */
  text: string;
  parse: ParseResult;
  /** An intent triggered from outside (Rasa's trigger_intent): not an answer to a question. */
  external: boolean;
  /**
   * A conversation's opening (Telegram's `/start`, a Get Started button, `/get_started`): not an
   * answer to a question either — the dialogue that asks ends, and the opening is answered.
   */
  opening?: boolean;
  /**
   * The assistant's accuracy threshold: a message that would start another dialogue that asks takes
   * over a dialogue waiting for an answer only above it (`takesOver`). Unknown: the parse's own.
   */
  threshold?: number;
  /** The conversation before this message's slots. */
  state: ConversationState;
  /** The slot events of this message's entities (the engine made them); emitted here, owned by the turn's flow. */
  messageSlots: TrackerEvent[];
  now: number;
  /** The assistant and model ids every event carries. */
  metadata: EventMetadata;
  random: () => number;
  sender: string;
  /**
   * Whether a dialogue's validation action runs (the assistant has an action endpoint): the turn
   * then stops after the answers are read, in `TurnAnswer.validation`.
   */
  validation?: boolean;
}

export interface TurnAnswer {
  events: TrackerEvent[];
  messages: BotMessage[];
  /**
   * Custom actions (`action` skills) the turn ran, in order, whose results the engine asks the
   * action server for (src/actions): each sits right after the `action` event at `eventIndex`,
   * its messages at `messageIndex`.
   */
  actions: PendingAction[];
  /**
   * Skills whose answer needs the outside world (custom skills call an API): the engine gets their
   * messages and slots asynchronously and puts them at `eventIndex` and `messageIndex`.
   */
  pending: PendingSkill[];
  /**
   * The answers read this turn wait for the dialogue's validation action (Rasa's
   * `validate_<form>`): the turn goes on with `resume` once the action server answered. The
   * answer is complete only without it.
   */
  validation?: PendingValidation;
}

/** A dialogue's answers waiting for its validation action (src/actions/run-form-validation.ts). */
export interface PendingValidation {
  /** The custom action (`validate_<dialogue>`) and the `action` skill that names it (its texts: the failure message). */
  action: string;
  skill: Skill;
  dialogue: string;
  /** The context asked for when the message came; null when the dialogue starts. */
  requested: string | null;
  /** The contexts read this turn, with the values read (Rasa's slot candidates). */
  candidates: Record<string, unknown>;
  /** The answer's events so far. */
  events: readonly TrackerEvent[];
  /**
   * Goes on with what the validation gave: its events (bot events, then the returned events: a
   * `slot` with a changed value, or null to ask again), or — when it failed — the failure message,
   * and then the values read are not taken. Returns the whole answer.
   */
  resume(outcome: ValidationOutcome): TurnAnswer;
}

export interface ValidationOutcome {
  ok: boolean;
  events: TrackerEvent[];
  messages: BotMessage[];
}

export interface PendingAction {
  skill: Skill;
  eventIndex: number;
  messageIndex: number;
}

export interface PendingSkill {
  skill: Skill;
  /** The conversation's slots when the skill answers. */
  slots: Record<string, unknown>;
  dialogue?: string;
  eventIndex: number;
  messageIndex: number;
}

/** A dialogue's answer (not the fallback's). */
type Answering = DialogueChoice & { dialogue: Dialogue };

const POLICY = 'DialoguePolicy';

/** Utterances the assistant says on its own (no skill): named as Rasa names responses. */
const UTTER = {
  invalid: 'utter_slot_invalid',
  cancelled: 'utter_slot_filling_cancelled',
  gaveUp: 'utter_slot_filling_stopped',
  askCorrection: 'utter_ask_correction',
  switched: 'utter_slot_filling_switched',
  resumed: 'utter_slot_filling_resumed',
} as const;

/**
 * The fewest words of a message that takes over a dialogue waiting for an answer by starting
 * another that asks: a shorter one ("manda ver", "tá errado", "não preciso mais") is a reply to the
 * question, however the NLU reads it.
 */
export const TAKE_OVER_MIN_WORDS = 4;

/** Interjections and prepositions a correction may say before its value ("ah, na verdade pra sexta", "actually on friday", "en realidad para el viernes"), normalised. */
const VALUE_PREPOSITIONS: ReadonlySet<string> = new Set(['ah', 'oh', 'pra', 'para', 'pro', 'no', 'na', 'em', 'dia', 'de', 'do', 'da', 'for', 'on', 'at', 'in', 'to', 'el', 'en', 'a', 'al']);

function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

export class DialogueManager {
  readonly policy: DialoguePolicy;
  readonly contexts = new Map<string, Context>();

  constructor(
    readonly content: AssistantContent,
    /** The assistant's language: standard messages, yes/no words, formats. */
    readonly language: string,
  ) {
    this.policy = new DialoguePolicy(content);
    for (const context of content.contexts) if (!this.contexts.has(context.name)) this.contexts.set(context.name, context);
  }

  /** The `action` skill that runs the dialogue's validation action (`validate_<dialogue>`), when there is one. */
  validationSkill(dialogue: Dialogue): Skill | undefined {
    const action = `${FORM_VALIDATION_PREFIX}${dialogue.name}`;
    return this.content.skills.find((skill) => skill.kind === 'action' && skill.action === action);
  }

  /** Whether a dialogue asks for contexts or confirms before its skill answers. */
  static asks(dialogue: Dialogue): boolean {
    return (dialogue.slots ?? []).length > 0 || dialogue.confirm !== undefined;
  }

  answer(request: TurnRequest): TurnAnswer {
    return new TurnRun(this, request).run();
  }

  /** The dialogue whose loop is active, when it still asks in this model. */
  loopDialogue(loop: ActiveLoop | null): Dialogue | undefined {
    const dialogue = loop === null ? undefined : this.policy.dialogue(loop.name);
    return dialogue !== undefined && DialogueManager.asks(dialogue) ? dialogue : undefined;
  }

  /** Buttons with a context's values (a boolean's yes and no) for its question. */
  valueButtons(context: Context): Array<{ title: string; payload: string }> {
    if (context.type === 'boolean') {
      const words = answerButtons(this.language);
      return [
        { title: words.yes, payload: words.yes.toLocaleLowerCase() },
        { title: words.no, payload: words.no.toLocaleLowerCase() },
      ];
    }
    const values = context.type === 'text' ? context.values.map((value) => value.value) : context.type === 'categorical' ? context.values : [];
    return values.map((value) => ({ title: capitalise(value), payload: value }));
  }

  /** How the dialogue names a context to the user: the slot's label, else the context's name in words. */
  labelOf(slot: DialogueSlot): string {
    return slot.label ?? slot.context.replace(/[_.-]+/g, ' ');
  }
}

/** One turn: the events and messages it builds, the slots as they stand. */
class TurnRun {
  private readonly events: TrackerEvent[] = [];
  private readonly messages: BotMessage[] = [];
  private readonly pending: PendingSkill[] = [];
  /** The slots as they stand: the state's own object until the turn sets one (writableSlots). */
  private slots: Record<string, unknown>;
  private ownSlots = false;
  private readonly filledNow = new Set<string>();
  private readonly state: ConversationState;
  /** The slot events of the message's entities this turn keeps. */
  private messageSlots: TrackerEvent[] = [];
  private readonly actions: PendingAction[] = [];
  /** The contexts the turn set (besides requested_slot). */
  private readonly setNow = new Set<string>();
  private validation: PendingValidation | undefined;
  /**
   * The dialogue the loop of this turn took over, which asks again when that loop ends
   * (`ActiveLoop.interrupted`), and the step it was at (`ActiveLoop.interruptedStep`); set when a
   * dialogue takes over in this turn, cleared when the loop ends otherwise (a hand-off, an
   * opening, an outside intent).
   */
  private interrupted: { name: string; step: LoopStep | undefined } | undefined;
  /** Why the message was no answer to the question asked, as its reading said ("não sei" to a free-text question). */
  private readProblem: AnswerProblem | undefined;

  constructor(
    private readonly manager: DialogueManager,
    private readonly request: TurnRequest,
  ) {
    this.state = request.state;
    this.slots = request.state.slots;
    const loop = request.state.activeLoop;
    this.interrupted = loop?.interrupted === undefined ? undefined : { name: loop.interrupted, step: loop.interruptedStep };
  }

  /** The turn's own copy of the slots, made on its first write: the state's are never written. */
  private writableSlots(): Record<string, unknown> {
    if (!this.ownSlots) {
      this.slots = { ...this.slots };
      this.ownSlots = true;
    }
    return this.slots;
  }

  /**
   * The contexts a message fills when no dialogue is asking: all but those of yes/no and number
   * contexts, which any "não" or "3º" would fill ("a impressora do 3º andar não imprime" is not a
   * rating of 3 nor "not urgent") — unless the dialogue this message starts asks for them ("quero
   * avaliar, nota 9"). As Rasa's slot mappings conditioned on the form that asks.
   */
  private takenOutsideDialogues(): ReadonlySet<string> {
    return this.takenFor(this.manager.policy.next(this.request.parse.intent.name, this.state.previousDialogue).dialogue);
  }

  /** The contexts of the message's entities a dialogue answering it (not asking) takes: yes/no and numbers only those it asks for. */
  private takenFor(dialogue: Dialogue | null): ReadonlySet<string> {
    const asked = new Set((dialogue?.slots ?? []).map((slot) => slot.context));
    const taken = new Set<string>();
    for (const event of this.request.messageSlots) {
      const name = String(event.name);
      if (this.answersAnyQuestion(name) || asked.has(name)) taken.add(name);
    }
    return taken;
  }

  /**
   * Whether a context's entity may answer a question other than its own: values and synonyms
   * (named in the message) may; a yes/no word or a number may not — they answer only the question
   * asked, as Rasa's intent and text mappings fill only the requested slot.
   */
  private answersAnyQuestion(name: string): boolean {
    const type = this.manager.contexts.get(name)?.type;
    return type !== 'boolean' && type !== 'float';
  }

  /**
   * The contexts an answer to the loop fills from the message's entities: the one asked, and the
   * dialogue's others named by a value — but not the one asked when it is yes/no or the message
   * names several of its values: its reading (readSlotAnswer) decides.
   */
  private takenInLoop(dialogue: Dialogue, loop: ActiveLoop): ReadonlySet<string> {
    const asked = this.manager.contexts.get(loop.requested ?? '');
    // A yes/no question's answer is read by readSlotAnswer (readYesNo before the NLU's yes/no), and so
    // is one naming several values ("computador e monitor"): its reading asks which one.
    const readByItself = asked !== undefined && (asked.type === 'boolean' || valuesNamed(asked, this.request.parse).length > 1);
    return new Set(
      (dialogue.slots ?? []).map((slot) => slot.context).filter((name) => (name === loop.requested && !readByItself) || (name !== loop.requested && this.answersAnyQuestion(name))),
    );
  }

  /** The message's entities fill their contexts (only those the dialogue asks for, while one asks). */
  private takeMessageSlots(only?: ReadonlySet<string>): void {
    // "Não sei" holds a "não" the NLU reads as a no: it answers no yes/no context.
    const unsure = isUnsure(this.request.text, this.manager.language);
    this.messageSlots = this.request.messageSlots.filter(
      (event) => (only === undefined || only.has(String(event.name))) && !(unsure && this.manager.contexts.get(String(event.name))?.type === 'boolean'),
    );
    this.fill(this.messageSlots);
  }

  private fill(events: readonly TrackerEvent[]): void {
    for (const event of events) {
      const name = String(event.name);
      this.writableSlots()[name] = event.value;
      this.filledNow.add(name);
    }
  }

  /**
   * A digression answers with the rest of the message's entities too (owned by its flow): yes/no
   * words and numbers only for contexts that dialogue asks for, as when no dialogue asks.
   */
  private takeOtherMessageSlots(flow: string, other: Dialogue, except: ReadonlySet<string> = new Set<string>()): void {
    const taken = this.takenFor(other);
    const rest = this.request.messageSlots.filter((event) => !this.messageSlots.includes(event) && taken.has(String(event.name)) && !except.has(String(event.name)));
    this.fill(rest);
    for (const event of rest) this.emit({ ...event, metadata: { ...(event.metadata ?? {}), dialogue: flow } });
  }

  run(): TurnAnswer {
    const loop = this.state.activeLoop;
    const dialogue = this.manager.loopDialogue(loop);
    if (loop !== null && dialogue !== undefined && !this.request.external && this.request.opening !== true) {
      // The side question's follow-up, when the message answers it ("Sim" to "Você poderia avaliar
      // o meu atendimento?" asked in the middle); the dialogue's question comes again after it.
      if (loop.sideDialogue !== undefined && this.answerSideFollowUp(dialogue, loop, loop.sideDialogue)) return this.answer();
      // As Rasa's slot mappings conditioned on the active loop: a "não" or a "3º" inside an answer
      // must not set contexts the dialogue is not asking about, nor a later yes/no or number
      // question of its own (intent and text mappings fill only the requested slot).
      this.takeMessageSlots(this.takenInLoop(dialogue, loop));
      this.continueLoop(dialogue, loop);
    } else {
      this.takeMessageSlots(this.takenOutsideDialogues());
      if (loop !== null) {
        // The loop's dialogue asks no more in this model, 4biz triggered an intent, or the
        // conversation opens again: the form ends, and the dialogue it took over is dropped.
        this.interrupted = undefined;
        this.emit(activeLoopEvent(null, this.request.now, this.request.metadata));
        this.setSlot(REQUESTED_SLOT, null, null);
      }
      this.answerIntent();
    }
    return this.answer();
  }

  private answer(): TurnAnswer {
    const answer: TurnAnswer = { events: this.events, messages: this.messages, actions: this.actions, pending: this.pending };
    if (this.validation !== undefined) answer.validation = this.validation;
    return answer;
  }

  // ——— a turn without a dialogue asking ———

  private answerIntent(): void {
    const { parse, state } = this.request;
    const choice = this.manager.policy.next(parse.intent.name, state.previousDialogue);
    const flow = choice.dialogue ? this.manager.policy.flowOf(choice.dialogue.name) : this.currentFlow();
    this.emitMessageSlots(flow);
    if (choice.dialogue) this.startFlow(flow as string, choice.dialogue.followUpOf === undefined);
    if (choice.dialogue && DialogueManager.asks(choice.dialogue)) this.startLoop(choice.dialogue);
    else this.answerWith(choice, flow);
  }

  /** The flow the conversation is in: the one of the dialogue that answered last. */
  private currentFlow(): string | null {
    const previous = this.state.previousDialogue;
    return previous === null ? null : this.manager.policy.flowOf(previous);
  }

  /**
   * A dialogue answers: values of other flows (of every flow, when a main dialogue starts anew) are
   * forgotten — but those of `kept`, the flow of a dialogue taken over that comes back later.
   */
  private startFlow(flow: string, fresh: boolean, kept?: string): void {
    for (const change of slotsOnFlowStart(this.state, this.slots, this.manager.contexts, flow, this.filledNow, fresh)) {
      if (change.value === null && kept !== undefined && this.state.slotOwners[change.name] === kept) continue;
      this.setSlot(change.name, change.value, flow);
    }
  }

  /** The skill answers (a dialogue's, or the fallback): its action, its message, its preset. */
  private answerWith(choice: DialogueChoice, flow: string | null): void {
    const skill = choice.skill;
    if (!skill) return;
    const presetDialogue = skill.preset?.dialogue;
    // A custom action's event is named as Rasa names it (its action), the skill in its metadata;
    // the action server answers in the engine, at this place of the turn.
    const custom = skill.kind === 'action' && skill.action !== undefined;
    this.emit(
      actionEvent(custom ? (skill.action as string) : skill.name, this.request.now, {
        policy: choice.isFallback ? 'FallbackPolicy' : POLICY,
        confidence: this.request.parse.intent.confidence,
        metadata: {
          ...this.request.metadata,
          ...(choice.dialogue ? { dialogue: choice.dialogue.name } : {}),
          ...(presetDialogue === undefined ? {} : { preset_dialogue: presetDialogue }),
          ...(custom ? { skill: skill.name } : {}),
        },
      }),
    );
    if (custom) this.actions.push({ skill, eventIndex: this.events.length - 1, messageIndex: this.messages.length });
    else if (skill.kind === 'custom') {
      const dialogue = choice.dialogue?.name;
      this.pending.push({ skill, slots: { ...this.slots }, ...(dialogue === undefined ? {} : { dialogue }), eventIndex: this.events.length, messageIndex: this.messages.length });
    } else this.say(this.render(skill), skill.name, choice.dialogue?.name);
    const preset = presetSlot(skill, this.manager.content.contexts);
    if (preset !== undefined) this.setSlot(preset.name, preset.value, flow);
  }

  // ——— slot filling ———

  private startLoop(dialogue: Dialogue): void {
    this.loopAction(dialogue);
    // The dialogue taken over, and its step, are recorded on the loop's start, so a state read
    // from the store again (after a restart) brings it back the same way.
    const { name, step } = this.interrupted ?? {};
    const interrupted =
      name === undefined
        ? {}
        : { [INTERRUPTED_DIALOGUE]: name, ...(step === undefined ? {} : { [INTERRUPTED_STEP]: step.requested, [INTERRUPTED_ATTEMPTS]: step.attempts }) };
    this.emit(activeLoopEvent(dialogue.name, this.request.now, { ...this.request.metadata, ...interrupted }));
    this.takeEntityAnswers(dialogue);
    // As Rasa's form activation: the values the dialogue already has are validated.
    this.validateThenAskNext(dialogue, (dialogue.slots ?? []).map((slot) => slot.context));
  }

  /**
   * What the message says for a question answered by a system entity (a date, a phone, a CPF, an
   * e-mail: a text context with `entity`) fills it, as a value or synonym said there does:
   * "agendar uma visita para amanhã" does not ask "Para quando?", and "impressora, pra amanhã" to
   * "Qual equipamento?" does not ask it either. At the start (`asked` null) and at every answer
   * (`asked`: the context the question asked for, which its own reading takes: the first value of
   * its kind is its answer). A `datetime` gives a date context its date part. A context already
   * filled changes only by an explicit correction ("na verdade a data é sexta": `correctsContext`).
   * A `number` fills only when it is unambiguous: the message's only number, for the dialogue's
   * only context that takes numbers this way. Returns the contexts set.
   */
  private takeEntityAnswers(dialogue: Dialogue, asked: string | null = null): string[] {
    const flow = this.manager.policy.flowOf(dialogue.name);
    const entities = this.request.parse.entities;
    const kindOf = (slot: DialogueSlot): string | undefined => {
      const context = this.manager.contexts.get(slot.context);
      return context?.type === 'text' ? context.entity : undefined;
    };
    const slots = (dialogue.slots ?? []).filter((slot) => kindOf(slot) !== undefined);
    // Each value said answers one question: a start and an end date are not both "amanhã".
    const used = new Set<unknown>();
    const askedSlot = asked === null ? undefined : (dialogue.slots ?? []).find((slot) => slot.context === asked);
    const askedKind = askedSlot === undefined ? undefined : kindOf(askedSlot);
    if (askedKind !== undefined) {
      const answer = entities.find((entity) => entityValueFor(askedKind, entity) !== undefined);
      if (answer !== undefined) used.add(answer);
    }
    const set: string[] = [];
    for (const slot of slots) {
      if (slot.context === asked) continue;
      const kind = kindOf(slot) as string;
      if (kind === 'number' && (entities.filter((entity) => entity.entity === 'number').length !== 1 || slots.filter((other) => other.context !== asked && kindOf(other) === 'number').length !== 1)) continue;
      const entity = entities.find((candidate) => !used.has(candidate) && entityValueFor(kind, candidate) !== undefined);
      if (entity === undefined) continue;
      const value = entityValueFor(kind, entity);
      if (isSet(this.slots[slot.context]) && (this.slots[slot.context] === value || !this.correctsContext(dialogue, slot, kind, entity))) continue;
      used.add(entity);
      this.loopAction(dialogue);
      this.setSlot(slot.context, value, flow);
      set.push(slot.context);
    }
    return set;
  }

  /**
   * Whether a message changes an answer already given to a context filled by entities of `kind`:
   * it opens as a correction ("na verdade", "aliás", a no before it: "não, a data é sexta"), and
   * its other words are articles, copulas and words that name the context (its label, its name, a
   * word of its question) — or it names none and the dialogue has one such context only, as a
   * number corrected at the confirmation.
   */
  private correctsContext(dialogue: Dialogue, slot: DialogueSlot, kind: string, entity: { start: number; end: number }): boolean {
    const words = wordsOutside(this.request.text, [entity]).map(normalisePhrase).filter((word) => word !== '');
    const correction = numberCorrectionWords(words, this.manager.language);
    if (!correction.correction) return false;
    // "na verdade pra sexta", "actually on friday": a preposition before the value says nothing of its own.
    const reading = { said: correction.said.filter((word) => !VALUE_PREPOSITIONS.has(word)) };
    const stem = (word: string) => (word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word);
    if (reading.said.length === 0) {
      return (dialogue.slots ?? []).filter((other) => {
        const context = this.manager.contexts.get(other.context);
        return context?.type === 'text' && context.entity === kind;
      }).length === 1;
    }
    const names = new Set(this.referenceWords(slot).map(stem));
    return reading.said.every((word) => names.has(stem(word)));
  }

  private continueLoop(dialogue: Dialogue, loop: ActiveLoop): void {
    const { text, language } = { text: this.request.text, language: this.manager.language };
    const flow = this.manager.policy.flowOf(dialogue.name);
    this.emitMessageSlots(flow);
    if (isCancelRequest(text, language, { freeText: isFreeText(this.manager.contexts.get(loop.requested ?? '')) })) {
      this.leave(dialogue, flow, 'cancelled');
      return;
    }
    const correction = correctionTarget(text, language);
    const target = correction === undefined ? undefined : this.slotNamed(dialogue, correction);
    if (target !== undefined) {
      this.loopAction(dialogue);
      // "quero mudar a data para sexta": the new value is said with the request, so it is taken.
      const said = this.valueSaidFor(target.context);
      if (said !== undefined) {
        this.setSlot(target.context, said, flow);
        this.validateThenAskNext(dialogue, this.readNow(dialogue));
        return;
      }
      this.setSlot(target.context, null, flow);
      this.ask(dialogue, target);
      return;
    }
    const step = loop.requested;
    if (step === CONFIRMATION_STEP || step === CORRECTION_STEP) {
      const number = this.numberCorrection(dialogue);
      if (number !== undefined && 'problem' in number) {
        this.notAnAnswer(dialogue, loop, undefined, flow, number.slot);
        return;
      }
      if (number !== undefined) {
        this.loopAction(dialogue);
        this.setSlot(number.slot.context, number.value, flow);
      }
      const entityAnswers = this.takeEntityAnswers(dialogue, step);
      if (number !== undefined || entityAnswers.length > 0 || this.answeredOthers(dialogue)) {
        this.loopAction(dialogue);
        this.validateThenAskNext(dialogue, this.readNow(dialogue));
        return;
      }
      if (step === CORRECTION_STEP) {
        const chosen = this.slotNamed(dialogue, text);
        if (chosen !== undefined) {
          this.loopAction(dialogue);
          this.setSlot(chosen.context, null, flow);
          this.ask(dialogue, chosen);
          return;
        }
      }
      const yes = readYesNo(text, language);
      if (yes !== undefined) {
        this.loopAction(dialogue);
        if (step === CORRECTION_STEP) this.askNext(dialogue);
        else if (yes) this.finish(dialogue, flow);
        else this.askCorrection(dialogue);
        return;
      }
      this.notAnAnswer(dialogue, loop, undefined, flow);
      return;
    }
    const slot = (dialogue.slots ?? []).find((candidate) => candidate.context === step);
    if (slot === undefined) {
      this.loopAction(dialogue);
      this.askNext(dialogue);
      return;
    }
    const taken = this.takeAnswer(dialogue, slot, flow);
    // A date, phone, CPF… said for another of the dialogue's questions is kept too ("impressora, pra
    // amanhã"), unless the message was no answer to a free-text question (another subject).
    const entityAnswers = taken.length > 0 || !isFreeText(this.manager.contexts.get(slot.context)) ? this.takeEntityAnswers(dialogue, slot.context) : [];
    if (taken.length > 0 || entityAnswers.length > 0 || this.answeredOthers(dialogue)) {
      this.validateThenAskNext(dialogue, this.readNow(dialogue));
      return;
    }
    this.notAnAnswer(dialogue, loop, slot, flow);
  }

  /**
   * Reads the answer to `slot`, and what else the message gives: values of the dialogue's other
   * contexts (NLU entities: several values in one message, or a change of an earlier answer), and
   * a free-text context that comes next when the message says more than the value. Emits the
   * loop's action when something was taken; returns the contexts set.
   */
  private takeAnswer(dialogue: Dialogue, slot: DialogueSlot, flow: string): string[] {
    const context = this.manager.contexts.get(slot.context);
    if (context === undefined) return [];
    const { parse, text } = this.request;
    const isPayload = this.request.external || parse.entities.some((entity) => entity.extractor === 'IntentPayload') || /^\/\S/.test(text.trim());
    const taken: string[] = [];
    const names = new Set((dialogue.slots ?? []).map((candidate) => candidate.context));
    const spans = parse.entities.filter((entity) => names.has(entity.entity));
    const freeText = isFreeText(context);
    const changesOthers = [...names].some((name) => name !== slot.context && this.filledNow.has(name) && this.state.slots[name] !== this.slots[name]);
    if (this.filledNow.has(slot.context)) taken.push(slot.context);
    else if (freeText && changesOthers && !saysMoreThanValues(text, spans, this.manager.language)) {
      // "na verdade é o computador" while the description is asked: a change of an earlier answer.
      return [];
    } else if (freeText && !isPayload && this.changesSubject(dialogue)) {
      // Not the description: the user asks something else (a digression), or for a person.
      return [];
    } else {
      const reading = readSlotAnswer(context, { text, parse, isPayload, language: this.manager.language });
      if (reading !== undefined && 'problem' in reading) this.readProblem = reading.problem;
      if (reading === undefined || 'problem' in reading) return [];
      this.loopAction(dialogue);
      this.setSlot(slot.context, reading.value, flow);
      taken.push(slot.context);
    }
    const takenFromEntity = this.filledNow.has(slot.context);
    if (takenFromEntity) this.loopAction(dialogue);
    const slots = dialogue.slots ?? [];
    const next = slots.slice(slots.indexOf(slot) + 1).find((candidate) => !isSet(this.slots[candidate.context]));
    const nextContext = next === undefined ? undefined : this.manager.contexts.get(next.context);
    if (takenFromEntity && next !== undefined && isFreeText(nextContext)) {
      if (saysMoreThanValues(text, spans, this.manager.language)) {
        this.setSlot(next.context, text.trim().slice(0, MAX_FREE_TEXT_LENGTH), flow);
        taken.push(next.context);
      }
    }
    return taken;
  }

  /**
   * Whether a message to a free-text question is about something else rather than the answer:
   * the NLU understood another dialogue's intent, and either that dialogue hands off ("quero falar
   * com um atendente") or the message is a question that dialogue answers at once ("que horas
   * vocês abrem?"), after which the question comes again. A description that names a problem
   * another dialogue handles ("a impressora não imprime") is still the answer, as any text is.
   */
  private changesSubject(dialogue: Dialogue): boolean {
    const { parse, text } = this.request;
    if (parse.intent.name === NLU_FALLBACK_INTENT) return false;
    const other = this.manager.policy.next(parse.intent.name, null);
    if (!other.dialogue || other.dialogue.name === dialogue.name) return false;
    if (other.skill?.handoff === true) return true;
    return !DialogueManager.asks(other.dialogue) && isQuestion(text, this.manager.language);
  }

  /**
   * A correction that names a new number, at the confirmation or while choosing what to change
   * ("na verdade são 3", "não, são 3", "actually 3", "en realidad son 3"): one number (digits or
   * words), a correction's opening or a no before it, and besides it only articles, copulas, "quero"
   * and words that name the number context — its label, its name or a word of its question ("na
   * verdade a quantidade é 3", "não, 3 pizzas"). The context is the dialogue's only number context,
   * or, when the message names one, the one it names (only one may fit). Values of the dialogue's
   * other contexts said beside it are left to their own entities. A bare number ("3") is no
   * correction: the confirmation asks a yes or a no. The value, or why it does not fit (its range).
   */
  private numberCorrection(dialogue: Dialogue): { slot: DialogueSlot; value: unknown } | { slot: DialogueSlot; problem: true } | undefined {
    const numbers = (dialogue.slots ?? []).filter((slot) => this.manager.contexts.get(slot.context)?.type === 'float');
    if (numbers.length === 0) return undefined;
    const { text, parse } = this.request;
    const language = this.manager.language;
    // The values the message gave the dialogue's other contexts (their entities filled them) are no words of the correction.
    const others = new Set((dialogue.slots ?? []).filter((slot) => !numbers.includes(slot) && this.filledNow.has(slot.context)).map((slot) => slot.context));
    const said = oneNumberAndWords(text, language, parse.entities.filter((entity) => others.has(entity.entity)));
    if (said === undefined) return undefined;
    const reading = numberCorrectionWords(said.words, language);
    if (!reading.correction) return undefined;
    const stem = (word: string) => (word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word);
    const fitting = numbers.filter((slot) => {
      if (reading.said.length === 0) return numbers.length === 1;
      const names = new Set(this.referenceWords(slot).map(stem));
      return reading.said.every((word) => names.has(stem(word)));
    });
    if (fitting.length !== 1) return undefined;
    const slot = fitting[0] as DialogueSlot;
    const answer = readTypedAnswer(this.manager.contexts.get(slot.context) as Context, said.number, language);
    if (answer === undefined || 'problem' in answer) return { slot, problem: true };
    return { slot, value: answer.value };
  }

  /** The words that name a slot's context: its label, its name, and the words of its question (three letters or more, placeholders aside). */
  private referenceWords(slot: DialogueSlot): string[] {
    const question = slot.question === undefined ? undefined : this.manager.policy.skill(slot.question);
    const questionWords = [...(question?.texts ?? []), ...(question?.variants ?? []).flatMap((variant) => variant.texts)]
      .flatMap((questionText) => normalisePhrase(questionText.replace(/\{[^}]*\}/g, ' ')).split(' '))
      .filter((word) => word.length >= 3);
    return [...normalisePhrase(this.manager.labelOf(slot)).split(' '), ...normalisePhrase(slot.context).split(' '), ...questionWords].filter((word) => word !== '');
  }

  /** Whether this message's entities gave another context the dialogue asks for (the loop's action is emitted then). */
  private answeredOthers(dialogue: Dialogue): boolean {
    const given = (dialogue.slots ?? []).some((slot) => this.filledNow.has(slot.context) && this.request.state.slots[slot.context] !== this.slots[slot.context]);
    if (given) this.loopAction(dialogue);
    return given;
  }

  /**
   * The message does not answer. Another dialogue's intent is a digression: that dialogue answers
   * and the question comes again (a dialogue that asks for its own contexts takes over, saying so,
   * only when `takesOver`: otherwise the message is an answer that does not fit). Anything
   * else is an answer that does not fit: a clear message and the question again, until the
   * dialogue gives up.
   */
  private notAnAnswer(dialogue: Dialogue, loop: ActiveLoop, slot: DialogueSlot | undefined, flow: string, about: DialogueSlot | undefined = slot): void {
    const { parse, now, metadata } = this.request;
    const other = parse.intent.name === NLU_FALLBACK_INTENT ? null : this.manager.policy.next(parse.intent.name, null);
    if (other?.dialogue && other.dialogue.name !== dialogue.name && (other.skill?.handoff === true || !DialogueManager.asks(other.dialogue) || this.takesOver())) {
      this.emit(actionRejectedEvent(dialogue.name, now, { policy: POLICY, confidence: parse.intent.confidence, metadata }));
      this.digress(dialogue, loop, slot, flow, { ...other, dialogue: other.dialogue });
      return;
    }
    const max = slot?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (loop.attempts + 1 >= max) {
      this.leave(dialogue, flow, 'gaveUp');
      return;
    }
    this.loopAction(dialogue, { invalid_answer: true });
    // The message is about `about` (a number correction at the confirmation that does not fit),
    // and the question asked again is the step's. A reading that says more than "does not fit" (a
    // "não sei", several values named) has its own hint, before the slot's `invalid` skill.
    const read = about === slot ? this.readProblem : undefined;
    const specific = read !== undefined && ((read.kind === 'text' && read.noAnswer === true) || (read.kind === 'values' && read.several === true));
    const invalid = about?.invalid === undefined || specific ? undefined : this.manager.policy.skill(about.invalid);
    if (invalid !== undefined) this.say(this.render(invalid), invalid.name, dialogue.name);
    else {
      const context = about === undefined ? undefined : this.manager.contexts.get(about.context);
      const texts = slotFillingTexts(this.manager.language);
      const problem = specific ? read : context === undefined ? undefined : answerProblem(context);
      const text =
        problem !== undefined
          ? invalidAnswerText(problem, this.manager.language)
          : loop.requested === CORRECTION_STEP
            ? texts.chooseWhatToChange(listOf([...this.correctionLabels(dialogue), answerButtons(this.manager.language).cancel].map((label) => label.toLocaleLowerCase()), this.manager.language))
            : texts.confirmAgain;
      this.say({ text }, UTTER.invalid, dialogue.name);
    }
    this.askAgain(dialogue, loop, slot);
  }

  /**
   * Whether a message that would start another dialogue that asks (its own questions) takes over
   * the dialogue waiting for an answer: only when the NLU is confident of it — a button's or an
   * outside intent (a payload), or a message of at least TAKE_OVER_MIN_WORDS words whose intent is
   * at or above the assistant's threshold. A short reply ("manda ver" read as `visita`, "tá errado"
   * as `senha`) is no new request: the question (or confirmation) is asked again with its hint.
   */
  private takesOver(): boolean {
    const { parse, text, external } = this.request;
    if (external || parse.entities.some((entity) => entity.extractor === 'IntentPayload') || /^\/\S/.test(text.trim())) return true;
    if (parse.intent.confidence < (this.request.threshold ?? 0)) return false;
    return wordsOutside(text, []).length >= TAKE_OVER_MIN_WORDS;
  }

  /**
   * Another dialogue answers while the loop asks (a digression, or a follow-up of the side
   * question): a hand-off ends the loop, a dialogue that asks takes over, any other answers and the
   * loop comes back (`loop_interrupted`) — asking its question again at once, unless the answer
   * ends with a question of its own that follow-ups answer: then the question waits for the next
   * turn (the follow-up's answer brings it, or the message is read as its answer).
   */
  private digress(dialogue: Dialogue, loop: ActiveLoop, slot: DialogueSlot | undefined, flow: string, other: Answering, sideFollowUp = false): void {
    const { parse, now, metadata } = this.request;
    const otherFlow = this.manager.policy.flowOf(other.dialogue.name);
    // A follow-up's answer takes the message's other values; the loop's contexts wait for its own
    // questions ("sim" answers none of them).
    this.takeOtherMessageSlots(otherFlow, other.dialogue, sideFollowUp ? new Set((dialogue.slots ?? []).map((candidate) => candidate.context)) : undefined);
    if (other.skill?.handoff === true) {
      // The user asks for a person: the dialogue stops asking (what it has is kept for the
      // person), and no question comes between the hand-off's messages.
      this.emit(actionEvent(ACTION_DEACTIVATE_LOOP, now, { policy: POLICY, confidence: parse.intent.confidence, metadata }));
      this.emit(activeLoopEvent(null, now, metadata));
      this.setSlot(REQUESTED_SLOT, null, null);
      // A person takes over: no dialogue taken over earlier comes back either.
      this.interrupted = undefined;
      this.answerWith(other, otherFlow);
      return;
    }
    if (DialogueManager.asks(other.dialogue)) {
      // The dialogue that asked waits, with its values, until the new one ends (one waits at most:
      // one it had taken over itself is dropped). The user is told, before the new questions.
      const texts = slotFillingTexts(this.manager.language);
      const dropped = this.interrupted;
      this.interrupted = { name: dialogue.name, step: { requested: loop.requested, attempts: loop.attempts } };
      this.say({ text: dropped === undefined ? texts.switched : texts.switchedDroppingOlder }, UTTER.switched, dialogue.name);
      this.startFlow(otherFlow, true, flow);
      this.startLoop(other.dialogue);
      return;
    }
    const said = this.messages.length;
    this.answerWith(other, flow);
    // Also records the side dialogue (ActiveLoop.sideDialogue), whose follow-ups answer the next
    // message; a follow-up's answer (the loop is interrupted already) only when it has follow-ups too.
    if (!sideFollowUp || this.manager.policy.hasFollowUps(this.nextDialogue(other))) this.emit(loopInterruptedEvent(true, now, metadata));
    if (this.awaitsFollowUp(other, said)) return;
    this.loopAction(dialogue);
    this.askAgain(dialogue, loop, slot);
  }

  /**
   * Whether the side answer ends with a question its follow-ups answer (buttons, or a text ending
   * in "?"): the loop's question is not put after it in the same turn.
   */
  private awaitsFollowUp(other: Answering, said: number): boolean {
    if (!this.manager.policy.hasFollowUps(this.nextDialogue(other)) || this.messages.length === said) return false;
    const last = this.messages[this.messages.length - 1] as BotMessage;
    return (last.buttons ?? []).length > 0 || (last.text ?? '').trim().endsWith('?');
  }

  /** The dialogue whose follow-ups apply after this answer: its skill's preset, else the dialogue. */
  private nextDialogue(other: Answering): string {
    return other.skill?.preset?.dialogue ?? other.dialogue.name;
  }

  /**
   * The message right after a side question asked while the loop asks: a follow-up of the side
   * dialogue answers it (Watson's digressions return only once the digressed branch is done), and
   * the loop comes back. Returns false when no follow-up answers the message: the loop reads it.
   */
  private answerSideFollowUp(dialogue: Dialogue, loop: ActiveLoop, side: string): boolean {
    // Leaving is always the user's word for the loop.
    if (isCancelRequest(this.request.text, this.manager.language)) return false;
    const followUp = this.manager.policy.followUp(this.request.parse.intent.name, side);
    if (followUp === undefined || followUp.dialogue === null) return false;
    this.takeMessageSlots(new Set());
    const slot = (dialogue.slots ?? []).find((candidate) => candidate.context === loop.requested);
    this.digress(dialogue, loop, slot, this.manager.policy.flowOf(dialogue.name), { ...followUp, dialogue: followUp.dialogue }, true);
    return true;
  }

  /** The question of the step the loop is at, again (no new `requested_slot`: the count goes on). */
  private askAgain(dialogue: Dialogue, loop: ActiveLoop, slot: DialogueSlot | undefined): void {
    if (slot !== undefined) this.askQuestion(dialogue, slot);
    else if (loop.requested === CORRECTION_STEP) this.sayCorrectionQuestion(dialogue);
    else this.sayConfirmation(dialogue);
  }

  /** The dialogue's contexts this message gave (its entities, the answer read). */
  private readNow(dialogue: Dialogue): string[] {
    return (dialogue.slots ?? []).map((slot) => slot.context).filter((name) => this.filledNow.has(name) || this.setNow.has(name));
  }

  /**
   * After answers are read: when the dialogue has a validation action (Rasa's `validate_<form>`),
   * the turn stops here for the engine to call it with the values read, and goes on in `resume`;
   * otherwise the next question.
   */
  private validateThenAskNext(dialogue: Dialogue, names: readonly string[]): void {
    const skill = this.request.validation === true ? this.manager.validationSkill(dialogue) : undefined;
    const candidates: Record<string, unknown> = {};
    for (const name of names) if (isSet(this.slots[name])) candidates[name] = this.slots[name];
    if (skill === undefined || Object.keys(candidates).length === 0) {
      this.askNext(dialogue);
      return;
    }
    const loop = this.state.activeLoop;
    const readNow = this.readNow(dialogue);
    this.validation = {
      action: skill.action as string,
      skill,
      dialogue: dialogue.name,
      requested: loop !== null && loop.name === dialogue.name ? loop.requested : null,
      candidates,
      events: [...this.events],
      resume: (outcome) => {
        this.validation = undefined;
        this.applyValidation(dialogue, outcome, readNow.filter((name) => name in candidates));
        this.askNext(dialogue);
        return this.answer();
      },
    };
  }

  /**
   * The validation's events in the answer, its slots applied (a null one is asked again by
   * askNext). When it failed, the values this message gave are not taken: unvalidated, they go
   * back to what they were.
   */
  private applyValidation(dialogue: Dialogue, outcome: ValidationOutcome, readNow: readonly string[]): void {
    const flow = this.manager.policy.flowOf(dialogue.name);
    for (const event of outcome.events) {
      if (event.event === 'slot' && typeof event.name === 'string') {
        if (event.name !== REQUESTED_SLOT) this.writableSlots()[event.name] = event.value;
        this.emit({ ...event, metadata: { ...(event.metadata ?? {}), dialogue: flow } });
      } else this.emit(event.event === 'bot' ? { ...event, metadata: { ...(event.metadata ?? {}), dialogue: dialogue.name } } : event);
    }
    this.messages.push(...outcome.messages);
    if (!outcome.ok) for (const name of readNow) this.setSlot(name, this.state.slots[name] ?? null, flow);
  }

  /** Asks for the first missing context, else confirms, else finishes. */
  private askNext(dialogue: Dialogue): void {
    const flow = this.manager.policy.flowOf(dialogue.name);
    for (const slot of dialogue.slots ?? []) {
      if (isSet(this.slots[slot.context])) continue;
      if (slot.question === undefined || this.manager.policy.skill(slot.question) === undefined) {
        const label = this.manager.labelOf(slot);
        this.leave(dialogue, flow, 'missing', label);
        return;
      }
      this.ask(dialogue, slot);
      return;
    }
    if (this.confirms(dialogue)) {
      this.setSlot(REQUESTED_SLOT, CONFIRMATION_STEP, null);
      this.sayConfirmation(dialogue);
      return;
    }
    this.finish(dialogue, flow);
  }

  private ask(dialogue: Dialogue, slot: DialogueSlot): void {
    this.setSlot(REQUESTED_SLOT, slot.context, null);
    this.askQuestion(dialogue, slot);
  }

  private askQuestion(dialogue: Dialogue, slot: DialogueSlot): void {
    const skill = slot.question === undefined ? undefined : this.manager.policy.skill(slot.question);
    if (skill === undefined) return;
    const message = this.render(skill);
    const context = this.manager.contexts.get(slot.context);
    if (slot.valuesAsButtons === true && context !== undefined && hasValues(context)) {
      message.buttons = [...(message.buttons ?? []), ...this.manager.valueButtons(context)];
    }
    this.say(message, skill.name, dialogue.name);
  }

  /** The confirmation skill, with yes/no buttons unless it has buttons of its own. */
  private sayConfirmation(dialogue: Dialogue): void {
    const skill = dialogue.confirm === undefined ? undefined : this.manager.policy.skill(dialogue.confirm);
    if (skill === undefined) return;
    const message = this.render(skill);
    if (message.buttons === undefined || message.buttons.length === 0) {
      const words = answerButtons(this.manager.language);
      message.buttons = [
        { title: words.yes, payload: words.yes.toLocaleLowerCase() },
        { title: words.no, payload: words.no.toLocaleLowerCase() },
      ];
    }
    this.say(message, skill.name, dialogue.name);
  }

  /** Whether the dialogue has a confirmation (its skill exists). */
  private confirms(dialogue: Dialogue): boolean {
    return dialogue.confirm !== undefined && this.manager.policy.skill(dialogue.confirm) !== undefined;
  }

  /** "O que você quer corrigir?", its count of answers that did not fit at `attempts` (a dialogue coming back there). */
  private askCorrection(dialogue: Dialogue, attempts = 0): void {
    this.setSlot(REQUESTED_SLOT, CORRECTION_STEP, null, attempts > 0 ? { [RESUMED_ATTEMPTS]: attempts } : {});
    this.sayCorrectionQuestion(dialogue);
  }

  /** The labels of the contexts "O que você quer corrigir?" offers: those with a question. */
  private correctionLabels(dialogue: Dialogue): string[] {
    return (dialogue.slots ?? []).filter((slot) => slot.question !== undefined).map((slot) => this.manager.labelOf(slot));
  }

  /** "What do you want to change?" with a button per context asked for, and one to leave. */
  private sayCorrectionQuestion(dialogue: Dialogue): void {
    const words = answerButtons(this.manager.language);
    const buttons = this.correctionLabels(dialogue).map((label) => ({ title: capitalise(label), payload: words.change(label) }));
    buttons.push({ title: words.cancel, payload: words.cancel.toLocaleLowerCase() });
    this.say({ text: slotFillingTexts(this.manager.language).whatToChange, buttons }, UTTER.askCorrection, dialogue.name);
  }

  /** Everything is there (and confirmed): the loop ends and the dialogue's skill answers. */
  private finish(dialogue: Dialogue, flow: string): void {
    this.setSlot(REQUESTED_SLOT, null, null);
    this.emit(activeLoopEvent(null, this.request.now, this.request.metadata));
    const skill = this.manager.policy.skill(dialogue.skill);
    this.answerWith({ dialogue, skill: skill ?? null, isFallback: false }, flow);
    // A skill that hands off to a person ends the conversation's dialogues: nothing comes back.
    if (skill?.handoff === true) this.interrupted = undefined;
    this.resumeInterrupted(dialogue);
  }

  /**
   * The loop of `ended` ended (finished, left, given up): the dialogue it took over comes back —
   * its loop again, a lead-in, and its first missing question (or its confirmation), with the
   * values it had; when it was choosing what to change and nothing is missing, that choice again,
   * its count of answers that did not fit going on. The ended dialogue's values of dialogue
   * lifetime are forgotten, as when another flow answers.
   */
  private resumeInterrupted(ended: Dialogue): void {
    const { name, step } = this.interrupted ?? {};
    this.interrupted = undefined;
    const dialogue = name === undefined ? undefined : this.manager.loopDialogue({ name, requested: null, attempts: 0 });
    if (dialogue === undefined) return;
    const flow = this.manager.policy.flowOf(dialogue.name);
    const endedFlow = this.manager.policy.flowOf(ended.name);
    for (const slot of ended.slots ?? []) {
      const context = slot.context;
      const setByEnded = this.setNow.has(context) || this.filledNow.has(context) || this.state.slotOwners[context] !== flow;
      if (isSet(this.slots[context]) && setByEnded && lifetimeOf(this.manager.contexts, context) === 'dialogue') this.setSlot(context, null, endedFlow);
    }
    this.loopAction(dialogue, { resumed: true });
    this.emit(activeLoopEvent(dialogue.name, this.request.now, this.request.metadata));
    this.say({ text: slotFillingTexts(this.manager.language).resumed }, UTTER.resumed, dialogue.name);
    const complete = (dialogue.slots ?? []).every((slot) => isSet(this.slots[slot.context]));
    if (step?.requested === CORRECTION_STEP && complete && this.confirms(dialogue)) this.askCorrection(dialogue, step.attempts);
    else this.askNext(dialogue);
  }

  /**
   * The user leaves (or the dialogue gives up): the loop ends, what the user answered in it is
   * forgotten, and the dialogue's message for leaving (or a standard one) answers.
   */
  private leave(dialogue: Dialogue, flow: string, why: 'cancelled' | 'gaveUp' | 'missing', label = ''): void {
    const { now, metadata, parse } = this.request;
    this.emit(actionEvent(ACTION_DEACTIVATE_LOOP, now, { policy: POLICY, confidence: parse.intent.confidence, metadata }));
    this.emit(activeLoopEvent(null, now, metadata));
    this.setSlot(REQUESTED_SLOT, null, null);
    for (const slot of dialogue.slots ?? []) {
      const owner = this.filledNow.has(slot.context) ? flow : this.state.slotOwners[slot.context] ?? null;
      if (isSet(this.slots[slot.context]) && owner === flow) this.setSlot(slot.context, null, flow);
    }
    const cancel = why === 'cancelled' && dialogue.cancel !== undefined ? this.manager.policy.skill(dialogue.cancel) : undefined;
    if (cancel !== undefined) this.answerWith({ dialogue: null, skill: cancel, isFallback: false }, null);
    else {
      const texts = slotFillingTexts(this.manager.language);
      const text = why === 'cancelled' ? texts.cancelled : why === 'gaveUp' ? texts.gaveUp : texts.missing(label);
      this.say({ text }, why === 'cancelled' ? UTTER.cancelled : UTTER.gaveUp);
    }
    this.resumeInterrupted(dialogue);
  }

  /** The slot of the dialogue a text names: its label or its context's name, without case or accents. */
  private slotNamed(dialogue: Dialogue, text: string): DialogueSlot | undefined {
    const wanted = normalisePhrase(text);
    if (wanted === '') return undefined;
    const names = (slot: DialogueSlot) => [this.manager.labelOf(slot), slot.context].map(normalisePhrase);
    const slots = (dialogue.slots ?? []).filter((slot) => slot.question !== undefined);
    return slots.find((slot) => names(slot).includes(wanted)) ?? slots.find((slot) => names(slot).some((name) => ` ${wanted} `.includes(` ${name} `)));
  }

  // ——— events ———

  private loopActionEmitted = false;

  /** The loop's own action (Rasa's form action), once per turn. */
  private loopAction(dialogue: Dialogue, extra: EventMetadata = {}): void {
    if (this.loopActionEmitted && Object.keys(extra).length === 0) return;
    this.loopActionEmitted = true;
    this.emit(
      actionEvent(dialogue.name, this.request.now, {
        policy: POLICY,
        confidence: this.request.parse.intent.confidence,
        metadata: { ...this.request.metadata, dialogue: dialogue.name, ...extra },
      }),
    );
  }

  /**
   * The one value the message's entities give a context ("para sexta" for a date, "impressora" for
   * the equipment), or undefined: none, several different ones, or a yes/no context (whose "não"
   * would be the correction's own word).
   */
  private valueSaidFor(name: string): unknown {
    const context = this.manager.contexts.get(name);
    if (context === undefined || context.type === 'boolean') return undefined;
    const kind = context.type === 'text' && context.entity !== undefined ? context.entity : context.name;
    const values = new Map<string, unknown>();
    for (const entity of this.request.parse.entities) {
      const value = entityValueFor(kind, entity);
      if (value !== undefined && value !== null) values.set(JSON.stringify(value), value);
    }
    return values.size === 1 ? [...values.values()][0] : undefined;
  }

  private emitMessageSlots(flow: string | null): void {
    for (const event of this.messageSlots) {
      this.emit(flow === null ? event : { ...event, metadata: { ...(event.metadata ?? {}), dialogue: flow } });
    }
  }

  private setSlot(name: string, value: unknown, flow: string | null, extra: EventMetadata = {}): void {
    this.writableSlots()[name] = value;
    if (name !== REQUESTED_SLOT) this.setNow.add(name);
    this.emit(slotEvent(name, value, this.request.now, { ...this.request.metadata, ...(flow === null ? {} : { dialogue: flow }), ...extra }));
  }

  private render(skill: Skill): BotMessage {
    return runSkill(skill, { slots: this.slots, language: this.manager.language, random: this.request.random, sender: this.request.sender, now: this.request.now });
  }

  private say(message: BotMessage, utterAction: string, dialogue?: string): void {
    this.messages.push(message);
    this.emit(botEvent(message.text ?? null, botEventData(message), this.request.now, { utter_action: utterAction, ...(dialogue === undefined ? {} : { dialogue }), ...this.request.metadata }));
  }

  private emit(event: TrackerEvent): void {
    this.events.push(event);
  }
}
