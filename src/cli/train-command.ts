import type { Platform } from '../platform.js';
import type { TrainingScope } from '../store/store.js';
import type { CliIo } from './main.js';
import { parseAssistantOption } from './resolve-assistant-option.js';

const SCOPES: readonly TrainingScope[] = ['complete', 'dialogues', 'skills', 'custom_skills'];

/** Trains now, in this process, recorded in the assistant's training history (requested by `cli`). */
export async function trainCommand(platform: Platform, io: CliIo, options: { assistant?: string; scope?: string }): Promise<number> {
  const target = parseAssistantOption(platform, options.assistant);
  const scope = (options.scope ?? 'complete') as TrainingScope;
  if (!SCOPES.includes(scope)) {
    io.err(`helper train: --scope must be one of ${SCOPES.join(', ')}`);
    return 1;
  }
  const assistant = await platform.store.assistants.get(target.server, target.language);
  if (!assistant) {
    io.err(`helper train: assistant ${target.server}/${target.language} does not exist`);
    return 1;
  }
  const training = await platform.trainings.runNow(assistant, scope, 'cli');
  const errors = training.problems.filter((problem) => problem.level === 'error');
  if (training.status === 'succeeded') {
    const seconds = ((training.finishedAt ?? 0) - (training.startedAt ?? 0)).toFixed(1);
    io.out(`trained ${target.server}/${target.language}: version ${training.modelVersion} (${training.modelId}) in ${seconds} s (training #${training.id}, ${scope})`);
    for (const warning of training.problems.filter((problem) => problem.level === 'warning')) io.err(`warning: ${warning.message}`);
    return 0;
  }
  io.err(`helper train: training #${training.id} of ${target.server}/${target.language} ${training.status}: ${errors.map((error) => error.message).join('; ')}`);
  io.err('the previous model, if any, keeps serving');
  return 1;
}
