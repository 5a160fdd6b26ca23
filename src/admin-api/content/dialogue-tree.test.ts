import { describe, expect, it } from 'vitest';
import type { Dialogue } from '../../assistant/content.js';
import { dialogueTree } from './dialogue-tree.js';

const dialogue = (name: string, followUpOf?: string, theme?: string): Dialogue => ({
  name,
  intents: [name],
  skill: `s_${name}`,
  ...(followUpOf === undefined ? {} : { followUpOf }),
  ...(theme === undefined ? {} : { theme }),
});

describe('dialogueTree', () => {
  it('nests follow-ups under their dialogue, per theme in theme order', () => {
    const tree = dialogueTree([dialogue('a', undefined, 'ti'), dialogue('b', 'a'), dialogue('c', 'b', 'geral'), dialogue('d', undefined, 'geral'), dialogue('e')], ['geral', 'ti']);
    expect(tree.themes.map((group) => [group.theme, group.dialogues.map((node) => node.name)])).toEqual([['geral', ['d']], ['ti', ['a']], [null, ['e']]]);
    expect(tree.themes[1]?.dialogues[0]?.followUps[0]).toMatchObject({ name: 'b', followUps: [{ name: 'c', theme: 'geral', followUps: [] }] });
    expect(tree.cycles).toEqual([]);
  });

  it('reports loops and orphans instead of walking them', () => {
    const tree = dialogueTree([dialogue('x', 'z'), dialogue('y', 'x'), dialogue('z', 'y'), dialogue('w', 'x'), dialogue('o', 'gone')], []);
    expect(tree.themes).toEqual([]);
    expect(tree.cycles).toHaveLength(1);
    expect([...(tree.cycles[0] ?? [])].sort()).toEqual(['x', 'y', 'z']);
    expect(tree.orphans.map((node) => node.name)).toEqual(['o']);
  });
});
