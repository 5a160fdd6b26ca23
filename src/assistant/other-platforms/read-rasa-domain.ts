// A Rasa 3.x domain (`domain.yml`, or the parts of a `domain/` folder) into our model: entities
// and slots → contexts, responses → skills with their variations, buttons and images. Read from
// plain values (the YAML already parsed); everything without an equivalent is reported.
import type { AssistantContent, Button, Context, ContextValue, Skill } from '../content.js';
import { contextsNamedIn } from '../placeholders.js';
import { RESERVED_SLOT_NAMES } from '../check-content.js';
import { isSymbolName } from '../symbol-name.js';
import { plural, reportLine, type ImportReport, type ReportCode, type ReportParams, type ReportSubject } from './import-report.js';

export type Json = Record<string, unknown>;

export function record(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A scalar as Rasa reads it: YAML numbers and booleans where text is meant become their text. */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A list of names, each a text or a one-key mapping (`- goodbye: {use_entities: []}`). */
export function namesOf(value: unknown): string[] {
  return list(value).flatMap((item) => {
    const name = scalarText(item);
    if (name !== undefined) return [name];
    return Object.keys(record(item) ?? {});
  });
}

/** What a domain declares, besides its responses. */
export interface RasaDomain {
  intents: string[];
  entities: string[];
  slots: Json;
  responses: Json;
  actions: string[];
  forms: string[];
  /** `session_config`, when a part has one. */
  sessionConfig?: Json;
}

export function emptyDomain(): RasaDomain {
  return { intents: [], entities: [], slots: {}, responses: {}, actions: [], forms: [] };
}

/** Rasa merges a domain split across files; so do we. */
export function addDomainPart(domain: RasaDomain, part: Json): void {
  domain.intents.push(...namesOf(part['intents']));
  domain.entities.push(...namesOf(part['entities']));
  Object.assign(domain.slots, record(part['slots']) ?? {});
  Object.assign(domain.responses, record(part['responses']) ?? {});
  domain.actions.push(...namesOf(part['actions']));
  domain.forms.push(...Object.keys(record(part['forms']) ?? {}));
  const session = record(part['session_config']);
  if (session) domain.sessionConfig = { ...domain.sessionConfig, ...session };
}

/**
 * `session_config`: not carrying slots over to a new session is every context's lifetime
 * `session`; the expiration time is the deployment's (HELPER_SESSION_EXPIRATION_MINUTES, the same
 * for every assistant), so it is reported as not carried.
 */
export function readSessionConfig(domain: RasaDomain, content: AssistantContent, report: ImportReport): void {
  const session = domain.sessionConfig;
  if (!session) return;
  const minutes = session['session_expiration_time'];
  if (typeof minutes === 'number' && minutes <= 0) report.lines.push(reportLine('skipped', ['session_config'], 'session_no_expiration'));
  else if (typeof minutes === 'number') report.lines.push(reportLine('skipped', ['session_config'], 'session_expiration', { minutes }));
  if (session['carry_over_slots_to_new_session'] === false) {
    const contexts = content.contexts.filter((context) => context.lifetime === undefined);
    for (const context of contexts) context.lifetime = 'session';
    report.lines.push(reportLine('kept', ['session_config'], 'session_no_carry_over', { count: contexts.length }));
  }
}

/** `/intent{"entity": "value"}` payloads name the intent as it was renamed. */
export function renamePayloadIntent(payload: string, intentNames: Record<string, string>): string {
  const match = /^\/([^{]+)(\{.*)?$/s.exec(payload);
  const renamed = match?.[1] === undefined ? undefined : intentNames[match[1]];
  return renamed === undefined ? payload : `/${renamed}${match?.[2] ?? ''}`;
}

function readSlot(name: string, slot: Json, report: ImportReport, existing: Context | undefined): Context | undefined {
  const item: ReportSubject = ['slot', { name }];
  const type = scalarText(slot['type']) ?? 'text';
  if (type === 'text') return existing ?? { name, type: 'text', values: [] };
  if (type === 'any' || type === 'list') {
    // What an action server sets is kept as given; a text context lets responses show it.
    report.lines.push(reportLine('kept', item, 'slot_as_text', { type }));
    return existing ?? { name, type: 'text', values: [] };
  }
  if (type === 'bool') return { name, type: 'boolean' };
  if (type === 'categorical') {
    const values = list(slot['values']).map(scalarText).filter((value): value is string => value !== undefined && value !== '__other__');
    if (values.length > 0) return { name, type: 'categorical', values };
    report.lines.push(reportLine('skipped', item, 'slot_no_values'));
    return undefined;
  }
  if (type === 'float') {
    const min = typeof slot['min_value'] === 'number' ? slot['min_value'] : undefined;
    const max = typeof slot['max_value'] === 'number' ? slot['max_value'] : undefined;
    return { name, type: 'float', ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
  }
  report.lines.push(reportLine('skipped', item, 'slot_type', { type }));
  return undefined;
}

/** A mapping's keys that only let it apply after some intents or in a form. */
const MAPPING_CONDITIONS = ['intent', 'not_intent', 'conditions'];

/**
 * A slot's mappings: our context is filled by the entity of its own name, after any intent, so
 * `from_entity` of that entity is kept; every other mapping (or a part of one: a role, a group,
 * a condition) is reported as not carried, one line each.
 */
function readSlotMappings(name: string, slot: Json, report: ImportReport): void {
  list(slot['mappings']).forEach((raw, index) => {
    const mapping = record(raw) ?? {};
    const item: ReportSubject = ['slot_mapping', { name, number: index + 1 }];
    const skipped = (code: ReportCode, params?: ReportParams) => report.lines.push(reportLine('skipped', item, code, params));
    const type = scalarText(mapping['type']) ?? '';
    if (type === 'from_entity') {
      const entity = scalarText(mapping['entity']) ?? '';
      if (entity !== name) {
        skipped('slot_mapping_other_entity', { entity, slot: name });
        return;
      }
      for (const key of ['role', 'group']) {
        const value = scalarText(mapping[key]);
        if (value !== undefined) skipped('slot_mapping_role_group', { key, value, entity });
      }
      for (const key of MAPPING_CONDITIONS) if (mapping[key] !== undefined) skipped('slot_mapping_condition', { key });
      return;
    }
    if (type === 'from_text') skipped('slot_mapping_from_text');
    else if (type === 'from_intent' || type === 'from_trigger_intent') skipped('slot_mapping_from_intent', { type, value: scalarText(mapping['value']) ?? '' });
    else if (type === 'custom') {
      const action = scalarText(mapping['action']);
      if (action === undefined) skipped('slot_mapping_custom');
      else skipped('slot_mapping_custom_action', { action });
    } else skipped('slot_mapping_type', { type });
  });
}

/**
 * A categorical slot's values as a text context's, in the slot's order, each with the synonyms
 * the NLU data gave it; a value that is already another's synonym stays that synonym.
 */
function textValues(values: readonly string[], annotated: readonly ContextValue[]): ContextValue[] {
  const byWord = new Map<string, ContextValue>();
  for (const entry of annotated) for (const word of [entry.value, ...entry.synonyms]) byWord.set(word.toLowerCase(), entry);
  const result: ContextValue[] = [];
  for (const value of values) {
    const entry = byWord.get(value.toLowerCase()) ?? { value, synonyms: [] };
    if (!result.includes(entry)) result.push(entry);
  }
  return result;
}

/** Entities and slots → contexts: a slot decides the type of the entity of its name. */
export function readDomainContexts(domain: RasaDomain, content: AssistantContent, report: ImportReport): void {
  for (const entity of domain.entities) {
    if (!content.contexts.some((context) => context.name === entity)) content.contexts.push({ name: entity, type: 'text', values: [] });
  }
  for (const [name, raw] of Object.entries(domain.slots)) {
    const index = content.contexts.findIndex((context) => context.name === name);
    const existing = index === -1 ? undefined : content.contexts[index];
    let context = readSlot(name, record(raw) ?? {}, report, existing?.type === 'text' ? existing : undefined);
    if (!context) continue;
    readSlotMappings(name, record(raw) ?? {}, report);
    // A context has no initial value: it starts unset.
    const initial = record(raw)?.['initial_value'];
    if (initial !== undefined && initial !== null) report.lines.push(reportLine('skipped', ['slot', { name }], 'slot_initial_value', { value: scalarText(initial) ?? JSON.stringify(initial) }));
    // Phrases annotate the entity with values: a categorical slot takes them too; another type
    // would refuse them, so the context stays text.
    const annotated = existing?.type === 'text' ? existing.values.map((value) => value.value) : [];
    if (context.type === 'categorical') {
      const values = context.values;
      values.push(...annotated.filter((value) => !values.some((other) => other.toLowerCase() === value.toLowerCase())));
      // A categorical context has no synonyms; Rasa's synonym mapper turns "huge" into "large"
      // before the slot is set. With synonyms the context stays text, with the slot's values.
      if (existing?.type === 'text' && existing.values.some((value) => value.synonyms.length > 0)) {
        report.lines.push(reportLine('skipped', ['slot', { name }], 'slot_synonyms_text', { type: context.type }));
        context = { ...existing, values: textValues(values, existing.values) };
      }
    }
    else if (context.type !== 'text' && annotated.length > 0 && existing) {
      report.lines.push(reportLine('skipped', ['slot', { name }], 'slot_stays_text', { type: context.type }));
      context = existing;
    }
    if (index === -1) content.contexts.push(context);
    else content.contexts[index] = context;
    report.lines.push(reportLine('kept', ['slot', { name }], 'slot_kept', { type: context.type, name }));
  }
}

/** Each response → a skill of the same name: its variations, the first variation's buttons or image. */
export function readDomainResponses(domain: RasaDomain, content: AssistantContent, report: ImportReport, intentNames: Record<string, string>): void {
  for (const [name, raw] of Object.entries(domain.responses)) {
    const item: ReportSubject = ['response', { name }];
    const texts: string[] = [];
    let buttons: Button[] | undefined;
    let image: string | undefined;
    list(raw).forEach((rawVariation, index) => {
      const variation = record(rawVariation);
      const where: ReportSubject = ['response_variation', { name, number: index + 1 }];
      if (!variation) return;
      if (variation['condition'] !== undefined) {
        report.lines.push(reportLine('skipped', where, 'variation_condition'));
        return;
      }
      if (variation['channel'] !== undefined) {
        report.lines.push(reportLine('skipped', where, 'variation_channel', { channel: String(variation['channel']) }));
        return;
      }
      for (const key of ['custom', 'attachment', 'elements', 'quick_replies']) {
        if (variation[key] !== undefined) report.lines.push(reportLine('skipped', where, 'key_not_imported', { key }));
      }
      const text = scalarText(variation['text'])?.trim();
      if (text) texts.push(text);
      const variationButtons = list(variation['buttons']).flatMap((rawButton) => {
        const button = record(rawButton);
        const title = scalarText(button?.['title'])?.trim();
        const payload = scalarText(button?.['payload'])?.trim() ?? title;
        return title && payload ? [{ title, payload: renamePayloadIntent(payload, intentNames) }] : [];
      });
      if (variationButtons.length > 0) {
        if (buttons === undefined) buttons = variationButtons;
        else report.lines.push(reportLine('skipped', where, 'variation_buttons'));
      }
      const source = scalarText(variation['image'])?.trim();
      if (source && image === undefined) image = source;
    });
    let skill: Skill | undefined;
    if (buttons && texts.length > 0) skill = { name, fallback: false, kind: 'buttons', texts, buttons };
    else if (image && /^https?:\/\//i.test(image)) {
      skill = { name, fallback: false, kind: 'image', texts, image };
      if (buttons) report.lines.push(reportLine('skipped', item, 'buttons_beside_image'));
    } else if (texts.length > 0) skill = { name, fallback: false, kind: 'text', texts };
    if (!skill) {
      report.lines.push(image ? reportLine('skipped', item, 'image_not_url', { source: image }, `image "${image}" is not an http(s) URL`) : reportLine('skipped', item, 'no_variation_text'));
      continue;
    }
    content.skills.push(skill);
    report.lines.push(reportLine('kept', item, 'response_kept', { kind: skill.kind, name, count: texts.length }, `${skill.kind} skill "${name}" with ${texts.length} variation${plural(texts.length)}`));
  }
}

/**
 * A response's `{placeholder}` that names no slot: Rasa sends the text anyway (its template fills
 * an unknown name with None, and a custom action may pass it as an argument). A text context
 * without values is made for it, reported, so the response and the rules that utter it stay; an
 * action server or the conversations API can set it, and unset, the text is read as any text with
 * an unset placeholder (src/assistant/README.md, "Placeholders": the gap is tidied away).
 */
export function readResponsePlaceholders(content: AssistantContent, report: ImportReport): void {
  for (const skill of content.skills) {
    for (const name of [...new Set(skill.texts.flatMap(contextsNamedIn))]) {
      if (content.contexts.some((context) => context.name === name)) continue;
      // A name we cannot take is left to the rule check, which reports the response.
      if (!isSymbolName(name) || (RESERVED_SLOT_NAMES as readonly string[]).includes(name)) continue;
      content.contexts.push({ name, type: 'text', values: [] });
      report.lines.push(reportLine('kept', ['response', { name: skill.name }], 'placeholder_context', { name }));
    }
  }
}
