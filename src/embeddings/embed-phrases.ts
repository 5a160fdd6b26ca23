// Training's side of the semantic provider: the vectors of an assistant's phrases, read from the
// store's cache (by embeddings model and text) and asked of the provider only for the texts not
// cached — so a retraining embeds only phrases added or changed since.
import type { Store } from '../store/store.js';
import type { EmbeddingsClient } from './embeddings-client.js';

export async function embedPhrases(client: EmbeddingsClient, store: Store, texts: readonly string[]): Promise<Map<string, Float32Array>> {
  const unique = [...new Set(texts)];
  const vectors = await store.embeddings.get(client.model, unique);
  const missing = unique.filter((text) => !vectors.has(text));
  if (missing.length > 0) {
    const fresh = await client.embedAll(missing);
    const added = new Map(missing.map((text, i) => [text, fresh[i] as Float32Array]));
    await store.embeddings.put(client.model, added);
    for (const [text, vector] of added) vectors.set(text, vector);
  }
  return vectors;
}
