// What an administrator builds for one assistant: themes, intents, contexts (slots), skills,
// dialogues and settings. The same model is stored (src/store), written to and read from
// assistant files (src/assistant/file/assistant-file.ts), trained (src/nlu) and run (src/engine).
// Names are the identities: an intent, context, skill or dialogue is referred to by its name.
import type { HandoffSettings } from '../handoff/handoff-settings.js';

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

/**
 * How long the conversation remembers a context's value: the whole conversation (across sessions,
 * the default, as Rasa carries slots over), the session (a new session starts without it), or the
 * dialogue that filled it (forgotten when a dialogue of another flow starts).
 */
export type ContextLifetime = 'conversation' | 'session' | 'dialogue';

export const CONTEXT_LIFETIMES: readonly ContextLifetime[] = ['conversation', 'session', 'dialogue'];

/**
 * What every assistant recognises without being taught (src/nlu/entities/system-entities.ts), which a text
 * context can take its values from: a context asked for a date accepts only a date.
 */
export type SystemEntityName = 'date' | 'time' | 'datetime' | 'email' | 'url' | 'phone' | 'cpf' | 'cnpj';

export const CONTEXT_SYSTEM_ENTITIES: readonly SystemEntityName[] = ['date', 'time', 'datetime', 'email', 'url', 'phone', 'cpf', 'cnpj'];

interface ContextBase {
  name: string;
  description?: string;
  /** Absent: the whole conversation. */
  lifetime?: ContextLifetime;
}

/** A context is a slot of the conversation; entities of the same name fill it. */
export type Context =
  | (ContextBase & {
      type: 'text';
      values: ContextValue[];
      /** The system entity the context takes its values from (a text context without values). */
      entity?: SystemEntityName;
    })
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

/**
 * `action`: a custom action on the assistant's action server (Rasa's action server protocol,
 * src/actions); `custom` (Personalizada): a third-party API (src/third-party-apis).
 */
export type SkillKind = 'text' | 'buttons' | 'image' | 'attachment' | 'action' | 'custom';

/**
 * A custom skill ("Personalizada"): it runs a third-party API (after the API's dependencies,
 * src/third-party-apis), then answers its texts with the contexts the answer filled, and, when
 * `listButtons` is set, one button per element of a list in the answer (the user's tickets).
 * When the call fails or finds nothing it answers the API's messages.
 */
export interface CustomSkill {
  api: string;
  listButtons?: {
    /** The list in the API's answer (response-path syntax, e.g. `requests` or `$`). */
    path: string;
    /**
     * Templates whose `{field}` placeholders are paths inside one element: `Chamado {number}`. An
     * element missing a value the payload names gets no button; a title missing one drops the
     * separator it leaves at an end ("Chamado 11 – {status.name}" → "Chamado 11"). Something other
     * than a list at `path` is a failure; no list or an empty one is "nothing found".
     */
    title: string;
    payload: string;
    /** At most this many buttons (default 10). */
    max?: number;
  };
}

/**
 * "Preset the assistant's behaviour from the last interaction": when the skill answers, the
 * context is set to the value and the conversation goes on as if `dialogue` had just answered,
 * so that dialogue's follow-ups apply to the next message.
 */
export interface SkillPreset {
  context?: { name: string; value: string };
  dialogue?: string;
}

/**
 * A condition on a context, for choosing a skill's text: set, not set, equal to a value, one of
 * several values, or a number comparison. A value is compared as text (case and accents aside);
 * comparisons read the context's value as a number.
 */
export type ConditionOperator = 'set' | 'notSet' | 'equals' | 'oneOf' | 'lessThan' | 'atMost' | 'greaterThan' | 'atLeast';

export const CONDITION_OPERATORS: readonly ConditionOperator[] = ['set', 'notSet', 'equals', 'oneOf', 'lessThan', 'atMost', 'greaterThan', 'atLeast'];

export type Condition =
  | { context: string; operator: 'set' | 'notSet' }
  | { context: string; operator: 'equals'; value: string }
  | { context: string; operator: 'oneOf'; value: string[] }
  | { context: string; operator: 'lessThan' | 'atMost' | 'greaterThan' | 'atLeast'; value: number };

/** Texts a skill answers with when every condition holds (the first variant that applies wins). */
export interface SkillVariant {
  when: Condition[];
  /** Variations, one picked at random, as a skill's own texts. */
  texts: string[];
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
  /**
   * kind 'action': the custom action's name (`next_action`) the action server runs. The skill's
   * texts, when it has any, are what the user is told when the action server fails.
   */
  action?: string;
  /** kind 'custom'. */
  custom?: CustomSkill;
  preset?: SkillPreset;
  /**
   * Texts chosen by conditions on contexts, checked in order before `texts` (the default variant).
   * A variation whose `{placeholders}` are not all set is passed over while another one fits.
   */
  variants?: SkillVariant[];
  /**
   * After answering, the skill hands the conversation to a person (src/handoff): the assistant
   * pauses and the conversation waits in the agents' inbox. Absent means false.
   */
  handoff?: boolean;
}

/**
 * A context a dialogue needs before its skill answers (slot filling). When it is missing the
 * assistant asks the question, reads the answer by the context's type, and asks again with a
 * clear message when the answer does not fit, up to `maxAttempts` answers.
 */
export interface DialogueSlot {
  context: string;
  /**
   * The skill that asks for it (text or buttons). Without one the context must come from the
   * message that starts the dialogue, a skill's preset or the conversations API; when it is still
   * missing the dialogue stops.
   */
  question?: string;
  /** Offer the context's values (a text or categorical context's values, yes/no) as buttons. */
  valuesAsButtons?: boolean;
  /** How the summary and the "what do you want to change?" buttons name it; the context's name otherwise. */
  label?: string;
  /** The skill that says an answer does not fit; a message by the context's type otherwise. */
  invalid?: string;
  /** Answers that do not fit before the dialogue gives up (default 3). */
  maxAttempts?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 3;

export interface Dialogue {
  name: string;
  theme?: string;
  /** The intents it answers. */
  intents: string[];
  /** The skill that answers. */
  skill: string;
  /** When set, the dialogue applies only right after the named dialogue answered (a follow-up). */
  followUpOf?: string;
  /** Contexts to ask for, in order, before `skill` answers (slot filling). */
  slots?: DialogueSlot[];
  /** A skill that shows what was collected and asks to confirm (yes / no) before `skill` answers. */
  confirm?: string;
  /** What the assistant says when the user leaves the dialogue ("cancelar"); a standard message otherwise. */
  cancel?: string;
}

export interface AssistantSettings {
  /** 0..1; below it the intent is `nlu_fallback` and the fallback skill answers. */
  accuracyThreshold: number;
  /** Who is told by e-mail when a training starts, succeeds or fails. */
  notificationEmails: string[];
  /**
   * The action server's URL (Rasa's `action_endpoint.url`) that `action` skills call; absent
   * without one. Its optional token is a sealed secret (`action_endpoint_token`), never here.
   */
  actionEndpointUrl?: string;
  /** When the assistant hands a conversation to a person, and what it says (src/handoff); absent: the defaults. */
  handoff?: HandoffSettings;
  /**
   * What the web chat says when a new conversation opens (src/channels/socketio), and the answer to
   * Telegram's /start and Messenger's Get Started (src/channels/core/conversation-opening.ts); absent: nothing.
   */
  greeting?: string;
}

/** The longest greeting an assistant may have (characters). */
export const MAX_GREETING_LENGTH = 1000;

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
