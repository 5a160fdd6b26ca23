import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAssistantFile } from './assistant-file.js';
import type { AssistantContent } from '../content.js';
import { demoAssistantFiles } from '../demo-files.js';
import { formatFileErrors } from './format-file-errors.js';
import { serialiseAssistantFile } from './serialise-assistant-file.js';

/** The file read (without where its values were written: the writer lays them out anew). */
function parsedFile(text: string) {
  const result = parseAssistantFile(text, 'out.yaml');
  if (!result.ok) throw new Error(`${formatFileErrors(result.errors, 'out.yaml').join('\n')}\n---\n${text}`);
  const { positions: _written, ...file } = result.file;
  return file;
}

/** Content in the form the parser gives back: every kind of item, and texts YAML has to quote. */
const content: AssistantContent = {
  themes: [{ name: 'geral' }, { name: 'ti', description: 'Suporte: TI # e redes' }],
  contexts: [
    { name: 'equipamento', description: 'Equipamento', type: 'text', values: [{ value: 'impressora', synonyms: ['printer', 'imp, a'] }, { value: 'pc', synonyms: [] }] },
    { name: 'nome', type: 'text', values: [], lifetime: 'session' },
    { name: 'descricao', type: 'text', values: [], lifetime: 'dialogue' },
    { name: 'quando', type: 'text', values: [], entity: 'datetime', lifetime: 'conversation' },
    { name: 'prioridade', type: 'categorical', values: ['baixa', 'alta', 'true', '1'] },
    { name: 'urgente', type: 'boolean' },
    { name: 'nota', type: 'float', min: 0.5, max: 10 },
    { name: 'valor', type: 'float' },
  ],
  regexes: [
    { name: 'chamado', pattern: '\\b\\d{6}\\b' },
    { name: 'chamado', pattern: "#\\d+ 'x'" },
    { name: 'ramal', pattern: '\\d{4}' },
  ],
  intents: [
    {
      name: 'problema',
      theme: 'ti',
      phrases: [
        { text: 'a impressora parou', entities: [{ start: 2, end: 12, entity: 'equipamento', value: 'impressora' }] },
        { text: 'imp quebrou: socorro', entities: [{ start: 0, end: 3, entity: 'equipamento', value: 'impressora' }] },
        { text: 'pc e impressora', entities: [{ start: 0, end: 2, entity: 'equipamento', value: 'pc' }, { start: 5, end: 15, entity: 'equipamento', value: 'impressora' }] },
        { text: 'meu nome é Ana', entities: [{ start: 11, end: 14, entity: 'nome', value: 'Ana' }] },
        { text: 'true' },
        { text: '1' },
        { text: 'yes' },
        { text: '- lista? # não' },
        { text: "it's \"quoted\"" },
      ],
    },
    { name: 'sim', phrases: [{ text: 'sim' }] },
  ],
  skills: [
    { name: 'um texto', theme: 'ti', fallback: false, kind: 'text', texts: ['Olá, {nome}!'] },
    { name: 'variações', fallback: false, kind: 'text', texts: ['a', 'b: c', 'linha 1\n\nlinha 2'] },
    { name: 'avaliar', fallback: false, kind: 'buttons', texts: ['Você poderia avaliar o meu atendimento?'], buttons: [{ title: 'Sim', payload: 'sim' }, { title: 'Não', payload: '/nao{"nota": "1"}' }] },
    { name: 'logo', fallback: false, kind: 'image', texts: [], image: 'https://example.com/logo.png' },
    { name: 'anexo', fallback: false, kind: 'attachment', texts: ['veja'], attachment: { type: 'file', payload: { url: 'https://example.com/a.pdf', size: 3 } } },
    { name: 'nao_entendi', fallback: true, kind: 'text', texts: ['Desculpe, não entendi. Digite menu.'] },
    { name: 'sugerir', fallback: false, kind: 'text', texts: ['Sugiro a impressora.'], preset: { context: { name: 'equipamento', value: 'impressora' }, dialogue: 'problema' } },
    { name: 'so_dialogo', fallback: false, kind: 'text', texts: ['Certo.'], preset: { dialogue: 'logo' } },
    {
      name: 'condicional',
      fallback: false,
      kind: 'text',
      texts: ['Certo.'],
      variants: [
        { when: [{ context: 'nome', operator: 'set' }], texts: ['Certo, {nome}.'] },
        { when: [{ context: 'nota', operator: 'atLeast', value: 1 }, { context: 'nota', operator: 'lessThan', value: 5.5 }, { context: 'urgente', operator: 'notSet' }], texts: ['Nota {nota:number}.', 'Baixa.'] },
        { when: [{ context: 'prioridade', operator: 'oneOf', value: ['alta', 'true'] }, { context: 'descricao', operator: 'equals', value: 'set' }], texts: ['Vou priorizar.'] },
        { when: [{ context: 'valor', operator: 'greaterThan', value: 100 }, { context: 'valor', operator: 'atMost', value: 1000 }, { context: 'nome', operator: 'equals', value: 'Ana' }], texts: ['{valor:currency:EUR} em {$today:date}'] },
      ],
    },
    { name: 'perguntar', fallback: false, kind: 'text', texts: ['Qual equipamento?'] },
    { name: 'atendente', fallback: false, kind: 'text', texts: ['Vou chamar um atendente.'], handoff: true },
    { name: 'confirmar', fallback: false, kind: 'text', texts: ['Confirma {equipamento}?'] },
  ],
  dialogues: [
    { name: 'problema', theme: 'geral', intents: ['problema'], skill: 'um texto' },
    { name: 'vários', intents: ['problema', 'sim'], skill: 'avaliar', followUpOf: 'problema' },
    { name: 'logo', intents: ['sim'], skill: 'logo' },
    {
      name: 'chamado',
      intents: ['problema'],
      skill: 'condicional',
      followUpOf: 'logo',
      slots: [
        { context: 'equipamento', question: 'perguntar', valuesAsButtons: true, label: 'Equipamento', invalid: 'variações', maxAttempts: 2 },
        { context: 'descricao', question: 'perguntar' },
        { context: 'quando' },
      ],
      confirm: 'confirmar',
      cancel: 'so_dialogo',
    },
  ],
};

describe('serialiseAssistantFile', () => {
  it('writes YAML that parses back to the same content, settings and identity', () => {
    const input = { assistant: { server: 'acme', language: 'pt', name: 'ACME' }, settings: { accuracyThreshold: 0.3 }, content };
    const text = serialiseAssistantFile(input);
    const file = parsedFile(text);
    expect(file.content).toEqual(content);
    expect(file.settings).toEqual({ accuracyThreshold: 0.3 });
    expect(file.assistant).toEqual(input.assistant);
    expect(file.format).toBe('helper');
    // Stable: writing what was read gives the same text.
    expect(serialiseAssistantFile(file)).toBe(text);
  });

  it('writes it for people: markup, plain single texts, percent, short lists on a line', () => {
    const text = serialiseAssistantFile({ settings: { accuracyThreshold: 0.3 }, content });
    expect(text).toContain('  accuracy_threshold: 30\n');
    expect(text).toContain('      - a [impressora](equipamento) parou\n');
    expect(text).toContain(`      - '[imp]{"entity": "equipamento", "value": "impressora"} quebrou: socorro'\n`);
    expect(text).toContain("        synonyms: [printer, 'imp, a']\n");
    expect(text).toContain('    text: Olá, {nome}!\n');
    expect(text).toContain('    intent: problema\n');
    expect(text).toContain('    intents: [problema, sim]\n');
    expect(text).toContain('    follow_up_of: problema\n');
    expect(text).toContain('    fallback: true\n');
    expect(text).not.toContain('kind:');
    expect(text).toMatch(/^# Helper Assistant file/);
    expect(text).toContain('    lifetime: dialogue\n');
    expect(text).toContain('    entity: datetime\n');
    expect(text).toContain('      - when: {nome: set}\n        text: Certo, {nome}.\n');
    // A context with two conditions is written as a list of mappings; a value that reads as a keyword in full.
    expect(text).toContain('      - when:\n          - nota:\n              at_least: 1\n          - nota:\n              less_than: 5.5\n            urgente: not_set\n');
    expect(text).toContain('            equals: set\n');
    expect(text).toContain('        values_as_buttons: true\n        label: Equipamento\n        invalid: variações\n        max_attempts: 2\n');
    expect(text).toContain('    confirm: confirmar\n    cancel: so_dialogo\n');
  });

  it('writes kind only when the fields cannot tell it', () => {
    // Only content no valid file gives: an image skill without its image.
    const text = serialiseAssistantFile({ content: { ...content, skills: [{ name: 's', fallback: false, kind: 'image', texts: ['q'] }] } });
    expect(text).toContain('    kind: image\n');
  });

  it('writes the patterns of one regex together', () => {
    const regexes = [{ name: 'a', pattern: '1' }, { name: 'b', pattern: '2' }, { name: 'a', pattern: '3' }];
    const text = serialiseAssistantFile({ content: { ...content, regexes } });
    expect(text).toContain("  - name: a\n    patterns:\n      - '1'\n      - '3'\n  - name: b\n    pattern: '2'\n");
    expect(parsedFile(text).content.regexes).toEqual([regexes[0], regexes[2], regexes[1]]);
  });

  it('omits what is not there', () => {
    expect(serialiseAssistantFile({ content: { themes: [], intents: [], contexts: [], regexes: [], skills: [], dialogues: [] } })).toBe(
      '# Helper Assistant file, format version 1 (see src/assistant/README.md).\n\nversion: 1\n',
    );
  });

  it('round-trips the demo assistants', () => {
    for (const demo of demoAssistantFiles()) {
      const original = parsedFile(readFileSync(demo.path, 'utf8'));
      const again = parsedFile(serialiseAssistantFile(original));
      expect(again).toEqual(original);
    }
  });

  it('round-trips imported Rasa data into our format', () => {
    const rasa = parsedFile('version: "3.1"\nnlu:\n- intent: a\n  examples: |\n    - o [pc](equipamento) e a [imp]{"entity": "equipamento", "value": "impressora"}\n- synonym: computador\n  examples: |\n    - pc\n');
    const ours = parsedFile(serialiseAssistantFile(rasa));
    expect(ours.format).toBe('helper');
    expect(ours.content).toEqual(rasa.content);
  });
});
