// Each theme's dialogues as a tree: the root dialogues (not follow-ups) with their follow-ups
// nested. A follow-up sits under the dialogue it follows, whatever its own theme. Dialogues that
// follow each other in a loop can never answer; they are reported, not walked forever.
import type { Dialogue } from '../../assistant/content.js';

export interface DialogueNode {
  name: string;
  theme: string | null;
  intents: string[];
  skill: string;
  followUps: DialogueNode[];
}

export interface DialogueTree {
  /** One entry per theme that has root dialogues, in the order of the themes; null: no theme. */
  themes: Array<{ theme: string | null; dialogues: DialogueNode[] }>;
  /** Follow-ups of a dialogue that does not exist. */
  orphans: DialogueNode[];
  /** Each loop of follow-ups, as the names along it. */
  cycles: string[][];
}

export function dialogueTree(dialogues: readonly Dialogue[], themeOrder: readonly string[]): DialogueTree {
  const byName = new Map(dialogues.map((dialogue) => [dialogue.name, dialogue] as const));
  const children = new Map<string, Dialogue[]>();
  for (const dialogue of dialogues) {
    if (dialogue.followUpOf === undefined) continue;
    const list = children.get(dialogue.followUpOf);
    if (list) list.push(dialogue);
    else children.set(dialogue.followUpOf, [dialogue]);
  }
  const placed = new Set<string>();
  const node = (dialogue: Dialogue): DialogueNode => {
    placed.add(dialogue.name);
    return {
      name: dialogue.name,
      theme: dialogue.theme ?? null,
      intents: dialogue.intents,
      skill: dialogue.skill,
      followUps: (children.get(dialogue.name) ?? []).filter((child) => !placed.has(child.name)).map(node),
    };
  };

  const groups = new Map<string | null, DialogueNode[]>();
  for (const dialogue of dialogues) {
    if (dialogue.followUpOf !== undefined) continue;
    const key = dialogue.theme ?? null;
    const list = groups.get(key) ?? [];
    list.push(node(dialogue));
    groups.set(key, list);
  }
  const orphans = dialogues.filter((dialogue) => dialogue.followUpOf !== undefined && !byName.has(dialogue.followUpOf)).map(node);

  const cycles: string[][] = [];
  const inCycle = new Set<string>();
  for (const dialogue of dialogues) {
    if (placed.has(dialogue.name) || inCycle.has(dialogue.name)) continue;
    // Not reachable from a root: walk up until a name repeats; the repeated stretch is the loop.
    const path: string[] = [];
    let current: Dialogue | undefined = dialogue;
    while (current !== undefined && !path.includes(current.name)) {
      path.push(current.name);
      current = current.followUpOf === undefined ? undefined : byName.get(current.followUpOf);
    }
    if (current === undefined) continue;
    const loop = path.slice(path.indexOf(current.name));
    if (loop.some((name) => inCycle.has(name))) continue;
    for (const name of loop) inCycle.add(name);
    cycles.push(loop.reverse());
  }

  const order = (theme: string | null): number => (theme === null ? Number.MAX_SAFE_INTEGER : themeOrder.indexOf(theme) === -1 ? Number.MAX_SAFE_INTEGER - 1 : themeOrder.indexOf(theme));
  const themes = [...groups].map(([theme, nodes]) => ({ theme, dialogues: nodes })).sort((a, b) => order(a.theme) - order(b.theme));
  return { themes, orphans, cycles };
}
