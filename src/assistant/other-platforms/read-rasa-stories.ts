// Rasa rules and simple stories → dialogues. A rule "intent → utter_ response" is a dialogue; a
// story is a chain of such pairs, each after the first a follow-up of the one before (what our
// dialogue policy answers right after a dialogue). Anything else in a rule or story — custom
// actions, forms, slot events, checkpoints, conditions, two responses to one message — ends what
// can be kept of it, and the report says where and why. A retrieval intent's base answered by its
// retrieval response (`faq` → `utter_faq`) is one dialogue per retrieval intent, each answered by
// its own response (`faq/ask_name` → `utter_faq/ask_name`), as Rasa's response selector picks it.
import type { AssistantContent, Dialogue } from '../content.js';
import { plural, reportLine, type ImportReport, type ReportCode, type ReportParams, type ReportReason, type ReportSubject } from './import-report.js';
import { list, record, scalarText, type Json } from './read-rasa-domain.js';
import { retrievalIntent } from './read-rasa-nlu-file.js';

const NLU_FALLBACK = 'nlu_fallback';

/** One step read: the intents a user step accepts, or the response an action step utters. */
type Step = { kind: 'user'; intents: string[] } | { kind: 'response'; name: string } | { kind: 'other'; code: ReportCode; params?: ReportParams };

/** A step's `entities` as written: `size=small`, or the entity alone (`- size`). */
function entitiesOf(value: unknown): string[] {
  return list(value).flatMap((item) => {
    const name = scalarText(item);
    if (name !== undefined) return [name];
    const entity = record(item) ?? {};
    // `{entity: size, value: small}` or `size: small`.
    const named = scalarText(entity['entity']);
    if (named !== undefined) return [entity['value'] === undefined ? named : `${named}=${scalarText(entity['value']) ?? JSON.stringify(entity['value'])}`];
    return Object.entries(entity).map(([key, entityValue]) => `${key}=${scalarText(entityValue) ?? JSON.stringify(entityValue)}`);
  });
}

function readStep(raw: unknown): Step {
  const step = record(raw) ?? {};
  const intent = scalarText(step['intent']);
  // A dialogue answers an intent whatever its entities: a step that needs them cannot be carried
  // (two stories, inform{size: small} and inform{size: large}, would become one dialogue).
  const entities = entitiesOf(step['entities']);
  if (intent !== undefined && entities.length > 0) return { kind: 'other', code: 'step_entities', params: { intent, entities: entities.join(', ') } };
  if (intent !== undefined) return { kind: 'user', intents: [intent] };
  if (Array.isArray(step['or'])) {
    const intents = list(step['or']).map((choice) => scalarText(record(choice)?.['intent']));
    if (intents.every((name): name is string => name !== undefined)) return { kind: 'user', intents };
    return { kind: 'other', code: 'step_or' };
  }
  const action = scalarText(step['action']);
  if (action?.startsWith('utter_')) return { kind: 'response', name: action };
  if (action !== undefined) return { kind: 'other', code: 'step_action', params: { action } };
  const key = Object.keys(step)[0] ?? 'an empty step';
  return { kind: 'other', code: 'step_key', params: { key } };
}

export class RasaDialogues {
  private readonly names = new Set<string>();
  /** Each retrieval intent's base (`faq`) → its retrieval intents as the NLU data names them (`faq/ask_name`). */
  private readonly retrieval = new Map<string, string[]>();
  /** The bases a rule or story answers. */
  private readonly answeredBases = new Set<string>();

  constructor(
    private readonly content: AssistantContent,
    private readonly report: ImportReport,
    private readonly intentNames: Record<string, string>,
  ) {
    for (const original of Object.keys(intentNames)) {
      const split = retrievalIntent(original);
      if (split) this.retrieval.set(split.base, [...(this.retrieval.get(split.base) ?? []), original]);
    }
  }

  /** Whether the intent is a retrieval intent's base (`faq` of `faq/ask_name`), which has no examples of its own. */
  isRetrievalBase(intent: string): boolean {
    return this.retrieval.has(intent);
  }

  /**
   * "faq → utter_faq": each retrieval intent of faq gets a dialogue answered by its own response
   * (`faq/ask_name` → `utter_faq/ask_name`), as Rasa's response selector picks it. Returns the
   * number of dialogues that answer them.
   */
  private readRetrieval(base: string, followUpOf: string | undefined, name: string, stepItem: ReportSubject, kind: 'rule' | 'story'): number {
    this.answeredBases.add(base);
    let made = 0;
    for (const original of this.retrieval.get(base) ?? []) {
      const response = `utter_${original}`;
      const intent = this.intentNames[original] ?? original;
      if (!this.content.skills.some((skill) => skill.name === response)) {
        this.skipped(['intent', { name: original }], 'retrieval_response_missing', { response });
        continue;
      }
      const before = this.content.dialogues.length;
      const dialogue = this.dialogueFor([original], response, followUpOf, `${name}: ${intent}`);
      if (!('skill' in dialogue)) {
        this.skipped(stepItem, dialogue.code, { ...dialogue.params, kind });
        continue;
      }
      made += 1;
      // Said once, by the first rule or story that answers it.
      if (this.content.dialogues.length > before) this.report.lines.push(reportLine('kept', ['intent', { name: original }], 'retrieval_answered', { response, dialogue: dialogue.name, base }));
    }
    return made;
  }

  /** Retrieval bases no rule or story answers: their intents have no dialogue, as Rasa would not answer them either. */
  reportUnansweredRetrieval(): void {
    for (const base of this.retrieval.keys()) if (!this.answeredBases.has(base)) this.skipped(['intent', { name: base }], 'retrieval_unanswered');
  }

  private skipped(item: ReportSubject, code: ReportCode, params?: ReportParams, detail?: string): void {
    this.report.lines.push(reportLine('skipped', item, code, params, detail));
  }

  private uniqueName(wanted: string): string {
    const base = wanted.trim().slice(0, 90) || 'dialogue';
    let name = base;
    for (let index = 2; this.names.has(name) || this.content.dialogues.some((dialogue) => dialogue.name === name); index += 1) name = `${base} ${index}`;
    this.names.add(name);
    return name;
  }

  /**
   * The dialogue answering these intents with this response after `followUpOf`: an existing one
   * (another rule or story said the same), a new one, or the reason there can be none.
   */
  private dialogueFor(intents: string[], response: string, followUpOf: string | undefined, name: string, onLeftOut?: (reason: ReportReason) => void): Dialogue | ReportReason {
    const mapped = intents.map((intent) => this.intentNames[intent] ?? intent);
    const missing = mapped.find((intent) => !this.content.intents.some((candidate) => candidate.name === intent));
    if (missing !== undefined) return { code: 'step_intent_no_examples', params: { intent: missing } };
    if (!this.content.skills.some((skill) => skill.name === response)) return { code: 'step_response_missing', params: { response } };
    const answering = (intent: string) => this.content.dialogues.find((dialogue) => dialogue.followUpOf === followUpOf && dialogue.intents.includes(intent));
    const same = new Set<Dialogue>();
    const other = new Map<Dialogue, string[]>();
    const free: string[] = [];
    for (const intent of mapped) {
      const existing = answering(intent);
      if (existing === undefined) free.push(intent);
      else if (existing.skill === response) same.add(existing);
      else other.set(existing, [...(other.get(existing) ?? []), intent]);
    }
    const reason = (existing: Dialogue, taken: string[], partly: boolean): ReportReason => {
      const params = { intents: taken.join('", "'), skill: existing.skill, dialogue: existing.name };
      if (followUpOf) return { code: partly ? 'step_or_answered_after' : 'step_intent_answered_after', params: { ...params, after: followUpOf } };
      return { code: partly ? 'step_or_answered' : 'step_intent_answered', params };
    };
    // Every intent answered here by another response: nothing of the step can be kept.
    const [firstOther] = other;
    if (free.length === 0 && same.size === 0 && firstOther) return reason(firstOther[0], mapped, false);
    // An intent answered here by another response is left out of an "or" step (one intent, one
    // answer at one place), and the step answers its other intents.
    for (const [existing, taken] of other) onLeftOut?.(reason(existing, taken, true));
    // Answered here already by this response (another rule or story said the same): that dialogue.
    const [first] = same;
    if (free.length === 0 && first) return first;
    const dialogue: Dialogue = { name: this.uniqueName(name), intents: free, skill: response, ...(followUpOf ? { followUpOf } : {}) };
    this.content.dialogues.push(dialogue);
    return dialogue;
  }

  private readSteps(kind: 'rule' | 'story', item: Json, index: number): void {
    const written = scalarText(item[kind]);
    const title = written ?? `${kind} ${index + 1}`;
    // Unnamed, the item is said by its number, so the console says the fixed words in its language.
    const subject = (step?: number): ReportSubject => {
      const params = { name: title, ...(written === undefined ? { number: index + 1 } : {}), ...(step === undefined ? {} : { step }) };
      if (written !== undefined) return [step === undefined ? kind : `${kind}_step`, params];
      return [step === undefined ? `${kind}_unnamed` : `${kind}_unnamed_step`, params];
    };
    const where = subject();
    if (kind === 'rule') {
      for (const key of ['condition', 'conversation_start', 'wait_for_user_input']) {
        if (item[key] !== undefined && item[key] !== false && !(key === 'wait_for_user_input' && item[key] === true)) {
          this.skipped(where, 'key_no_equivalent', { key });
          return;
        }
      }
    }
    const steps = list(item['steps']).map(readStep);
    // The fallback rule: "nlu_fallback → utter_x" makes utter_x the fallback skill.
    const [first, second] = steps;
    if (first?.kind === 'user' && first.intents.includes(NLU_FALLBACK) && second?.kind === 'response') {
      this.setFallback(second.name, where);
      return;
    }
    let previous: Dialogue | undefined;
    let kept = 0;
    for (let at = 0; at < steps.length; at += 2) {
      const user = steps[at];
      const answer = steps[at + 1];
      const stepItem = subject(at + 1);
      if (user?.kind !== 'user') {
        // A rule that starts with an action applies after the bot's action, not on a message:
        // a dialogue starts with an intent, so none of it can be kept.
        const action = user?.kind === 'response' ? user.name : user?.code === 'step_action' ? String(user.params?.['action']) : undefined;
        if (at === 0 && action !== undefined) this.skipped(stepItem, 'step_starts_with_action', { action, kind });
        else if (user?.kind === 'other') this.skipped(stepItem, user.code, { ...user.params, kind });
        else this.skipped(stepItem, 'two_responses', { kind });
        break;
      }
      if (answer?.kind !== 'response') {
        if (answer === undefined) this.skipped(stepItem, 'intent_without_response');
        else if (answer.kind === 'other') this.skipped(stepItem, answer.code, { ...answer.params, kind });
        else this.skipped(stepItem, 'two_messages');
        break;
      }
      // An untitled rule's dialogues are named after the intent they answer ("greet", "greet (2)"):
      // words of no language, unlike "rule 3", and what the dialogue list needs to tell them apart.
      const base = written ?? (steps[0]?.kind === 'user' ? steps[0].intents.map((intent) => this.intentNames[intent] ?? intent).join(', ') : title);
      const name = previous ? `${base} (${at / 2 + 1})` : base;
      const [only] = user.intents;
      if (user.intents.length === 1 && only !== undefined && this.isRetrievalBase(only) && answer.name === `utter_${only}`) {
        kept += this.readRetrieval(only, previous?.name, name, stepItem, kind);
        if (at + 2 < steps.length) this.skipped(subject(at + 3), 'retrieval_follow_ups', { base: only, kind });
        break;
      }
      // A retrieval intent's base answered by one response stands for all its retrieval intents.
      const intents = user.intents.flatMap((intent) => {
        const retrieval = this.retrieval.get(intent);
        if (retrieval) this.answeredBases.add(intent);
        return retrieval ?? [intent];
      });
      const dialogue = this.dialogueFor(intents, answer.name, previous?.name, name, (reason) => this.skipped(stepItem, reason.code, { ...reason.params, kind }));
      if (!('skill' in dialogue)) {
        this.skipped(stepItem, dialogue.code, { ...dialogue.params, kind });
        break;
      }
      kept += 1;
      previous = dialogue;
    }
    if (kept > 0) this.report.lines.push(reportLine('kept', where, 'steps_kept', { count: kept }, `${kept} dialogue step${plural(kept)} (intent → response${kept > 1 ? ', then follow-ups' : ''})`));
  }

  setFallback(response: string, where: ReportSubject): void {
    const skill = this.content.skills.find((candidate) => candidate.name === response);
    if (!skill || skill.kind === 'image' || this.content.skills.some((candidate) => candidate.fallback)) {
      this.skipped(where, skill ? 'fallback_taken' : 'response_not_in_domain', skill ? undefined : { response });
      return;
    }
    skill.fallback = true;
    this.report.lines.push(reportLine('kept', where, 'fallback_kept', { skill: response }));
  }

  readRules(rules: unknown): void {
    list(rules).forEach((rule, index) => this.readSteps('rule', record(rule) ?? {}, index));
  }

  readStories(stories: unknown): void {
    list(stories).forEach((story, index) => this.readSteps('story', record(story) ?? {}, index));
  }
}
