// What an import from another platform (an IBM Watson workspace, a Rasa project) kept and what it
// left out. Every item that was not kept gets its own line with the reason, so an administrator
// can see exactly what to rebuild by hand.
import { checkContent, type ContentList } from './check-content.js';
import type { AssistantContent } from './content.js';

export interface ImportReportLine {
  /** What the line is about: `node "node_3" (Horário)`, `entity "sys-date"`, `intent "x?"`. */
  item: string;
  /** kept: what it became; renamed: the new name; skipped: why not. */
  outcome: 'kept' | 'renamed' | 'skipped';
  detail: string;
}

export interface ImportReport {
  /** Where the content came from: `watson`, `rasa`. */
  source: string;
  lines: ImportReportLine[];
  /** Intent names the import had to change: the other platform's name → ours (rules and stories use it). */
  intentNames?: Record<string, string>;
}

export function formatReportLine(line: ImportReportLine): string {
  return `${line.outcome} ${line.item}: ${line.detail}`;
}

/** One line per item, kept first, then renamed, then skipped (each in the order they were met). */
export function formatImportReport(report: ImportReport): string[] {
  const order = ['kept', 'renamed', 'skipped'] as const;
  return order.flatMap((outcome) => report.lines.filter((line) => line.outcome === outcome).map(formatReportLine));
}

export function countOutcomes(report: ImportReport): Record<'kept' | 'renamed' | 'skipped', number> {
  const counts = { kept: 0, renamed: 0, skipped: 0 };
  for (const line of report.lines) counts[line.outcome] += 1;
  return counts;
}

const SINGULAR: Record<ContentList, string> = { themes: 'theme', intents: 'intent', contexts: 'context', skills: 'skill', dialogues: 'dialogue' };

/**
 * Content translated from another platform may still break one of our rules in a way the
 * translator did not foresee (a name too long, a loop of follow-ups). Rather than refuse the whole
 * import, each offending item is left out and reported; leaving one out may break another (a
 * dialogue whose intent went), so this repeats until the content is sound.
 */
export function dropUnsoundItems(content: AssistantContent, report: ImportReport): void {
  for (let pass = 0; pass < 20; pass += 1) {
    const problems = checkContent(content);
    if (problems.length === 0) return;
    const doomed = new Map<ContentList, Set<number>>();
    for (const problem of problems) {
      const indices = doomed.get(problem.list) ?? new Set<number>();
      if (indices.has(problem.index)) continue;
      indices.add(problem.index);
      doomed.set(problem.list, indices);
      const item = content[problem.list][problem.index];
      report.lines.push({ item: `${SINGULAR[problem.list]} "${item?.name ?? problem.index}"`, outcome: 'skipped', detail: `${problem.field ? `${problem.field}: ` : ''}${problem.message}` });
    }
    for (const [list, indices] of doomed) {
      // Each list has its own element type; filtering by index keeps it.
      (content[list] as unknown[]) = (content[list] as unknown[]).filter((_item, index) => !indices.has(index));
    }
  }
}
