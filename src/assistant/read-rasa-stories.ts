// Rasa rules and simple stories → dialogues. A rule "intent → utter_ response" is a dialogue; a
// story is a chain of such pairs, each after the first a follow-up of the one before (what our
// dialogue policy answers right after a dialogue). Anything else in a rule or story — custom
// actions, forms, slot events, checkpoints, conditions, two responses to one message — ends what
// can be kept of it, and the report says where and why.
import type { AssistantContent, Dialogue } from './content.js';
import type { ImportReport } from './import-report.js';
import { list, record, scalarText, type Json } from './read-rasa-domain.js';

const NLU_FALLBACK = 'nlu_fallback';

/** One step read: the intents a user step accepts, or the response an action step utters. */
type Step = { kind: 'user'; intents: string[] } | { kind: 'response'; name: string } | { kind: 'other'; why: string };

function readStep(raw: unknown): Step {
  const step = record(raw) ?? {};
  const intent = scalarText(step['intent']);
  if (intent !== undefined) return { kind: 'user', intents: [intent] };
  if (Array.isArray(step['or'])) {
    const intents = list(step['or']).map((choice) => scalarText(record(choice)?.['intent']));
    if (intents.every((name): name is string => name !== undefined)) return { kind: 'user', intents };
    return { kind: 'other', why: 'an "or" of something other than intents' };
  }
  const action = scalarText(step['action']);
  if (action?.startsWith('utter_')) return { kind: 'response', name: action };
  if (action !== undefined) return { kind: 'other', why: `action "${action}" is not a response (custom actions need an action server)` };
  const key = Object.keys(step)[0] ?? 'an empty step';
  return { kind: 'other', why: `a "${key}" step has no equivalent` };
}

export class RasaDialogues {
  private readonly names = new Set<string>();

  constructor(
    private readonly content: AssistantContent,
    private readonly report: ImportReport,
    private readonly intentNames: Record<string, string>,
  ) {}

  private skipped(item: string, detail: string): void {
    this.report.lines.push({ item, outcome: 'skipped', detail });
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
   * (another rule or story said the same), a new one, or a string saying why there can be none.
   */
  private dialogueFor(intents: string[], response: string, followUpOf: string | undefined, name: string): Dialogue | string {
    const mapped = intents.map((intent) => this.intentNames[intent] ?? intent);
    const missing = mapped.find((intent) => !this.content.intents.some((candidate) => candidate.name === intent));
    if (missing !== undefined) return `intent "${missing}" has no examples in the NLU data`;
    if (!this.content.skills.some((skill) => skill.name === response)) return `response "${response}" is not in the domain (or was skipped)`;
    const existing = this.content.dialogues.find((dialogue) => dialogue.followUpOf === followUpOf && dialogue.intents.some((intent) => mapped.includes(intent)));
    if (existing) {
      if (existing.skill === response && mapped.every((intent) => existing.intents.includes(intent))) return existing;
      return `intent "${mapped.join('", "')}" is already answered${followUpOf ? ` after "${followUpOf}"` : ''} by "${existing.skill}" (dialogue "${existing.name}")`;
    }
    const dialogue: Dialogue = { name: this.uniqueName(name), intents: mapped, skill: response, ...(followUpOf ? { followUpOf } : {}) };
    this.content.dialogues.push(dialogue);
    return dialogue;
  }

  private readSteps(kind: 'rule' | 'story', item: Json, index: number): void {
    const title = scalarText(item[kind]) ?? `${kind} ${index + 1}`;
    const where = `${kind} "${title}"`;
    if (kind === 'rule') {
      for (const key of ['condition', 'conversation_start', 'wait_for_user_input']) {
        if (item[key] !== undefined && item[key] !== false && !(key === 'wait_for_user_input' && item[key] === true)) {
          this.skipped(where, `"${key}" has no equivalent`);
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
      const stepItem = `${where} step ${at + 1}`;
      if (user?.kind !== 'user') {
        this.skipped(stepItem, user?.kind === 'other' ? `${user.why}; the rest of the ${kind} was left out` : `two responses in a row; the rest of the ${kind} was left out`);
        break;
      }
      if (answer?.kind !== 'response') {
        this.skipped(stepItem, answer === undefined ? 'an intent without a response' : answer.kind === 'other' ? `${answer.why}; the rest of the ${kind} was left out` : 'two messages in a row');
        break;
      }
      const name = previous ? `${title} (${at / 2 + 1})` : title;
      const dialogue = this.dialogueFor(user.intents, answer.name, previous?.name, name);
      if (typeof dialogue === 'string') {
        this.skipped(stepItem, `${dialogue}; the rest of the ${kind} was left out`);
        break;
      }
      kept += 1;
      previous = dialogue;
    }
    if (kept > 0) this.report.lines.push({ item: where, outcome: 'kept', detail: `${kept} dialogue step${kept === 1 ? '' : 's'} (intent → response${kept > 1 ? ', then follow-ups' : ''})` });
  }

  setFallback(response: string, where: string): void {
    const skill = this.content.skills.find((candidate) => candidate.name === response);
    if (!skill || skill.kind === 'image' || this.content.skills.some((candidate) => candidate.fallback)) {
      this.skipped(where, skill ? 'there is a fallback already, or the response is an image' : `response "${response}" is not in the domain`);
      return;
    }
    skill.fallback = true;
    this.report.lines.push({ item: where, outcome: 'kept', detail: `fallback skill "${response}"` });
  }

  readRules(rules: unknown): void {
    list(rules).forEach((rule, index) => this.readSteps('rule', record(rule) ?? {}, index));
  }

  readStories(stories: unknown): void {
    list(stories).forEach((story, index) => this.readSteps('story', record(story) ?? {}, index));
  }
}
