import { describe, expect, it } from 'vitest';
import { parseAssistantFile } from './assistant-file.js';
import { formatFileErrors, positionAt } from './format-file-errors.js';
import { fileFieldOf } from '../../third-party-apis/api-file-entries.js';

/** A file from lines, so that line N of the file is argument N. */
function file(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

function errorsOf(text: string): string[] {
  const result = parseAssistantFile(text, 'f.yaml');
  if (result.ok) return [];
  return formatFileErrors(result.errors, 'f.yaml');
}

function warningsOf(text: string): string[] {
  return formatFileErrors(parseAssistantFile(text, 'f.yaml').warnings, 'f.yaml');
}

function parsed(text: string) {
  const result = parseAssistantFile(text, 'f.yaml');
  if (!result.ok) throw new Error(formatFileErrors(result.errors, 'f.yaml').join('\n'));
  return result;
}

/** Sections every small test can lean on: one intent, one skill, one dialogue. */
const BASE = [
  'intents:',
  '  - name: oi',
  '    phrases: [oi, olá]',
  'skills:',
  '  - name: responder_oi',
  '    text: Olá!',
  'dialogues:',
  '  - name: oi',
  '    intent: oi',
  '    skill: responder_oi',
];

describe('parseAssistantFile: a valid file', () => {
  const text = file(
    'version: 1',
    'assistant: {server: acme, language: pt, name: Assistente ACME}',
    'settings:',
    '  accuracy_threshold: 30',
    'themes:',
    '  - geral',
    '  - name: ti',
    '    description: Suporte de TI',
    'contexts:',
    '  - name: equipamento',
    '    type: text',
    '    values:',
    '      - value: impressora',
    '        synonyms: [printer, imp]',
    '      - computador',
    '  - name: prioridade',
    '    type: categorical',
    '    values: [baixa, alta]',
    '  - name: urgente',
    '    type: boolean',
    '  - name: nota',
    '    type: float',
    '    min: 0',
    '    max: 10',
    '  - name: nome',
    '    type: text',
    'regexes:',
    "  - name: chamado",
    "    pattern: '\\d{6}'",
    '  - name: ramal',
    "    patterns: ['\\d{4}', 'r\\d+']",
    'intents:',
    '  - name: impressora',
    '    theme: ti',
    '    phrases:',
    '      - a [impressora](equipamento) parou',
    '      - minha [imp](equipamento) travou',
    "      - '[printer]{\"entity\": \"equipamento\", \"value\": \"impressora\"} quebrou'",
    '      - prioridade [ALTA](prioridade), nota [7](nota), [true](urgente)',
    '      - 1',
    '  - name: avaliar',
    '    phrases: [avaliar]',
    '  - name: sim',
    '    phrases: [sim]',
    'skills:',
    '  - name: ajuda_impressora',
    '    theme: ti',
    '    text: Verifique o papel.',
    '    variants:',
    '      - when: {nome: set}',
    '        text: Verifique o papel, {nome}.',
    '  - name: avaliacao',
    '    text: Você poderia avaliar o meu atendimento?',
    '    buttons:',
    '      - {title: Sim, payload: sim}',
    '      - {title: Não, payload: não}',
    '  - name: logo',
    '    text: [Este sou eu, Olá]',
    '    image: https://example.com/logo.png',
    '  - name: manual',
    '    attachment: {type: file, url: https://example.com/m.pdf}',
    '  - name: obrigado',
    '    text: Obrigado!',
    '  - name: nao_entendi',
    '    fallback: true',
    '    text: Desculpe, não entendi. Digite menu.',
    'dialogues:',
    '  - name: impressora',
    '    theme: geral',
    '    intents: [impressora]',
    '    skill: ajuda_impressora',
    '  - name: avaliacao',
    '    intent: avaliar',
    '    skill: avaliacao',
    '  - name: avaliacao_sim',
    '    intent: sim',
    '    skill: obrigado',
    '    follow_up_of: avaliacao',
    '  - name: logo',
    '    intent: sim',
    '    skill: logo',
    '  - name: manual',
    '    intent: avaliar',
    '    skill: manual',
    '    follow_up_of: avaliacao_sim',
  );

  it('reads every section into the content model', () => {
    const { file: result, warnings } = parsed(text);
    expect(warnings).toEqual([]);
    expect(result.format).toBe('helper');
    expect(result.assistant).toEqual({ server: 'acme', language: 'pt', name: 'Assistente ACME' });
    expect(result.settings).toEqual({ accuracyThreshold: 0.3 });
    const { content } = result;
    expect(content.themes).toEqual([{ name: 'geral' }, { name: 'ti', description: 'Suporte de TI' }]);
    expect(content.contexts).toEqual([
      { name: 'equipamento', type: 'text', values: [{ value: 'impressora', synonyms: ['printer', 'imp'] }, { value: 'computador', synonyms: [] }] },
      { name: 'prioridade', type: 'categorical', values: ['baixa', 'alta'] },
      { name: 'urgente', type: 'boolean' },
      { name: 'nota', type: 'float', min: 0, max: 10 },
      { name: 'nome', type: 'text', values: [] },
    ]);
    expect(content.regexes).toEqual([
      { name: 'chamado', pattern: '\\d{6}' },
      { name: 'ramal', pattern: '\\d{4}' },
      { name: 'ramal', pattern: 'r\\d+' },
    ]);
    expect(content.intents[0]).toEqual({
      name: 'impressora',
      theme: 'ti',
      phrases: [
        { text: 'a impressora parou', entities: [{ start: 2, end: 12, entity: 'equipamento', value: 'impressora' }] },
        // A synonym annotated with (context) is stored as its value.
        { text: 'minha imp travou', entities: [{ start: 6, end: 9, entity: 'equipamento', value: 'impressora' }] },
        { text: 'printer quebrou', entities: [{ start: 0, end: 7, entity: 'equipamento', value: 'impressora' }] },
        {
          text: 'prioridade ALTA, nota 7, true',
          entities: [
            { start: 11, end: 15, entity: 'prioridade', value: 'alta' },
            { start: 22, end: 23, entity: 'nota', value: '7' },
            { start: 25, end: 29, entity: 'urgente', value: 'true' },
          ],
        },
        // A plain number is the text written.
        { text: '1' },
      ],
    });
  });

  it('infers skill kinds and keeps one text or several', () => {
    const { skills } = parsed(text).file.content;
    expect(skills.map((skill) => [skill.name, skill.kind, skill.fallback])).toEqual([
      ['ajuda_impressora', 'text', false],
      ['avaliacao', 'buttons', false],
      ['logo', 'image', false],
      ['manual', 'attachment', false],
      ['obrigado', 'text', false],
      ['nao_entendi', 'text', true],
    ]);
    expect(skills[1]).toEqual({
      name: 'avaliacao',
      fallback: false,
      kind: 'buttons',
      texts: ['Você poderia avaliar o meu atendimento?'],
      buttons: [{ title: 'Sim', payload: 'sim' }, { title: 'Não', payload: 'não' }],
    });
    expect(skills[2]?.texts).toEqual(['Este sou eu', 'Olá']);
    expect(skills[2]?.image).toBe('https://example.com/logo.png');
    expect(skills[3]?.attachment).toEqual({ type: 'file', url: 'https://example.com/m.pdf' });
    expect(skills[3]?.texts).toEqual([]);
  });

  it('reads dialogues with intent or intents and follow-ups', () => {
    expect(parsed(text).file.content.dialogues).toEqual([
      { name: 'impressora', theme: 'geral', intents: ['impressora'], skill: 'ajuda_impressora' },
      { name: 'avaliacao', intents: ['avaliar'], skill: 'avaliacao' },
      { name: 'avaliacao_sim', intents: ['sim'], skill: 'obrigado', followUpOf: 'avaliacao' },
      { name: 'logo', intents: ['sim'], skill: 'logo' },
      { name: 'manual', intents: ['avaliar'], skill: 'manual', followUpOf: 'avaliacao_sim' },
    ]);
  });
});

describe('parseAssistantFile: YAML and file-level errors', () => {
  it('reports a YAML syntax error, with a hint for unquoted markup', () => {
    expect(errorsOf(file('version: 1', 'intents:', '  - name: a', '    phrases:', '      - [imp](equipamento) parou'))).toEqual([
      "f.yaml:5:14: Unexpected scalar at node end (a phrase that starts with entity markup like [text](context) must be in quotes: '[text](context) …')",
    ]);
  });

  it('keeps validating after a duplicate key', () => {
    expect(errorsOf(file('version: 1', ...BASE, '    name: outro', 'themes: 3'))).toEqual([
      'f.yaml:12:5: Map keys must be unique',
      'f.yaml:13:9 themes: "themes" must be a list, not a number',
    ]);
  });

  it('reads a file that starts with a byte order mark (a Watson export saved on Windows, a YAML file) as without it', () => {
    const watson = JSON.stringify({ name: 'x', intents: [{ intent: 'oi', examples: [{ text: 'oi' }] }], entities: [], dialog_nodes: [] });
    const result = parseAssistantFile(`\uFEFF${watson}`, 'workspace.json');
    expect(result.ok && result.file.format).toBe('watson');
    const yaml = parseAssistantFile('\uFEFFversion: 1\nintents:\n  - name: oi\n    phrases: [oi, olá]\n');
    expect(yaml.ok && yaml.file.content.intents.map((intent) => intent.name)).toEqual(['oi']);
  });

  it('reports an empty file, a file that is not a mapping, Rasa Markdown and Rasa JSON', () => {
    expect(errorsOf('')).toEqual(['f.yaml:1:1: f.yaml is empty; an assistant file starts with "version: 1"']);
    expect(errorsOf('# nothing\n')).toEqual(['f.yaml:1:1: f.yaml is empty; an assistant file starts with "version: 1"']);
    expect(errorsOf('- a\n- b\n')).toEqual(['f.yaml:1:1: f.yaml must be a mapping of sections (version, intents, skills, …), not a list or a text']);
    expect(errorsOf(file('# treino', '## intent:greet', '- hi'))).toEqual([
      'f.yaml:2:1: f.yaml looks like Rasa Markdown training data (## intent:), which is not supported; convert it to YAML with `rasa data convert nlu -f yaml`',
    ]);
    expect(errorsOf('{"rasa_nlu_data": {"common_examples": []}}')).toEqual([
      'f.yaml:1:1 rasa_nlu_data: Rasa JSON training data is not supported; convert it to YAML with `rasa data convert nlu -f yaml`',
    ]);
  });

  it('rejects another format version and warns when there is none', () => {
    expect(errorsOf(file('version: 2', ...BASE))).toEqual(['f.yaml:1:10 version: unsupported format version "2"; this Helper reads version 1']);
    expect(warningsOf(file(...BASE))).toEqual(['f.yaml:1:1 version: no "version"; reading it as version 1 of the format (write "version: 1" at the top)']);
  });

  it('refuses Rasa nlu data mixed with our sections', () => {
    expect(errorsOf(file('version: 1', ...BASE, 'nlu:', '  - intent: a'))).toEqual([
      'f.yaml:12:1 nlu: "nlu" is Rasa training data, but this file also has Helper sections (skills, dialogues); keep Rasa data in a file of its own, or write its examples as intents with phrases',
    ]);
  });
});

describe('parseAssistantFile: keys, types and required fields', () => {
  it('reports unknown keys, with "did you mean" when one is close', () => {
    expect(errorsOf(file('version: 1', ...BASE, 'intentz: []', 'colors: []', 'skils: []'))).toEqual([
      'f.yaml:12:1 intentz: unknown key "intentz" in an assistant file; did you mean "intents"?',
      'f.yaml:13:1 colors: unknown key "colors" in an assistant file (known keys: version, assistant, settings, themes, intents, contexts, regexes, skills, dialogues, apis, nlu)',
      'f.yaml:14:1 skils: unknown key "skils" in an assistant file; did you mean "skills"?',
    ]);
    expect(errorsOf(file('version: 1', 'intents:', '  - name: a', '    phrase: [oi]', '  - name: b', '    phrases: [x]', '    Theme: t'))).toContain(
      'f.yaml:4:5 intents[0].phrase: unknown key "phrase" in an intent; did you mean "phrases"?',
    );
    expect(errorsOf(file('version: 1', ...BASE.slice(0, 9), '    skill: responder_oi', '    followUpOf: oi'))).toEqual([
      'f.yaml:12:5 dialogues[0].followUpOf: unknown key "followUpOf" in a dialogue; did you mean "follow_up_of"?',
    ]);
  });

  it('reports wrong types', () => {
    expect(errorsOf(file(
      'version: 1',
      'settings:',
      '  accuracy_threshold: "30"',
      'intents:',
      '  - name: oi',
      '    phrases: oi',
      '  - [not, a, mapping]',
      'skills:',
      '  - name: s',
      '    text: {a: 1}',
      '    fallback: sim',
    ))).toEqual([
      'f.yaml:3:23 settings.accuracy_threshold: "accuracy_threshold" must be a number, not a text (a percentage from 0 to 100, like 30)',
      'f.yaml:6:14 intents[0].phrases: "phrases" must be a list, not a text',
      'f.yaml:7:5 intents[1]: an intent must be a mapping (key: value lines), not a list',
      'f.yaml:10:11 skills[0].text: "text" (one text, or a list of variations) must be a list, not a mapping',
      'f.yaml:11:15 skills[0].fallback: "fallback" must be true or false, not a text',
    ]);
  });

  it('reports missing and empty required fields', () => {
    expect(errorsOf(file(
      'version: 1',
      'intents:',
      '  - name: oi',
      '  - phrases: [x]',
      'contexts:',
      '  - name: c',
      '  - name: d',
      '    type:',
      'skills:',
      '  - text: x',
      '  - name: s',
      'dialogues:',
      '  - name: d',
      '    skill: s',
      '  - name: e',
      '    intent: oi',
    ))).toEqual([
      'f.yaml:3:5 intents[0].phrases: an intent needs "phrases": a list of example phrases',
      'f.yaml:4:5 intents[1].name: an intent needs "name"',
      'f.yaml:6:5 contexts[0].type: a context needs "type": one of text, boolean, categorical, float',
      'f.yaml:8:10 contexts[1].type: "type" is empty: one of text, boolean, categorical, float',
      'f.yaml:10:5 skills[0].name: a skill needs "name"',
      'f.yaml:11:5 skills[1].text: a skill needs "text": the answer (one text, or a list of variations)',
      'f.yaml:13:5 dialogues[0].intents: a dialogue needs "intents" (or "intent"): the intents it answers',
      'f.yaml:15:5 dialogues[1].skill: a dialogue needs "skill": the skill that answers',
    ]);
  });

  it('reports keys a context type does not use and unknown types', () => {
    expect(errorsOf(file(
      'version: 1',
      'contexts:',
      '  - name: a',
      '    type: boolean',
      '    values: [x]',
      '  - name: b',
      '    type: txt',
      '  - name: c',
      '    type: float',
      '    values: [1]',
      '  - name: d',
      '    type: categorical',
    ))).toEqual([
      'f.yaml:5:5 contexts[0].values: "values" is not used by a boolean context',
      'f.yaml:7:11 contexts[1].type: unknown context type "txt"; did you mean "text"? (types: text, boolean, categorical, float)',
      'f.yaml:10:5 contexts[2].values: "values" is not used by a float context',
      'f.yaml:11:5 contexts[3].values: a context needs "values": the list of values the context can take',
    ]);
  });
});

describe('parseAssistantFile: the error kinds of the brief, each at its line and column', () => {
  it('duplicate names per kind', () => {
    expect(errorsOf(file(
      'version: 1',
      'themes: [geral, geral]',
      'contexts:',
      '  - {name: c, type: boolean}',
      '  - {name: c, type: boolean}',
      'intents:',
      '  - {name: oi, phrases: [oi]}',
      '  - {name: oi, phrases: [olá]}',
      'skills:',
      '  - {name: s, text: a}',
      '  - {name: s, text: b}',
      'dialogues:',
      '  - {name: d, intent: oi, skill: s}',
      '  - {name: d, intent: oi, skill: s, follow_up_of: d}',
    ))).toEqual([
      'f.yaml:2:17 themes[1]: duplicate theme name "geral"; the first is at line 2',
      'f.yaml:5:12 contexts[1].name: duplicate context name "c"; the first is at line 4',
      'f.yaml:8:12 intents[1].name: duplicate intent name "oi"; the first is at line 7',
      'f.yaml:11:12 skills[1].name: duplicate skill name "s"; the first is at line 10',
      'f.yaml:14:12 dialogues[1].name: duplicate dialogue name "d"; the first is at line 13',
      'f.yaml:14:51 dialogues[1].follow_up_of: dialogue "d" cannot be a follow-up of itself',
    ]);
  });

  it("a dialogue's unknown intent, skill and follow_up_of", () => {
    expect(errorsOf(file(
      'version: 1',
      ...BASE,
      '  - name: d2',
      '    intents: [oi, tchau, Oi]',
      '    skill: responder-oi',
      '    follow_up_of: o',
    ))).toEqual([
      'f.yaml:13:19 dialogues[1].intents[1]: unknown intent "tchau"',
      'f.yaml:13:26 dialogues[1].intents[2]: unknown intent "Oi"; did you mean "oi"?',
      'f.yaml:14:12 dialogues[1].skill: unknown skill "responder-oi"; did you mean "responder_oi"?',
      'f.yaml:15:19 dialogues[1].follow_up_of: unknown dialogue "o" in "follow_up_of"',
    ]);
  });

  it('a theme that is not declared', () => {
    expect(errorsOf(file('version: 1', 'themes: [geral]', 'intents:', '  - name: oi', '    theme: gerla', '    phrases: [oi]', 'skills:', '  - {name: s, theme: ti, text: a}'))).toEqual([
      'f.yaml:5:12 intents[0].theme: theme "gerla" is not declared in "themes"; did you mean "geral"?',
      'f.yaml:8:22 skills[0].theme: theme "ti" is not declared in "themes"',
    ]);
  });

  it("a phrase entity naming an unknown context, or a value not among the context's values", () => {
    expect(errorsOf(file(
      'version: 1',
      'contexts:',
      '  - name: equipamento',
      '    type: text',
      '    values: [impressora]',
      '  - name: prioridade',
      '    type: categorical',
      '    values: [baixa, alta]',
      '  - name: nota',
      '    type: float',
      '    max: 10',
      'intents:',
      '  - name: oi',
      '    phrases:',
      '      - o [scanner](equipamentos) parou',
      '      - o [scanner](equipamento) parou',
      "      - 'prioridade [média](prioridade)'",
      '      - "nota [11](nota)"',
    ))).toEqual([
      'f.yaml:15:11 intents[0].phrases[0]: unknown context "equipamentos" in entity markup; did you mean "equipamento"?',
      'f.yaml:16:11 intents[0].phrases[1]: "scanner" is not a value or synonym of text context "equipamento" (values: impressora); add it, or write [text]{"entity": "equipamento", "value": "…"}',
      'f.yaml:17:21 intents[0].phrases[2]: "média" is not a value of categorical context "prioridade" (values: baixa, alta)',
      'f.yaml:18:15 intents[0].phrases[3]: 11 is outside the range of float context "nota" (… to 10)',
    ]);
  });

  it('a buttons skill without buttons', () => {
    expect(errorsOf(file(
      'version: 1',
      'skills:',
      '  - name: a',
      '    kind: buttons',
      '    text: Você poderia avaliar o meu atendimento?',
      '  - name: b',
      '    text: Pergunta?',
      '    buttons: []',
      '  - name: c',
      '    text: Pergunta?',
      '    buttons:',
      '      - title: Sim',
    ))).toEqual([
      'f.yaml:3:5 skills[0].buttons: a skill needs "buttons": at least one button ({title, payload})',
      'f.yaml:8:14 skills[1].buttons: a buttons skill needs at least one button',
      'f.yaml:12:9 skills[2].buttons[0].payload: a button needs "payload": what the assistant receives when it is chosen',
    ]);
  });

  it('more than one fallback skill', () => {
    expect(errorsOf(file(
      'version: 1',
      'skills:',
      '  - {name: a, fallback: true, text: x}',
      '  - {name: b, fallback: false, text: x}',
      '  - {name: c, fallback: true, text: x}',
    ))).toContain('f.yaml:5:25 skills[2].fallback: only one skill can be the fallback; "a" (line 3) already is');
  });

  it('a threshold outside 0–100', () => {
    expect(errorsOf(file('version: 1', 'settings:', '  accuracy_threshold: 101'))).toEqual([
      'f.yaml:3:23 settings.accuracy_threshold: "accuracy_threshold" must be a percentage from 0 to 100; got 101',
    ]);
    expect(errorsOf(file('version: 1', 'settings: {accuracy_threshold: -5}'))).toEqual([
      'f.yaml:2:32 settings.accuracy_threshold: "accuracy_threshold" must be a percentage from 0 to 100; got -5',
    ]);
    expect(warningsOf(file('version: 1', 'settings: {accuracy_threshold: 0.3}'))).toEqual([
      'f.yaml:2:32 settings.accuracy_threshold: "accuracy_threshold" is a percentage: 0.3 means 0.3 %; write 30 for 30 %',
    ]);
  });

  it('a float context whose min is greater than its max', () => {
    expect(errorsOf(file('version: 1', 'contexts:', '  - name: nota', '    type: float', '    min: 10', '    max: 5'))).toEqual([
      'f.yaml:5:10 contexts[0].min: "min" (10) is greater than "max" (5)',
    ]);
  });

  it('an empty phrase', () => {
    expect(errorsOf(file('version: 1', 'intents:', '  - name: oi', '    phrases:', '      - oi', "      - ''", '      -', "      - '   '", '    ', '  - name: b', '    phrases: []'))).toEqual([
      'f.yaml:6:9 intents[0].phrases[1]: phrase is empty',
      'f.yaml:7:8 intents[0].phrases[2]: phrase is empty',
      'f.yaml:8:9 intents[0].phrases[3]: phrase is empty',
      'f.yaml:11:14 intents[1].phrases: an intent needs at least one phrase',
    ]);
  });
});

describe('parseAssistantFile: more checks', () => {
  it('reports every error of a file at once, in file order', () => {
    const errors = errorsOf(file(
      'version: 1',
      'settings:',
      '  accuracy_threshold: 150',
      'intents:',
      '  - name: oi',
      '    phrases:',
      "      - ''",
      '      - o [pc](equipamento) travou',
      'skills:',
      '  - name: s',
      '    kind: buttons',
      '    text: Pergunta?',
      '  - {name: f1, fallback: true, text: a}',
      '  - {name: f2, fallback: true, text: b}',
      'dialogues:',
      '  - name: d',
      '    intent: tchau',
      '    skill: s',
      '    follow_up_of: x',
      '    extra: 1',
    ));
    expect(errors).toEqual([
      'f.yaml:3:23 settings.accuracy_threshold: "accuracy_threshold" must be a percentage from 0 to 100; got 150',
      'f.yaml:7:9 intents[0].phrases[0]: phrase is empty',
      'f.yaml:8:11 intents[0].phrases[1]: unknown context "equipamento" in entity markup',
      'f.yaml:10:5 skills[0].buttons: a skill needs "buttons": at least one button ({title, payload})',
      'f.yaml:14:26 skills[2].fallback: only one skill can be the fallback; "f1" (line 13) already is',
      'f.yaml:17:13 dialogues[0].intent: unknown intent "tchau"',
      'f.yaml:19:19 dialogues[0].follow_up_of: unknown dialogue "x" in "follow_up_of"',
      'f.yaml:20:5 dialogues[0].extra: unknown key "extra" in a dialogue (known keys: name, theme, intents, intent, skill, follow_up_of, slots, confirm, cancel)',
    ]);
  });

  it('reports broken markup inside a phrase at its column', () => {
    expect(errorsOf(file(
      'version: 1',
      'intents:',
      '  - name: oi',
      '    phrases:',
      '      - minha [impressora](equipamento parou',
      "      - 'x [a]{entity: b}'",
      "      - 'x [a]{\"entity\": \"b\", \"role\": \"r\"}'",
      '      - a [b]() c',
    )).map((error) => error.replace(/not valid JSON \(.*?\); write/, 'not valid JSON (…); write'))).toEqual([
      'f.yaml:5:15 intents[0].phrases[0]: entity markup is incomplete; write [text](context) or [text]{"entity": "context", "value": "value"}',
      'f.yaml:6:12 intents[0].phrases[1]: entity markup {entity: b} is not valid JSON (…); write [text](context) or [text]{"entity": "context", "value": "value"}',
      'f.yaml:7:12 intents[0].phrases[2]: entity "role" is not supported; remove "role" from the markup',
      'f.yaml:7:12 intents[0].phrases[2]: unknown context "b" in entity markup',
      'f.yaml:8:11 intents[0].phrases[3]: entity markup [b]() names no context; write [text](context) or [text]{"entity": "context", "value": "value"}',
    ]);
  });

  it('reports bad names, the reserved intent and invalid regexes and URLs', () => {
    expect(errorsOf(file(
      'version: 1',
      'contexts:',
      '  - {name: meu contexto, type: boolean}',
      'regexes:',
      "  - {name: chamado, pattern: '(\\d+'}",
      "  - {name: ramal, pattern: 'a', patterns: ['b']}",
      'intents:',
      '  - {name: nlu_fallback, phrases: [x]}',
      'skills:',
      '  - {name: img, image: ftp://example.com/a.png}',
      '  - {name: two, text: a, image: https://example.com/a.png, attachment: x}',
    ))).toEqual([
      'f.yaml:3:12 contexts[0].name: context name "meu contexto" has a space; it must be one word of letters, digits, "_", "-", "." or "/"',
      'f.yaml:5:30 regexes[0].pattern: "(\\d+" is not a valid regular expression (missing closing ): `(\\d+`)',
      'f.yaml:6:33 regexes[1].patterns: a regex has either "pattern" (one) or "patterns" (a list), not both',
      'f.yaml:8:12 intents[0].name: "nlu_fallback" is reserved: it is the intent of messages below the accuracy threshold',
      'f.yaml:10:24 skills[0].image: "image" must be an http(s) URL; got "ftp://example.com/a.png"',
      'f.yaml:11:60 skills[1].attachment: a skill answers with one kind; it has both "image" and "attachment"',
    ]);
  });

  it('reports follow-up loops, intents answered twice, placeholders without a context, words with two meanings', () => {
    expect(errorsOf(file(
      'version: 1',
      'contexts:',
      '  - name: equipamento',
      '    type: text',
      '    values:',
      '      - {value: impressora, synonyms: [imp]}',
      '      - {value: computador, synonyms: [imp, pc, pc]}',
      'intents:',
      '  - {name: oi, phrases: [oi]}',
      'skills:',
      "  - {name: s, text: 'Olá, {nome}! {equipamento}'}",
      'dialogues:',
      '  - {name: a, intent: oi, skill: s, follow_up_of: b}',
      '  - {name: b, intent: oi, skill: s, follow_up_of: a}',
      '  - {name: c, intents: [oi, oi], skill: s}',
      '  - {name: e, intent: oi, skill: s}',
    ))).toEqual([
      'f.yaml:7:40 contexts[0].values[1].synonyms[0]: "imp" already stands for value "impressora" of this context; a word can mean only one value',
      'f.yaml:7:49 contexts[0].values[1].synonyms[2]: "pc" is listed twice for value "computador"',
      'f.yaml:11:27 skills[0].text: placeholder {nome} names no context; create a context "nome" or fix the name',
      'f.yaml:13:51 dialogues[0].follow_up_of: "follow_up_of" makes a loop (a → b → a); none of these dialogues could ever answer',
      'f.yaml:14:51 dialogues[1].follow_up_of: "follow_up_of" makes a loop (b → a → b); none of these dialogues could ever answer',
      'f.yaml:15:29 dialogues[2].intents[1]: intent "oi" is listed twice in this dialogue',
      'f.yaml:16:23 dialogues[3].intent: intent "oi" is already answered by dialogue "c" (line 15); only the first would ever answer',
    ]);
  });

  it('warns about repeated phrases, unanswered intents and unused skills', () => {
    expect(warningsOf(file(
      'version: 1',
      'intents:',
      '  - {name: oi, phrases: [oi, Oi, olá]}',
      '  - {name: tchau, phrases: [olá]}',
      'skills:',
      '  - {name: s, text: a}',
      '  - {name: t, text: b}',
      'dialogues:',
      '  - {name: d, intent: oi, skill: s}',
    ))).toEqual([
      'f.yaml:3:30 intents[0].phrases[1]: phrase "Oi" is already in this intent (line 3)',
      'f.yaml:4:12 intents[1].name: no dialogue answers intent "tchau"; the fallback skill answers it',
      'f.yaml:4:29 intents[1].phrases[0]: phrase "olá" is also in intent "oi" (line 3); the assistant cannot tell the two intents apart on it',
      'f.yaml:7:12 skills[1].name: skill "t" is not used by any dialogue',
    ]);
  });

  it('follows YAML anchors and aliases', () => {
    const result = parsed(file('version: 1', 'intents:', '  - name: oi', '    phrases: &saudacoes [oi, olá]', '  - name: ola', '    phrases: *saudacoes'));
    expect(result.file.content.intents[1]?.phrases).toEqual([{ text: 'oi' }, { text: 'olá' }]);
  });
});

describe('parseAssistantFile: small things administrators do', () => {
  it('takes sections with nothing under them as empty', () => {
    const result = parseAssistantFile(file('version: 1', 'assistant:', 'settings:', 'themes:', 'intents:', 'contexts:', 'regexes:', 'skills:', 'dialogues:'));
    expect(result.ok && result.file.content.intents).toEqual([]);
    expect(result.ok && result.file.settings).toBeUndefined();
  });

  it('reads Windows line endings and a byte order mark with the same positions', () => {
    const text = '\uFEFFversion: 1\r\nintents:\r\n  - name: oi\r\n    phrases:\r\n      - oi\r\n      - \'\'\r\n';
    expect(errorsOf(text)).toEqual(['f.yaml:6:9 intents[0].phrases[1]: phrase is empty']);
  });

  it('explains a second YAML document', () => {
    expect(errorsOf(file('version: 1', '---', 'version: 1'))).toEqual(['f.yaml:2:1: an assistant file holds one YAML document; remove the "---" that starts another one']);
  });
});

describe('parseAssistantFile: skill presets', () => {
  const presetFile = (...preset: string[]) =>
    file(
      'contexts:',
      '  - name: equipamento',
      '    type: text',
      '    values: [{value: impressora, synonyms: [imp]}]',
      ...BASE.slice(0, 6),
      '  - name: sugerir',
      '    text: Sugiro a impressora.',
      ...preset,
      ...BASE.slice(6),
    );

  it('reads a preset, the value made canonical', () => {
    const result = parsed(presetFile('    preset:', '      context: {name: equipamento, value: IMP}', '      dialogue: oi'));
    expect(result.file.content.skills[1]?.preset).toEqual({ context: { name: 'equipamento', value: 'impressora' }, dialogue: 'oi' });
  });

  it('reports unknown contexts, values and dialogues, and an empty preset, each at its place', () => {
    expect(errorsOf(presetFile('    preset:', '      context: {name: aparelho, value: imp}', '      dialogue: io'))).toEqual([
      'f.yaml:14:23 skills[1].preset.context.name: unknown context "aparelho"',
      'f.yaml:15:17 skills[1].preset.dialogue: unknown dialogue "io"',
    ]);
    expect(errorsOf(presetFile('    preset:', '      context: {name: equipamento, value: geladeira}'))).toEqual([
      expect.stringMatching(/^f\.yaml:14:43 skills\[1\]\.preset\.context\.value: "geladeira" is not a value or synonym/),
    ]);
    expect(errorsOf(presetFile('    preset: {}'))).toEqual([expect.stringMatching(/skills\[1\]\.preset: "preset" needs "context"/)]);
    expect(errorsOf(presetFile('    preset:', '      context: {name: equipamento}'))).toEqual([expect.stringMatching(/preset\.context\.value: "preset\.context" needs "value"/)]);
  });
});

describe('parseAssistantFile: slot filling, variants and lifetimes', () => {
  const flowFile = (...lines: string[]) =>
    file(
      'version: 1',
      'contexts:',
      '  - name: equipamento',
      '    type: text',
      '    lifetime: session',
      '    values: [impressora, computador]',
      '  - name: descricao',
      '    type: text',
      '    lifetime: dialogue',
      '  - name: quando',
      '    type: text',
      '    entity: date',
      'intents:',
      '  - name: chamado',
      '    phrases: [abrir chamado]',
      ...lines,
    );
  const skills = [
    'skills:',
    '  - name: perguntar',
    '    text: Qual equipamento?',
    '  - name: descrever',
    '    text: O que houve com {equipamento}?',
    '  - name: registrar',
    '    text: Registrado.',
    '    variants:',
    '      - when: {quando: set, equipamento: {one_of: [IMPRESSORA]}}',
    '        text: Registrado para {quando:date}.',
  ];

  it('reads lifetimes, a system entity, variants and slots', () => {
    const result = parsed(
      flowFile(
        ...skills,
        'dialogues:',
        '  - name: registrar',
        '    intent: chamado',
        '    slots:',
        '      - {context: equipamento, question: perguntar, values_as_buttons: true, max_attempts: 2}',
        '      - {context: descricao, question: descrever, label: descrição}',
        '      - context: quando',
        '    confirm: perguntar',
        '    cancel: registrar',
        '    skill: registrar',
      ),
    );
    expect(result.warnings).toEqual([]);
    const { contexts, skills: read, dialogues } = result.file.content;
    expect(contexts.map((context) => [context.name, context.lifetime])).toEqual([['equipamento', 'session'], ['descricao', 'dialogue'], ['quando', undefined]]);
    expect(contexts[2]).toEqual({ name: 'quando', type: 'text', values: [], entity: 'date' });
    expect(read[2]?.variants).toEqual([
      { when: [{ context: 'quando', operator: 'set' }, { context: 'equipamento', operator: 'oneOf', value: ['impressora'] }], texts: ['Registrado para {quando:date}.'] },
    ]);
    expect(dialogues[0]).toEqual({
      name: 'registrar',
      intents: ['chamado'],
      skill: 'registrar',
      slots: [
        { context: 'equipamento', question: 'perguntar', valuesAsButtons: true, maxAttempts: 2 },
        { context: 'descricao', question: 'descrever', label: 'descrição' },
        { context: 'quando' },
      ],
      confirm: 'perguntar',
      cancel: 'registrar',
    });
  });

  it('reports bad lifetimes, entities, conditions and slot references at their place', () => {
    const errors = errorsOf(
      file(
        'version: 1',
        'contexts:',
        '  - {name: equipamento, type: text, lifetime: sessao, values: [impressora]}',
        '  - {name: nota, type: float, entity: date}',
        '  - {name: quando, type: text, entity: data}',
        'intents:',
        '  - {name: chamado, phrases: [abrir chamado]}',
        'skills:',
        '  - name: registrar',
        '    text: Registrado {equipamento:moeda}.',
        '    variants:',
        '      - when: {equipamentos: set, nota: {at_least: alta}}',
        '        text: Ok.',
        '      - when: {nota: {maior: 3}}',
        '        text: Ok.',
        'dialogues:',
        '  - name: registrar',
        '    intent: chamado',
        '    skill: registrar',
        '    slots:',
        '      - {context: equipamento, question: perguntr, max_attempts: 0}',
        '      - {question: registrar}',
        '    confirm: confirmr',
      ),
    );
    expect(errors).toEqual([
      'f.yaml:3:47 contexts[0].lifetime: unknown lifetime "sessao"; did you mean "session"? (conversation, session, dialogue)',
      'f.yaml:4:31 contexts[1].entity: "entity" is used only by a text context (a float context is recognised by its type)',
      'f.yaml:5:40 contexts[2].entity: unknown system entity "data"; did you mean "date"? (date, time, datetime, email, url, phone, cpf, cnpj)',
      'f.yaml:10:22 skills[0].text: placeholder {equipamento:moeda} has the unknown format "moeda" (formats: date, time, datetime, number, currency)',
      'f.yaml:12:16 skills[0].variants[0].when.equipamentos: context "equipamentos" does not exist; did you mean "equipamento"?',
      'f.yaml:12:52 skills[0].variants[0].when.nota.at_least: "at_least" must be a number, not a text (a number)',
      'f.yaml:14:23 skills[0].variants[1].when.nota.maior: unknown key "maior" in the condition on "nota" (known keys: equals, one_of, less_than, at_most, greater_than, at_least)',
      'f.yaml:21:42 dialogues[0].slots[0].question: skill "perguntr" does not exist',
      'f.yaml:21:66 dialogues[0].slots[0].max_attempts: the number of answers accepted must be a whole number from 1 to 10 (default 3)',
      'f.yaml:22:9 dialogues[0].slots[1].context: a slot needs "context": the context to ask for',
      'f.yaml:23:14 dialogues[0].confirm: skill "confirmr" does not exist',
    ]);
  });

  it('warns, at the button, about a button no dialogue handles', () => {
    const warnings = warningsOf(
      flowFile(
        '  - name: sim',
        '    phrases: [sim]',
        '  - name: nao',
        '    phrases: [não, nao obrigado]',
        'skills:',
        '  - name: oferecer_chamado',
        '    text: Abro um chamado?',
        '    buttons:',
        '      - {title: Sim, payload: sim}',
        '      - {title: Agora não, payload: nao obrigado}',
        '  - name: registrar',
        '    text: Registrado.',
        'dialogues:',
        '  - name: oferecer',
        '    intent: chamado',
        '    skill: oferecer_chamado',
        '  - name: oferecer_sim',
        '    intent: sim',
        '    follow_up_of: oferecer',
        '    skill: registrar',
      ),
    );
    expect(warnings).toEqual([
      'f.yaml:18:11 intents[2].name: no dialogue answers intent "nao"; the fallback skill answers it',
      'f.yaml:25:37 skills[0].buttons[1].payload: button "Agora não" (value "nao obrigado") is understood as intent "nao" (one of its phrases), but no dialogue answers "nao" after dialogue "oferecer" nor at any time: the fallback skill would answer; add a dialogue that answers "nao" as a follow-up of "oferecer"',
    ]);
  });
});

describe('parseAssistantFile: where the APIs were written, for the problems only a save finds', () => {
  it("keeps the place of each API's values; a problem's field is placed at it, or at the nearest item that has a place", () => {
    const result = parseAssistantFile(
      file(
        'version: 1',
        'apis:',
        '  - name: login',
        '    method: POST',
        '    url: https://itsm.example/login',
        '    depends_on: base',
        '    headers:',
        '      - {name: x-key, secret: true}',
        '    body:',
        '      - name: senha',
        '        type: text',
        '        secret: true',
        '        value:',
        '    status: {not_found: [404]}',
        '  - &base {name: base, method: GET, url: "https://itsm.example/"}',
      ),
      'f.yaml',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { positions } = result.file;
    const at = (field: string, api = 0) => positionAt(positions, `apis[${api}].${fileFieldOf(field)}`);
    expect(positionAt(positions, 'apis')).toEqual({ line: 3, column: 3 });
    expect(at('url')).toEqual({ line: 5, column: 10 });
    expect(at('dependsOn')).toEqual({ line: 6, column: 17 });
    // A secret header without its value: the header's item.
    expect(at('headers.0.value')).toEqual({ line: 8, column: 9 });
    // A key with nothing after the colon: the key.
    expect(at('body.0.value')).toEqual({ line: 13, column: 9 });
    expect(at('status.notFound')).toEqual({ line: 14, column: 25 });
    expect(at('name', 1)).toEqual({ line: 15, column: 18 });
    // Nothing kept for it (a place the file does not have): the file's start.
    expect(positionAt(positions, 'skills[0].text')).toEqual({ line: 1, column: 1 });
    expect(positionAt(undefined, 'apis[0].url')).toEqual({ line: 1, column: 1 });
  });

  it('keeps no more places than the check takes: a row past them is placed at its list', () => {
    const headers = Array.from({ length: 150 }, (_, index) => `      - {name: x-${index}, value: v}`);
    const result = parseAssistantFile(file('version: 1', 'apis:', '  - name: a', '    method: GET', '    url: https://itsm.example/', '    headers:', ...headers), 'f.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { positions } = result.file;
    expect(positionAt(positions, 'apis[0].headers[99].value')).toEqual({ line: 106, column: 29 });
    expect(positionAt(positions, 'apis[0].headers[120].value')).toEqual({ line: 7, column: 7 });
    expect(positions?.size).toBeLessThan(320);
  });
});
