// Trainings as the admin API answers them (src/admin-api/trainings/training-routes.ts).
export type TrainingScope = 'complete' | 'dialogues' | 'skills';
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
  problems: Array<{ level: 'error' | 'warning'; message: string }>;
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
