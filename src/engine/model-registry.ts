// Which trained model answers for each assistant. Loaded lazily and re-checked against the store at
// most every `refreshMs`, so a model trained by the CLI or by another app process, or a changed
// threshold, takes effect without a restart. A failed training never replaces a model: only
// versions with status 'ready' are loaded.
//
// Loaded models are held to a budget of bytes (HELPER_MODEL_CACHE_MB): a CLINC-sized model is about
// 10 MB, and one deployment serves many assistants. A model's size is estimated by its artifact's
// length (the artifact text itself is not kept once loaded); the least recently used assistants'
// models go first and are loaded again from the store when next asked for.
import type { AssistantContent } from '../assistant/content.js';
import { DialogueManager } from '../dialogue/dialogue-manager.js';
import { loadModel, SemanticIndex, type NluInterpreter, type SerialisedSemanticIndex } from '../nlu/index.js';
import type { AssistantRecord, ModelRecord, Store } from '../store/store.js';
import { parseArtifact } from './model-artifact.js';
import { SizedLru } from './sized-lru.js';

export interface ActiveModel {
  /** The version's record, without its artifact text (parsed into the fields below). */
  record: ModelRecord;
  /** The artifact's length: the estimate of what the loaded model holds in memory. */
  bytes: number;
  interpreter: NluInterpreter;
  /** The intents a `/intent` payload may trigger. */
  intentNames: ReadonlySet<string>;
  /** What the assistant does with an understood message: the dialogue policy and slot filling. */
  dialogues: DialogueManager;
  content: AssistantContent;
  /** The phrases' vectors from the semantic provider, when it was set at training. */
  semantic?: SemanticIndex;
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

/** What an entry costs without a model, or beyond its model. */
const ENTRY_OVERHEAD_BYTES = 1024;

export interface ModelRegistryOptions {
  refreshMs?: number;
  now?: () => number;
  onLoadError?: (error: unknown, model: ModelRecord | undefined) => void;
  /** The bytes loaded models may take together (estimated); 512 MB by default. */
  budgetBytes?: number;
}

export class ModelRegistry {
  private readonly entries: SizedLru<number, Entry>;
  /** Versions that failed to load, so they are not read again at every check. */
  private readonly unloadable = new Set<number>();

  constructor(
    private readonly store: Store,
    private readonly options: ModelRegistryOptions = {},
  ) {
    this.entries = new SizedLru(options.budgetBytes ?? 512 * 1024 * 1024);
  }

  /** The estimated bytes of the loaded models, and how many assistants are held. */
  get usage(): { bytes: number; assistants: number } {
    return { bytes: this.entries.bytes, assistants: this.entries.size };
  }

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
      const current = this.entries.peek(assistantId);
      if (current) current.refreshing = null;
    }
  }

  /** Serves `record` at once (after a training in this process). */
  /**
   * Serves `record` at once. `parts`: what the caller (a training in this process) already read
   * from the artifact, so that it is not parsed again.
   */
  activate(assistant: AssistantRecord, record: ModelRecord, parts?: ModelParts): LoadedAssistant {
    const loaded: LoadedAssistant = { assistant, model: parts && record.artifact !== null ? assemble(record, record.artifact.length, parts) : load(record) };
    this.keep(assistant.id, { loaded, checkedAt: this.now(), refreshing: null });
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
    this.keep(assistantId, { loaded, checkedAt: this.now(), refreshing: null });
    return loaded;
  }

  private keep(assistantId: number, entry: Entry): void {
    this.entries.set(assistantId, entry, (entry.loaded.model?.bytes ?? 0) + ENTRY_OVERHEAD_BYTES);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

/** A model's artifact as read: its language, content and semantic index, its NLU loaded. */
export interface ModelParts {
  language: string;
  content: AssistantContent;
  interpreter: NluInterpreter;
  semantic?: SerialisedSemanticIndex;
}

function load(record: ModelRecord): ActiveModel {
  if (record.artifact === null) throw new Error(`model ${record.modelId} has no artifact`);
  const artifact = parseArtifact(record.artifact);
  const parts: ModelParts = { language: artifact.language, content: artifact.content, interpreter: loadModel(artifact.nlu) };
  if (artifact.semantic) parts.semantic = artifact.semantic;
  return assemble(record, record.artifact.length, parts);
}

function assemble(record: ModelRecord, bytes: number, parts: ModelParts): ActiveModel {
  const { interpreter, content, semantic } = parts;
  return {
    record: { ...record, artifact: null },
    bytes,
    interpreter,
    ...(semantic ? { semantic: SemanticIndex.parse(semantic, interpreter.intents.length) } : {}),
    intentNames: new Set(content.intents.map((intent) => intent.name)),
    dialogues: new DialogueManager(content, parts.language),
    content,
  };
}
