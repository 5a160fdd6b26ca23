// Flow checks: what the content allows but the conversation would trip on, as warnings at the item
// and field concerned (the console shows them at the item's form; trainings and file imports list
// them). Nothing here blocks a save or a training:
// - a button whose value no intent or dialogue handles where the button is shown (the fallback
//   would answer), or that does not answer the question it is offered for;
// - a follow-up that can never answer (its main dialogue continues as another one, or is never reached);
// - a {placeholder} of a context that does not exist, or a skill whose every text would lose a
//   placeholder that may be unset (a broken sentence);
// - a context a dialogue needs that nothing can fill;
// - loops: follow-ups that lead back to where they started, presets of questions (ignored while asking).
import { correctionTarget, isCancelRequest, readYesNo } from './answer-words.js';
import { normalisePhrase, type ContentList } from './check-content.js';
import type { AssistantContent, Button, Condition, Context, Dialogue, DialogueSlot, Skill } from './content.js';
import { contextsNamedIn, isBuiltIn, placeholdersOf, replacePlaceholders, tidyEmptiedText } from './placeholders.js';
import { readTypedAnswer, type AnswerProblem } from './read-answer.js';

export interface FlowWarning {
  list: ContentList;
  /** The item's name. */
  name: string;
  /** The field inside the item, as content problems name it (`buttons.1.payload`). */
  field: string;
  message: string;
  /** A stable code and the values it names (src/admin-api/problem-codes.ts), for clients that translate. */
  code: string;
  params?: Record<string, string>;
}

export interface Understanding {
  intent: string;
  confidence: number;
}

export interface FlowCheckOptions {
  /** The assistant's language: yes/no and "cancel" words. */
  language: string;
  /**
   * What the assistant understands a text as (the trained NLU, with the accuracy threshold:
   * `nlu_fallback` below it). Without it, a text is understood only when it is a phrase of an intent.
   */
  understand?: (text: string) => Understanding;
}

const NLU_FALLBACK = 'nlu_fallback';
const INTENT_PAYLOAD = /^\/([^{}\s/]+)(\{.*\})?$/s;

/** Where a skill's answer is shown, which decides what its buttons and placeholders may count on. */
type Place =
  | { kind: 'answer'; dialogue: Dialogue | null; after: string | null }
  | { kind: 'question' | 'invalid'; dialogue: Dialogue; slot: DialogueSlot; index: number }
  | { kind: 'confirm'; dialogue: Dialogue }
  | { kind: 'cancel'; dialogue: Dialogue; after: string | null };

class FlowIndex {
  readonly skills = new Map<string, Skill>();
  readonly dialogues = new Map<string, Dialogue>();
  readonly contexts = new Map<string, Context>();
  readonly places = new Map<string, Place[]>();

  constructor(readonly content: AssistantContent) {
    for (const skill of content.skills) if (!this.skills.has(skill.name)) this.skills.set(skill.name, skill);
    for (const dialogue of content.dialogues) if (!this.dialogues.has(dialogue.name)) this.dialogues.set(dialogue.name, dialogue);
    for (const context of content.contexts) if (!this.contexts.has(context.name)) this.contexts.set(context.name, context);
    const fallback = content.skills.find((skill) => skill.fallback);
    if (fallback) this.place(fallback.name, { kind: 'answer', dialogue: null, after: fallback.preset?.dialogue ?? null });
    for (const dialogue of content.dialogues) {
      this.place(dialogue.skill, { kind: 'answer', dialogue, after: this.after(dialogue) });
      dialogue.slots?.forEach((slot, index) => {
        if (slot.question !== undefined) this.place(slot.question, { kind: 'question', dialogue, slot, index });
        if (slot.invalid !== undefined) this.place(slot.invalid, { kind: 'invalid', dialogue, slot, index });
      });
      if (dialogue.confirm !== undefined) this.place(dialogue.confirm, { kind: 'confirm', dialogue });
      if (dialogue.cancel !== undefined) this.place(dialogue.cancel, { kind: 'cancel', dialogue, after: this.skills.get(dialogue.cancel)?.preset?.dialogue ?? null });
    }
  }

  private place(skill: string, place: Place): void {
    const list = this.places.get(skill);
    if (list) list.push(place);
    else this.places.set(skill, [place]);
  }

  /** The dialogue the conversation continues from after `dialogue` answered: its skill's preset, or itself. */
  after(dialogue: Dialogue): string {
    return this.skills.get(dialogue.skill)?.preset?.dialogue ?? dialogue.name;
  }

  /** The dialogue that answers `intent` right after `previous` answered, as the dialogue policy picks it. */
  answering(intent: string, previous: string | null): Dialogue | undefined {
    const followUp = previous === null ? undefined : this.content.dialogues.find((dialogue) => dialogue.followUpOf === previous && dialogue.intents.includes(intent));
    return followUp ?? this.content.dialogues.find((dialogue) => dialogue.followUpOf === undefined && dialogue.intents.includes(intent));
  }
}

function percent(confidence: number): string {
  return `${Math.round(confidence * 100)} %`;
}

/** A text understood from an intent's phrases alone, when no trained NLU is at hand. */
function phraseUnderstanding(content: AssistantContent): (text: string) => Understanding | undefined {
  const byPhrase = new Map<string, string>();
  for (const intent of content.intents) {
    for (const phrase of intent.phrases) {
      const key = normalisePhrase(phrase.text);
      if (!byPhrase.has(key)) byPhrase.set(key, intent.name);
    }
  }
  return (text) => {
    const intent = byPhrase.get(normalisePhrase(text));
    return intent === undefined ? undefined : { intent, confidence: 1 };
  };
}

function describeProblem(problem: AnswerProblem): string {
  switch (problem.kind) {
    case 'values':
      return `it is not one of its values (${problem.values.join(', ')})`;
    case 'boolean':
      return 'it is neither a yes nor a no';
    case 'number':
      return `it is not a number${problem.min !== undefined && problem.max !== undefined ? ` from ${problem.min} to ${problem.max}` : problem.min !== undefined ? ` of at least ${problem.min}` : problem.max !== undefined ? ` of at most ${problem.max}` : ''}`;
    case 'entity':
      return `it is not a ${problem.entity}`;
    case 'text':
      return 'it is empty';
  }
}

function buttonTitle(skill: Skill, at: number): string {
  return skill.buttons?.[at]?.title ?? '';
}

function checkButtons(index: FlowIndex, skill: Skill, options: FlowCheckOptions, out: FlowWarning[]): void {
  const buttons = skill.kind === 'buttons' ? skill.buttons ?? [] : [];
  const places = index.places.get(skill.name) ?? [];
  if (buttons.length === 0 || places.length === 0) return;
  const fromPhrases = phraseUnderstanding(index.content);
  const understand = (text: string): Understanding | undefined => options.understand?.(text) ?? fromPhrases(text);
  const warn = (at: number, message: string, code: string, params: Record<string, string>): void => {
    if (!out.some((warning) => warning.list === 'skills' && warning.name === skill.name && warning.field === `buttons.${at}.payload` && warning.message === message)) {
      out.push({ list: 'skills', name: skill.name, field: `buttons.${at}.payload`, message, code, params: { button: buttonTitle(skill, at), ...params } });
    }
  };
  buttons.forEach((button: Button, at) => {
    const label = `button "${button.title}" (value "${button.payload}")`;
    for (const place of places) {
      if (place.kind === 'question' || place.kind === 'invalid') {
        const context = index.contexts.get(place.slot.context);
        if (context === undefined || isCancelRequest(button.payload, options.language)) continue;
        const reading = readTypedAnswer(context, button.payload, options.language);
        if (reading !== undefined && 'problem' in reading) {
          warn(at, `${label} does not answer the question for context "${context.name}" of dialogue "${place.dialogue.name}": ${describeProblem(reading.problem)}; the assistant would ask again`, 'button_not_an_answer', { context: context.name, dialogue: place.dialogue.name });
        }
        continue;
      }
      if (place.kind === 'confirm') {
        const { payload } = button;
        if (readYesNo(payload, options.language) === undefined && !isCancelRequest(payload, options.language) && correctionTarget(payload, options.language) === undefined) {
          warn(at, `${label} of the confirmation of dialogue "${place.dialogue.name}" is neither a yes nor a no; the assistant would ask again`, 'button_not_yes_no', { dialogue: place.dialogue.name });
        }
        continue;
      }
      if (place.kind !== 'answer' && place.kind !== 'cancel') continue;
      const after = place.after;
      const where = after === null ? 'at any time' : `after dialogue "${after}" nor at any time`;
      const payload = INTENT_PAYLOAD.exec(button.payload.trim());
      let intent: string;
      let understood = '';
      if (payload) {
        intent = payload[1] ?? '';
        if (!index.content.intents.some((candidate) => candidate.name === intent)) {
          warn(at, `${label} names the intent "${intent}", which does not exist; the fallback skill would answer`, 'button_unknown_intent', { intent });
          continue;
        }
      } else {
        const understanding = understand(button.payload);
        if (understanding === undefined) continue;
        if (understanding.intent === NLU_FALLBACK) {
          warn(at, `${label}: the assistant does not understand this value (below the accuracy threshold), so the fallback skill would answer; use a phrase of the intent that should answer it, or /intent_name`, 'button_not_understood', {});
          continue;
        }
        intent = understanding.intent;
        understood = options.understand === undefined ? ' (one of its phrases)' : ` (${percent(understanding.confidence)})`;
      }
      if (index.answering(intent, after) === undefined) {
        const fix = after === null ? `add a dialogue that answers "${intent}"` : `add a dialogue that answers "${intent}" as a follow-up of "${after}"`;
        warn(at, `${label} is understood as intent "${intent}"${understood}, but no dialogue answers "${intent}" ${where}: the fallback skill would answer; ${fix}`, after === null ? 'button_unanswered' : 'button_unanswered_after', { intent, after: after ?? '' });
      }
    }
  });
}

/** The contexts surely set wherever the skill answers (asked before it in its dialogue). */
function guaranteedContexts(index: FlowIndex, skill: Skill): Set<string> | undefined {
  const places = index.places.get(skill.name) ?? [];
  if (places.length === 0) return undefined;
  let guaranteed: Set<string> | undefined;
  for (const place of places) {
    let here: string[] = [];
    if (place.kind === 'answer' || place.kind === 'confirm') here = (place.dialogue?.slots ?? []).map((slot) => slot.context);
    else if (place.kind === 'question' || place.kind === 'invalid') here = (place.dialogue.slots ?? []).slice(0, place.index).map((slot) => slot.context);
    guaranteed = guaranteed === undefined ? new Set(here) : new Set(here.filter((name) => guaranteed?.has(name)));
  }
  return guaranteed;
}

/** What a text reads with its placeholders of `unset` contexts empty, tidied as the skills tidy it. */
function withoutValues(text: string, unset: ReadonlySet<string>): string {
  return tidyEmptiedText(replacePlaceholders(text, (placeholder) => (unset.has(placeholder.name) ? '' : `{${placeholder.name}}`)));
}

function conditionSets(condition: Condition): boolean {
  return condition.operator !== 'notSet';
}

function checkPlaceholders(index: FlowIndex, skill: Skill, out: FlowWarning[]): void {
  const check = (field: string, texts: readonly string[]): void => {
    texts.forEach((text, at) => {
      for (const placeholder of placeholdersOf(text)) {
        if (isBuiltIn(placeholder.name) || placeholder.name.startsWith('$') || index.contexts.has(placeholder.name)) continue;
        out.push({ list: 'skills', name: skill.name, field: `${field}.${at}`, message: `placeholder {${placeholder.name}} names no context: it is always empty; create the context or remove the placeholder`, code: 'placeholder_unknown', params: { name: placeholder.name } });
      }
    });
  };
  check('texts', skill.texts);
  skill.variants?.forEach((variant, at) => check(`variants.${at}.texts`, variant.texts));

  const guaranteed = guaranteedContexts(index, skill);
  if (guaranteed === undefined || skill.texts.length === 0) return;
  // The default variant answers whenever no variant applies: one of its texts must read well
  // without the contexts that may be unset there. Contexts a variant's conditions require are
  // set whenever that variant answers, and a variant that has no fitting text is passed over.
  const risky = skill.texts.map((text) => contextsNamedIn(text).filter((name) => !guaranteed.has(name)));
  if (risky.every((names) => names.length > 0)) {
    const names = [...new Set(risky.flat())];
    const unset = new Set(names);
    const example = skill.texts[0] ?? '';
    const covered = names.every((name) => skill.variants?.some((variant) => variant.when.some((condition) => condition.context === name && conditionSets(condition))));
    const hint = covered
      ? 'add a text without it to the default texts (a variant covers only the case where it is set)'
      : `add a text without ${names.length === 1 ? 'it' : 'them'}, or a variant for when ${names.length === 1 ? 'it is' : 'they are'} set`;
    out.push({
      list: 'skills',
      name: skill.name,
      field: 'texts',
      message: `every text uses ${names.map((name) => `{${name}}`).join(', ')}, which may be unset when this skill answers ("${example}" would read "${withoutValues(example, unset)}"); ${hint}`,
      code: 'placeholders_may_be_unset',
      params: { names: names.map((name) => `{${name}}`).join(', '), example: withoutValues(example, unset) },
    });
  }
}

function checkDialogueSlots(index: FlowIndex, dialogue: Dialogue, out: FlowWarning[]): void {
  dialogue.slots?.forEach((slot, at) => {
    const question = slot.question === undefined ? undefined : index.skills.get(slot.question);
    if (question?.preset !== undefined) {
      out.push({ list: 'dialogues', name: dialogue.name, field: `slots.${at}.question`, message: `the preset of skill "${question.name}" is ignored while the dialogue asks: the answer goes to context "${slot.context}"`, code: 'preset_ignored', params: { skill: question.name, context: slot.context } });
    }
    if (slot.question !== undefined) return;
    const context = index.contexts.get(slot.context);
    if (context === undefined) return;
    const recognised = context.type !== 'text' || context.values.length > 0 || context.entity !== undefined;
    const linked = index.content.intents.some((intent) => dialogue.intents.includes(intent.name) && intent.phrases.some((phrase) => phrase.entities?.some((entity) => entity.entity === context.name)));
    const preset = index.content.skills.some((skill) => skill.preset?.context?.name === context.name);
    if (!recognised && !linked && !preset) {
      out.push({
        list: 'dialogues',
        name: dialogue.name,
        field: `slots.${at}.context`,
        message: `this dialogue needs context "${context.name}", but nothing can fill it: no question asks for it, no phrase of its intents links it and no skill presets it, so only the conversations API could set it; add a question`,
        code: 'context_never_filled',
        params: { context: context.name },
      });
    }
  });
}

function checkReachability(index: FlowIndex, out: FlowWarning[]): void {
  const { content } = index;
  const previous = new Set<string>();
  const reached = new Set<string>();
  const reach = (dialogue: Dialogue): void => {
    if (reached.has(dialogue.name)) return;
    reached.add(dialogue.name);
    previous.add(index.after(dialogue));
  };
  for (const dialogue of content.dialogues) if (dialogue.followUpOf === undefined) reach(dialogue);
  for (const skill of content.skills) {
    // The fallback and the message for leaving answer without a dialogue: their presets count.
    if (skill.preset?.dialogue !== undefined && (skill.fallback || content.dialogues.some((dialogue) => dialogue.cancel === skill.name))) previous.add(skill.preset.dialogue);
  }
  let grew = true;
  while (grew) {
    grew = false;
    for (const dialogue of content.dialogues) {
      if (dialogue.followUpOf !== undefined && !reached.has(dialogue.name) && previous.has(dialogue.followUpOf)) {
        reach(dialogue);
        grew = true;
      }
    }
  }
  for (const dialogue of content.dialogues) {
    if (dialogue.followUpOf === undefined || reached.has(dialogue.name)) continue;
    const parent = index.dialogues.get(dialogue.followUpOf);
    if (parent === undefined) continue;
    const continues = index.after(parent);
    const reason = reached.has(parent.name) && continues !== parent.name
      ? `after dialogue "${parent.name}" the conversation continues as "${continues}" (the preset of its skill "${parent.skill}")`
      : `dialogue "${parent.name}" is never reached`;
    out.push({ list: 'dialogues', name: dialogue.name, field: 'followUpOf', message: `this follow-up never answers: ${reason}`, code: 'follow_up_never_answers', params: { parent: parent.name } });
  }
}

/** Follow-ups that lead back to the dialogue they follow: the user goes round until saying something else. */
function checkLoops(index: FlowIndex, out: FlowWarning[]): void {
  const edges = new Map<string, Dialogue[]>();
  for (const dialogue of index.content.dialogues) {
    if (dialogue.followUpOf === undefined) continue;
    const list = edges.get(dialogue.followUpOf);
    if (list) list.push(dialogue);
    else edges.set(dialogue.followUpOf, [dialogue]);
  }
  const reported = new Set<string>();
  for (const start of edges.keys()) {
    // Depth-first from `start` through follow-ups; an edge back to `start` closes a loop.
    const stack: Array<{ at: string; path: Dialogue[] }> = [{ at: start, path: [] }];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const { at, path } = stack.pop() as { at: string; path: Dialogue[] };
      for (const followUp of edges.get(at) ?? []) {
        const next = index.after(followUp);
        const route = [...path, followUp];
        if (next === start) {
          const key = route.map((dialogue) => dialogue.name).sort().join('\u0000');
          if (reported.has(key)) continue;
          reported.add(key);
          const last = route.at(-1) as Dialogue;
          const chain = [start, ...route.map((dialogue) => dialogue.name)].join(' → ');
          out.push({
            list: 'dialogues',
            name: last.name,
            field: 'skill',
            message: `loop: ${chain} → "${start}" again (the preset of skill "${last.skill}"), so these follow-ups answer over and over while the user repeats them; make sure the texts offer a way out`,
            code: 'follow_up_repeats',
            params: { names: `${chain} → ${start}` },
          });
        } else if (!seen.has(next)) {
          seen.add(next);
          stack.push({ at: next, path: route });
        }
      }
    }
  }
}

export function checkFlows(content: AssistantContent, options: FlowCheckOptions): FlowWarning[] {
  const index = new FlowIndex(content);
  const out: FlowWarning[] = [];
  for (const skill of content.skills) {
    checkButtons(index, skill, options, out);
    checkPlaceholders(index, skill, out);
  }
  for (const dialogue of content.dialogues) checkDialogueSlots(index, dialogue, out);
  checkReachability(index, out);
  checkLoops(index, out);
  return out;
}

/** A warning as one sentence naming its item, for lists that show no form (trainings, files). */
export function describeFlowWarning(warning: FlowWarning): string {
  const what = { themes: 'theme', intents: 'intent', contexts: 'context', skills: 'skill', dialogues: 'dialogue' }[warning.list];
  return `${what} "${warning.name}" (${warning.field}): ${warning.message}`;
}
