// A training's warnings and problems as stable codes with parameters, so the console words them in
// the user's language (src/admin-api/problem-codes.ts, README "Error codes"). The NLU and the
// trainer write them as English sentences — a model's warnings are kept in its artifact as text,
// and artifacts of every earlier version must still load — so each sentence they can write is
// recognised here by its template, and its values become the parameters. A sentence no template
// reads (a newer producer, an unexpected error) keeps the generic code of its level; a test runs
// every producer and fails when one of its sentences falls through.

export interface CodedNotice {
  code: string;
  params?: Record<string, string>;
}

// A quoted name as the producers write it: JSON.stringify, so \" and \\ may appear inside.
const Q = '"((?:[^"\\\\]|\\\\.)*)"';

function unquote(text: string | undefined): string {
  if (text === undefined) return '';
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return text;
  }
}

/** `"a", "b"` → `a, b`. */
function quotedList(text: string): string {
  try {
    return (JSON.parse(`[${text}]`) as string[]).join(', ');
  } catch {
    return text;
  }
}

/** Template → code; named groups become parameters (`q_` groups are unquoted). */
const TEMPLATES: ReadonlyArray<{ code: string; pattern: RegExp }> = [
  // Warnings: the data (src/nlu/find-training-warnings.ts), cross-validation (src/nlu/cross-validate.ts), the trainer.
  { code: 'few_phrases', pattern: new RegExp(`^intent ${Q.replace('(', '(?<q_intent>')} has (?<count>\\d+) different phrases?; .*least (?<min>\\d+) to be recognised`) },
  { code: 'phrase_in_intents', pattern: new RegExp(`^the phrase ${Q.replace('(', '(?<q_phrase>')} is in (?<count>\\d+) intents \\((?<intents>.*)\\): keep it in one$`) },
  {
    code: 'intents_overlap',
    pattern: new RegExp(
      `^intents ${Q.replace('(', '(?<q_intent>')} and ${Q.replace('(', '(?<q_other>')} overlap: (?<count>\\d+) of (?<of>\\d+) phrases of .*?were taken for "[^"]*"(?:: ${Q.replace('(', '(?<q_phrase>')} reads like ${Q.replace('(', '(?<q_nearest>')})? — reword them or merge the intents$`,
    ),
  },
  // Only the fixed reasons (src/embeddings/embeddings-client.ts): a sentence of an earlier version,
  // which quoted the provider's error (a URL, its answer), reads as the generic warning.
  { code: 'embeddings_failed', pattern: /^the embeddings provider failed \((?<reason>timeout|network_error|http_status|invalid_answer|error)(?: (?<status>\d{3}))?\): this version understands without it$/ },
  { code: 'nlu_not_in_model', pattern: /^intents, contexts or regexes changed since version (?<version>\d+) and are not in this model/ },
  { code: 'dialogues_not_in_model', pattern: /^dialogues changed since version (?<version>\d+) and are not in this model/ },
  { code: 'skills_not_in_model', pattern: /^skills other than custom ones changed since version (?<version>\d+) and are not in this model/ },
  // Problems of the content (src/engine/trainer.ts findTrainingProblems).
  { code: 'dialogue_unknown_skill', pattern: new RegExp(`^dialogue ${Q.replace('(', '(?<q_dialogue>')} uses the unknown skill ${Q.replace('(', '(?<q_skill>')}$`) },
  { code: 'dialogue_unknown_intent', pattern: new RegExp(`^dialogue ${Q.replace('(', '(?<q_dialogue>')} answers the unknown intent ${Q.replace('(', '(?<q_intent>')}$`) },
  { code: 'dialogue_slots_problem', pattern: new RegExp(`^dialogue ${Q.replace('(', '(?<q_dialogue>')} \\((?<field>[^)]*)\\): `) },
  // Problems of custom skills (src/third-party-apis/check-custom-skills.ts).
  { code: 'custom_skill_no_api', pattern: new RegExp(`^custom skill ${Q.replace('(', '(?<q_skill>')} names no API`) },
  { code: 'custom_skill_unknown_api', pattern: new RegExp(`^custom skill ${Q.replace('(', '(?<q_skill>')} runs the API ${Q.replace('(', '(?<q_api>')}, which this assistant does not have`) },
  { code: 'custom_skill_api_problem', pattern: new RegExp(`^custom skill ${Q.replace('(', '(?<q_skill>')}: API ${Q.replace('(', '(?<q_api>')} \\((?<field>[^)]*)\\): `) },
  { code: 'custom_skill_list_buttons', pattern: new RegExp(`^custom skill ${Q.replace('(', '(?<q_skill>')} \\((?<field>custom\\.listButtons[^)]*)\\): `) },
  // Problems (src/nlu/find-training-problems.ts).
  { code: 'no_intents', pattern: /^the assistant has no intents$/ },
  { code: 'too_many_intents', pattern: /^the assistant has more than (?<max>\d+) intents$/ },
  { code: 'intent_no_name', pattern: /^intent #(?<position>\d+) has no name$/ },
  { code: 'intent_twice', pattern: new RegExp(`^intent ${Q.replace('(', '(?<q_intent>')} is defined more than once$`) },
  { code: 'intent_reserved', pattern: new RegExp(`^intent ${Q.replace('(', '(?<q_intent>')}: the name is reserved for the fallback$`) },
  { code: 'intent_no_phrases', pattern: new RegExp(`^intent (?:${Q.replace('(', '(?<q_intent>')}|#(?<position>\\d+)) has no phrases$`) },
  { code: 'intent_no_words', pattern: new RegExp(`^intent (?:${Q.replace('(', '(?<q_intent>')}|#(?<position>\\d+)) has no phrase with words`) },
  { code: 'entity_no_name', pattern: new RegExp(`^intent (?:${Q.replace('(', '(?<q_intent>')}|#\\d+), phrase ${Q.replace('(', '(?<q_phrase>')}: an entity has no name$`) },
  {
    code: 'entity_outside_phrase',
    pattern: new RegExp(`^intent (?:${Q.replace('(', '(?<q_intent>')}|#\\d+), phrase ${Q.replace('(', '(?<q_phrase>')}: entity ${Q.replace('(', '(?<q_entity>')} spans (?<start>-?\\d+)–(?<end>-?\\d+), outside the phrase`),
  },
  { code: 'context_twice', pattern: new RegExp(`^context ${Q.replace('(', '(?<q_context>')} is defined more than once$`) },
  { code: 'context_min_above_max', pattern: new RegExp(`^context ${Q.replace('(', '(?<q_context>')}: min (?<min>\\S+) is greater than max (?<max>\\S+)$`) },
  { code: 'regex_no_name', pattern: /^a regex has no name$/ },
  { code: 'regex_empty', pattern: new RegExp(`^regex ${Q.replace('(', '(?<q_regex>')} has an empty pattern$`) },
  { code: 'regex_invalid', pattern: new RegExp(`^regex ${Q.replace('(', '(?<q_regex>')}(?::| is not a valid regular expression)`) },
];

/** A partial training's problems carry this note (src/engine/trainer.ts); the code is the problem's own. */
const PARTIAL_NOTE = / \(a \w+ training keeps the intents of version \d+: run a complete training\)$/;

/** The code and parameters of a training's warning or problem; the generic code of its level when no template reads it. */
export function codeTrainingNotice(message: string, level: 'warning' | 'error'): CodedNotice {
  const text = message.replace(PARTIAL_NOTE, '');
  for (const { code, pattern } of TEMPLATES) {
    const match = pattern.exec(text);
    if (!match) continue;
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(match.groups ?? {})) {
      if (value === undefined) continue;
      if (name.startsWith('q_')) params[name.slice(2)] = unquote(value);
      else if (name === 'intents') params[name] = quotedList(value);
      else params[name] = value;
    }
    return Object.keys(params).length > 0 ? { code, params } : { code };
  }
  return { code: level === 'error' ? 'training_problem' : 'training_warning' };
}

/** The codes this module gives, for the console's translations (a test checks each has one). */
export const TRAINING_NOTICE_CODES: readonly string[] = TEMPLATES.map((template) => template.code);
