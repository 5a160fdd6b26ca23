import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { AssistantContent } from '../../assistant/content.js';
import type { AssistantRecord, Store } from '../store.js';
import { StoreNotFoundError } from '../store-errors.js';
import { openWithAssistant, storeVariants } from '../test-stores.js';

function content(): AssistantContent {
  return {
    themes: [{ name: 'geral' }, { name: 'ti' }],
    intents: [
      { name: 'oi', theme: 'geral', phrases: [{ text: 'olá' }] },
      { name: 'impressora', theme: 'ti', phrases: [{ text: 'a impressora parou', entities: [{ start: 2, end: 12, entity: 'equipamento', value: 'impressora' }] }] },
    ],
    contexts: [{ name: 'equipamento', type: 'text', values: [{ value: 'impressora', synonyms: ['imp'] }] }],
    regexes: [{ name: 'ramal', pattern: '\\d{4}' }],
    skills: [
      { name: 'saudar', theme: 'geral', fallback: false, kind: 'text', texts: ['Oi!'], preset: { context: { name: 'equipamento', value: 'impressora' }, dialogue: 'saudacao' } },
      { name: 'nao_entendi', fallback: true, kind: 'text', texts: ['Hã?'] },
    ],
    dialogues: [
      { name: 'saudacao', theme: 'geral', intents: ['oi'], skill: 'saudar' },
      { name: 'depois', intents: ['impressora'], skill: 'saudar', followUpOf: 'saudacao' },
    ],
  };
}

describe.each(storeVariants())('$name store: content edits', (variant) => {
  let store: Store;
  let assistant: AssistantRecord;
  beforeEach(async () => {
    ({ store, assistant } = await openWithAssistant(variant));
    await store.content.save(assistant.id, content(), 'replace');
  });
  afterAll(() => variant.cleanup());

  it('puts, renames in place and removes single items, touching nothing else', async () => {
    const result = await store.content.edit(assistant.id, (current) => {
      expect(current).toStrictEqual(content());
      return {
        changes: {
          remove: [{ list: 'dialogues', name: 'depois' }],
          rename: [{ list: 'themes', from: 'geral', to: 'social' }],
          put: {
            themes: [{ name: 'social', description: 'conversa' }],
            intents: [{ name: 'oi', theme: 'social', phrases: [{ text: 'olá' }, { text: 'bom dia' }] }],
            dialogues: [{ name: 'saudacao', theme: 'social', intents: ['oi'], skill: 'saudar' }],
            skills: [{ name: 'novo', fallback: false, kind: 'text', texts: ['Novo'] }],
          },
        },
        result: 'done',
      };
    });
    expect(result).toBe('done');
    const after = await store.content.load(assistant.id);
    const expected = content();
    expected.themes[0] = { name: 'social', description: 'conversa' };
    expected.intents[0] = { name: 'oi', theme: 'social', phrases: [{ text: 'olá' }, { text: 'bom dia' }] };
    expected.dialogues = [{ name: 'saudacao', theme: 'social', intents: ['oi'], skill: 'saudar' }];
    expected.skills.push({ name: 'novo', fallback: false, kind: 'text', texts: ['Novo'] });
    expect(after).toStrictEqual(expected);
  });

  it('renames the regex patterns of a name', async () => {
    await store.content.edit(assistant.id, () => ({ changes: { renameRegexes: [{ from: 'ramal', to: 'extensao' }] }, result: undefined }));
    expect((await store.content.load(assistant.id)).regexes).toEqual([{ name: 'extensao', pattern: '\\d{4}' }]);
  });

  it('keeps a renamed intent in its place with its phrases', async () => {
    await store.content.edit(assistant.id, () => ({
      changes: { rename: [{ list: 'intents', from: 'oi', to: 'saudar' }], put: { intents: [{ name: 'saudar', phrases: [{ text: 'oi' }] }] } },
      result: undefined,
    }));
    expect((await store.content.load(assistant.id)).intents.map((intent) => intent.name)).toEqual(['saudar', 'impressora']);
  });

  it('writes nothing when the decision throws or a change is refused', async () => {
    await expect(
      store.content.edit(assistant.id, () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    await expect(
      store.content.edit(assistant.id, () => ({
        changes: { put: { themes: [{ name: 'novo' }] }, remove: [{ list: 'skills', name: 'nao_existe' }] },
        result: undefined,
      })),
    ).rejects.toBeInstanceOf(StoreNotFoundError);
    await expect(
      store.content.edit(assistant.id, () => ({
        changes: { rename: [{ list: 'themes', from: 'ti', to: 'tecnologia' }], put: { skills: [{ name: 'outro', fallback: true, kind: 'text', texts: ['x'] }] } },
        result: undefined,
      })),
    ).rejects.toThrow(/fallback/);
    expect(await store.content.load(assistant.id)).toStrictEqual(content());
  });

  it('serialises concurrent edits: each one sees the other one’s result', async () => {
    const addPhrase = (text: string) =>
      store.content.edit(assistant.id, (current) => {
        const intent = current.intents.find((candidate) => candidate.name === 'oi');
        if (!intent) throw new Error('no intent');
        return { changes: { put: { intents: [{ ...intent, phrases: [...intent.phrases, { text }] }] } }, result: undefined };
      });
    await Promise.all([addPhrase('um'), addPhrase('dois'), addPhrase('três')]);
    const phrases = (await store.content.load(assistant.id)).intents[0]?.phrases.map((phrase) => phrase.text);
    expect(phrases?.sort()).toEqual(['dois', 'olá', 'três', 'um']);
  });

  it('refuses an edit of an assistant that does not exist', async () => {
    await expect(store.content.edit(assistant.id + 1000, () => ({ changes: {}, result: undefined }))).rejects.toBeInstanceOf(StoreNotFoundError);
  });
});
