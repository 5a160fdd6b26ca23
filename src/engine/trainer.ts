// Trains an assistant: a new model version is recorded as 'training', the NLU is trained in a
// worker thread (the server keeps answering meanwhile), and the version becomes 'ready' and serves
// at once — or 'failed' with the reason, leaving the previous model serving.
import type { AssistantContent } from '../assistant/content.js';
import { findTrainingWarnings, trainInWorker } from '../nlu/index.js';
import type { AssistantRecord, ModelRecord, Store } from '../store/store.js';
import { serialiseArtifact } from './model-artifact.js';
import type { ModelRegistry } from './model-registry.js';

export class TrainingError extends Error {
  constructor(
    message: string,
    readonly model: ModelRecord,
  ) {
    super(message);
    this.name = 'TrainingError';
  }
}

/** A model version just trained, with what the training data could do better. */
export interface TrainedModel extends ModelRecord {
  /** Clear sentences for the admin (e.g. an intent with fewer than four phrases); training went on. */
  warnings: string[];
}

export class Trainer {
  private active = 0;

  constructor(
    private readonly store: Store,
    private readonly registry: ModelRegistry,
  ) {}

  /** Trainings running in this process (Rasa's `num_active_training_jobs`). */
  get activeTrainings(): number {
    return this.active;
  }

  async train(assistant: AssistantRecord): Promise<TrainedModel> {
    const content = await this.store.content.load(assistant.id);
    const model = await this.store.models.start(assistant.id);
    this.active += 1;
    try {
      const problems = findTrainingProblems(content);
      if (problems.length > 0) throw new Error(problems.join('; '));
      const data = { language: assistant.language, intents: content.intents, contexts: content.contexts, regexes: content.regexes };
      const warnings = findTrainingWarnings(data);
      const nlu = await trainInWorker(data);
      const ready = await this.store.models.succeed(
        model.id,
        serialiseArtifact({ format: 1, language: assistant.language, nlu, content }),
      );
      this.registry.activate(assistant, ready);
      return { ...ready, warnings };
    } catch (error: unknown) {
      const reason = error instanceof Error ? error.message : String(error);
      const failed = await this.store.models.fail(model.id, reason);
      throw new TrainingError(`training of ${assistant.serverName}/${assistant.language} failed: ${reason}`, failed);
    } finally {
      this.active -= 1;
    }
  }
}

/** What makes a content impossible to serve, beyond what the NLU itself checks. */
export function findTrainingProblems(content: AssistantContent): string[] {
  const problems: string[] = [];
  if (content.intents.length === 0) problems.push('the assistant has no intents');
  const skills = new Set(content.skills.map((skill) => skill.name));
  const intents = new Set(content.intents.map((intent) => intent.name));
  for (const dialogue of content.dialogues) {
    if (!skills.has(dialogue.skill)) problems.push(`dialogue "${dialogue.name}" uses the unknown skill "${dialogue.skill}"`);
    for (const intent of dialogue.intents) {
      if (!intents.has(intent)) problems.push(`dialogue "${dialogue.name}" answers the unknown intent "${intent}"`);
    }
  }
  return problems;
}
