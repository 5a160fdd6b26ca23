// What an administrator builds for one assistant: themes, intents, contexts (slots), skills,
// dialogues and settings. The same model is stored (src/store), written to and read from
// assistant files (src/assistant/assistant-file.ts), trained (src/nlu) and run (src/engine).
// Names are the identities: an intent, context, skill or dialogue is referred to by its name.

export interface Theme {
  name: string;
  description?: string;
}

/** A span of a phrase linked to a context value, like Rasa's `[texto](entity)` annotation. */
export interface PhraseEntity {
  start: number;
  end: number;
  /** The context's name. */
  entity: string;
  /** The canonical value; for a text context, one of its values. */
  value: string;
}

export interface Phrase {
  text: string;
  entities?: PhraseEntity[];
}

export interface Intent {
  name: string;
  theme?: string;
  phrases: Phrase[];
}

export interface ContextValue {
  value: string;
  synonyms: string[];
}

interface ContextBase {
  name: string;
  description?: string;
}

/** A context is a slot of the conversation; entities of the same name fill it. */
export type Context =
  | (ContextBase & { type: 'text'; values: ContextValue[] })
  | (ContextBase & { type: 'boolean' })
  | (ContextBase & { type: 'categorical'; values: string[] })
  | (ContextBase & { type: 'float'; min?: number; max?: number });

export type ContextType = Context['type'];

/** An entity recognised by a regular expression (Rasa's `regex:` training data). */
export interface RegexPattern {
  /** The entity (and so the context) it fills. */
  name: string;
  pattern: string;
}

export interface Button {
  /** What the user sees. */
  title: string;
  /** What the assistant receives when the button is chosen: text for the NLU, or `/intent{...}`. */
  payload: string;
}

export type SkillKind = 'text' | 'buttons' | 'image' | 'attachment';

/**
 * "Preset the assistant's behaviour from the last interaction": when the skill answers, the
 * context is set to the value and the conversation goes on as if `dialogue` had just answered,
 * so that dialogue's follow-ups apply to the next message.
 */
export interface SkillPreset {
  context?: { name: string; value: string };
  dialogue?: string;
}

export interface Skill {
  name: string;
  theme?: string;
  /** The skill that answers when nothing else applies; an assistant has at most one. */
  fallback: boolean;
  kind: SkillKind;
  /** Text variations: one is picked at random per answer. `{slot}` placeholders are filled. */
  texts: string[];
  /** kind 'buttons'. */
  buttons?: Button[];
  /** kind 'image': a URL. */
  image?: string;
  /** kind 'attachment': a URL or any JSON value, sent as given. */
  attachment?: unknown;
  preset?: SkillPreset;
}

export interface Dialogue {
  name: string;
  theme?: string;
  /** The intents it answers. */
  intents: string[];
  /** The skill that answers. */
  skill: string;
  /** When set, the dialogue applies only right after the named dialogue answered (a follow-up). */
  followUpOf?: string;
}

export interface AssistantSettings {
  /** 0..1; below it the intent is `nlu_fallback` and the fallback skill answers. */
  accuracyThreshold: number;
  /** Who is told by e-mail when a training starts, succeeds or fails. */
  notificationEmails: string[];
}

/** An e-mail address as the settings accept it: one @, a dot in the domain, no spaces. */
export function isEmailAddress(text: string): boolean {
  return text.length <= 254 && /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/.test(text);
}

export interface AssistantContent {
  themes: Theme[];
  intents: Intent[];
  contexts: Context[];
  regexes: RegexPattern[];
  skills: Skill[];
  dialogues: Dialogue[];
}

export function emptyContent(): AssistantContent {
  return { themes: [], intents: [], contexts: [], regexes: [], skills: [], dialogues: [] };
}

/**
 * The threshold an assistant starts with (the admin changes it in percent). Chosen from the NLU
 * benchmarks (src/nlu/README.md, `npm run bench:nlu`): on CLINC150 it keeps in-scope accuracy
 * above 92 % while more than 60 % of out-of-scope messages fall back, and on small assistants
 * drawn from CLINC150 and Cosibot it loses under 2 points of in-scope answers. It is also the
 * product's documented default ("below 20 %").
 */
export const DEFAULT_ACCURACY_THRESHOLD = 0.2;
