// A Rasa project read as Rasa reads it: what one file says applies to the others (synonyms), and
// what the domain says beyond intents and responses is kept or reported, never lost in silence.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readRasaProject, type ProjectFile } from './read-rasa-project.js';
import { writeRasaProject } from './write-rasa-project.js';

const yaml = (...rows: string[]) => `${rows.join('\n')}\n`;

function read(files: ProjectFile[]) {
  const result = readRasaProject(files);
  if (!result.ok) throw new Error(result.errors.map((error) => error.message).join('\n'));
  return result;
}

describe('synonyms in a file of their own', () => {
  const files = [
    { path: 'domain.yml', text: yaml('version: "3.1"', 'intents:', '  - exchange', 'entities:', '  - currency') },
    {
      path: 'data/nlu.yml',
      text: yaml(
        'version: "3.1"',
        'nlu:',
        '- intent: exchange',
        '  examples: |',
        '    - rate for [dollars](currency)',
        '    - how much is a [usd](currency)',
        '    - price of [EUR](currency)',
        '    - the [euro]{"entity": "currency", "value": "eur"} today',
      ),
    },
    { path: 'data/synonyms.yml', text: yaml('version: "3.1"', 'nlu:', '- synonym: usd', '  examples: |', '    - dollars', '    - us dollar') },
    // A second file annotates "euro" again, and says more of it.
    { path: 'data/more.yml', text: yaml('version: "3.1"', 'nlu:', '- intent: exchange', '  examples: |', '    - [euros]{"entity": "currency", "value": "Euro"} please') },
  ];

  it('reach the values annotated in another file, as Rasa applies synonyms to all the data', () => {
    const result = read(files);
    expect(result.file.content.contexts).toEqual([
      {
        name: 'currency',
        type: 'text',
        values: [
          { value: 'usd', synonyms: ['dollars', 'us dollar'] },
          { value: 'EUR', synonyms: ['euro', 'euros'] },
        ],
      },
    ]);
    const values = result.file.content.intents[0]?.phrases.map((phrase) => phrase.entities?.[0]?.value);
    expect(values).toEqual(['usd', 'usd', 'EUR', 'EUR', 'EUR']);
    // No context of its own for the synonym, and no warning that no entity has it.
    expect(result.warnings.filter((warning) => warning.code === 'file_rasa_synonym_context')).toEqual([]);
  });

  it('still get a context of their own, with the warning at their file, when no file has their words', () => {
    const result = read([...files, { path: 'data/cards.yml', text: yaml('version: "3.1"', 'nlu:', '- synonym: credit card', '  examples: |', '    - cc') }]);
    expect(result.file.content.contexts.find((context) => context.name === 'credit_card')).toEqual({ name: 'credit_card', type: 'text', values: [{ value: 'credit card', synonyms: ['cc'] }] });
    expect(result.warnings.filter((warning) => warning.code === 'file_rasa_synonym_context')).toEqual([
      expect.objectContaining({ file: 'data/cards.yml', line: 3, column: 3, path: 'nlu[0].synonym', params: { value: 'credit card', context: 'credit_card' } }),
    ]);
  });
});

describe('values of one entity in two files', () => {
  it('are one value whichever file comes first: a value annotated in one is the other\'s synonym', () => {
    const annotated = { path: 'data/a.yml', text: yaml('version: "3.1"', 'nlu:', '- intent: problem', '  examples: |', '    - a [impressora](device) parou', '    - o [monitor](device) apagou') };
    const renamed = { path: 'data/b.yml', text: yaml('version: "3.1"', 'nlu:', '- intent: problem', '  examples: |', '    - the [printer]{"entity": "device", "value": "printer"} stopped', '    - the [impressora]{"entity": "device", "value": "printer"} jams') };
    const domain = { path: 'domain.yml', text: yaml('version: "3.1"', 'intents:', '  - problem', 'entities:', '  - device') };
    for (const order of [[domain, annotated, renamed], [domain, renamed, annotated]]) {
      const result = read(order);
      const device = result.file.content.contexts.find((context) => context.name === 'device');
      const values = device?.type === 'text' ? device.values : [];
      expect(values.map((value) => value.value).sort()).toEqual(['monitor', 'printer']);
      expect(values.find((value) => value.value === 'printer')?.synonyms).toEqual(['impressora']);
      const annotations = result.file.content.intents[0]?.phrases.map((phrase) => phrase.entities?.[0]?.value).sort();
      expect(annotations).toEqual(['monitor', 'printer', 'printer', 'printer']);
    }
  });
});

describe('retrieval intents', () => {
  const files = [
    {
      path: 'domain.yml',
      text: yaml(
        'version: "3.1"',
        'intents:',
        '  - greet',
        '  - faq',
        '  - chitchat',
        '  - out_of_scope',
        'responses:',
        '  utter_greet:',
        '    - text: Hi!',
        '  utter_faq/ask_name:',
        '    - text: I am the bank\'s assistant.',
        '  utter_faq/ask_hours:',
        '    - text: We open at 9.',
        '    - text: From 9 to 5.',
        '  utter_smalltalk:',
        '    - text: Let us talk about your account.',
        '  utter_out_of_scope/other:',
        '    - text: I cannot help with that.',
      ),
    },
    {
      path: 'data/nlu.yml',
      text: yaml(
        'version: "3.1"',
        'nlu:',
        '- intent: greet',
        '  examples: |',
        '    - hi',
        '- intent: faq/ask_name',
        '  examples: |',
        '    - what is your name',
        '    - who are you',
        '- intent: faq/ask_hours',
        '  examples: |',
        '    - when do you open',
        '- intent: faq/ask_fees',
        '  examples: |',
        '    - how much are the fees',
        '- intent: chitchat/ask_mood',
        '  examples: |',
        '    - how are you',
        '- intent: chitchat/ask_weather',
        '  examples: |',
        '    - nice weather today',
        '- intent: out_of_scope/other',
        '  examples: |',
        '    - order a pizza',
      ),
    },
    {
      path: 'data/rules.yml',
      text: yaml(
        'version: "3.1"',
        'rules:',
        '- rule: Greet',
        '  steps:',
        '  - intent: greet',
        '  - action: utter_greet',
        '- rule: FAQ',
        '  steps:',
        '  - intent: faq',
        '  - action: utter_faq',
        '- rule: Chitchat',
        '  steps:',
        '  - intent: chitchat',
        '  - action: utter_smalltalk',
      ),
    },
    { path: 'data/stories.yml', text: yaml('version: "3.1"', 'stories:', '- story: faq then hello', '  steps:', '  - intent: faq', '  - action: utter_faq', '  - intent: greet', '  - action: utter_greet') },
  ];

  it('become intents of their own ("/" → "_"), each answered by its own response, and the report says what was not', () => {
    const { file } = read(files);
    expect(file.content.intents.map((intent) => intent.name)).toEqual(['greet', 'faq_ask_name', 'faq_ask_hours', 'faq_ask_fees', 'chitchat_ask_mood', 'chitchat_ask_weather', 'out_of_scope_other']);
    expect(file.content.dialogues).toEqual([
      { name: 'Greet', intents: ['greet'], skill: 'utter_greet' },
      { name: 'FAQ: faq_ask_name', intents: ['faq_ask_name'], skill: 'utter_faq/ask_name' },
      { name: 'FAQ: faq_ask_hours', intents: ['faq_ask_hours'], skill: 'utter_faq/ask_hours' },
      // The base answered by one response stands for all its retrieval intents.
      { name: 'Chitchat', intents: ['chitchat_ask_mood', 'chitchat_ask_weather'], skill: 'utter_smalltalk' },
    ]);
    expect(file.content.skills.find((skill) => skill.name === 'utter_faq/ask_hours')?.texts).toEqual(['We open at 9.', 'From 9 to 5.']);
    const lines = (file.report?.lines ?? []).map(({ outcome, item, code, detail }) => ({ outcome, item, code, detail }));
    expect(lines).toEqual(
      expect.arrayContaining([
        { outcome: 'renamed', item: 'intent "faq/ask_name"', code: 'retrieval_intent', detail: 'became "faq_ask_name": each retrieval intent of "faq" is an intent of its own' },
        { outcome: 'kept', item: 'intent "faq/ask_name"', code: 'retrieval_answered', detail: 'answered by response "utter_faq/ask_name" (dialogue "FAQ: faq_ask_name"), as Rasa\'s response selector picks it for "faq"' },
        { outcome: 'skipped', item: 'intent "faq/ask_fees"', code: 'retrieval_response_missing', detail: 'response "utter_faq/ask_fees" is not in the domain (or was skipped): no dialogue answers it' },
        { outcome: 'skipped', item: 'intent "out_of_scope"', code: 'retrieval_unanswered', detail: 'no rule or story answers it: its retrieval intents were imported without a dialogue' },
        expect.objectContaining({ outcome: 'skipped', item: 'story "faq then hello" step 3', code: 'retrieval_follow_ups' }),
      ]),
    );
    // Said once, though the rule and the story both answer it; the base has no examples of its own, and needs none.
    expect(lines.filter((line) => line.code === 'retrieval_answered')).toHaveLength(2);
    expect(lines.filter((line) => line.code === 'no_examples_in_nlu' || line.code === 'step_intent_no_examples')).toEqual([]);
  });

  it('export back as intents and responses with "_", which rules can name', () => {
    const { file } = read(files);
    const project = writeRasaProject(file.content, { accuracyThreshold: 0.3 }, 'en');
    const domain = parse(project.files.find((candidate) => candidate.path === 'domain.yml')?.text ?? '') as { intents: string[]; responses: Record<string, unknown> };
    expect(Object.keys(domain.responses).filter((name) => name.includes('/'))).toEqual([]);
    expect(domain.responses).toHaveProperty('utter_faq_ask_name');
    expect(project.files.find((candidate) => candidate.path === 'data/rules.yml')?.text).toContain('- intent: faq_ask_name\n      - action: utter_faq_ask_name\n');
  });
});

describe('slot mappings', () => {
  it('keep from_entity of the entity of the slot\'s name, and report every other mapping, or part of one, as not carried', () => {
    const domain = yaml(
      'version: "3.1"',
      'intents:',
      '  - travel',
      'entities:',
      '  - city',
      'slots:',
      '  city:',
      '    type: text',
      '    mappings:',
      '    - type: from_entity',
      '      entity: city',
      '    - type: from_entity',
      '      entity: city',
      '      role: destination',
      '      intent: travel',
      '  destination:',
      '    type: text',
      '    mappings:',
      '    - type: from_entity',
      '      entity: city',
      '      role: destination',
      '  note:',
      '    type: text',
      '    mappings:',
      '    - type: from_text',
      '      conditions:',
      '      - active_loop: note_form',
      '  wants_card:',
      '    type: bool',
      '    mappings:',
      '    - type: from_intent',
      '      intent: affirm',
      '      value: true',
      '    - type: from_trigger_intent',
      '      intent: travel',
      '      value: false',
      '  balance:',
      '    type: float',
      '    mappings:',
      '    - type: custom',
      '    - type: custom',
      '      action: action_fetch_balance',
    );
    const result = read([
      { path: 'domain.yml', text: domain },
      { path: 'data/nlu.yml', text: yaml('version: "3.1"', 'nlu:', '- intent: travel', '  examples: |', '    - fly to [Recife](city)') },
    ]);
    const lines = (result.file.report?.lines ?? []).filter((line) => line.itemCode === 'slot_mapping').map(({ item, code, detail }) => `${item}: ${code}: ${detail}`);
    expect(lines).toEqual([
      'slot "city" mapping 2: slot_mapping_role_group: role "destination": entity roles and groups have no equivalent, so entity "city" fills the context whatever its role',
      'slot "city" mapping 2: slot_mapping_condition: its "intent" condition has no equivalent: the entity fills the context after any intent',
      'slot "destination" mapping 1: slot_mapping_other_entity: from_entity of entity "city": a context is filled only by the entity of its own name, "destination"',
      'slot "note" mapping 1: slot_mapping_from_text: from_text (the whole message) has no equivalent: ask for the context as a slot of a dialogue, which takes the answer',
      'slot "wants_card" mapping 1: slot_mapping_from_intent: from_intent (value "true" on an intent) has no equivalent: a skill\'s preset can set the context when its dialogue answers',
      'slot "wants_card" mapping 2: slot_mapping_from_intent: from_trigger_intent (value "false" on an intent) has no equivalent: a skill\'s preset can set the context when its dialogue answers',
      'slot "balance" mapping 1: slot_mapping_custom: a custom mapping: only actions set the context, and custom actions run on an action server',
      'slot "balance" mapping 2: slot_mapping_custom_action: a custom mapping: action "action_fetch_balance" sets the context, and custom actions run on an action server',
    ]);
    // The slots themselves are kept, whatever fills them.
    expect(result.file.content.contexts.map((context) => `${context.name}:${context.type}`)).toEqual(['city:text', 'destination:text', 'note:text', 'wants_card:boolean', 'balance:float']);
  });
});

describe('session_config', () => {
  const project = (...session: string[]) => [
    { path: 'domain.yml', text: yaml('version: "3.1"', 'intents:', '  - travel', 'slots:', '  city:', '    type: text', '    mappings:', '    - type: from_entity', '      entity: city', ...session) },
    { path: 'data/nlu.yml', text: yaml('version: "3.1"', 'nlu:', '- intent: travel', '  examples: |', '    - fly to [Recife](city)', '- lookup: airline', '  examples: |', '    - Azul') },
  ];
  const sessionLines = (files: ProjectFile[]) =>
    (read(files).file.report?.lines ?? []).filter((line) => line.itemCode === 'session_config').map(({ outcome, code, params }) => ({ outcome, code, params }));

  it('not carrying slots over to a new session makes every context last the session; the expiration time is reported as the deployment\'s', () => {
    const files = project('session_config:', '  session_expiration_time: 30', '  carry_over_slots_to_new_session: false');
    expect(read(files).file.content.contexts.map((context) => [context.name, context.lifetime])).toEqual([
      ['city', 'session'],
      ['airline', 'session'],
    ]);
    expect(sessionLines(files)).toEqual([
      { outcome: 'skipped', code: 'session_expiration', params: { minutes: 30 } },
      { outcome: 'kept', code: 'session_no_carry_over', params: { count: 2 } },
    ]);
  });

  it('carrying them over is what contexts do already; an expiration of 0 (never) is reported as such', () => {
    const files = project('session_config:', '  session_expiration_time: 0', '  carry_over_slots_to_new_session: true');
    expect(read(files).file.content.contexts.every((context) => context.lifetime === undefined)).toBe(true);
    expect(sessionLines(files)).toEqual([{ outcome: 'skipped', code: 'session_no_expiration' }]);
    expect(sessionLines(project())).toEqual([]);
  });
});

describe('a word annotated plainly and with a value', () => {
  const project = (nlu: string[]) => [
    { path: 'domain.yml', text: yaml('version: "3.1"', 'intents:', '  - travel', 'entities:', '  - city', 'slots:', '  city:', '    type: text', '    mappings:', '    - type: from_entity', '      entity: city', 'responses:', '  utter_where:', '  - text: "Going to {city}"') },
    { path: 'data/nlu.yml', text: yaml('version: "3.1"', 'nlu:', ...nlu) },
    { path: 'data/rules.yml', text: yaml('version: "3.1"', 'rules:', '- rule: travel', '  steps:', '  - intent: travel', '  - action: utter_where') },
  ];
  const travel = ['- intent: travel', '  examples: |', '    - I want to go to [NYC](city)', '    - fly me to [Boston](city)', '    - a ticket to [NYC]{"entity": "city", "value": "New York"}'];

  it('is the synonym of the value, as Rasa maps it; the context, intent, response and rule stay', () => {
    for (const nlu of [travel, ['- lookup: city', '  examples: |', '    - nyc', '    - Boston', ...travel]]) {
      const result = read(project(nlu));
      const { content } = result.file;
      expect(content.contexts).toEqual([{ name: 'city', type: 'text', values: [{ value: 'Boston', synonyms: [] }, { value: 'New York', synonyms: ['NYC'] }] }]);
      expect(content.intents.map((intent) => intent.name)).toEqual(['travel']);
      expect(content.skills.map((skill) => skill.name)).toEqual(['utter_where']);
      expect(content.dialogues).toEqual([{ name: 'travel', intents: ['travel'], skill: 'utter_where' }]);
      expect(result.file.report?.lines.filter((line) => line.outcome === 'skipped')).toEqual([]);
    }
  });
});

describe('a categorical slot whose entity has synonyms', () => {
  it('stays a text context with the slot\'s values and their synonyms, reported, as Rasa maps "huge" to "large" before the slot is set', () => {
    const result = read([
      { path: 'domain.yml', text: yaml('version: "3.1"', 'intents:', '  - inform', 'entities:', '  - size', 'slots:', '  size:', '    type: categorical', '    values: [small, medium, large]', '    mappings:', '    - type: from_entity', '      entity: size') },
      {
        path: 'data/nlu.yml',
        text: yaml('version: "3.1"', 'nlu:', '- intent: inform', '  examples: |', '    - [small](size) please', '    - make it a [large](size)', '- synonym: large', '  examples: |', '    - big', '    - huge', '- synonym: small', '  examples: |', '    - tiny'),
      },
    ]);
    expect(result.file.content.contexts).toEqual([
      { name: 'size', type: 'text', values: [{ value: 'small', synonyms: ['tiny'] }, { value: 'medium', synonyms: [] }, { value: 'large', synonyms: ['big', 'huge'] }] },
    ]);
    expect(result.file.report?.lines).toEqual(expect.arrayContaining([expect.objectContaining({ outcome: 'skipped', itemCode: 'slot', itemParams: { name: 'size' }, code: 'slot_synonyms_text', params: { type: 'categorical' } })]));
  });
});

describe('a response whose placeholder names no slot', () => {
  it('gets a text context for it, reported, so the response and the rule that utters it stay (Rasa sends it anyway)', () => {
    const result = read([
      { path: 'domain.yml', text: yaml('version: "3.1"', 'intents:', '  - greet', 'responses:', '  utter_greet:', '  - text: "Hi! Our hours are {opening_hours}."') },
      { path: 'data/nlu.yml', text: yaml('version: "3.1"', 'nlu:', '- intent: greet', '  examples: |', '    - hi') },
      { path: 'data/rules.yml', text: yaml('version: "3.1"', 'rules:', '- rule: greet', '  steps:', '  - intent: greet', '  - action: utter_greet') },
    ]);
    const { content } = result.file;
    expect(content.contexts).toEqual([{ name: 'opening_hours', type: 'text', values: [] }]);
    expect(content.skills).toEqual([{ name: 'utter_greet', fallback: false, kind: 'text', texts: ['Hi! Our hours are {opening_hours}.'] }]);
    expect(content.dialogues).toEqual([{ name: 'greet', intents: ['greet'], skill: 'utter_greet' }]);
    const lines = result.file.report?.lines ?? [];
    expect(lines.filter((line) => line.outcome === 'skipped')).toEqual([]);
    expect(lines).toEqual(expect.arrayContaining([expect.objectContaining({ outcome: 'kept', itemCode: 'response', itemParams: { name: 'utter_greet' }, code: 'placeholder_context', params: { name: 'opening_hours' } })]));
  });
});

describe('a slot with an initial_value', () => {
  it('is reported: a context has no initial value, it starts unset', () => {
    const result = read([
      { path: 'domain.yml', text: yaml('version: "3.1"', 'intents:', '  - greet', 'slots:', '  user_name:', '    type: text', '    initial_value: friend', '    mappings:', '    - type: custom', '  vip:', '    type: bool', '    initial_value: false', '    mappings:', '    - type: custom', '  city:', '    type: text', '    initial_value: null', '    mappings:', '    - type: custom') },
      { path: 'data/nlu.yml', text: yaml('version: "3.1"', 'nlu:', '- intent: greet', '  examples: |', '    - hi') },
    ]);
    const lines = (result.file.report?.lines ?? []).filter((line) => line.code === 'slot_initial_value');
    expect(lines.map(({ item, itemParams, outcome, params, detail }) => ({ item, itemParams, outcome, params, detail }))).toEqual([
      { item: 'slot "user_name"', itemParams: { name: 'user_name' }, outcome: 'skipped', params: { value: 'friend' }, detail: 'initial value "friend" has no equivalent: a context starts unset (a skill\'s preset, an action server or the conversations API can set it)' },
      { item: 'slot "vip"', itemParams: { name: 'vip' }, outcome: 'skipped', params: { value: 'false' }, detail: 'initial value "false" has no equivalent: a context starts unset (a skill\'s preset, an action server or the conversations API can set it)' },
    ]);
  });
});

describe("a zip's folders", () => {
  const project = (root: string, intent: string): ProjectFile[] => [
    { path: `${root}domain.yml`, text: yaml('version: "3.1"', 'intents:', `  - ${intent}`) },
    { path: `${root}data/nlu.yml`, text: yaml('version: "3.1"', 'nlu:', `- intent: ${intent}`, '  examples: |', `    - ${intent} please`) },
  ];

  it('are one project inside one top folder, its own subfolders left out as Rasa leaves them', () => {
    const result = read([...project('bot/', 'greet'), ...project('bot/examples/other/', 'order')]);
    expect(result.file.content.intents.map((intent) => intent.name)).toEqual(['greet']);
  });

  it('that hold two projects side by side are refused, naming both, rather than one read in silence', () => {
    const result = readRasaProject([...project('helpdesk/', 'password'), ...project('sales/', 'order')]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      expect.objectContaining({ code: 'project_several_roots', params: { count: 2, roots: 'helpdesk, sales' }, message: 'the upload holds 2 Rasa projects (helpdesk, sales); import one at a time' }),
    ]);
  });
});
