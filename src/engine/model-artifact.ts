// A trained model version holds what the assistant answers with, as it was when trained: the NLU
// model and a snapshot of the content (dialogues and skills). Editing the content changes nothing
// until the next training, as in Rasa, where the domain is packed into the model.
import type { AssistantContent } from '../assistant/content.js';
import type { SerialisedSemanticIndex } from '../nlu/index.js';

export interface ModelArtifact {
  format: 1;
  language: string;
  /** The serialised NLU model (src/nlu). */
  nlu: string;
  content: AssistantContent;
  /** The phrases' vectors from the semantic provider, when HELPER_EMBEDDINGS_URL was set at training. */
  semantic?: SerialisedSemanticIndex;
}

export function serialiseArtifact(artifact: ModelArtifact): string {
  return JSON.stringify(artifact);
}

export function parseArtifact(text: string): ModelArtifact {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || (value as { format?: unknown }).format !== 1) {
    throw new Error('unsupported model artifact: expected format 1');
  }
  return value as ModelArtifact;
}
