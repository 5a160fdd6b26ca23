// The semantic provider's embeddings cache (Store['embeddings']): vectors keyed by embeddings
// model and the SHA-256 of the text, so texts of any length make short keys and no phrase text is
// kept twice.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import { epochSeconds } from '../epoch-seconds.js';
import type { Store } from '../store.js';

// Keeps each IN (…) list and each insert well within both dialects' parameter limits.
const BATCH = 500;

const hashOf = (text: string): string => createHash('sha256').update(text).digest('hex');

function encode(vector: Float32Array): string {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');
}

function decode(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  const aligned = new ArrayBuffer(bytes.byteLength - (bytes.byteLength % 4));
  new Uint8Array(aligned).set(bytes.subarray(0, aligned.byteLength));
  return new Float32Array(aligned);
}

type EmbeddingStore = Store['embeddings'];

export class EmbeddingRepository implements EmbeddingStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async get(model: string, texts: readonly string[]): Promise<Map<string, Float32Array>> {
    const byHash = new Map(texts.map((text) => [hashOf(text), text]));
    const found = new Map<string, Float32Array>();
    const hashes = [...byHash.keys()];
    for (let at = 0; at < hashes.length; at += BATCH) {
      const rows = await this.#db
        .selectFrom('phrase_embeddings')
        .select(['text_sha256', 'vector'])
        .where('model', '=', model)
        .where('text_sha256', 'in', hashes.slice(at, at + BATCH))
        .execute();
      for (const row of rows) {
        const text = byHash.get(row.text_sha256);
        if (text !== undefined) found.set(text, decode(row.vector));
      }
    }
    return found;
  }

  async put(model: string, vectors: ReadonlyMap<string, Float32Array>): Promise<void> {
    const rows = [...vectors].map(([text, vector]) => ({
      model,
      text_sha256: hashOf(text),
      dimensions: vector.length,
      vector: encode(vector),
      created_at: epochSeconds(),
    }));
    for (let at = 0; at < rows.length; at += BATCH) {
      await this.#db
        .insertInto('phrase_embeddings')
        .values(rows.slice(at, at + BATCH))
        .onConflict((conflict) => conflict.columns(['model', 'text_sha256']).doNothing())
        .execute();
    }
  }
}
