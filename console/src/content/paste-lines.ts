// The lines of a paste into an intent's "Nova frase" and what is flagged on each (the preview is
// ./paste-preview.tsx): repeated in the paste, already in this intent, in another intent.
import type { Phrase } from './content-types';
import { normalisePhrase } from './phrase-entities';

/** At most this many lines are taken from one paste. */
const MAX_LINES = 500;

/** The non-blank lines of a paste, trimmed, without list bullets. */
export function pastedLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '').trim())
    .filter((line) => line !== '')
    .slice(0, MAX_LINES);
}

export interface PastedLine {
  text: string;
  repeated: boolean;
  inIntent: boolean;
  otherIntents: string[];
}

export function flagLines(lines: readonly string[], intentPhrases: readonly Phrase[], others: ReadonlyMap<string, string[]>): PastedLine[] {
  const mine = new Set(intentPhrases.map((phrase) => normalisePhrase(phrase.text)).filter((key) => key !== ''));
  const seen = new Set<string>();
  return lines.map((text) => {
    const key = normalisePhrase(text);
    const repeated = seen.has(key);
    seen.add(key);
    return { text, repeated, inIntent: mine.has(key), otherIntents: others.get(key) ?? [] };
  });
}

/** A tick the user set, and the flags its line had then. */
export interface ChosenTick {
  ticked: boolean;
  flags: string;
}

const flagsOf = (line: PastedLine): string => `${line.repeated}:${line.inIntent}`;

/** What the user sets on a line now. */
export function chooseTick(line: PastedLine, ticked: boolean): ChosenTick {
  return { ticked, flags: flagsOf(line) };
}

/**
 * Whether a line is ticked: as the user set it, while its flags are those it had then; otherwise
 * unticked when it would add a repeat (repeated in the paste, or already in this intent — which
 * changes when the intent's phrases are edited with the preview open), ticked when not.
 */
export function isTicked(line: PastedLine, chosen: ChosenTick | undefined): boolean {
  if (chosen !== undefined && chosen.flags === flagsOf(line)) return chosen.ticked;
  return !line.repeated && !line.inIntent;
}
