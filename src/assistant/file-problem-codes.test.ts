// An imported file's problems carry a stable code with its params (issue 16 item 1), so the
// console says them in its user's language; the English line stays for the CLI.
import { describe, expect, it } from 'vitest';
import { isProblemCode } from '../admin-api/problem-codes.js';
import { parseAssistantFile } from './assistant-file.js';
import { fileProblems, formatFileErrors } from './format-file-errors.js';

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

  it('codes Rasa NLU data problems', () => {
    const parsed = parseAssistantFile('version: "3.1"\nnlu:\n  - intent: saudacao\n    examples: |\n      - oi\n      ola\n  - synonym: x\n    intent: y\n    examples: |\n      - a\n', 'nlu.yml');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(fileProblems(parsed.errors, 'nlu.yml').map((problem) => problem.code)).toEqual(['file_rasa_example_dash', 'file_rasa_item_kind']);
  });
});
