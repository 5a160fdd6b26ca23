// Trainings as the admin API answers them (src/admin-api/trainings/training-routes.ts).
import type { TFunction } from 'i18next';
import { trainingProblemKey } from '../../../src/admin-api/problem-params';
import { problemText } from '../api/problem-text';
export type TrainingScope = 'complete' | 'dialogues' | 'skills' | 'custom_skills';
export type TrainingStatus = 'scheduled' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface Training {
  id: number;
  scope: TrainingScope;
  status: TrainingStatus;
  requestedBy: string;
  createdAt: string;
  scheduledFor: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationSeconds: number | null;
  progress: number;
  phase: string | null;
  modelVersion: number | null;
  modelId: string | null;
  /** `code`/`params` translate (../api/problem-text.ts); older records have only the English message. */
  problems: Array<{ level: 'error' | 'warning'; message: string; code?: string; params?: Record<string, string | number>; item?: { list: string; name: string; field: string } }>;
}

export interface TrainingHistory {
  running: Training | null;
  trainings: Training[];
}

export interface ServingModel {
  version: number | null;
  modelId: string | null;
  trainedAt: string | null;
  /** What the content changed since that version was trained (the first 100; `changeCount` in all). */
  changes: Array<{ list: 'themes' | 'intents' | 'contexts' | 'regexes' | 'skills' | 'dialogues'; name: string; change: 'added' | 'changed' | 'removed' }>;
  changeCount: number;
}

/** `2030-01-31T22:00` from a datetime-local input, as ISO 8601 with the browser's offset. */
export function withLocalOffset(local: string, date = new Date(local)): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  const pad = (value: number) => String(value).padStart(2, '0');
  const seconds = local.length === 16 ? `${local}:00` : local;
  return `${seconds}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * A training's problem or warning in the user's language: its code translated, prefixed with the
 * item it is about. Records from before codes read as the generic sentence of their level.
 */
export function trainingProblemText(t: TFunction, problem: Training['problems'][number]): string {
  // `internal`: the training failed unexpectedly, said in the training's words, not a failed request's.
  const code = trainingProblemKey(problem.code ?? (problem.level === 'error' ? 'training_problem' : 'training_warning'));
  return problemText(t, { code, ...(problem.params ? { params: problem.params } : {}), ...(problem.item ? { item: problem.item } : {}) });
}
