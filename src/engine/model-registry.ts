// Which trained model answers for each assistant. Loaded lazily and re-checked against the store at
// most every `refreshMs`, so a model trained by the CLI or by another app process, or a changed
// threshold, takes effect without a restart. A failed training never replaces a model: only
// versions with status 'ready' are loaded.
import type { AssistantContent } from '../assistant/content.js';
import { DialogueManager } from '../dialogue/dialogue-manager.js';
import { loadModel, type NluInterpreter } from '../nlu/index.js';
import type { AssistantRecord, ModelRecord, Store } from '../store/store.js';
import { parseArtifact } from './model-artifact.js';

export interface ActiveModel {
  record: ModelRecord;
  interpreter: NluInterpreter;
  /** The intents a `/intent` payload may trigger. */
  intentNames: ReadonlySet<string>;
  /** What the assistant does with an understood message: the dialogue policy and slot filling. */
  dialogues: DialogueManager;
  content: AssistantContent;
}

export interface LoadedAssistant {
  assistant: AssistantRecord;
  /** Null while the assistant has never been trained. */
  model: ActiveModel | null;
}

interface Entry {
  loaded: LoadedAssistant;
  checkedAt: number;
  refreshing: Promise<LoadedAssistant | undefined> | null;
}

export class ModelRegistry {
  private readonly entries = new Map<number, Entry>();
  /** Versions that failed to load, so they are not read again at every check. */
  private readonly unloadable = new Set<number>();

  constructor(
    private readonly store: Store,
    private readonly options: { refreshMs?: number; now?: () => number; onLoadError?: (error: unknown, model: ModelRecord | undefined) => void } = {},
  ) {}

  async get(assistantId: number): Promise<LoadedAssistant | undefined> {
    const now = this.now();
    const entry = this.entries.get(assistantId);
    if (entry && now - entry.checkedAt < (this.options.refreshMs ?? 2_000)) return entry.loaded;
    if (entry?.refreshing) return entry.refreshing;
    const refreshing = this.refresh(assistantId, entry?.loaded.model ?? null);
    if (entry) entry.refreshing = refreshing;
    try {
      return await refreshing;
    } finally {
      const current = this.entries.get(assistantId);
      if (current) current.refreshing = null;
    }
  }

  /** Serves `record` at once (after a training in this process). */
  activate(assistant: AssistantRecord, record: ModelRecord): LoadedAssistant {
    const loaded: LoadedAssistant = { assistant, model: load(record) };
    this.entries.set(assistant.id, { loaded, checkedAt: this.now(), refreshing: null });
    return loaded;
  }

  private async refresh(assistantId: number, current: ActiveModel | null): Promise<LoadedAssistant | undefined> {
    const assistant = await this.store.assistants.getById(assistantId);
    if (!assistant) {
      this.entries.delete(assistantId);
      return undefined;
    }
    // Only the id is read on every check; the artifact (megabytes for a large assistant) is read
    // when a new version appears. A version that cannot be loaded leaves the current one serving.
    const latestId = await this.store.models.latestReadyId(assistantId);
    let model = current;
    if (latestId !== undefined && latestId !== current?.record.id && !this.unloadable.has(latestId)) {
      const record = await this.store.models.get(latestId);
      try {
        if (record) model = load(record);
      } catch (error: unknown) {
        this.unloadable.add(latestId);
        this.options.onLoadError?.(error, record);
      }
    }
    const loaded: LoadedAssistant = { assistant, model };
    this.entries.set(assistantId, { loaded, checkedAt: this.now(), refreshing: null });
    return loaded;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

function load(record: ModelRecord): ActiveModel {
  if (record.artifact === null) throw new Error(`model ${record.modelId} has no artifact`);
  const artifact = parseArtifact(record.artifact);
  return {
    record,
    interpreter: loadModel(artifact.nlu),
    intentNames: new Set(artifact.content.intents.map((intent) => intent.name)),
    dialogues: new DialogueManager(artifact.content, artifact.language),
    content: artifact.content,
  };
}
