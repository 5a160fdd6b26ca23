// What a custom skill lacks before it can be trained: the API it runs (named, existing, itself
// without problems) and a well-formed list for its buttons. Training reports these as problems
// (every scope: the skills are in every snapshot); the admin API checks the same at save.
import type { AssistantContent } from '../assistant/content.js';
import type { ThirdPartyApi } from './api-definition.js';
import { checkApis } from './check-apis.js';
import { pathProblem } from './response-path.js';

export function customSkillProblems(content: AssistantContent, apis: readonly ThirdPartyApi[]): string[] {
  const problems: string[] = [];
  const custom = content.skills.filter((skill) => skill.kind === 'custom');
  if (custom.length === 0) return problems;
  const byName = new Map(apis.map((api) => [api.name, api] as const));
  const apiProblems = checkApis(apis, new Set(content.contexts.map((context) => context.name)));
  for (const skill of custom) {
    const name = skill.custom?.api ?? '';
    if (name === '') {
      problems.push(`custom skill "${skill.name}" names no API (custom.api)`);
      continue;
    }
    if (!byName.has(name)) {
      problems.push(`custom skill "${skill.name}" runs the API "${name}", which this assistant does not have (APIs de terceiros)`);
      continue;
    }
    for (const problem of apiProblems.filter((item) => item.api === name || isDependencyOf(item.api, name, byName))) {
      problems.push(`custom skill "${skill.name}": API "${problem.api}" (${problem.field}): ${problem.message}`);
    }
    const list = skill.custom?.listButtons;
    if (list) {
      const problem = pathProblem(list.path);
      if (problem) problems.push(`custom skill "${skill.name}" (custom.listButtons.path): invalid path ${problem}`);
      if (list.title.trim() === '' || list.payload.trim() === '') problems.push(`custom skill "${skill.name}" (custom.listButtons): a button needs a title and a payload template`);
    }
  }
  return [...new Set(problems)];
}

function isDependencyOf(candidate: string, api: string, byName: ReadonlyMap<string, ThirdPartyApi>): boolean {
  const seen = new Set<string>();
  for (let current = byName.get(api)?.dependsOn; current !== undefined && !seen.has(current); current = byName.get(current)?.dependsOn) {
    if (current === candidate) return true;
    seen.add(current);
  }
  return false;
}
