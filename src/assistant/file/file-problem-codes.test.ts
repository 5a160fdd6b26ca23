// An imported file's problems carry a stable code with its params (issue 16 item 1), so the
// console says them in its user's language; the English line stays for the CLI.
import { describe, expect, it } from 'vitest';
import { isProblemCode } from '../../admin-api/problem-codes.js';
import { parseAssistantFile } from './assistant-file.js';
import { fileProblems, formatFileErrors } from './format-file-errors.js';
import { readRasaProject } from '../other-platforms/read-rasa-project.js';

const BROKEN = `version: 1
themes: [geral]
intents:
  - name: saudacao
    theme: vendas
    frases: [oi]
    phrases: oi
  - name: despedida
    phrases: [tchau, ate mais]
skills:
  - name: ola
    text: Olá!
    fallback: sim
dialogues:
  - name: cumprimentar
    intents: [saudacao, nao_existe]
    skill: ola
`;

describe('file problems with codes', () => {
  it('codes the reader and reference problems of our format, keeping line, column and place', () => {
    const parsed = parseAssistantFile(BROKEN, 'pt.yaml');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const coded = fileProblems(parsed.errors, 'pt.yaml');
    expect(coded.map(({ line, place, code, params }) => ({ line, place, code, params }))).toEqual(
      expect.arrayContaining([
        { line: 5, place: 'intents[0].theme', code: 'does_not_exist', params: { what: 'theme', name: 'vendas' } },
        { line: 6, place: 'intents[0].frases', code: 'file_unknown_key_suggest', params: { key: 'frases', suggestion: 'phrases' } },
        { line: 7, place: 'intents[0].phrases', code: 'file_not_list', params: { found: 'text' } },
        { line: 13, place: 'skills[0].fallback', code: 'file_not_boolean', params: { found: 'text' } },
      ]),
    );
    for (const problem of coded) {
      expect({ code: problem.code, known: isProblemCode(problem.code), coded: problem.code !== 'file_problem' }).toEqual({ code: problem.code, known: true, coded: true });
      expect(problem.file).toBe('pt.yaml');
    }
    // The CLI's English lines are the same problems, in the same order.
    expect(coded.map((problem) => problem.message)).toEqual(formatFileErrors(parsed.errors, 'pt.yaml'));
  });

  it('codes the whole-file problems: YAML syntax, an empty file, a list', () => {
    const codes = (text: string) => {
      const parsed = parseAssistantFile(text, 'x.yaml');
      return parsed.ok ? [] : fileProblems(parsed.errors, 'x.yaml').map((problem) => problem.code);
    };
    expect(codes('')).toEqual(['file_empty']);
    expect(codes('- a\n- b\n')).toEqual(['file_not_sections']);
    expect(codes('intents:\n  - name: a\n    phrases:\n      - [oi](x) tudo bem\n')).toEqual(['file_yaml_quote_markup']);
    expect(codes('intents: [a\n')).toEqual(expect.arrayContaining(['file_yaml_syntax']));
    expect(codes('## intent:oi\n- oi\n')).toEqual(['file_rasa_markdown']);
    expect(codes('version: 1\nintents:\n  - name: com espaço\n    phrases: [oi]\n  - name: vazio\n    phrases: []\n')).toEqual(['symbol_name', 'needs_phrase']);
    expect(codes('version: 7\n')).toEqual(['file_version']);
    expect(codes('version: 1\ncontexts:\n  - name: cor\n    type: colour\n')).toEqual(['not_one_of']);
  });

  it('codes the warnings too', () => {
    const parsed = parseAssistantFile('version: 1\nintents:\n  - name: oi\n    phrases: [ola, ola]\n', 'w.yaml');
    const warnings = fileProblems(parsed.warnings, 'w.yaml');
    expect(warnings.map((warning) => warning.code)).toEqual(expect.arrayContaining(['file_phrase_twice', 'file_intent_unanswered']));
    for (const warning of warnings) expect(warning.code).not.toBe('file_problem');
  });

  it('codes the item-specific problems of our format, none left as file_problem', () => {
    const ITEMS = `version: 1
settings:
  accuracy_threshold: 0.4
  action_endpoint: ftp://acoes.interno/webhook
intents:
  - name: pedir
    phrases:
      - 'quero [impressora]{"entidade": "x"}'
      - 'quero [papel](equipamento'
      - 'quero [toner]{"entity": "equipamento", "role": "a"}'
      - 'quero [tinta]{"entity": "equipamento", "cor": "azul"}'
contexts:
  - name: equipamento
    type: text
    values:
      - value: impressora
        synonyms: [impressora]
      - value: toner
        synonyms: [impressora]
  - name: nota
    type: float
    min: 10
    max: 1
  - name: email
    type: text
    entity: email
    values: [a]
regexes:
  - name: codigo
    pattern: "a"
    patterns: ["b"]
  - name: ruim
    pattern: "(?=a)b"
skills:
  - name: ola
    text: Olá!
    buttons: [{title: Sim, payload: sim}]
    image: https://example.com/a.png
    preset: {}
  - name: variada
    text: Oi
    variants:
      - when: {}
        text: a
      - when: {nota: ""}
        text: b
      - when: {nota: {at_least: 1, at_most: 3}}
        text: c
  - name: acao
    kind: action
    action: "acao com espaço"
dialogues:
  - name: d
    intent: pedir
    intents: [pedir]
    skill: ola
`;
    const parsed = parseAssistantFile(ITEMS, 'itens.yaml');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const errors = fileProblems(parsed.errors, 'itens.yaml');
    const warnings = fileProblems(parsed.warnings, 'itens.yaml');
    expect(errors.map((problem) => problem.code)).toEqual(
      expect.arrayContaining([
        'not_url',
        'file_markup_unknown_key',
        'file_markup_needs_entity',
        'file_markup_incomplete',
        'file_markup_key_unsupported',
        'file_word_twice',
        'file_word_other_value',
        'context_min_above_max',
        'file_entity_with_values',
        'file_one_or_list',
        'regex_invalid',
        'file_skill_two_kinds',
        'file_preset_empty',
        'file_when_empty',
        'file_condition_empty',
        'file_condition_one',
        'action_name',
      ]),
    );
    expect(warnings.map((problem) => problem.code)).toContain('file_threshold_fraction');
    for (const problem of [...errors, ...warnings]) {
      expect({ message: problem.message, known: isProblemCode(problem.code), coded: problem.code !== 'file_problem' }).toEqual({ message: problem.message, known: true, coded: true });
    }
    expect(errors.find((problem) => problem.code === 'context_min_above_max')?.params).toEqual({ context: 'nota', min: 10, max: 1 });
    expect(errors.find((problem) => problem.code === 'file_word_other_value')?.params).toEqual({ word: 'impressora', value: 'impressora' });
    expect(errors.filter((problem) => problem.code === 'file_one_or_list').map((problem) => problem.params)).toEqual([{ one: 'pattern', list: 'patterns' }, { one: 'intent', list: 'intents' }]);
  });

  it('codes the problems of third-party APIs and custom skills written in the file', () => {
    const APIS = `version: 1
apis:
  - name: pedido
    method: GET
    url: 7
    cor: azul
  - name: status
    method: GET
    url: https://example.com/status
    headers: texto
    status: {success: [ok]}
  - só um texto
skills:
  - name: consulta
    kind: custom
    custom: {list_buttons: 1}
`;
    const parsed = parseAssistantFile(APIS, 'apis.yaml');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const coded = fileProblems(parsed.errors, 'apis.yaml');
    expect(coded.map(({ place, code, params }) => ({ place, code, params }))).toEqual(
      expect.arrayContaining([
        { place: 'apis[0].cor', code: 'file_unknown_key', params: expect.objectContaining({ key: 'cor' }) },
        { place: 'apis[0].url', code: 'file_not_text', params: { found: 'number' } },
        { place: 'apis[1].headers', code: 'file_list_of_mappings', params: { key: 'headers' } },
        { place: 'apis[1].status.success', code: 'file_status_codes', params: undefined },
        { place: 'apis[2]', code: 'file_api_not_mapping', params: { found: 'text' } },
        { place: 'skills[0].custom.api', code: 'file_custom_needs_api', params: undefined },
      ]),
    );
    for (const problem of coded) expect({ message: problem.message, coded: problem.code !== 'file_problem' && isProblemCode(problem.code) }).toEqual({ message: problem.message, coded: true });
  });

  it('codes the problems of a Rasa project and its NLU data: a file that is not YAML, none at all, a renamed intent, a synonym of no entity', () => {
    const codes = (files: Array<{ path: string; text: string }>) => {
      const parsed = readRasaProject(files);
      return parsed.ok ? [] : fileProblems(parsed.errors, 'project.zip').map((problem) => problem.code);
    };
    expect(codes([{ path: 'domain.yml', text: 'intents: [a\n' }])).toEqual(['file_yaml_syntax']);
    expect(codes([{ path: 'config.yml', text: 'language: pt\n' }])).toEqual(['project_no_data']);
    const renamed = parseAssistantFile('version: "3.1"\nnlu:\n  - intent: com espaço\n    examples: |\n      - oi\n', 'nlu.yml');
    expect(fileProblems(renamed.warnings, 'nlu.yml').map((problem) => ({ code: problem.code, params: problem.params }))).toEqual([{ code: 'file_rasa_intent_renamed', params: { name: 'com espaço', renamed: 'com_espaço' } }]);
    const synonym = parseAssistantFile('version: "3.1"\nnlu:\n  - intent: oi\n    examples: |\n      - oi\n  - synonym: impressora\n    examples: |\n      - printer\n', 'nlu.yml');
    expect(fileProblems(synonym.warnings, 'nlu.yml').map((problem) => problem.code)).toContain('file_rasa_synonym_context');
  });

  it('codes Rasa NLU data problems', () => {
    const parsed = parseAssistantFile('version: "3.1"\nnlu:\n  - intent: saudacao\n    examples: |\n      - oi\n      ola\n  - synonym: x\n    intent: y\n    examples: |\n      - a\n', 'nlu.yml');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(fileProblems(parsed.errors, 'nlu.yml').map((problem) => problem.code)).toEqual(['file_rasa_item_kind']);
    expect(fileProblems(parsed.warnings, 'nlu.yml').map((problem) => problem.code)).toContain('file_rasa_example_dash');
  });
});

describe('a file nested too deeply to be read', () => {
  // YAML (and JSON, which YAML reads) nested this deep exhausts the parser's stack: its own
  // sentence, "Maximum call stack size exceeded", does not say what is wrong with the file.
  const deep = `intents: ${'['.repeat(150_000)}${']'.repeat(150_000)}\n`;

  it('says so with a code of its own, in our format', () => {
    const parsed = parseAssistantFile(deep, 'pt.yaml');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const problems = fileProblems(parsed.errors, 'pt.yaml');
    expect(problems.map((problem) => problem.code)).toEqual(['file_yaml_too_deep']);
    expect(isProblemCode('file_yaml_too_deep')).toBe(true);
    expect(formatFileErrors(parsed.errors, 'pt.yaml').join('\n')).toMatch(/nests lists or mappings too deeply/);
    expect(formatFileErrors(parsed.errors, 'pt.yaml').join('\n')).not.toMatch(/call stack/i);
  });

  it('and in a Rasa project', () => {
    const parsed = readRasaProject([{ path: 'data/nlu.yml', text: `version: "3.1"\nnlu: ${'['.repeat(150_000)}${']'.repeat(150_000)}\n` }]);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(fileProblems(parsed.errors, 'data/nlu.yml').map((problem) => problem.code)).toEqual(['file_yaml_too_deep']);
  });
});
