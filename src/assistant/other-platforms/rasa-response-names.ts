// Each skill's name as a Rasa response: responses are named utter_*, a skill's name is any text.
// A skill already named utter_… keeps its name; others become `utter_<name in lower case>`, a "/"
// (a Rasa import's retrieval response, which a rule cannot name) becoming "_", made valid and
// unique. The Rasa export writes these names, and the domain sent to action servers uses them.
import type { Skill } from '../content.js';
import { validSymbolName } from './valid-symbol-name.js';

export const UTTER_PREFIX = 'utter_';

/** Skill name → response name, for every skill, in the skills' order (the names depend on it). */
export function rasaResponseNames(skills: readonly Skill[]): Map<string, string> {
  const taken = new Set<string>();
  return new Map(skills.map((skill) => [skill.name, validSymbolName((skill.name.startsWith(UTTER_PREFIX) ? skill.name : `${UTTER_PREFIX}${skill.name.toLowerCase()}`).replace(/\//g, '_'), taken)] as const));
}
