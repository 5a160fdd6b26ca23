// Stable codes of the admin API's errors, for clients that show them in their own words (the
// console translates each one in pt-BR, en and es: console/src/locales/*.json, `problems.<code>`,
// checked by console/src/locales/locales.test.ts). An error body is
// `{"error": {"code", "message", "field"?, "params"?, "problems"?: [{field?, code, params?, message}]}}`:
// `code` says what kind of error it is (`invalid`, `not_found`, `conflict`…), each problem of
// `problems` says what is wrong with one field, with the values its sentence needs in `params`.
// The English `message` stays for people reading the API; never parse it. The table in README.md
// ("Error codes") lists them.
import type { ErrorObject } from 'ajv';
import { JSON_BOUNDS_KEYWORD } from '../assistant/json-bounds.js';

export type ProblemParams = Record<string, string | number>;

/** One problem of a request, about a field of its body (a dot path: `phrases.2.text`) or the whole. */
export interface ApiProblem {
  field?: string;
  code: string;
  params?: ProblemParams;
  message: string;
  /** Another item than the one the request is about (content routes). */
  item?: { list: string; name: string };
}

/**
 * Every code a problem (or an error's `code`) can take, with its English sentence; `{name}` is a
 * param. A new code needs a text in the console's three locales (locales.test.ts fails without).
 */
export const PROBLEM_CODES = {
  // The request body's shape (JSON schema)
  required: 'is required',
  secret_for_other_address: 'was given for another address: give it again for this one (a secret goes only where it was set for)',
  too_short: 'must have at least {min} characters',
  too_long: 'must have at most {max} characters',
  too_small: 'must be at least {min}',
  too_big: 'must be at most {max}',
  too_few: 'must have at least {min} items',
  too_many: 'must have at most {max} items',
  too_many_keys: 'must have at most {max} keys',
  not_one_of: 'must be one of: {allowed}',
  pattern: 'does not have the expected form',
  intent_payload_not_allowed: 'must not start with "/": a /intent payload already triggers its intent, and /get_started or /start opens the conversation anyway',
  type: 'must be of type {type}',
  format: 'must be a valid {format}',
  duplicate_items: 'has the same item twice (items {first} and {second})',
  not_allowed: 'is not allowed here',
  not_integer: 'must be a whole number',
  invalid_value: 'is not valid',
  too_deep: 'must nest lists and objects at most {max} levels deep',
  too_many_bytes: 'must take at most {max} bytes as JSON',
  not_well_formed: 'holds broken Unicode (a lone surrogate)',
  // Rules of the values themselves
  empty: 'is empty',
  spaces_around: 'starts or ends with spaces',
  symbol_name: '"{name}" must start with a letter and hold only letters, digits, "_", "-" and "."',
  reserved_name: '"{name}" is reserved',
  duplicate_name: 'another item is already named "{name}"',
  does_not_exist: '{what} "{name}" does not exist',
  placeholder_unknown: 'placeholder {{name}} names no context',
  not_email: '"{value}" is not an e-mail address',
  not_address: '"{value}" is not an address or CIDR',
  not_url: 'is not a valid http(s) address',
  not_time_zone: '"{value}" is not an IANA time zone',
  not_date_time: 'must be a date and time in ISO 8601 with a time zone',
  in_the_past: 'is in the past',
  too_far_ahead: 'may be at most {days} days ahead',
  login_form: 'use 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit',
  host_label: 'use lower-case letters and digits (it becomes part of a host name)',
  host_taken: 'its host name would be the same as another server\'s or assistant\'s',
  not_used: 'is not used by this kind of item',
  not_a_value: '"{value}" is not a value of context "{context}" (values: {values})',
  out_of_range: '{value} is outside the range {min} to {max}',
  listed_twice: '"{name}" is listed twice',
  one_fallback: 'only one skill can be the fallback; "{name}" already is',
  between: 'must be a whole number from {min} to {max}',
  text_between: 'must be a text of {min} to {max} characters',
  intent_answered: 'intent "{name}" is already answered by dialogue "{by}"',
  follow_up_loop: 'makes a loop of follow-ups ({names})',
  follow_up_itself: 'a dialogue cannot be a follow-up of itself',
  needs_phrase: 'needs at least one phrase',
  file_required: 'send a file',
  phone_number_id: 'must be the digits of the phone number id Meta shows, not the phone number',
  bot_token: 'must be the token BotFather gave, such as 123456789:AAE…',
  action_name: 'the custom action\'s name "{name}" may hold only letters, digits, "_", "-" and "."',
  rasa_action: '"{name}" is one of Rasa\'s own actions, which no action server runs',
  sender_prefix: 'must start with "{prefix}"',
  not_an_agent: '"{name}" is not an active agent or administrator',
  agent_required: 'the operator acts as an agent: name its login',
  // {reason}: outside_window, kept_full or channel_error (the console says each in its words: problems.replyNotDelivered)
  reply_not_delivered: 'is in the conversation, but the user did not get it: {reason}',
  // Flow warnings of content items and trainings (never block a save)
  button_not_an_answer: 'button "{button}" does not answer the question for context "{context}" of dialogue "{dialogue}"',
  button_not_yes_no: 'button "{button}" of the confirmation of dialogue "{dialogue}" is neither a yes nor a no',
  button_unknown_intent: 'button "{button}" names intent "{intent}", which does not exist',
  button_not_understood: 'button "{button}": the assistant does not understand its value; the fallback would answer',
  button_unanswered: 'button "{button}" is understood as intent "{intent}", but no dialogue answers it',
  button_unanswered_after: 'button "{button}" is understood as intent "{intent}", but no dialogue answers it after "{after}"',
  placeholders_may_be_unset: 'every text uses {names}, which may be unset ("{example}")',
  preset_ignored: 'the preset of skill "{skill}" is ignored while the dialogue asks for context "{context}"',
  context_never_filled: 'nothing can fill context "{context}": add a question',
  follow_up_never_answers: 'this follow-up of "{parent}" never answers',
  follow_up_repeats: 'follow-ups answer over and over: {names}',
  few_phrases: 'intent "{intent}" has {count} different phrases; an intent needs at least {min}',
  phrase_in_intents: 'the phrase "{phrase}" is in {count} intents ({intents})',
  intents_overlap: 'intents "{intent}" and "{other}" overlap: {count} of {of} phrases were taken for the other',
  // {reason}: timeout, network_error, http_status (with {status}), invalid_answer or error — never the provider's own text (the console says each: problems.embeddingsFailures)
  embeddings_failed: 'the embeddings provider failed ({reason}): this version understands without it',
  nlu_not_in_model: 'intents, contexts or regexes changed since version {version} and are not in this model',
  dialogues_not_in_model: 'dialogues changed since version {version} and are not in this model',
  skills_not_in_model: 'skills other than custom ones changed since version {version} and are not in this model',
  no_intents: 'the assistant has no intents',
  too_many_intents: 'the assistant has more than {max} intents',
  intent_no_name: 'intent #{position} has no name',
  intent_twice: 'intent "{intent}" is defined more than once',
  intent_reserved: 'intent "{intent}": the name is reserved for the fallback',
  intent_no_phrases: 'intent "{intent}" has no phrases',
  intent_no_words: 'intent "{intent}" has no phrase with words',
  entity_no_name: 'intent "{intent}", phrase "{phrase}": an entity has no name',
  entity_outside_phrase: 'intent "{intent}", phrase "{phrase}": entity "{entity}" spans {start}–{end}, outside the phrase',
  context_twice: 'context "{context}" is defined more than once',
  context_min_above_max: 'context "{context}": min {min} is greater than max {max}',
  regex_no_name: 'a regex has no name',
  regex_empty: 'regex "{regex}" has an empty pattern',
  regex_invalid: 'regex "{regex}" is not a valid or supported regular expression',
  dialogue_unknown_skill: 'dialogue "{dialogue}" uses the unknown skill "{skill}"',
  dialogue_unknown_intent: 'dialogue "{dialogue}" answers the unknown intent "{intent}"',
  dialogue_slots_problem: 'dialogue "{dialogue}" ({field}): its questions name a context or skill that is missing or changed',
  api_name: 'a name is 1 to 80 letters, digits, spaces, "_", "." or "-"',
  dependency_cycle: 'dependencies go round in a cycle: {names}',
  url_credentials: 'credentials in a URL are refused: use a (secret) header',
  url_placeholder_in_host: "a context placeholder cannot be in the URL's host: only in its path or query",
  header_name: '"{name}" is not a header name',
  secret_needs_value: 'a secret needs its value (written once, never shown again)',
  one_line: 'must be one line',
  header_value_chars: 'header "{name}": the value holds a control character or a character outside Latin-1 (an emoji, for one), which HTTP cannot carry; a value from a context is sent as UTF-8',
  body_field_name: 'a body field needs a name of at most 100 characters; dots nest it, with no empty part',
  secret_text_only: 'only a text field can be secret',
  body_value: 'the value does not fit the type {type}',
  invalid_path: 'invalid path into the answer',
  text_path_whole: 'a text answer is read whole: its path is $',
  not_a_context: '"{name}" is not a context of this assistant',
  success_status_required: 'at least one status code means success',
  status_overlap: '{code} cannot mean success and also unauthorised or not found',
  custom_skill_no_api: 'custom skill "{skill}" names no API',
  custom_skill_unknown_api: 'custom skill "{skill}" runs the API "{api}", which this assistant does not have',
  custom_skill_api_problem: 'custom skill "{skill}": API "{api}" ({field}) has a problem',
  secret_not_restored: 'the secret value of API "{api}" ({field}) could not be restored: give it again',
  custom_skill_list_buttons: 'custom skill "{skill}" ({field}): the buttons from a list need a valid path, a title and a payload',
  training_warning: 'the training warned (see the message)',
  training_problem: 'the training found a problem (see the message)',
  // An imported file's problems at their place (src/assistant FileError; the API's `fileProblems`
  // and `fileWarnings`, each with file, line, column and place), a project zip's and a
  // spreadsheet's. `found` is what a value is: mapping, list, text, number, boolean, nothing, other.
  file_problem: 'has a problem (see the message)',
  file_not_mapping: 'must be a mapping (key: value lines), not {found}',
  file_not_list: 'must be a list, not {found}',
  file_not_text: 'must be a text, not {found}',
  file_not_number: 'must be a number, not {found}',
  file_not_boolean: 'must be true or false, not {found}',
  file_key_not_name: 'has a key that is not a name ({found})',
  file_unknown_key: 'unknown key "{key}" (known keys: {keys})',
  file_unknown_key_suggest: 'unknown key "{key}"; did you mean "{suggestion}"?',
  file_needs_key: 'needs "{key}"',
  file_no_value: '"{key}" has no value; write one or remove the key',
  file_yaml_documents: 'an assistant file holds one YAML document; remove the "---" that starts another one',
  file_yaml_duplicate_key: 'the same key twice in one mapping',
  file_yaml_syntax: 'is not valid YAML ({kind})',
  file_yaml_too_deep: 'nests lists or mappings too deeply to be read',
  file_yaml_quote_markup: 'is not valid YAML: a phrase that starts with entity markup like [text](context) must be in quotes',
  file_yaml_warning: 'the YAML reader warns ({kind})',
  file_no_version: 'no "version": read as version 1 of the format (write "version: 1" at the top)',
  file_version: 'unsupported format version; this Helper reads version 1',
  file_rasa_example_dash: 'each example must start with "- "',
  file_rasa_not_imported: '"{key}" is not imported',
  file_rasa_item_kind: 'an nlu item has exactly one of {kinds}',
  file_too_large: 'the file has {size} MB; an assistant file may have at most {max} MB',
  file_not_utf8: 'the file is not UTF-8 text (byte {byte} here; Latin-1 or Windows-1252?): save it as UTF-8 and import it again',
  file_empty: 'the file is empty; an assistant file starts with "version: 1"',
  file_not_sections: 'the file must be a mapping of sections (version, intents, skills, …), not a list or a text',
  file_rasa_markdown: 'Rasa Markdown training data is not supported; convert it to YAML with rasa data convert nlu -f yaml',
  file_rasa_json: 'Rasa JSON training data is not supported; convert it to YAML with rasa data convert nlu -f yaml',
  file_watson_not_json: 'looks like a Watson workspace but is not valid JSON',
  file_alias_loop: 'alias {name} stands for a node that contains it (an endless loop)',
  file_alias_expansion: 'aliases stand for {nodes} nodes; at most {max} are allowed: write the items out',
  file_phrase_twice: 'phrase "{phrase}" is already in this intent (line {line})',
  file_phrase_in_two_intents: 'phrase "{phrase}" is also in intent "{intent}" (line {line}); the assistant cannot tell the two apart on it',
  file_intent_unanswered: 'no dialogue answers intent "{intent}"; the fallback skill answers it',
  file_skill_unused: 'skill "{skill}" is not used by any dialogue',
  file_threshold_fraction: '"accuracy_threshold" is a percentage: {value} means {value} %; write {percent} for {percent} %',
  file_markup_not_json: 'entity markup {markup} is not valid JSON',
  file_markup_needs_entity: 'entity markup {markup} needs "entity": the context\'s name',
  file_markup_unknown_key: 'unknown key "{key}" in entity markup; only "entity" and "value" are used',
  file_markup_value: '"value" in entity markup must be a text, number or true/false',
  file_markup_incomplete: 'entity markup is incomplete',
  file_markup_no_context: 'entity markup {markup} names no context',
  file_markup_several: 'several entities on one span ([{text}][…]) are not supported',
  file_markup_key_unsupported: 'entity "{key}" is not supported; remove "{key}" from the markup',
  file_word_twice: '"{word}" is listed twice for value "{value}"',
  file_word_other_value: '"{word}" already stands for value "{value}" of this context; a word can mean only one value',
  file_entity_with_values: 'a context filled by the system entity "{entity}" takes no values of its own; remove "values" or "entity"',
  file_one_or_list: 'has either "{one}" (one) or "{list}" (a list), not both',
  file_preset_empty: '"preset" needs "context" (name and value), "dialogue", or both',
  file_condition_empty: 'the condition on "{context}" is empty',
  file_condition_operator: 'the condition on "{context}" needs one of {operators}',
  file_condition_one: 'a condition has one comparison; write "{context}" once per variant with "{first}" or "{second}"',
  file_when_empty: '"when" needs at least one condition',
  file_skill_two_kinds: 'a skill answers with one kind; it has both "{first}" and "{second}"',
  file_rasa_with_helper: '"nlu" is Rasa training data, but this file also has Helper sections ({sections}); keep Rasa data in a file of its own',
  file_rasa_synonym_context: 'no entity has the value "{value}" or one of its synonyms; they were put in text context "{context}"',
  file_rasa_intent_renamed: 'intent name "{name}" is not a valid name; imported as "{renamed}"',
  file_api_not_mapping: 'an API is a map with name, method and url, not {found}',
  file_list_of_mappings: '"{key}" must be a list of maps',
  file_status_codes: 'status codes are a list of whole numbers',
  file_custom_needs_api: 'a custom skill needs "custom: {api: NAME}", the third-party API it runs',
  file_custom_list_buttons: '"list_buttons" needs path, title and payload (texts)',
  project_too_many_yaml: 'the project has {count} YAML files; at most {max} are read',
  project_several_roots: 'the upload holds {count} Rasa projects ({roots}); import one at a time',
  project_too_large: 'the project\'s YAML files have {size} MB; at most {max} MB are read',
  project_no_data: 'no Rasa domain or NLU data found: a project has a domain.yml and data/nlu.yml',
  file_unreadable: 'the file could not be read',
  file_read_too_long: 'reading the file took longer than {seconds} s; split it into smaller files',
  file_read_too_big: 'reading the file needs more than {megabytes} MB of memory; split it into smaller files',
  import_action_token_dropped: 'the action endpoint moves to another address, so its token is removed; set the token again for the new address',
  // params: rule (the code whose sentence is {text}) and that code's params
  import_merge_problem: 'merged with the assistant\'s content: {text} (import with mode "replace" or fix the file)',
  import_fallback_replaced: 'skill "{name}" becomes the fallback in place of the assistant\'s "{previous}", which stays as an ordinary skill',
  zip_not_zip: 'the file is not a zip; send the Rasa project folder zipped (domain.yml, config.yml, data/)',
  zip_too_many_files: 'the project holds {count} files; at most {max} are read',
  zip_too_large: 'the project\'s files expand to more than {max} MB (at {name})',
  zip_unreadable_entry: '{name} is encrypted or compressed in a way this reader does not know',
  zip_damaged: 'the zip is damaged or declares false sizes',
  zip_no_yaml: 'the zip holds no YAML files; a Rasa project has domain.yml, config.yml and data/*.yml',
  sheet_not_workbook: 'the file is not an .xlsx workbook (export the dialogues to get one to edit)',
  sheet_zip_refused: 'the workbook is refused: its zip holds too many files, expands too much, is encrypted or is damaged',
  sheet_none: 'the workbook has no sheet',
  sheet_header: 'row 1 must be the header {columns}; missing: {missing}',
  sheet_too_many_rows: 'the sheet has more than {max} rows below the header',
  sheet_not_text: 'row {row}, column {column}: not text',
  sheet_intent_empty: 'row {row}, column Intent: empty',
  sheet_intent_name: 'row {row}, column Intent: "{name}" is not a valid intent name',
  sheet_row_empty: 'row {row}: columns User Says and Text Response are both empty',
  sheet_no_rows: 'the sheet has no rows below the header',
  sheet_intent_no_phrase: 'intent "{intent}" has no phrase in column User Says',
  // Testar of a third-party API (src/third-party-apis/run-api.ts): a step's and the run's
  // `reasonCode` (the run's params add `api`), an extraction's `problemCode`
  api_failed: 'the call failed',
  api_found_nothing: 'found nothing',
  api_refused: 'the address is not allowed (HELPER_OUTBOUND_ALLOW)',
  api_timeout: 'the API did not answer in time',
  api_network: 'the API could not be reached',
  api_too_large: 'the answer is too large',
  api_redirect: 'the API redirected elsewhere, which is not followed',
  api_bad_url: 'the address is not a valid URL',
  api_bad_request: 'the request could not be sent: a header holds what HTTP cannot carry',
  api_unauthorised: 'answered {status}: unauthorised',
  api_not_found: 'answered {status}: not found',
  api_not_success: 'answered {status}, which is not a success status ({success})',
  api_not_json: 'the answer is not JSON, and JSON was declared',
  api_value_not_type: '{path} is not a {type}',
  api_nothing_found: 'nothing found at {paths}',
  extract_missing: 'not in the answer',
  extract_empty_list: 'an empty list',
  extract_not_type: 'not a {type}: {value}',
  // "Check connection" of Messenger, WhatsApp and Telegram (Integrações): the answer's `code`
  check_no_page_token: 'no Page access token is set',
  check_no_access_token: 'no access token is set',
  check_no_phone_number_id: 'no phone number id is set',
  check_no_bot_token: 'no bot token is set',
  check_timeout: 'the {service} did not answer in time',
  check_unreachable: 'the {service} could not be reached',
  check_token_refused: '{service} refused the token ({status}: "{detail}"); set a new one',
  check_answered: 'the {service} answered {status}: "{detail}"',
  check_no_page: 'the Graph API answered without the Page',
  check_no_phone_number: 'the Graph API answered without the phone number',
  // Kinds of errors (the error's `code`), for errors about no field
  invalid: 'the request is not valid',
  not_found: 'not found',
  conflict: 'conflicts with what exists',
  user_exists: 'a user with this login or e-mail already exists',
  last_administrator: '"{login}" is the last active administrator',
  server_exists: 'server "{name}" already exists',
  assistant_exists: 'the server already has an assistant in this language',
  in_use: 'still used by other items',
  changed: 'changed since it was read',
  forbidden: 'not allowed for this role',
  csrf: 'the session token is missing or wrong',
  unauthenticated: 'sign in first',
  invalid_credentials: 'login or password is wrong',
  rate_limited: 'too many requests; try again in {seconds} s',
  throttled: 'too many failed sign-ins; try again in {seconds} s',
  busy: 'too many files being read; try again',
  too_large: 'too large',
  unsupported_media_type: 'unsupported content type',
  not_trained: 'the assistant has not been trained yet',
  watson_failed: 'Watson did not answer as expected',
  watson_unreachable: 'Watson could not be reached or did not answer in time',
  watson_key_refused: 'Watson refused the API key ({status})',
  watson_not_found: 'Watson has nothing at this address ({status}): check the URL and the workspace',
  watson_answered: 'Watson answered {status}: "{detail}"',
  bad_request: 'the request is not valid',
  internal: 'an unexpected error occurred',
} as const;

export type ProblemCode = keyof typeof PROBLEM_CODES;

export function isProblemCode(code: string): code is ProblemCode {
  return Object.hasOwn(PROBLEM_CODES, code);
}

/** The English sentence of a code, with its params and the field in front: `name must have at least 1 characters`. */
export function problemMessage(code: ProblemCode, params: ProblemParams = {}, field?: string): string {
  const sentence = PROBLEM_CODES[code].replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
  return field ? `${field} ${sentence}` : sentence;
}

/** A problem with its English message written from the code. */
export function problem(field: string | undefined, code: ProblemCode, params?: ProblemParams, message?: string): ApiProblem {
  return { ...(field ? { field } : {}), code, ...(params && Object.keys(params).length > 0 ? { params } : {}), message: message ?? problemMessage(code, params, field) };
}

/** At most this many problems are answered: the rest add nothing a form could show. */
export const MAX_PROBLEMS = 50;

function pathOf(error: ErrorObject): string {
  return error.instancePath.replace(/^\//, '').split('/').filter((part) => part !== '').map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~')).join('.');
}

function join(...parts: Array<string | undefined>): string {
  return parts.filter((part): part is string => part !== undefined && part !== '').join('.');
}

/** One JSON schema issue (an ajv error object) as a problem with a stable code. */
export function problemOfSchemaIssue(error: ErrorObject, prefix?: string): ApiProblem {
  const params = error.params as Record<string, unknown>;
  // A key refused by `propertyNames` (an object whose keys are listed): the key is the field.
  if (error.propertyName !== undefined) {
    const key = join(prefix, pathOf(error), error.propertyName);
    return error.keyword === 'enum' || error.keyword === 'const' ? problem(key, 'not_allowed') : problemOfSchemaIssue({ ...error, propertyName: undefined, instancePath: '' } as ErrorObject, key);
  }
  const at = join(prefix, pathOf(error));
  const limit = Number(params['limit']);
  switch (error.keyword) {
    case 'required': {
      const missing = join(at, String(params['missingProperty']));
      return problem(missing, 'required', undefined, `"${missing}" is required`);
    }
    case 'minLength':
      return problem(at, limit <= 1 ? 'empty' : 'too_short', limit <= 1 ? undefined : { min: limit });
    case 'maxLength':
      return problem(at, 'too_long', { max: limit });
    case 'minimum':
    case 'exclusiveMinimum':
      return problem(at, 'too_small', { min: limit });
    case 'maximum':
    case 'exclusiveMaximum':
      return problem(at, 'too_big', { max: limit });
    case 'minItems':
      return problem(at, 'too_few', { min: limit });
    case 'maxItems':
      return problem(at, 'too_many', { max: limit });
    case 'maxProperties':
      return problem(at, 'too_many_keys', { max: limit });
    case 'enum':
      return problem(at, 'not_one_of', { allowed: (params['allowedValues'] as unknown[]).map(String).join(', ') });
    case 'const':
      return problem(at, 'not_one_of', { allowed: String(params['allowedValue']) });
    case 'pattern':
      return problem(at, 'pattern');
    case 'type': {
      const type = Array.isArray(params['type']) ? (params['type'] as string[]).join(', ') : String(params['type']);
      return type === 'integer' ? problem(at, 'not_integer') : problem(at, 'type', { type });
    }
    case 'format':
      return problem(at, 'format', { format: String(params['format']) });
    case 'uniqueItems':
      return problem(at, 'duplicate_items', { first: Number(params['j']), second: Number(params['i']) });
    case 'additionalProperties':
      return problem(join(at, String(params['additionalProperty'])), 'not_allowed');
    case 'not':
      return problem(at, 'not_allowed');
    case 'multipleOf':
      return problem(at, 'not_integer');
    case JSON_BOUNDS_KEYWORD: {
      // A free-form value's bounds (../assistant/json-bounds.ts): its code is in the params.
      const code = params['code'] === 'too_deep' || params['code'] === 'too_many_bytes' ? params['code'] : 'invalid_value';
      return problem(at, code, code === 'invalid_value' ? undefined : { max: Number(params['max']) });
    }
    default:
      return problem(at, 'invalid_value');
  }
}

/**
 * Every issue of a failed JSON schema check (ajv with allErrors) as problems, one per field and
 * code. The branches of an `anyOf` (a value or null, a text or a number) are told as the one whose
 * type matched; when none did, as one `type` problem naming the types allowed.
 */
export function problemsOfSchemaIssues(errors: readonly ErrorObject[], prefix?: string): ApiProblem[] {
  const unions = errors.filter((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf');
  const inUnion = (error: ErrorObject) => unions.some((union) => union !== error && error.schemaPath.startsWith(`${union.schemaPath}/`));
  const out: ApiProblem[] = [];
  for (const error of errors) {
    if (inUnion(error) || error.keyword === 'propertyNames') continue;
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf') {
      const branches = errors.filter((inner) => inner.schemaPath.startsWith(`${error.schemaPath}/`) && inner.instancePath.startsWith(error.instancePath));
      const matched = branches.filter((inner) => inner.keyword !== 'type' && inner.keyword !== 'anyOf' && inner.keyword !== 'oneOf');
      if (matched.length > 0) out.push(...matched.map((inner) => problemOfSchemaIssue(inner, prefix)));
      else {
        const types = [...new Set(branches.filter((inner) => inner.keyword === 'type').flatMap((inner) => [(inner.params as { type: string | string[] }).type].flat()))];
        const at = join(prefix, pathOf(error));
        out.push(types.length > 0 ? problem(at, 'type', { type: types.join(', ') }) : problem(at, 'invalid_value'));
      }
      continue;
    }
    out.push(problemOfSchemaIssue(error, prefix));
  }
  const seen = new Set<string>();
  return out.filter((found) => {
    const key = `${found.field ?? ''}\u0000${found.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  }).slice(0, MAX_PROBLEMS);
}
