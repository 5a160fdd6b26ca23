import { TrainingError } from '../engine/trainer.js';
import type { Platform } from '../platform.js';
import type { CliIo } from './main.js';
import { parseAssistantOption } from './resolve-assistant-option.js';

export async function trainCommand(platform: Platform, io: CliIo, options: { assistant?: string }): Promise<number> {
  const target = parseAssistantOption(platform, options.assistant);
  const assistant = await platform.store.assistants.get(target.server, target.language);
  if (!assistant) {
    io.err(`helper train: assistant ${target.server}/${target.language} does not exist`);
    return 1;
  }
  const started = Date.now();
  try {
    const model = await platform.trainer.train(assistant);
    io.out(`trained ${target.server}/${target.language}: version ${model.version} (${model.modelId}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const warning of model.warnings) io.err(`warning: ${warning}`);
    return 0;
  } catch (error: unknown) {
    if (error instanceof TrainingError) {
      io.err(`helper train: ${error.message}`);
      io.err('the previous model, if any, keeps serving');
      return 1;
    }
    throw error;
  }
}
