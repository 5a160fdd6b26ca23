import { describe, expect, it } from 'vitest';
import type { AssistantContent } from '../../assistant/content.js';
import { answeringDialogue, applyDialogueSheet, dialogueSheetRows, groupSheetRows, summariseChanges } from './dialogue-sheet.js';

const content: AssistantContent = {
  themes: [{ name: 'ti' }],
  intents: [
    { name: 'impressora', theme: 'ti', phrases: [{ text: 'a impressora parou', entities: [{ start: 2, end: 12, entity: 'equipamento', value: 'impressora' }] }, { text: 'não imprime' }] },
    { name: 'avaliar', phrases: [{ text: 'quero avaliar' }] },
    { name: 'sim', phrases: [{ text: 'sim' }] },
  ],
  contexts: [{ name: 'equipamento', type: 'text', values: [{ value: 'impressora', synonyms: ['printer'] }] }],
  regexes: [],
  skills: [
    { name: 'chamado', fallback: false, kind: 'text', texts: ['Chamado aberto.', 'Registrei o chamado.', 'Vou verificar.'] },
    { name: 'perguntar', fallback: false, kind: 'buttons', texts: ['Avaliar?'], buttons: [{ title: 'Sim', payload: 'sim' }] },
    { name: 'obrigado', fallback: false, kind: 'text', texts: ['Obrigado!'] },
    { name: 'nao_entendi', fallback: true, kind: 'text', texts: ['Não entendi. Digite menu.'] },
  ],
  dialogues: [
    { name: 'impressora', intents: ['impressora'], skill: 'chamado' },
    { name: 'avaliacao', intents: ['avaliar'], skill: 'perguntar' },
    { name: 'avaliou', intents: ['sim'], skill: 'obrigado', followUpOf: 'avaliacao' },
  ],
};

describe('the dialogues sheet', () => {
  it('exports one row per phrase, with the answer variations on the first rows and extra rows for extra variations', () => {
    expect(dialogueSheetRows(content)).toEqual([
      { intent: 'impressora', userSays: 'a impressora parou', textResponse: 'Chamado aberto.' },
      { intent: 'impressora', userSays: 'não imprime', textResponse: 'Registrei o chamado.' },
      { intent: 'impressora', userSays: '', textResponse: 'Vou verificar.' },
      { intent: 'avaliar', userSays: 'quero avaliar', textResponse: 'Avaliar?' },
      { intent: 'sim', userSays: 'sim', textResponse: 'Obrigado!' },
    ]);
    expect(answeringDialogue(content.dialogues, 'sim')?.name).toBe('avaliou');
  });

  it('round-trips to no change, keeping annotations, themes, buttons and follow-ups', () => {
    const { content: after, changes } = applyDialogueSheet(content, groupSheetRows(dialogueSheetRows(content)));
    expect(changes).toEqual([]);
    expect(after).toEqual(content);
  });

  it('removes the intents left out, their dialogues and follow-ups, and the text skills only they used', () => {
    const rows = dialogueSheetRows(content).filter((row) => row.intent === 'impressora');
    const { content: after, changes } = applyDialogueSheet(content, groupSheetRows(rows));
    expect(after.intents.map((intent) => intent.name)).toEqual(['impressora']);
    expect(after.dialogues.map((dialogue) => dialogue.name)).toEqual(['impressora']);
    // The button skill and the fallback stay; the text skill only the follow-up used goes.
    expect(after.skills.map((skill) => skill.name)).toEqual(['chamado', 'perguntar', 'nao_entendi']);
    expect(summariseChanges(changes)).toEqual({ intentsRemoved: 2, dialoguesRemoved: 2, skillsRemoved: 1 });
  });

  it('changes the answer text of a button skill and keeps its buttons; a new intent gets a skill and a dialogue', () => {
    const rows = [
      ...dialogueSheetRows(content).map((row) => (row.intent === 'avaliar' ? { ...row, textResponse: 'Pode avaliar?' } : row)),
      { intent: 'chamado', userSays: 'abrir chamado', textResponse: 'Qual o problema?' },
    ];
    const { content: after, changes } = applyDialogueSheet(content, groupSheetRows(rows));
    expect(after.skills.find((skill) => skill.name === 'perguntar')).toEqual({ ...content.skills[1], texts: ['Pode avaliar?'] });
    // "chamado" is taken by a skill: the new one gets the next free name.
    expect(after.skills.at(-1)).toEqual({ name: 'chamado_2', fallback: false, kind: 'text', texts: ['Qual o problema?'] });
    expect(after.dialogues.at(-1)).toEqual({ name: 'chamado', intents: ['chamado'], skill: 'chamado_2' });
    expect(summariseChanges(changes)).toEqual({ answersChanged: 1, intentsAdded: 1, phrasesAdded: 1, skillsAdded: 1, dialoguesAdded: 1, answersAdded: 1 });
  });

  it('keeps an intent without phrases, which the sheet cannot hold', () => {
    const draft: AssistantContent = { ...content, intents: [...content.intents, { name: 'rascunho', phrases: [] }] };
    const { content: after, changes } = applyDialogueSheet(draft, groupSheetRows(dialogueSheetRows(draft)));
    expect(changes).toEqual([]);
    expect(after.intents.at(-1)).toEqual({ name: 'rascunho', phrases: [] });
  });

  it('keeps the answer of an intent whose rows carry no Text Response', () => {
    const rows = dialogueSheetRows(content).map((row) => ({ ...row, textResponse: '' })).filter((row) => row.userSays !== '');
    const { content: after } = applyDialogueSheet(content, groupSheetRows(rows));
    expect(after.skills).toEqual(content.skills);
  });
});
