// Decides which dialogue answers an intent. Deterministic and data-driven: a follow-up of the
// dialogue that answered last wins, then the intent's own dialogue, else the fallback skill.
import type { AssistantContent, Dialogue, Skill } from '../assistant/content.js';
import { NLU_FALLBACK_INTENT } from '../nlu/types.js';

export interface DialogueChoice {
  /** Null when the fallback answers. */
  dialogue: Dialogue | null;
  /** Null when nothing answers (no dialogue matched and the assistant has no fallback skill). */
  skill: Skill | null;
  isFallback: boolean;
}

export class DialoguePolicy {
  private readonly skills = new Map<string, Skill>();
  /** intent → dialogues that are not follow-ups, in saved order. */
  private readonly main = new Map<string, Dialogue[]>();
  /** "previous dialogue\u0000intent" → follow-up dialogues, in saved order. */
  private readonly followUps = new Map<string, Dialogue[]>();
  private readonly fallbackSkill: Skill | null;
  private readonly dialogues = new Map<string, Dialogue>();
  /** The dialogues follow-ups hang from. */
  private readonly parents = new Set<string>();

  constructor(content: AssistantContent) {
    for (const skill of content.skills) this.skills.set(skill.name, skill);
    for (const dialogue of content.dialogues) if (!this.dialogues.has(dialogue.name)) this.dialogues.set(dialogue.name, dialogue);
    this.fallbackSkill = content.skills.find((skill) => skill.fallback) ?? null;
    for (const dialogue of content.dialogues) {
      if (dialogue.followUpOf !== undefined) this.parents.add(dialogue.followUpOf);
      for (const intent of dialogue.intents) {
        const key = dialogue.followUpOf === undefined ? intent : `${dialogue.followUpOf}\u0000${intent}`;
        const index = dialogue.followUpOf === undefined ? this.main : this.followUps;
        const list = index.get(key);
        if (list) list.push(dialogue);
        else index.set(key, [dialogue]);
      }
    }
  }

  next(intent: string, previousDialogue: string | null): DialogueChoice {
    if (intent !== NLU_FALLBACK_INTENT) {
      const candidates = [
        ...(previousDialogue === null ? [] : this.followUps.get(`${previousDialogue}\u0000${intent}`) ?? []),
        ...(this.main.get(intent) ?? []),
      ];
      for (const dialogue of candidates) {
        const skill = this.skills.get(dialogue.skill);
        if (skill) return { dialogue, skill, isFallback: false };
      }
    }
    return { dialogue: null, skill: this.fallbackSkill, isFallback: true };
  }

  /** A follow-up of `previousDialogue` that answers the intent (never a main dialogue), if any. */
  followUp(intent: string, previousDialogue: string): DialogueChoice | undefined {
    if (intent === NLU_FALLBACK_INTENT) return undefined;
    for (const dialogue of this.followUps.get(`${previousDialogue}\u0000${intent}`) ?? []) {
      const skill = this.skills.get(dialogue.skill);
      if (skill) return { dialogue, skill, isFallback: false };
    }
    return undefined;
  }

  /** Whether any follow-up hangs from the dialogue (its answer waits for a reply). */
  hasFollowUps(name: string): boolean {
    return this.parents.has(name);
  }

  dialogue(name: string): Dialogue | undefined {
    return this.dialogues.get(name);
  }

  skill(name: string): Skill | undefined {
    return this.skills.get(name);
  }

  /**
   * The flow a dialogue belongs to: the main dialogue its follow-ups hang from. Values a dialogue
   * fills belong to its flow (src/dialogue/context-lifetimes.ts).
   */
  flowOf(name: string): string {
    let current = name;
    const seen = new Set<string>([name]);
    for (let parent = this.dialogues.get(current)?.followUpOf; parent !== undefined && !seen.has(parent); parent = this.dialogues.get(current)?.followUpOf) {
      seen.add(parent);
      current = parent;
    }
    return current;
  }
}
