// What the serving model's training found by cross-validating the assistant's phrases
// (GET …/nlu-report): outcomes by threshold for Configurações, overlapping intents for the intent page.
import { assistantPath, request } from '../api/client';
import type { Assistant } from '../api/types';

export interface NluReport {
  modelVersion: number;
  crossValidated: boolean;
  phrases: number;
  thresholds: Array<{ thresholdPercent: number; answeredRightPercent: number; answeredWrongPercent: number; fellBackPercent: number }>;
  conflicts: Array<{ intent: string; confusedWith: string; count: number; of: number; examples: Array<{ phrase: string; nearest: string }> }>;
}

export function loadNluReport(assistant: Assistant): Promise<NluReport> {
  return request<NluReport>('GET', assistantPath(assistant.server, assistant.language, '/nlu-report'));
}
