import { describe, expect, it } from 'vitest';
import { emptyContent, type AssistantContent } from './content.js';
import { diffContent } from './content-changes.js';

const trained: AssistantContent = {
  ...emptyContent(),
  intents: [
    { name: 'oi', phrases: [{ text: 'olá' }] },
    { name: 'tchau', phrases: [{ text: 'até logo' }] },
  ],
  regexes: [{ name: 'cpf', pattern: '\\d{11}' }],
};

describe('diffContent', () => {
  it('is empty for the same content, even with a field left out instead of undefined', () => {
    const same = { ...trained, intents: trained.intents.map((intent) => ({ ...intent, theme: undefined })) };
    expect(diffContent(trained, same)).toEqual([]);
  });

  it('is empty for the same items with their keys in another order (a file reader\'s against the store\'s)', () => {
    const before: AssistantContent = { ...emptyContent(), contexts: [{ name: 'cidade', type: 'text', values: [{ value: 'rio', synonyms: ['rj'] }], lifetime: 'session' } as AssistantContent['contexts'][number]] };
    const after: AssistantContent = { ...emptyContent(), contexts: [{ lifetime: 'session', values: [{ synonyms: ['rj'], value: 'rio' }], type: 'text', name: 'cidade' } as AssistantContent['contexts'][number]] };
    expect(diffContent(before, after)).toEqual([]);
    // Lists keep their order: values in another order are a change.
    const reordered: AssistantContent = { ...emptyContent(), contexts: [{ ...before.contexts[0], values: [{ value: 'sp' }, { value: 'rio', synonyms: ['rj'] }] } as AssistantContent['contexts'][number]] };
    const withSp: AssistantContent = { ...emptyContent(), contexts: [{ ...before.contexts[0], values: [{ value: 'rio', synonyms: ['rj'] }, { value: 'sp' }] } as AssistantContent['contexts'][number]] };
    expect(diffContent(withSp, reordered)).toEqual([{ list: 'contexts', change: 'changed', name: 'cidade' }]);
  });

  it('names what was added, changed and removed, list by list (the regexes of one entity together)', () => {
    const current: AssistantContent = {
      ...trained,
      intents: [{ name: 'oi', phrases: [{ text: 'olá' }, { text: 'oi' }] }, { name: 'ajuda', phrases: [{ text: 'socorro' }] }],
      regexes: [{ name: 'cpf', pattern: '\\d{3}\\.\\d{3}\\.\\d{3}-\\d{2}' }],
      skills: [{ name: 'saudar', kind: 'text', texts: ['Olá!'] } as AssistantContent['skills'][number]],
    };
    expect(diffContent(trained, current)).toEqual([
      { list: 'intents', name: 'oi', change: 'changed' },
      { list: 'intents', name: 'ajuda', change: 'added' },
      { list: 'intents', name: 'tchau', change: 'removed' },
      { list: 'regexes', name: 'cpf', change: 'changed' },
      { list: 'skills', name: 'saudar', change: 'added' },
    ]);
  });
});
