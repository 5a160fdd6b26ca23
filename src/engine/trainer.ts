// Trains an assistant: a new model version is recorded as 'training', the NLU is trained in a
// child process (the server keeps answering meanwhile), and the version becomes 'ready' and serves
// at once — or 'failed' with the reason, leaving the previous model serving.
//
// Scopes (what a new version takes from the current content):
// - complete: everything; the NLU is trained again.
// - dialogues: the current dialogues and skills (and themes), with the NLU of the newest ready
//   version and the intents, contexts and regexes it was trained on — no NLU training, so seconds
//   saved on a large assistant when only answers and flows changed.
// - skills: the current skills (and themes); dialogues and NLU from the newest ready version.
// - custom_skills: the current custom skills only (Personalizada, running a third-party API, and
//   Ação customizada, a custom action): each replaces its namesake of the newest ready version,
//   whose other skills, dialogues and NLU are kept — what an administrator runs after changing an
//   integration, without taking half-edited answers along.
// A partial scope fails when there is no ready version yet, or when what it takes does not fit
// what it keeps (a dialogue answering an intent the NLU was not trained on, a dialogue whose skill
// is gone), each named; content it leaves out (e.g. intents edited since) is a warning.
import { customSkillProblems } from '../third-party-apis/check-custom-skills.js';
import { checkDialogueSlots } from '../assistant/check-content.js';
import { checkFlows, type FlowWarning } from '../assistant/check-flows.js';
import type { AssistantContent, Context, Skill } from '../assistant/content.js';
import { embedPhrases } from '../embeddings/embed-phrases.js';
import { embeddingsFailureOf, type EmbeddingsClient, type EmbeddingsFailure } from '../embeddings/embeddings-client.js';
import { loadModel, NluTrainingError, SemanticIndex, trainInWorker, type NluInterpreter, type SerialisedSemanticIndex } from '../nlu/index.js';
import type { Logger } from 'pino';
import type { AssistantRecord, ModelRecord, Store, TrainingScope } from '../store/store.js';
import { parseArtifact, serialiseArtifact } from './model-artifact.js';
import type { ModelRegistry } from './model-registry.js';

// Phrases per intent given to the semantic provider: enough for an intent's ways of being said,
// few enough to keep a large assistant's model small (100 × 150 intents × 768 floats is 46 MB).
const SEMANTIC_PHRASES_PER_INTENT = 100;

export class TrainingError extends Error {
  constructor(
    message: string,
    readonly model: ModelRecord,
    /** Each reason, as a sentence for the administrator. */
    readonly problems: readonly string[] = [message],
  ) {
    super(message);
    this.name = 'TrainingError';
  }
}

/** A training stopped before its end by its caller (`signal`): nothing failed, it can run again. */
export class TrainingInterrupted extends Error {
  constructor(message = 'the training was interrupted') {
    super(message);
    this.name = 'TrainingInterrupted';
  }
}

export interface TrainOptions {
  scope?: TrainingScope;
  /** Ends a complete training's NLU process (a stopping app): train() rejects with TrainingInterrupted. */
  signal?: AbortSignal;
  /** Hears how far the training is (0–1) and its phase. */
  onProgress?: (progress: { fraction: number; phase: string }) => void;
}

/** A model version just trained, with what the training data could do better. */
export interface TrainedModel extends ModelRecord {
  /** Clear sentences for the admin (e.g. an intent with fewer than four phrases); training went on. */
  warnings: string[];
  /**
   * What the flows would trip on (src/assistant/check-flows.ts), each at its item: buttons no
   * dialogue handles (read by the model just trained), follow-ups that never answer, broken
   * sentences, contexts nothing fills, loops.
   */
  flowWarnings: FlowWarning[];
}

export class Trainer {
  private active = 0;

  constructor(
    private readonly store: Store,
    private readonly registry: ModelRegistry,
    /** The optional semantic provider: a complete training embeds the phrases (cached by text and model). */
    private readonly embeddings?: EmbeddingsClient,
    /** Where the detail of a provider's failure goes (the training's warning says only its fixed reason). */
    private readonly logger?: Pick<Logger, 'warn'>,
  ) {}

  /** Trainings running in this process (Rasa's `num_active_training_jobs`). */
  get activeTrainings(): number {
    return this.active;
  }

  async train(assistant: AssistantRecord, options: TrainOptions = {}): Promise<TrainedModel> {
    const scope = options.scope ?? 'complete';
    const content = await this.store.content.load(assistant.id);
    const previous = scope === 'complete' ? undefined : await this.store.models.latestReady(assistant.id);
    const model = await this.store.models.start(assistant.id);
    this.active += 1;
    try {
      const customProblems = customSkillProblems(content, await this.store.thirdPartyApis.list(assistant.id));
      if (customProblems.length > 0) throw new ContentProblems(customProblems);
      const { nlu, snapshot, warnings, semantic } =
        scope === 'complete' ? await this.trainComplete(assistant, content, options) : partialSnapshot(scope, content, previous);
      // The NLU is read once here and shared: the flow checks and the registry (which would
      // otherwise parse the artifact again) use this interpreter.
      const interpreter = loadModel(nlu);
      const flowWarnings = flowWarningsOf(snapshot, interpreter, assistant);
      const ready = await this.store.models.succeed(
        model.id,
        serialiseArtifact({ format: 1, language: assistant.language, nlu, content: snapshot, ...(semantic ? { semantic } : {}) }),
      );
      this.registry.activate(assistant, ready, { language: assistant.language, content: snapshot, interpreter, ...(semantic ? { semantic } : {}) });
      // The interpreter's warnings are the model's (find-training-warnings.ts, cross-validate.ts).
      if (scope === 'complete') warnings.unshift(...interpreter.warnings);
      return { ...ready, warnings, flowWarnings };
    } catch (error: unknown) {
      if (options.signal?.aborted === true && !(error instanceof NluTrainingError || error instanceof ContentProblems)) {
        // Not a version that failed: its placeholder row is closed, the training runs again later.
        await this.store.models.fail(model.id, 'interrupted: its app process stopped');
        throw error instanceof TrainingInterrupted ? error : new TrainingInterrupted();
      }
      const problems = error instanceof NluTrainingError || error instanceof ContentProblems ? [...error.problems] : [error instanceof Error ? error.message : String(error)];
      const failed = await this.store.models.fail(model.id, problems.join('; '));
      throw new TrainingError(`training of ${assistant.serverName}/${assistant.language} failed: ${problems.join('; ')}`, failed, problems);
    } finally {
      this.active -= 1;
    }
  }

  private async trainComplete(
    assistant: AssistantRecord,
    content: AssistantContent,
    options: TrainOptions,
  ): Promise<{ nlu: string; snapshot: AssistantContent; warnings: string[]; semantic?: SerialisedSemanticIndex }> {
    const problems = findTrainingProblems(content);
    if (problems.length > 0) throw new ContentProblems(problems);
    const data = { language: assistant.language, intents: content.intents, contexts: content.contexts, regexes: content.regexes };
    const nlu = await trainInWorker(data, { ...(options.onProgress ? { onProgress: options.onProgress } : {}), ...(options.signal ? { signal: options.signal } : {}) });
    // The model's own warnings (the data's, and the intents that overlap when cross-validated)
    // are added by train() from the interpreter it loads once.
    const warnings: string[] = [];
    if (!this.embeddings) return { nlu, snapshot: content, warnings };
    try {
      return { nlu, snapshot: content, warnings, semantic: await this.embedPhrases(content) };
    } catch (error: unknown) {
      // The provider is an addition: without it the version understands lexically, as when unset.
      // The warning, seen by every viewer of the trainings, says only a fixed reason: an error's
      // text may quote the provider's URL or answer. The detail goes to the server log.
      const failure = embeddingsFailureOf(error);
      this.logger?.warn(
        { assistant: `${assistant.serverName}/${assistant.language}`, ...failure, detail: this.embeddings.logDetail(error) },
        'the embeddings provider failed at training: this version understands without it',
      );
      return { nlu, snapshot: content, warnings: [...warnings, embeddingsFailedWarning(failure)] };
    }
  }

  /** Each intent's phrases (evenly spread, at most 100) with their vectors, embedding only those not cached. */
  private async embedPhrases(content: AssistantContent): Promise<SerialisedSemanticIndex> {
    const client = this.embeddings as EmbeddingsClient;
    const chosen = content.intents.flatMap((intent, label) => {
      const step = Math.max(1, intent.phrases.length / SEMANTIC_PHRASES_PER_INTENT);
      const picked: Array<{ label: number; text: string }> = [];
      for (let at = 0; at < intent.phrases.length && picked.length < SEMANTIC_PHRASES_PER_INTENT; at += step) {
        picked.push({ label, text: (intent.phrases[Math.floor(at)] as { text: string }).text });
      }
      return picked;
    });
    const vectors = await embedPhrases(client, this.store, chosen.map(({ text }) => text));
    return SemanticIndex.build(
      client.model,
      content.intents.length,
      chosen.map(({ label, text }) => ({ label, vector: vectors.get(text) as Float32Array })),
    ).serialise();
  }
}

class ContentProblems extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

/** Skills whose answers come from code: a third-party API (Personalizada) or a custom action. */
function isCustomSkill(skill: Skill): boolean {
  return skill.kind === 'custom' || skill.kind === 'action';
}

/** The kept version's skills, each replaced by the current custom skill of its name; new custom skills after them. */
function withCurrentCustomSkills(kept: readonly Skill[], current: readonly Skill[]): Skill[] {
  const custom = new Map(current.filter(isCustomSkill).map((skill) => [skill.name, skill] as const));
  const skills = kept.map((skill) => custom.get(skill.name) ?? skill);
  const keptNames = new Set(kept.map((skill) => skill.name));
  return [...skills, ...[...custom.values()].filter((skill) => !keptNames.has(skill.name))];
}

/** A dialogues, skills or custom skills training: current answers over the NLU (and content) of `previous`. */
function partialSnapshot(
  scope: Exclude<TrainingScope, 'complete'>,
  content: AssistantContent,
  previous: ModelRecord | undefined,
): { nlu: string; snapshot: AssistantContent; warnings: string[]; semantic?: SerialisedSemanticIndex } {
  if (previous?.artifact == null) throw new ContentProblems([`there is no trained model yet: a ${scope} training reuses one, so run a complete training first`]);
  const kept = parseArtifact(previous.artifact);
  const snapshot: AssistantContent = {
    ...kept.content,
    themes: content.themes,
    skills: scope === 'custom_skills' ? withCurrentCustomSkills(kept.content.skills, content.skills) : content.skills,
    dialogues: scope === 'dialogues' ? content.dialogues : kept.content.dialogues,
  };
  const problems = findTrainingProblems(snapshot).map(
    (problem) => `${problem} (a ${scope} training keeps the intents of version ${previous.version}: run a complete training)`,
  );
  if (problems.length > 0) throw new ContentProblems(problems);
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const warnings = notInModelWarnings(previous.version, {
    nlu: !same([content.intents, content.contexts, content.regexes], [kept.content.intents, kept.content.contexts, kept.content.regexes]),
    dialogues: scope !== 'dialogues' && !same(content.dialogues, kept.content.dialogues),
    skills: scope === 'custom_skills' && !same(snapshot.skills, content.skills),
  });
  return { nlu: kept.nlu, snapshot, warnings, ...(kept.semantic ? { semantic: kept.semantic } : {}) };
}

/** The flow checks of what a model serves, buttons read by its own NLU at the assistant's threshold. */
function flowWarningsOf(content: AssistantContent, interpreter: NluInterpreter, assistant: AssistantRecord): FlowWarning[] {
  const threshold = assistant.settings.accuracyThreshold;
  return checkFlows(content, {
    language: assistant.language,
    understand: (text) => {
      const parsed = interpreter.parse(text, threshold);
      return { intent: parsed.intent.name, confidence: parsed.intent.confidence };
    },
  });
}

/** What makes a content impossible to serve, beyond what the NLU itself checks. */
export function findTrainingProblems(content: AssistantContent): string[] {
  const problems: string[] = [];
  if (content.intents.length === 0) problems.push('the assistant has no intents');
  const skills = new Set(content.skills.map((skill) => skill.name));
  const intents = new Set(content.intents.map((intent) => intent.name));
  const contexts = new Map<string, Context>(content.contexts.map((context) => [context.name, context]));
  for (const dialogue of content.dialogues) {
    if (!skills.has(dialogue.skill)) problems.push(`dialogue "${dialogue.name}" uses the unknown skill "${dialogue.skill}"`);
    for (const intent of dialogue.intents) {
      if (!intents.has(intent)) problems.push(`dialogue "${dialogue.name}" answers the unknown intent "${intent}"`);
    }
    // Slot filling names contexts and skills: a partial training may keep contexts that changed since.
    checkDialogueSlots((field, message) => problems.push(`dialogue "${dialogue.name}" (${field}): ${message}`), structuredClone(dialogue), [...skills], contexts);
  }
  return problems;
}

// The trainer's own warnings (src/trainings/training-notices.ts reads them back as codes).

/** The semantic provider failed at training: the version understands lexically. Only the fixed reason (and HTTP status) is said. */
export function embeddingsFailedWarning(failure: EmbeddingsFailure): string {
  const status = failure.reason === 'http_status' && failure.status !== undefined ? ` ${failure.status}` : '';
  return `the embeddings provider failed (${failure.reason}${status}): this version understands without it`;
}

/** A partial training kept parts of version `version` that have changed since. */
export function notInModelWarnings(version: number, changed: { nlu: boolean; dialogues: boolean; skills?: boolean }): string[] {
  const warnings: string[] = [];
  if (changed.nlu) warnings.push(`intents, contexts or regexes changed since version ${version} and are not in this model: run a complete training to include them`);
  if (changed.dialogues) warnings.push(`dialogues changed since version ${version} and are not in this model: run a dialogues or complete training to include them`);
  if (changed.skills) warnings.push(`skills other than custom ones changed since version ${version} and are not in this model: run a skills, dialogues or complete training to include them`);
  return warnings;
}
