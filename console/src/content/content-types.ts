// The content items as the admin API answers them (src/admin-api/content/content-schemas.ts) and the
// paths of their routes.
import { assistantPath } from '../api/client';
import type { Assistant } from '../api/types';

export type ContentList = 'themes' | 'intents' | 'contexts' | 'skills' | 'dialogues';

export interface Usage {
  list: ContentList;
  name: string;
  field: string;
}

/** A flow check at a field of the item (a button no dialogue handles, a broken sentence…). */
export interface FlowWarning {
  field: string;
  /** Stable code and params (translated by ../api/problem-text.ts); `message` is the API's English. */
  code: string;
  params?: Record<string, string>;
  message: string;
}

interface Named {
  name: string;
  usedBy?: Usage[];
  warnings?: FlowWarning[];
}

export interface Theme extends Named {
  description?: string;
}

export interface PhraseEntity {
  start: number;
  end: number;
  entity: string;
  value: string;
}

export interface Phrase {
  text: string;
  entities?: PhraseEntity[];
}

export interface Intent extends Named {
  theme?: string;
  phrases: Phrase[];
  phraseCount?: number;
  duplicates?: Array<{ index: number; text: string; intents: string[] }>;
}

export type ContextType = 'text' | 'boolean' | 'categorical' | 'float';
export type ContextValue = string | { value: string; synonyms?: string[] };

export type ContextLifetime = 'conversation' | 'session' | 'dialogue';
export const CONTEXT_LIFETIMES: ContextLifetime[] = ['conversation', 'session', 'dialogue'];
export type SystemEntity = 'date' | 'time' | 'datetime' | 'email' | 'url' | 'phone' | 'cpf' | 'cnpj';
export const SYSTEM_ENTITIES: SystemEntity[] = ['date', 'time', 'datetime', 'email', 'url', 'phone', 'cpf', 'cnpj'];

export interface Context extends Named {
  description?: string;
  type: ContextType;
  values?: ContextValue[];
  min?: number;
  max?: number;
  lifetime?: ContextLifetime;
  entity?: SystemEntity;
}

export type ConditionOperator = 'set' | 'notSet' | 'equals' | 'oneOf' | 'lessThan' | 'atMost' | 'greaterThan' | 'atLeast';
export const CONDITION_OPERATORS: ConditionOperator[] = ['set', 'notSet', 'equals', 'oneOf', 'lessThan', 'atMost', 'greaterThan', 'atLeast'];

export interface Condition {
  context: string;
  operator: ConditionOperator;
  value?: string | number | string[];
}

export interface SkillVariant {
  when: Condition[];
  texts: string[];
}

export interface DialogueSlot {
  context: string;
  question?: string;
  valuesAsButtons?: boolean;
  label?: string;
  invalid?: string;
  maxAttempts?: number;
}

export type SkillKind = 'text' | 'buttons' | 'image' | 'attachment' | 'action' | 'custom';

export interface Skill extends Named {
  theme?: string;
  fallback?: boolean;
  /** After answering, hand the conversation to a person (the agents' inbox). */
  handoff?: boolean;
  kind?: SkillKind;
  texts?: string[];
  buttons?: Array<{ title: string; payload: string }>;
  image?: string;
  attachment?: unknown;
  /** kind action: the custom action's name on the assistant's action server. */
  action?: string;
  /** kind custom (Personalizada): the third-party API it runs, and buttons from a list in the answer. */
  custom?: { api: string; listButtons?: { path: string; title: string; payload: string; max?: number } };
  preset?: { context?: { name: string; value: string }; dialogue?: string };
  variants?: SkillVariant[];
}

export interface Dialogue extends Named {
  theme?: string;
  intents: string[];
  skill: string;
  followUpOf?: string;
  slots?: DialogueSlot[];
  confirm?: string;
  cancel?: string;
}

export interface DialogueNode {
  name: string;
  theme: string | null;
  intents: string[];
  skill: string;
  followUps: DialogueNode[];
}

export interface DialogueTree {
  themes: Array<{ theme: string | null; dialogues: DialogueNode[] }>;
  orphans: DialogueNode[];
  cycles: string[][];
}

/** `…/{list}` or `…/{list}/{name}` of the assistant. */
export function contentPath(assistant: Assistant, list: string, name?: string): string {
  return assistantPath(assistant.server, assistant.language, `/${list}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`);
}

/** The value of a context value, with or without synonyms. */
export function valueOf(value: ContextValue): string {
  return typeof value === 'string' ? value : value.value;
}
