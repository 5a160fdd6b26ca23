import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAssistantFile } from './assistant-file.js';
import { checkContent } from './check-content.js';
import { emptyContent, type AssistantContent } from './content.js';
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
