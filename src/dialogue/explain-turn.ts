// Why the assistant answered as it did, for the console's test chat: the intents the NLU ranked
// with their real scores (a fallback's own entry is the threshold, not a score, so it is left out
// and the threshold is given beside), the entities and the contexts they filled, the dialogue
// that answered and the rule that chose it, the skills that answered, and the contexts after the
// turn. And "why not X?": where a chosen intent stood, its nearest training phrase, and what would
// have to hold for its dialogue to answer. Everything is read from the turn's own record (the
// parse, the state before and after, the events), so the explanation is of the answer given, not
// of a second run. Reasons are codes with parameters: the console words them in its languages.
import type { AssistantContent, Dialogue } from '../assistant/content.js';
import type { NluInterpreter } from '../nlu/interpreter.js';
import { NLU_FALLBACK_INTENT, type ParseResult } from '../nlu/types.js';
import type { ConversationState } from '../tracker/conversation-state.js';
import type { TrackerEvent } from '../tracker/events.js';
import { DialogueManager } from './dialogue-manager.js';

/** How many intents of the ranking an explanation shows. */
export const EXPLAINED_RANKING_LENGTH = 5;

export interface ExplainedEntity {
  entity: string;
  value: unknown;
  /** The words of the message it was read from, when the extractor says where. */
  text: string | null;
  extractor: string | null;
  /** The context this entity filled in this turn, or null when it filled none. */
  filled: string | null;
}

export type TurnDecision =
  /** A follow-up of the dialogue that answered last matched the intent. */
  | { kind: 'followUp'; dialogue: string; parent: string; intent: string; asks: boolean }
  /** The intent's own dialogue answered (`asks`: it starts asking for contexts or a confirmation). */
  | { kind: 'dialogue'; dialogue: string; intent: string; asks: boolean }
  /** The message came while a dialogue was asking: it was read as the answer (or a cancel, a correction…). */
  | { kind: 'slotFilling'; dialogue: string; asked: string | null; filled: string[]; finished: boolean }
  /** The message came while a dialogue was asking, but another dialogue's intent answered; the question comes again. */
  | { kind: 'digression'; dialogue: string; other: string; intent: string }
  /** The fallback answered: the best intent scored below the threshold, or no dialogue answers the intent. */
  | { kind: 'fallback'; reason: 'belowThreshold' | 'noDialogue'; intent: string | null; confidence: number | null }
  /** A person has the conversation: the assistant only listened. */
  | { kind: 'paused' }
  /** Nothing answered (no dialogue and no fallback skill). */
  | { kind: 'none' };

export interface TurnExplanation {
  threshold: number;
  ranking: Array<{ intent: string; confidence: number }>;
  belowThreshold: boolean;
  entities: ExplainedEntity[];
  decision: TurnDecision;
  /** The skills that answered, in order. */
  skills: string[];
  /** Every context with a value after the turn, and those this turn emptied; `changed` when this turn set it. */
  contexts: Array<{ name: string; value: unknown; changed: boolean }>;
  /**
   * For a message that fell back, the share of its probability that went to everyday talk (the
   * NLU's background class) when it is at least `EVERYDAY_TALK_SHARE`; null otherwise.
   */
  everydayTalk: number | null;
}

export interface ExplainTurnInput {
  content: AssistantContent;
  dialogues: DialogueManager;
  threshold: number;
  parse: ParseResult;
  before: ConversationState;
  after: ConversationState;
  events: readonly TrackerEvent[];
  /** The model's interpreter, to tell a fallback read as everyday talk (absent: not told). */
  interpreter?: NluInterpreter;
}

/** The ranking with real scores: the fallback's own entry (the threshold) left out. */
export function realRanking(parse: ParseResult): Array<{ intent: string; confidence: number }> {
  return parse.intent_ranking.filter((entry) => entry.name !== NLU_FALLBACK_INTENT).map((entry) => ({ intent: entry.name, confidence: entry.confidence }));
}

function metadataOf(event: TrackerEvent): Record<string, unknown> {
  const metadata = event['metadata'];
  return typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>) : {};
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export function explainTurn(input: ExplainTurnInput): TurnExplanation {
  const { content, parse, before, after, events } = input;
  const ranking = realRanking(parse);
  const contextNames = new Set(content.contexts.map((context) => context.name));
  const slotEvents = events.filter((event) => event.event === 'slot' && contextNames.has(String(event['name'])));
  const filledNow = new Set(slotEvents.map((event) => String(event['name'])));
  const entities = parse.entities.map((entity): ExplainedEntity => {
    const slot = slotEvents.find((event) => event['name'] === entity.entity && same(event['value'], entity.value));
    const where = entity.end > entity.start ? parse.text.slice(entity.start, entity.end) : null;
    return { entity: entity.entity, value: entity.value, text: where, extractor: entity.extractor, filled: slot === undefined ? null : entity.entity };
  });
  const skillNames = new Set(content.skills.map((skill) => skill.name));
  const skills: string[] = [];
  for (const event of events) {
    const metadata = metadataOf(event);
    const name = event.event === 'bot' ? metadata['utter_action'] : event.event === 'action' ? (metadata['skill'] ?? event['name']) : undefined;
    if (typeof name === 'string' && skillNames.has(name) && !skills.includes(name)) skills.push(name);
  }
  const contexts: TurnExplanation['contexts'] = [];
  for (const name of contextNames) {
    const value = after.slots[name] ?? null;
    const changed = filledNow.has(name) && !same(before.slots[name], value);
    if (value !== null || changed) contexts.push({ name, value, changed });
  }
  return {
    threshold: input.threshold,
    ranking: ranking.slice(0, EXPLAINED_RANKING_LENGTH),
    belowThreshold: parse.intent.name === NLU_FALLBACK_INTENT,
    entities,
    decision: decide(input, filledNow, skills),
    skills,
    contexts,
    everydayTalk: parse.intent.name === NLU_FALLBACK_INTENT && input.interpreter ? everydayTalkShare(input.interpreter, parse.text) : null,
  };
}

/**
 * The share of a message's probability that went to everyday talk, when it is at least
 * `EVERYDAY_TALK_SHARE` (null below): the lexical classifier's (a parse blended with the semantic
 * provider gave the background half of it).
 */
function everydayTalkShare(interpreter: NluInterpreter, text: string): number | null {
  const share = interpreter.everydayShare(text);
  return share >= EVERYDAY_TALK_SHARE ? share : null;
}

function decide(input: ExplainTurnInput, filledNow: ReadonlySet<string>, skills: readonly string[]): TurnDecision {
  const { dialogues, parse, before, after, events } = input;
  if (before.paused) return { kind: 'paused' };
  const asking = dialogues.loopDialogue(before.activeLoop);
  if (asking !== undefined && before.activeLoop !== null) {
    const rejected = events.some((event) => event.event === 'action_execution_rejected');
    if (rejected) {
      const other = events.map(metadataOf).map((metadata) => metadata['dialogue']).find((name) => typeof name === 'string' && name !== asking.name);
      if (typeof other === 'string') return { kind: 'digression', dialogue: asking.name, other, intent: parse.intent.name };
    }
    // The follow-up of a side question asked while the dialogue asked (the dialogue's question comes again after it).
    const side = before.activeLoop.sideDialogue;
    const followUp = side === undefined ? undefined : dialogues.policy.followUp(parse.intent.name, side);
    if (side !== undefined && followUp?.dialogue && events.some((event) => event.event === 'action' && metadataOf(event)['dialogue'] === followUp.dialogue?.name)) {
      return { kind: 'followUp', dialogue: followUp.dialogue.name, parent: side, intent: parse.intent.name, asks: DialogueManager.asks(followUp.dialogue) };
    }
    const askedContext = (asking.slots ?? []).some((slot) => slot.context === before.activeLoop?.requested) ? (before.activeLoop.requested ?? null) : null;
    const filled = (asking.slots ?? []).map((slot) => slot.context).filter((name) => filledNow.has(name));
    return { kind: 'slotFilling', dialogue: asking.name, asked: askedContext, filled, finished: after.activeLoop === null };
  }
  const choice = dialogues.policy.next(parse.intent.name, before.previousDialogue);
  if (choice.dialogue) {
    const asks = DialogueManager.asks(choice.dialogue);
    if (choice.dialogue.followUpOf !== undefined && choice.dialogue.followUpOf === before.previousDialogue) {
      return { kind: 'followUp', dialogue: choice.dialogue.name, parent: choice.dialogue.followUpOf, intent: parse.intent.name, asks };
    }
    return { kind: 'dialogue', dialogue: choice.dialogue.name, intent: parse.intent.name, asks };
  }
  if (choice.skill === null && skills.length === 0) return { kind: 'none' };
  const best = realRanking(parse)[0];
  if (parse.intent.name === NLU_FALLBACK_INTENT) return { kind: 'fallback', reason: 'belowThreshold', intent: best?.intent ?? null, confidence: best?.confidence ?? null };
  return { kind: 'fallback', reason: 'noDialogue', intent: parse.intent.name, confidence: parse.intent.confidence };
}

export type WhyNotReason =
  /** It is what the assistant understood. */
  | { code: 'chosen' }
  /** Another intent scored higher. */
  | { code: 'outscored'; by: string; confidence: number }
  /** Even first, its score is below the threshold: the fallback would answer. */
  | { code: 'belowThreshold'; confidence: number; threshold: number }
  /** Not among the intents the NLU ranked for this message at all. */
  | { code: 'notRanked' }
  /** No dialogue answers it: the fallback would answer even if it won. */
  | { code: 'noDialogue' }
  /** Only follow-ups answer it: it answers only right after one of these dialogues. */
  | { code: 'onlyFollowUp'; parents: string[] }
  /** Most of the message's probability went to everyday talk (the NLU's background class). */
  | { code: 'everydayTalk'; share: number };

/** From this share of its probability on, a message reads as everyday talk rather than as any intent. */
export const EVERYDAY_TALK_SHARE = 0.5;

export interface WhyNot {
  intent: string;
  /** Its place among the ranked intents (1 = first), null when not ranked. */
  rank: number | null;
  confidence: number | null;
  threshold: number;
  understood: { intent: string; confidence: number } | null;
  /** The training phrase of the intent nearest to the message, with its similarity (0–1). */
  nearest: { text: string; similarity: number } | null;
  /** The same for the intent understood, to compare. */
  understoodNearest: { text: string; similarity: number } | null;
  dialogues: Array<{ name: string; followUpOf: string | null }>;
  reasons: WhyNotReason[];
}

/** Why the message was not understood as `intent`, from the parse that answered it. */
export function whyNot(input: { interpreter: NluInterpreter; content: AssistantContent; parse: ParseResult; threshold: number; intent: string }): WhyNot {
  const { interpreter, content, parse, threshold, intent } = input;
  const ranking = realRanking(parse);
  const position = ranking.findIndex((entry) => entry.intent === intent);
  const entry = position < 0 ? undefined : ranking[position];
  const understood = parse.intent.name === NLU_FALLBACK_INTENT ? null : { intent: parse.intent.name, confidence: parse.intent.confidence };
  const dialogues = content.dialogues.filter((dialogue: Dialogue) => dialogue.intents.includes(intent)).map((dialogue) => ({ name: dialogue.name, followUpOf: dialogue.followUpOf ?? null }));
  const reasons: WhyNotReason[] = [];
  if (understood?.intent === intent) reasons.push({ code: 'chosen' });
  else if (entry === undefined) reasons.push({ code: 'notRanked' });
  else {
    const top = ranking[0];
    if (top !== undefined && top.intent !== intent) reasons.push({ code: 'outscored', by: top.intent, confidence: top.confidence });
    if (entry.confidence < threshold) reasons.push({ code: 'belowThreshold', confidence: entry.confidence, threshold });
  }
  // Only for a message that fell back: one an intent answered did not read as everyday talk.
  const share = understood === null ? everydayTalkShare(interpreter, parse.text) : null;
  if (share !== null) reasons.push({ code: 'everydayTalk', share });
  if (dialogues.length === 0) reasons.push({ code: 'noDialogue' });
  else if (dialogues.every((dialogue) => dialogue.followUpOf !== null)) reasons.push({ code: 'onlyFollowUp', parents: [...new Set(dialogues.map((dialogue) => dialogue.followUpOf as string))] });
  const nearestOf = (name: string) => interpreter.nearestPhrase(parse.text, name) ?? null;
  const best = understood?.intent ?? ranking[0]?.intent;
  return {
    intent,
    rank: position < 0 ? null : position + 1,
    confidence: entry?.confidence ?? null,
    threshold,
    understood,
    nearest: nearestOf(intent),
    understoodNearest: best === undefined || best === intent ? null : nearestOf(best),
    dialogues,
    reasons,
  };
}
