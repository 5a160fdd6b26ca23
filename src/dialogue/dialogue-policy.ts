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

  constructor(content: AssistantContent) {
    for (const skill of content.skills) this.skills.set(skill.name, skill);
    this.fallbackSkill = content.skills.find((skill) => skill.fallback) ?? null;
    for (const dialogue of content.dialogues) {
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
}
