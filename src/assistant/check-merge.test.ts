import { describe, expect, it } from 'vitest';
import { checkMerge } from './check-merge.js';
import { emptyContent, type AssistantContent } from './content.js';

/** An assistant whose content already breaks a rule: two dialogues answer the intent `oi`. */
function alreadyBroken(): AssistantContent {
  return {
    ...emptyContent(),
    intents: [{ name: 'oi', phrases: [{ text: 'oi' }] }],
    skills: [{ name: 'ola', fallback: false, kind: 'text', texts: ['Olá'] }],
    dialogues: [
      { name: 'oi', intents: ['oi'], skill: 'ola' },
      { name: 'oi_de_novo', intents: ['oi'], skill: 'ola' },
    ],
  };
}

describe('checkMerge', () => {
  it('leaves a rule the assistant already broke to its editor, and refuses what the merge breaks', () => {
    const unrelated: AssistantContent = { ...emptyContent(), intents: [{ name: 'tchau', phrases: [{ text: 'tchau' }] }] };
    expect(checkMerge(alreadyBroken(), unrelated).problems).toEqual([]);

    const breaking: AssistantContent = {
      ...emptyContent(),
      intents: [{ name: 'tchau', phrases: [{ text: 'tchau' }] }],
      skills: [{ name: 'adeus', fallback: false, kind: 'text', texts: ['Até logo'] }],
      dialogues: [
        { name: 'tchau', intents: ['tchau'], skill: 'adeus' },
        { name: 'tchau_de_novo', intents: ['tchau'], skill: 'adeus' },
      ],
    };
    const { problems } = checkMerge(alreadyBroken(), breaking);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ list: 'dialogues', name: 'tchau_de_novo', fileIndex: 1, code: 'import_merge_problem', params: { rule: 'intent_answered' } });
  });
});
