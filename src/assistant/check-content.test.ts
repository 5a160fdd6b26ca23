import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAssistantFile } from './file/assistant-file.js';
import { checkContent } from './check-content.js';
import { parse } from 'yaml';
import { emptyContent, type AssistantContent, type Skill } from './content.js';
import { parsePhraseMarkup } from './file/phrase-markup.js';
import { demoAssistantFiles } from './demo-files.js';

function base(): AssistantContent {
  return {
    ...emptyContent(),
    contexts: [
      { name: 'equipamento', type: 'text', values: [{ value: 'impressora', synonyms: ['imp'] }] },
      { name: 'nota', type: 'float', min: 0, max: 10 },
      { name: 'prioridade', type: 'categorical', values: ['baixa', 'alta'] },
    ],
    intents: [{ name: 'oi', phrases: [{ text: 'oi' }] }],
    skills: [{ name: 'ola', fallback: false, kind: 'text', texts: ['Olá'] }],
    dialogues: [{ name: 'oi', intents: ['oi'], skill: 'ola' }],
  };
}

describe('checkContent', () => {
  it('finds nothing wrong in the demo assistants, which the file import accepts', () => {
    for (const demo of demoAssistantFiles()) {
      const parsed = parseAssistantFile(readFileSync(demo.path, 'utf8'));
      if (!parsed.ok) throw new Error('demo file does not parse');
      expect(checkContent(parsed.file.content)).toEqual([]);
    }
  });

  it('names the field of each problem', () => {
    const content = base();
    content.intents.push({
      name: 'quebrou',
      phrases: [
        { text: 'a imp quebrou', entities: [{ start: 2, end: 5, entity: 'equipamento', value: 'IMP' }, { start: 4, end: 8, entity: 'equipamento', value: 'imp' }] },
        { text: 'nota 11', entities: [{ start: 5, end: 7, entity: 'nota', value: '11' }] },
        { text: 'urgente', entities: [{ start: 0, end: 7, entity: 'prioridade', value: 'urgente' }] },
      ],
    });
    content.contexts.push({ name: 'cores', type: 'categorical', values: ['azul', 'azul'] });
    content.skills.push({ name: 'anexo', fallback: false, kind: 'attachment', texts: [] });
    content.skills.push({ name: 'nota_dez', fallback: false, kind: 'text', texts: ['Certo'], preset: { context: { name: 'nota', value: '10,0' } } });
    const problems = checkContent(content).map(({ list, index, field }) => `${list}.${index}.${field}`);
    expect(problems).toEqual([
      'contexts.3.values.1',
      'intents.1.phrases.0.entities.1.start',
      'intents.1.phrases.1.entities.0.value',
      'intents.1.phrases.2.entities.0.value',
      'skills.1.attachment',
    ]);
    // Values are made canonical in place.
    expect(content.intents[1]?.phrases[0]?.entities?.[0]?.value).toBe('impressora');
    expect(content.skills[2]?.preset?.context?.value).toBe('10');
  });

  it('reports a conflict on the later item only', () => {
    const content = base();
    content.dialogues.push({ name: 'oi2', intents: ['oi'], skill: 'ola' }, { name: 'oi', intents: ['oi'], skill: 'ola', followUpOf: 'oi2' });
    expect(checkContent(content).map(({ list, index, field, message }) => ({ at: `${list}.${index}.${field}`, message }))).toEqual([
      { at: 'dialogues.2.name', message: 'a dialogue named "oi" already exists' },
      { at: 'dialogues.1.intents.0', message: 'intent "oi" is already answered by dialogue "oi"; only one dialogue can answer it' },
    ]);
  });
});

describe('checkContent: slot filling, variants, lifetimes', () => {
  const at = (content: AssistantContent) => checkContent(content).map(({ list, index, field, message }) => `${list}.${index}.${field}: ${message}`);

  it('checks variants: their conditions by the context type, made canonical, and their texts', () => {
    const content = base();
    content.contexts.push({ name: 'nome', type: 'text', values: [] });
    content.skills.push({
      name: 'condicional',
      fallback: false,
      kind: 'text',
      texts: ['Oi {$today:date}, {nome:moeda}'],
      variants: [
        { when: [{ context: 'equipamento', operator: 'equals', value: 'IMP' }, { context: 'prioridade', operator: 'oneOf', value: ['ALTA', 'urgente'] }], texts: ['Oi {nomi}'] },
        { when: [{ context: 'equipamento', operator: 'atLeast', value: 3 }, { context: 'cor', operator: 'set' }], texts: [] },
        { when: [], texts: ['{$hoje}'] },
      ],
    });
    expect(at(content)).toEqual([
      'skills.1.texts.0: placeholder {nome:moeda} has the unknown format "moeda" (formats: date, time, datetime, number, currency)',
      'skills.1.variants.0.when.1.value.1: "urgente" is not a value of categorical context "prioridade" (values: baixa, alta)',
      'skills.1.variants.0.texts.0: placeholder {nomi} names no context; did you mean "nome"?; create a context "nomi" or fix the name',
      'skills.1.variants.1.when.0.operator: a number comparison needs a float context; "equipamento" is text',
      'skills.1.variants.1.when.1.context: context "cor" does not exist',
      'skills.1.variants.1.texts: a variant needs at least one text',
      "skills.1.variants.2.when: a variant needs at least one condition (the skill's own texts are the default variant)",
      'skills.1.variants.2.texts.0: {$hoje} is not a built-in value (built-in values: $today, $now, $conversation, $random)',
    ]);
    const condition = content.skills[1]?.variants?.[0]?.when;
    expect(condition).toEqual([
      { context: 'equipamento', operator: 'equals', value: 'impressora' },
      { context: 'prioridade', operator: 'oneOf', value: ['alta', 'urgente'] },
    ]);
  });

  it('checks what a dialogue asks for, its question, confirmation and message for leaving', () => {
    const content = base();
    content.contexts.push({ name: 'confirmation', type: 'text', values: [] }, { name: 'urgente', type: 'boolean' }, { name: 'descricao', type: 'text', values: [] });
    content.dialogues[0] = {
      ...content.dialogues[0]!,
      slots: [
        { context: 'equipamento', question: 'ola', valuesAsButtons: true, label: 'Equipamento', maxAttempts: 3 },
        { context: 'equipamento', question: 'ola' },
        { context: 'nada', question: 'perguntar' },
        { context: 'confirmation', question: 'ola' },
        { context: 'descricao', question: 'ola', valuesAsButtons: true, label: ' ', maxAttempts: 11, invalid: 'erro' },
        { context: 'urgente', valuesAsButtons: true },
      ],
      confirm: 'confirmar',
    };
    content.dialogues.push({ name: 'so_sair', intents: ['oi'], skill: 'ola', followUpOf: 'oi', cancel: 'ola' });
    expect(at(content)).toEqual([
      'dialogues.0.slots.1.context: context "equipamento" is asked for twice in this dialogue',
      'dialogues.0.slots.2.context: context "nada" does not exist',
      'dialogues.0.slots.2.question: skill "perguntar" does not exist',
      'dialogues.0.slots.3.context: a dialogue that confirms cannot ask for a context named "confirmation": requested_slot takes that name while it confirms',
      'dialogues.0.slots.4.invalid: skill "erro" does not exist',
      'dialogues.0.slots.4.valuesAsButtons: context "descricao" has no values to offer as buttons (a text context with values, a categorical or a boolean one has)',
      'dialogues.0.slots.4.label: the label is empty; remove it to use the context name',
      'dialogues.0.slots.4.maxAttempts: the number of answers accepted must be a whole number from 1 to 10 (default 3)',
      'dialogues.0.slots.5.valuesAsButtons: the values are offered under the question: choose the question first',
      'dialogues.0.confirm: skill "confirmar" does not exist',
      'dialogues.1.cancel: only a dialogue that asks for contexts or confirms can be left: add a context to ask for, or remove the message for leaving',
    ]);
  });

  it("refuses Rasa's slot names and a system entity beside values", () => {
    const content = base();
    content.contexts.push({ name: 'requested_slot', type: 'text', values: [] }, { name: 'quando', type: 'text', values: [{ value: 'hoje', synonyms: [] }], entity: 'date' });
    expect(at(content)).toEqual([
      `contexts.3.name: "requested_slot" is reserved: Rasa's trackers keep a slot of that name`,
      'contexts.4.entity: a context filled by the system entity "date" takes no values of its own; remove the values or the entity',
    ]);
  });
});

describe('checkContent and the file import agree', () => {
  // Each file is broken in one way. The file import must refuse it, and the same content given as
  // data (as the admin API gets it) must have a problem too: one rule set, two ways in.
  const head = ['version: 1', 'themes: [geral]', 'contexts:', '  - {name: equipamento, type: text, values: [{value: impressora, synonyms: [imp]}]}', '  - {name: nota, type: float, min: 0, max: 10}'];
  const tail = ['skills:', '  - {name: ola, text: Olá}', '  - {name: nao_entendi, fallback: true, text: Hã?}', 'dialogues:', '  - {name: oi, intent: oi, skill: ola}'];
  const cases: Record<string, string[]> = {
    'unknown theme': [...head, 'intents:', '  - {name: oi, theme: nenhum, phrases: [oi]}', ...tail],
    'unknown entity value': [...head, 'intents:', '  - name: oi', '    phrases: ["a [geladeira](equipamento)"]', ...tail],
    'float out of range': [...head, 'intents:', '  - name: oi', '    phrases: ["nota [11](nota)"]', ...tail],
    'placeholder without context': [...head, 'intents:', '  - {name: oi, phrases: [oi]}', 'skills:', '  - {name: ola, text: "Olá {nome}"}', 'dialogues:', '  - {name: oi, intent: oi, skill: ola}'],
    'intent answered twice': [...head, 'intents:', '  - {name: oi, phrases: [oi]}', ...tail, '  - {name: oi2, intent: oi, skill: ola}'],
    'follow-up loop': [...head, 'intents:', '  - {name: oi, phrases: [oi]}', 'skills:', '  - {name: ola, text: Olá}', 'dialogues:', '  - {name: a, intent: oi, skill: ola, follow_up_of: b}', '  - {name: b, intent: oi, skill: ola, follow_up_of: a}'],
    'unknown preset dialogue': [...head, 'intents:', '  - {name: oi, phrases: [oi]}', 'skills:', '  - {name: ola, text: Olá, preset: {dialogue: nenhum}}', 'dialogues:', '  - {name: oi, intent: oi, skill: ola}'],
    'word with two meanings': ['version: 1', 'contexts:', '  - {name: e, type: text, values: [{value: a, synonyms: [x]}, {value: b, synonyms: [X]}]}', 'intents:', '  - {name: oi, phrases: [oi]}', ...tail],
    'categorical without values': ['version: 1', 'contexts:', '  - {name: c, type: categorical, values: []}', 'intents:', '  - {name: oi, phrases: [oi]}', ...tail],
  };
  cases['two fallbacks'] = [...head, 'intents:', '  - {name: oi, phrases: [oi]}', 'skills:', '  - {name: ola, text: Olá, fallback: true}', '  - {name: nao_entendi, fallback: true, text: Hã?}', 'dialogues:', '  - {name: oi, intent: oi, skill: ola}'];

  it.each(Object.entries(cases))('%s', (_name, lines) => {
    const text = `${lines.join('\n')}\n`;
    expect(parseAssistantFile(text).ok).toBe(false);
    // The same content without the check that failed: read it leniently by dropping the errors.
    const lenient = parseLeniently(text);
    expect(checkContent(lenient).length).toBeGreaterThan(0);
  });

  it('accepts the valid base', () => {
    const text = `${[...head, 'intents:', '  - {name: oi, theme: geral, phrases: ["a [imp](equipamento) parou"]}', ...tail].join('\n')}\n`;
    const parsed = parseAssistantFile(text);
    expect(parsed.ok).toBe(true);
    expect(checkContent(parseLeniently(text))).toEqual([]);
  });
});

/** The content a file describes, as data, whatever the file's cross-item problems. */
function parseLeniently(text: string): AssistantContent {
  const data = parse(text) as Record<string, unknown>;
  const list = (key: string) => (Array.isArray(data[key]) ? (data[key] as Array<Record<string, unknown>>) : []);
  return {
    themes: list('themes').map((theme) => ({ name: String(theme) })),
    contexts: list('contexts').map((context) => {
      const type = context['type'];
      if (type === 'text') return { name: String(context['name']), type, values: (context['values'] as Array<{ value: string; synonyms?: string[] }>).map((value) => ({ value: value.value, synonyms: value.synonyms ?? [] })) };
      if (type === 'categorical') return { name: String(context['name']), type, values: context['values'] as string[] };
      if (type === 'float') return { name: String(context['name']), type, min: context['min'] as number, max: context['max'] as number };
      return { name: String(context['name']), type: 'boolean' as const };
    }),
    regexes: [],
    intents: list('intents').map((intent) => ({
      name: String(intent['name']),
      ...(intent['theme'] === undefined ? {} : { theme: String(intent['theme']) }),
      phrases: (intent['phrases'] as string[]).map((phrase) => parsePhraseMarkup(phrase).phrase),
    })),
    skills: list('skills').map((skill) => ({
      name: String(skill['name']),
      fallback: skill['fallback'] === true,
      kind: 'text' as const,
      texts: [String(skill['text'])],
      ...(skill['preset'] === undefined ? {} : { preset: skill['preset'] as Skill['preset'] }),
    })),
    dialogues: list('dialogues').map((dialogue) => ({
      name: String(dialogue['name']),
      intents: [String(dialogue['intent'])],
      skill: String(dialogue['skill']),
      ...(dialogue['follow_up_of'] === undefined ? {} : { followUpOf: String(dialogue['follow_up_of']) }),
    })),
  };
}
