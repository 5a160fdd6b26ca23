// What an import from another platform (an IBM Watson workspace, a Rasa project) kept and what it
// left out. Every item that was not kept gets its own line with the reason, so an administrator
// can see exactly what to rebuild by hand.
import { checkContent, type ContentList } from '../check-content.js';
import type { AssistantContent, ContextValue } from '../content.js';

export type ReportParams = Record<string, string | number>;

/**
 * What a report line can be about, with its English label (`{name}` is a param). The console says
 * each in its user's language (console/src/locales/*.json, `importReport.items.<code>`).
 */
export const REPORT_ITEMS = {
  // IBM Watson
  intent: 'intent "{name}"',
  intent_unnamed: 'intent',
  intents: 'intents',
  entity: 'entity "{name}"',
  entity_unnamed: 'entity',
  entity_value: 'value "{value}" of entity "{entity}"',
  entity_synonym: 'synonym "{synonym}" of value "{value}" of entity "{entity}"',
  node: 'node {node}',
  node_unnamed: 'node',
  node_output: 'node {node} output',
  node_context: 'node {node} context',
  node_next_step: 'node {node} next step',
  node_jump: 'node {node} jump to "{target}"',
  counterexamples: 'counterexamples',
  webhook: 'webhook "{name}"',
  system_settings: 'system settings',
  // Rasa
  slot: 'slot "{name}"',
  slot_mapping: 'slot "{name}" mapping {number}',
  response: 'response "{name}"',
  response_variation: 'response "{name}" variation {number}',
  config_fallback: 'config FallbackClassifier',
  config_policies: 'config policies',
  action: 'action "{name}"',
  form: 'form "{name}"',
  session_config: 'domain session_config',
  rule: 'rule "{name}"',
  rule_step: 'rule "{name}" step {step}',
  story: 'story "{name}"',
  story_step: 'story "{name}" step {step}',
  // A rule or story without a title: `{number}` is its place among the project's rules (or
  // stories), `{name}` the name its dialogue gets (`rule 3`)
  rule_unnamed: 'rule {number} (unnamed)',
  rule_unnamed_step: 'rule {number} (unnamed) step {step}',
  story_unnamed: 'story {number} (unnamed)',
  story_unnamed_step: 'story {number} (unnamed) step {step}',
  // Items left out because they break one of our rules (dropUnsoundItems)
  theme: 'theme "{name}"',
  context: 'context "{name}"',
  skill: 'skill "{name}"',
  dialogue: 'dialogue "{name}"',
} as const;

/**
 * What became of an item, with its English sentence (`{name}` is a param; some lines say it in
 * English with plurals, the code's sentence is the same fact). The console says each in its
 * user's language (`importReport.lines.<code>`); locales.test.ts fails on a code without a text.
 */
export const REPORT_CODES = {
  // IBM Watson: intents and entities
  intent_unnamed: 'an intent without a name',
  no_examples: 'it has no examples',
  renamed: 'became "{name}"',
  mentions_left_out: 'entity mentions in {count} examples were left out (the phrases were kept)',
  intents_kept: '{intents} intents with {phrases} phrases',
  entity_unnamed: 'an entity without a name',
  system_entity: 'Watson system entities have no equivalent; a text context with "entity" (date, time, email…) takes such values',
  pattern_invalid: 'pattern {pattern}: {problem}',
  word_twice: 'the word is already a value or synonym of this entity',
  text_context_kept: 'text context "{name}" with {count} values',
  regexes_kept: '{count} regex patterns "{name}"',
  no_values: 'it has no values',
  // IBM Watson: a node's output
  node_unnamed: 'a dialog node without "dialog_node"',
  node_duplicate: 'another node before it has the same "dialog_node"; Watson refuses such a workspace',
  node_field_not_text: 'its "{field}" is not text; Watson refuses such a workspace',
  context_variables: 'setting context variables {names} has no equivalent',
  text_expression: 'text "{text}" has a <? ?> expression',
  text_variable: 'text "{text}" shows context variable {variable}, which Watson would fill',
  text_braces: 'text "{text}" has braces, which our answers read as placeholders',
  text_entity: 'text "{text}" shows the value of entity {entity}, which Watson would fill',
  node_not_carried: 'not carried: {features}',
  fuzzy_match: 'fuzzy matching has no equivalent: values and synonyms match as written (one-letter typos of known words are corrected)',
  settings_not_carried: '{settings} have no equivalent',
  sequential_texts: 'sequential selection of {count} texts: one is chosen at random instead',
  channel_response: 'a {type} response meant only for some channels is sent to every channel',
  pause: 'a pause of {ms} ms',
  response_kind: 'a {type} response',
  response_after_first: 'a {type} response after the first one',
  second_text_variations: 'variations of a second text response: its first text is always used',
  image_beside_options: 'an image beside options: the options were kept',
  options_without_text: 'an option response without a title or text to show with its buttons',
  image_not_url: 'an image whose source "{source}" is not an http(s) URL',
  // IBM Watson: the dialog tree
  inside_folder: 'inside folder "{folder}", whose condition "{condition}" has no equivalent',
  folder_condition: 'folder condition "{condition}" has no equivalent',
  node_disabled: 'the node is disabled',
  under_disabled: 'under disabled node "{node}"',
  slot_filling: 'slot filling (frame, slots and handlers) has no automatic equivalent; rebuild it as a dialogue with slots',
  slot_filling_part: 'part of slot filling node "{node}"',
  parent_answer: 'the answer of its parent node, skill "{skill}"',
  conditional_answer: 'a conditional answer (condition "{condition}") has no equivalent',
  under_special_node: 'under the {condition} node',
  under_skipped_node: 'under node "{node}", which was skipped',
  parent_missing: 'its parent "{parent}" is not in the workspace, or the parents go round in a cycle: no root leads to it',
  welcome_nested: 'a welcome condition below the top level never matches',
  welcome_second: 'a second welcome node',
  welcome_empty: 'the welcome node has no text, option or image',
  welcome_kept: 'skill "{skill}", whose text became the assistant\'s greeting (Configurações): the web chat says it when a conversation opens',
  anything_else_nested: 'an anything_else follow-up has no equivalent: after its parent, what no follow-up answers goes to the top level, then the fallback skill',
  fallback_image: 'a fallback answers with text or buttons, not an image',
  anything_else_second: 'a second anything_else node',
  node_no_text: 'the node has no text to answer with',
  fallback_kept: 'fallback skill "{skill}"',
  node_no_condition: 'the node has no condition',
  condition_not_intents: 'condition "{condition}" is not one or more #intents (entity, context-variable, && and special conditions have no equivalent)',
  intents_not_imported: 'intents {intents} not in the import',
  node_answers_nothing: 'the node answers nothing (no text, option or image, and no jump to a node that does)',
  intent_answered_earlier: 'its intent is already answered at this level by dialogue "{dialogue}", which comes first (Watson would not reach this node either)',
  node_intents_answered_earlier: 'for {intents}, dialogue "{dialogue}" answers first at this level (Watson would not reach this node for them); the node answers its other intents',
  dialogue_kept: 'dialogue "{dialogue}" on {intents} answered by skill "{skill}"',
  follow_up_kept: 'dialogue "{dialogue}" on {intents} answered by skill "{skill}", a follow-up of "{parent}"',
  skip_user_input: 'skip_user_input (its children are tried on the same message) has no equivalent',
  jump_target_skipped: 'the target node did not become a dialogue',
  jump_target_skill: 'answers with the target\'s skill "{skill}"',
  jump_answers_twice: 'selector "{selector}" would answer twice to one message; Helper answers once',
  jump_any_time: 'target dialogue "{dialogue}" answers at any time',
  jump_clash: 'dialogue "{dialogue}" already answers that intent after "{after}"',
  jump_follow_up: 'follow-up dialogue "{dialogue}" of "{parent}"',
  counterexamples: '{count} irrelevant examples: below the accuracy threshold the fallback skill answers instead',
  webhook: 'webhooks are not called; use an action server',
  // Rasa: NLU data, config, domain
  renamed_invalid: 'became "{name}" (the name {problem})',
  retrieval_intent: 'became "{name}": each retrieval intent of "{base}" is an intent of its own',
  threshold_kept: 'threshold {threshold} → accuracy threshold {percent} %',
  threshold_missing: 'no threshold between 0 and 1; the assistant keeps its own',
  policies: 'our dialogue policy is deterministic (dialogues and follow-ups)',
  no_examples_in_nlu: 'it has no examples in the NLU data',
  custom_action: 'custom actions run on an action server',
  form: 'rebuild it as a dialogue with slots',
  form_validation_kept: 'action skill "{name}": it validates the answers of dialogue "{form}" on the action server, once form "{form}" is rebuilt as a dialogue of that name with slots',
  slot_no_values: 'a categorical slot without values',
  slot_as_text: 'a slot of type "{type}" became a text context: what an action server sets is kept as given, and placeholders in responses show it',
  slot_type: 'slots of type "{type}" have no equivalent (contexts are text, boolean, categorical or float)',
  slot_stays_text: 'its type {type}: phrases annotate it with values, so it stays a text context',
  slot_synonyms_text: 'its type {type}: synonyms name its values by other words, which only a text context holds, so it stays a text context with the slot\'s values',
  slot_initial_value: 'initial value "{value}" has no equivalent: a context starts unset (a skill\'s preset, an action server or the conversations API can set it)',
  slot_kept: '{type} context "{name}"',
  slot_mapping_other_entity: 'from_entity of entity "{entity}": a context is filled only by the entity of its own name, "{slot}"',
  slot_mapping_role_group: '{key} "{value}": entity roles and groups have no equivalent, so entity "{entity}" fills the context whatever its {key}',
  slot_mapping_condition: 'its "{key}" condition has no equivalent: the entity fills the context after any intent',
  slot_mapping_from_text: 'from_text (the whole message) has no equivalent: ask for the context as a slot of a dialogue, which takes the answer',
  slot_mapping_from_intent: '{type} (value "{value}" on an intent) has no equivalent: a skill\'s preset can set the context when its dialogue answers',
  slot_mapping_custom: 'a custom mapping: only actions set the context, and custom actions run on an action server',
  slot_mapping_custom_action: 'a custom mapping: action "{action}" sets the context, and custom actions run on an action server',
  slot_mapping_type: 'a mapping of type "{type}" has no equivalent',
  session_expiration: 'a session ends after {minutes} minutes without messages in Rasa; here the deployment sets one time for every assistant (HELPER_SESSION_EXPIRATION_MINUTES, 60 by default)',
  session_no_expiration: 'sessions never end in Rasa (expiration 0); here the deployment sets one time for every assistant (HELPER_SESSION_EXPIRATION_MINUTES, 60 by default)',
  session_no_carry_over: 'slots are not carried over to a new session: {count} contexts last the session',
  variation_condition: 'a variation chosen by slot conditions: rebuild it as a variant of the skill',
  variation_channel: 'a variation only for channel "{channel}"',
  key_not_imported: '"{key}" is not imported',
  variation_buttons: 'its buttons: a skill has one set of buttons, the first variation\'s',
  buttons_beside_image: 'buttons beside an image: the image was kept',
  no_variation_text: 'no variation has a text or an image',
  placeholder_context: 'placeholder "{name}" is no slot: text context "{name}" was made for it (an action server or the conversations API can set it; unset, the text leaves it out, where Rasa would say "None")',
  response_kept: '{kind} skill "{name}" with {count} variations',
  // Rasa: rules and stories (`kind` is rule or story)
  key_no_equivalent: '"{key}" has no equivalent',
  step_or: 'an "or" of something other than intents; the rest of the {kind} was left out',
  step_action: 'action "{action}" is not a response (custom actions need an action server); the rest of the {kind} was left out',
  step_key: 'a "{key}" step has no equivalent; the rest of the {kind} was left out',
  step_entities: 'intent "{intent}" with entities {entities}: a dialogue answers an intent whatever its entities, so the rest of the {kind} was left out',
  two_responses: 'two responses in a row; the rest of the {kind} was left out',
  step_starts_with_action: 'the {kind} starts with action "{action}", not with a message of the user: a dialogue answers an intent, so none of it was kept',
  intent_without_response: 'an intent without a response',
  two_messages: 'two messages in a row',
  step_intent_no_examples: 'intent "{intent}" has no examples in the NLU data; the rest of the {kind} was left out',
  step_response_missing: 'response "{response}" is not in the domain (or was skipped); the rest of the {kind} was left out',
  step_intent_answered: 'intent "{intents}" is already answered by "{skill}" (dialogue "{dialogue}"); the rest of the {kind} was left out',
  step_intent_answered_after: 'intent "{intents}" is already answered after "{after}" by "{skill}" (dialogue "{dialogue}"); the rest of the {kind} was left out',
  step_or_answered: 'intent "{intents}" is already answered by "{skill}" (dialogue "{dialogue}"); the step answers its other intents',
  step_or_answered_after: 'intent "{intents}" is already answered after "{after}" by "{skill}" (dialogue "{dialogue}"); the step answers its other intents',
  steps_kept: '{count} dialogue steps (intent → response, then follow-ups)',
  retrieval_answered: 'answered by response "{response}" (dialogue "{dialogue}"), as Rasa\'s response selector picks it for "{base}"',
  retrieval_response_missing: 'response "{response}" is not in the domain (or was skipped): no dialogue answers it',
  retrieval_follow_ups: 'the steps after retrieval intent "{base}": it is answered by one dialogue per retrieval intent, and a follow-up follows only one dialogue; the rest of the {kind} was left out',
  retrieval_unanswered: 'no rule or story answers it: its retrieval intents were imported without a dialogue',
  fallback_taken: 'there is a fallback already, or the response is an image',
  response_not_in_domain: 'response "{response}" is not in the domain',
  // Any import: an item that breaks one of our rules (`rule`: a code of
  // src/admin-api/problem-codes.ts, with that code's params)
  rule_broken: '{field}: {text}',
} as const;

export type ReportItemCode = keyof typeof REPORT_ITEMS;
export type ReportCode = keyof typeof REPORT_CODES;

export interface ImportReportLine {
  /** What the line is about, in English: `node "node_3" (Horário)`, `entity "sys-date"`, `intent "x?"`. */
  item: string;
  /** The same as a code of REPORT_ITEMS and its params, for the console. */
  itemCode: ReportItemCode;
  itemParams?: ReportParams;
  /** kept: what it became; renamed: the new name; skipped: why not. */
  outcome: 'kept' | 'renamed' | 'skipped';
  /** Why, in English (the CLI and the report file). */
  detail: string;
  /** The same as a code of REPORT_CODES and its params, for the console. */
  code: ReportCode;
  params?: ReportParams;
}

/** A code's template with its params filled: `became "{name}"` → `became "x"`. */
function fill(template: string, params: ReportParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

/** What a line is about: a code of REPORT_ITEMS and its params. */
export type ReportSubject = readonly [ReportItemCode, ReportParams?];

/**
 * One line of a report; `detail` is the code's sentence unless given (the English of a line that
 * says the same fact with plurals or more words).
 */
export function reportLine(outcome: ImportReportLine['outcome'], subject: ReportSubject, code: ReportCode, params?: ReportParams, detail?: string): ImportReportLine {
  const [itemCode, itemParams] = subject;
  return {
    item: fill(REPORT_ITEMS[itemCode], itemParams),
    itemCode,
    ...(itemParams && Object.keys(itemParams).length > 0 ? { itemParams } : {}),
    outcome,
    detail: detail ?? fill(REPORT_CODES[code], params),
    code,
    ...(params && Object.keys(params).length > 0 ? { params } : {}),
  };
}

/** Why an item was left out, said as a code (a reason found before its line is written). */
export interface ReportReason {
  code: ReportCode;
  params?: ReportParams;
  detail?: string;
}

/** `s` after a count other than one, for the English lines. */
export function plural(count: number): string {
  return count === 1 ? '' : 's';
}

export interface ImportReport {
  /** Where the content came from: `watson`, `rasa`. */
  source: string;
  lines: ImportReportLine[];
  /** Intent names the import had to change: the other platform's name → ours (rules and stories use it). */
  intentNames?: Record<string, string>;
}

export function formatReportLine(line: ImportReportLine): string {
  return `${line.outcome} ${line.item}: ${line.detail}`;
}

/** The lines kept first, then renamed, then skipped (each in the order they were met). */
export function orderedReportLines(report: ImportReport): ImportReportLine[] {
  const order = ['kept', 'renamed', 'skipped'] as const;
  return order.flatMap((outcome) => report.lines.filter((line) => line.outcome === outcome));
}

/** One line per item, in the order of orderedReportLines. */
export function formatImportReport(report: ImportReport): string[] {
  return orderedReportLines(report).map(formatReportLine);
}

export function countOutcomes(report: ImportReport): Record<'kept' | 'renamed' | 'skipped', number> {
  const counts = { kept: 0, renamed: 0, skipped: 0 };
  for (const line of report.lines) counts[line.outcome] += 1;
  return counts;
}

/** A context problem at one synonym of one value (check-content.ts's field path). */
const SYNONYM_FIELD = /^values\.(\d+)\.synonyms\.(\d+)$/;

const SINGULAR: Record<ContentList, ReportItemCode> = { themes: 'theme', intents: 'intent', contexts: 'context', skills: 'skill', dialogues: 'dialogue' };

/**
 * Content translated from another platform may still break one of our rules in a way the
 * translator did not foresee (a name too long, a loop of follow-ups). Rather than refuse the whole
 * import, each offending item is left out and reported; leaving one out may break another (a
 * dialogue whose intent went), so this repeats until the content is sound.
 */
export function dropUnsoundItems(content: AssistantContent, report: ImportReport): void {
  for (let pass = 0; pass < 20; pass += 1) {
    const problems = checkContent(content);
    if (problems.length === 0) return;
    const doomed = new Map<ContentList, Set<number>>();
    // A synonym that already means another value (or is one) is left out alone: its context, and
    // the intents, skills and dialogues that need the context, stay.
    const leftOut = new Map<ContextValue, Set<number>>();
    for (const problem of problems) {
      const synonym = problem.list === 'contexts' ? SYNONYM_FIELD.exec(problem.field) : null;
      const context = content.contexts[problem.index];
      if (synonym && context?.type === 'text') {
        const value = context.values[Number(synonym[1])];
        const word = value?.synonyms[Number(synonym[2])];
        if (value && word !== undefined) {
          leftOut.set(value, (leftOut.get(value) ?? new Set<number>()).add(Number(synonym[2])));
          const params = { field: problem.field, text: problem.message, rule: problem.code ?? 'invalid_value', ...problem.params };
          report.lines.push(reportLine('skipped', ['entity_synonym', { synonym: word, value: value.value, entity: context.name }], 'rule_broken', params, problem.message));
          continue;
        }
      }
      const indices = doomed.get(problem.list) ?? new Set<number>();
      if (indices.has(problem.index)) continue;
      indices.add(problem.index);
      doomed.set(problem.list, indices);
      const item = content[problem.list][problem.index];
      const params = { field: problem.field, text: problem.message, rule: problem.code ?? 'invalid_value', ...problem.params };
      report.lines.push(reportLine('skipped', [SINGULAR[problem.list], { name: item?.name ?? problem.index }], 'rule_broken', params, `${problem.field ? `${problem.field}: ` : ''}${problem.message}`));
    }
    for (const [value, indices] of leftOut) value.synonyms = value.synonyms.filter((_word, index) => !indices.has(index));
    for (const [list, indices] of doomed) {
      // Each list has its own element type; filtering by index keeps it.
      (content[list] as unknown[]) = (content[list] as unknown[]).filter((_item, index) => !indices.has(index));
    }
  }
}
