// Rules and stories without a title: their report lines name them by their number with item codes
// of their own (the console says the fixed words in its language), and the dialogue made of one
// is named after the intent it answers (no words of any language).
import { describe, expect, it } from 'vitest';
import { readRasaProject } from './read-rasa-project.js';

const yaml = (...rows: string[]) => `${rows.join('\n')}\n`;

const PROJECT = [
  { path: 'domain.yml', text: yaml('version: "3.1"', 'intents:', '  - greet', '  - bye', 'responses:', '  utter_greet:', '    - text: "Hi!"', '  utter_bye:', '    - text: "Bye!"') },
  { path: 'data/nlu.yml', text: yaml('version: "3.1"', 'nlu:', '- intent: greet', '  examples: |', '    - hi', '    - hello', '- intent: bye', '  examples: |', '    - bye', '    - see you') },
  {
    path: 'data/rules.yml',
    text: yaml(
      'version: "3.1"',
      'rules:',
      '- steps:',
      '  - intent: greet',
      '  - action: utter_greet',
      '- condition:',
      '  - active_loop: some_form',
      '  steps:',
      '  - intent: bye',
      '  - action: utter_bye',
      '- rule: Named',
      '  condition:',
      '  - active_loop: some_form',
      '  steps:',
      '  - intent: bye',
      '  - action: utter_bye',
    ),
  },
  { path: 'data/stories.yml', text: yaml('version: "3.1"', 'stories:', '- steps:', '  - intent: bye', '  - action: utter_bye', '  - intent: greet', '  - action: action_custom') },
];

describe('Rasa rules and stories without a title', () => {
  it('are reported by their number with codes of their own; a named one keeps its code', () => {
    const result = readRasaProject(PROJECT);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const lines = result.file.report?.lines ?? [];
    const about = (itemCode: string) => lines.filter((line) => line.itemCode === itemCode).map(({ item, itemParams, outcome, code }) => ({ item, itemParams, outcome, code }));
    expect(about('rule_unnamed')).toEqual([
      { item: 'rule 1 (unnamed)', itemParams: { name: 'rule 1', number: 1 }, outcome: 'kept', code: 'steps_kept' },
      { item: 'rule 2 (unnamed)', itemParams: { name: 'rule 2', number: 2 }, outcome: 'skipped', code: 'key_no_equivalent' },
    ]);
    expect(about('rule')).toEqual([{ item: 'rule "Named"', itemParams: { name: 'Named' }, outcome: 'skipped', code: 'key_no_equivalent' }]);
    expect(about('story_unnamed')).toEqual([{ item: 'story 1 (unnamed)', itemParams: { name: 'story 1', number: 1 }, outcome: 'kept', code: 'steps_kept' }]);
    expect(about('story_unnamed_step')).toEqual([{ item: 'story 1 (unnamed) step 3', itemParams: { name: 'story 1', number: 1, step: 3 }, outcome: 'skipped', code: 'step_action' }]);
    expect(result.file.content.dialogues.map((dialogue) => dialogue.name)).toEqual(['greet', 'bye']);
  });
});

describe('a project laid out as Rasa lays it out', () => {
  it("reads only what Rasa reads: config.yml, the domain and data/ (not a deployment's YAML, a second config or split test data)", () => {
    const files = [
      ...PROJECT.map((file) => ({ ...file, path: `moodbot/${file.path}` })),
      { path: 'moodbot/config.yml', text: yaml('language: en', 'pipeline:', '  - name: WhitespaceTokenizer', 'policies:', '  - name: RulePolicy') },
      { path: 'moodbot/custom_config.yml', text: yaml('language: de', 'pipeline: []') },
      { path: 'moodbot/train_test_split/test_data.yml', text: yaml('version: "3.1"', 'nlu:', '- intent: greet', '  examples: |', '    - good morning') },
      { path: 'moodbot/deploy/k8s.yml', text: yaml('kind: Service', '---', 'kind: Deployment') },
    ];
    const result = readRasaProject(files);
    if (!result.ok) throw new Error(result.errors.map((error) => error.message).join('\n'));
    expect(result.file.content.intents.find((intent) => intent.name === 'greet')?.phrases.map((phrase) => phrase.text)).toEqual(['hi', 'hello']);
  });

  it('reads every YAML by its keys when the layout is not Rasa\'s (a file merely named *_domain.yml)', () => {
    const result = readRasaProject([
      { path: 'my_domain.yml', text: yaml('version: "3.1"', 'intents:', '  - greet') },
      { path: 'nlu.yml', text: yaml('version: "3.1"', 'nlu:', '- intent: greet', '  examples: |', '    - hi', '    - hello') },
    ]);
    if (!result.ok) throw new Error(result.errors.map((error) => error.message).join('\n'));
    expect(result.file.content.intents.map((intent) => intent.name)).toEqual(['greet']);
  });
});

describe('slots of type any and list', () => {
  it('become text contexts, so the responses that show them are kept', () => {
    const files = [
      { path: 'domain.yml', text: yaml('version: "3.1"', 'intents:', '  - pay', 'slots:', '  amount:', '    type: any', '    mappings:', '    - type: custom', 'responses:', '  utter_confirm:', '    - text: "Send {amount}?"') },
      { path: 'data/nlu.yml', text: yaml('version: "3.1"', 'nlu:', '- intent: pay', '  examples: |', '    - pay my bill', '    - I want to pay') },
      { path: 'data/rules.yml', text: yaml('version: "3.1"', 'rules:', '- rule: pay', '  steps:', '  - intent: pay', '  - action: utter_confirm') },
    ];
    const result = readRasaProject(files);
    if (!result.ok) throw new Error(result.errors.map((error) => error.message).join('\n'));
    expect(result.file.content.contexts).toContainEqual({ name: 'amount', type: 'text', values: [] });
    expect(result.file.content.skills.map((skill) => skill.name)).toContain('utter_confirm');
    expect(result.file.content.dialogues).toMatchObject([{ intents: ['pay'], skill: 'utter_confirm' }]);
  });
});

describe('a rule or story that starts with an action', () => {
  it('is left out because it starts with an action, not for "two responses in a row" or a custom action', () => {
    const files = [
      ...PROJECT.slice(0, 2),
      {
        path: 'data/rules.yml',
        text: yaml(
          'version: "3.1"',
          'rules:',
          '- rule: Greet after asking',
          '  steps:',
          '  - action: utter_greet',
          '  - intent: bye',
          '  - action: utter_bye',
          '- rule: After the check',
          '  steps:',
          '  - action: action_check_balance',
          '  - intent: greet',
          '  - action: utter_greet',
        ),
      },
      { path: 'data/stories.yml', text: yaml('version: "3.1"', 'stories:', '- steps:', '  - action: utter_bye', '  - intent: greet', '  - action: utter_greet') },
    ];
    const result = readRasaProject(files);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const skipped = (result.file.report?.lines ?? []).filter((line) => line.outcome === 'skipped' && /_step$/.test(line.itemCode));
    expect(skipped.map(({ item, code, params, detail }) => ({ item, code, params, detail }))).toEqual([
      { item: 'rule "Greet after asking" step 1', code: 'step_starts_with_action', params: { action: 'utter_greet', kind: 'rule' }, detail: 'the rule starts with action "utter_greet", not with a message of the user: a dialogue answers an intent, so none of it was kept' },
      { item: 'rule "After the check" step 1', code: 'step_starts_with_action', params: { action: 'action_check_balance', kind: 'rule' }, detail: 'the rule starts with action "action_check_balance", not with a message of the user: a dialogue answers an intent, so none of it was kept' },
      { item: 'story 1 (unnamed) step 1', code: 'step_starts_with_action', params: { action: 'utter_bye', kind: 'story' }, detail: 'the story starts with action "utter_bye", not with a message of the user: a dialogue answers an intent, so none of it was kept' },
    ]);
    expect(result.file.content.dialogues).toEqual([]);
  });
});

describe('an "or" step that shares an intent with an earlier rule', () => {
  it('answers its other intents; the shared one is reported', () => {
    const result = readRasaProject([
      { path: 'domain.yml', text: yaml('version: "3.1"', 'intents:', '  - a', '  - b', '  - c', 'responses:', '  utter_ab:', '    - text: "A or B"', '  utter_bc:', '    - text: "B or C"') },
      { path: 'data/nlu.yml', text: yaml('version: "3.1"', 'nlu:', '- intent: a', '  examples: |', '    - alpha', '- intent: b', '  examples: |', '    - bravo', '- intent: c', '  examples: |', '    - charlie') },
      {
        path: 'data/rules.yml',
        text: yaml('version: "3.1"', 'rules:', '- rule: ab', '  steps:', '  - or:', '    - intent: a', '    - intent: b', '  - action: utter_ab', '- rule: bc', '  steps:', '  - or:', '    - intent: b', '    - intent: c', '  - action: utter_bc'),
      },
    ]);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.file.content.dialogues).toEqual([
      { name: 'ab', intents: ['a', 'b'], skill: 'utter_ab' },
      { name: 'bc', intents: ['c'], skill: 'utter_bc' },
    ]);
    const lines = result.file.report?.lines ?? [];
    expect(lines.filter((line) => line.outcome === 'skipped').map(({ item, code, detail }) => ({ item, code, detail }))).toEqual([
      { item: 'rule "bc" step 1', code: 'step_or_answered', detail: 'intent "b" is already answered by "utter_ab" (dialogue "ab"); the step answers its other intents' },
    ]);
  });
});

describe('a user step with entities', () => {
  it('is not carried, reported, and ends its story: a dialogue answers an intent whatever its entities', () => {
    const result = readRasaProject([
      {
        path: 'domain.yml',
        text: yaml('version: "3.1"', 'intents:', '  - inform', '  - greet', 'entities:', '  - size', 'responses:', '  utter_size:', '    - text: "Small it is."', '  utter_large:', '    - text: "Large it is."', '  utter_greet:', '    - text: "Hi!"'),
      },
      { path: 'data/nlu.yml', text: yaml('version: "3.1"', 'nlu:', '- intent: inform', '  examples: |', '    - [small](size)', '    - [large](size)', '- intent: greet', '  examples: |', '    - hi') },
      {
        path: 'data/stories.yml',
        text: yaml(
          'version: "3.1"',
          'stories:',
          '- story: inform small',
          '  steps:',
          '  - intent: inform',
          '    entities:',
          '    - size: small',
          '  - action: utter_size',
          '- story: greet, then large',
          '  steps:',
          '  - intent: greet',
          '  - action: utter_greet',
          '  - intent: inform',
          '    entities:',
          '    - entity: size',
          '      value: large',
          '  - action: utter_large',
        ),
      },
    ]);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.file.content.dialogues).toEqual([{ name: 'greet, then large', intents: ['greet'], skill: 'utter_greet' }]);
    const lines = (result.file.report?.lines ?? []).filter((line) => line.outcome === 'skipped');
    expect(lines.map(({ item, code, params, detail }) => ({ item, code, params, detail }))).toEqual([
      { item: 'story "inform small" step 1', code: 'step_entities', params: { intent: 'inform', entities: 'size=small', kind: 'story' }, detail: 'intent "inform" with entities size=small: a dialogue answers an intent whatever its entities, so the rest of the story was left out' },
      { item: 'story "greet, then large" step 3', code: 'step_entities', params: { intent: 'inform', entities: 'size=large', kind: 'story' }, detail: 'intent "inform" with entities size=large: a dialogue answers an intent whatever its entities, so the rest of the story was left out' },
    ]);
  });
});
