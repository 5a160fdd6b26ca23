// The optional semantic provider: any OpenAI-compatible `/v1/embeddings` endpoint (a local Ollama,
// a vendor), named by HELPER_EMBEDDINGS_URL. Training embeds phrases in batches with a generous
// timeout; parsing embeds one message with a short one, and a slow or failing provider never
// blocks an answer: the message is understood lexically and the fallback is counted (`stats`).
// The key goes only in the Authorization header, never in a URL, a log or an error message.

export interface EmbeddingsSettings {
  url: string;
  model: string;
  apiKey?: string;
  /** How long a parse waits for the provider. */
  timeoutMs: number;
}

/** What happened to parses that asked the provider: readable by the metrics (see README). */
export interface EmbeddingsStats {
  /** Messages embedded in time. */
  embedded: number;
  /** Messages understood without the provider because it took longer than the timeout. */
  timeouts: number;
  /** …because it failed (an HTTP error, a connection refused, an unreadable answer). */
  failures: number;
}

/**
 * Why the provider failed, in fixed words safe to show anyone who sees a training's warnings: never
 * the provider's own text, an error's message or a URL (src/engine/trainer.ts logs the detail).
 * - timeout: no answer within the time allowed;
 * - network_error: the provider could not be reached (refused, unknown host, a redirect, a URL fetch refuses);
 * - http_status: it answered an HTTP error (`status`);
 * - invalid_answer: its answer was not the embeddings asked for (not JSON, too large, vectors missing);
 * - error: anything else (the phrase cache of the store failing, an unexpected error).
 */
export type EmbeddingsFailureReason = 'timeout' | 'network_error' | 'http_status' | 'invalid_answer' | 'error';

export const EMBEDDINGS_FAILURE_REASONS: readonly EmbeddingsFailureReason[] = ['timeout', 'network_error', 'http_status', 'invalid_answer', 'error'];

export interface EmbeddingsFailure {
  reason: EmbeddingsFailureReason;
  /** The HTTP status the provider answered (reason http_status). */
  status?: number;
}

export class EmbeddingsError extends Error {
  constructor(
    message: string,
    readonly reason: 'http_status' | 'invalid_answer',
    readonly status?: number,
  ) {
    super(message);
    this.name = 'EmbeddingsError';
  }
}

/** The fixed reason of a failure thrown while asking the provider (or the phrase cache). */
export function embeddingsFailureOf(error: unknown): EmbeddingsFailure {
  if (error instanceof EmbeddingsError) return error.status === undefined ? { reason: error.reason } : { reason: error.reason, status: error.status };
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return { reason: 'timeout' };
  // fetch rejects with a TypeError whatever keeps it from an answer: a refused connection, an
  // unknown host, a redirect (refused: the key goes to the configured address only), a URL it will not request.
  if (error instanceof TypeError) return { reason: 'network_error' };
  return { reason: 'error' };
}

// Inputs per request: providers cap them (OpenAI at 2,048; Ollama is happiest with fewer).
const BATCH = 64;
const TRAINING_TIMEOUT_MS = 60_000;
// Far above any real answer (64 vectors of 4,096 floats as JSON is about 5 MB).
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
const MAX_INPUT_CHARACTERS = 8_000;

export class EmbeddingsClient {
  readonly stats: EmbeddingsStats = { embedded: 0, timeouts: 0, failures: 0 };

  constructor(readonly settings: EmbeddingsSettings) {}

  get model(): string {
    return this.settings.model;
  }

  /** Embeds texts for training, in batches; throws EmbeddingsError saying what went wrong. */
  async embedAll(texts: readonly string[]): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let at = 0; at < texts.length; at += BATCH) {
      vectors.push(...(await this.request(texts.slice(at, at + BATCH), TRAINING_TIMEOUT_MS)));
    }
    return vectors;
  }

  /** Embeds one message for parsing, or undefined (counted) when the provider is slow or failing. */
  async embedMessage(text: string): Promise<Float32Array | undefined> {
    try {
      const [vector] = await this.request([text], this.settings.timeoutMs);
      this.stats.embedded++;
      return vector;
    } catch (error: unknown) {
      if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) this.stats.timeouts++;
      else this.stats.failures++;
      return undefined;
    }
  }

  /**
   * An error's detail for the server log (never for a response or a training's warnings): its name,
   * message and cause's code, with any URL's user and password and this client's key masked.
   */
  logDetail(error: unknown): string {
    const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
    const causeText = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
    const text = error instanceof Error ? `${error.name}: ${error.message}${causeText ? ` (${causeText})` : ''}` : String(error);
    const key = this.settings.apiKey;
    const masked = text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1***@');
    return (key ? masked.split(key).join('***') : masked).slice(0, 500);
  }

  private async request(texts: readonly string[], timeoutMs: number): Promise<Float32Array[]> {
    const input = texts.map((text) => text.slice(0, MAX_INPUT_CHARACTERS));
    const signal = AbortSignal.timeout(timeoutMs);
    const response = await fetch(this.settings.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.settings.apiKey ? { authorization: `Bearer ${this.settings.apiKey}` } : {}),
      },
      body: JSON.stringify({ model: this.settings.model, input }),
      signal,
      // The key goes to the configured address only: a redirect is a failure (lexical answers).
      redirect: 'error',
    });
    const body = await readLimited(response, MAX_RESPONSE_BYTES);
    if (!response.ok) throw new EmbeddingsError(`the embeddings provider answered HTTP ${response.status}`, 'http_status', response.status);
    return vectorsOf(body, input.length);
  }
}

async function readLimited(response: Response, limit: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new EmbeddingsError(`the embeddings provider's answer is larger than ${limit} bytes`, 'invalid_answer');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The vectors of an OpenAI-shaped answer `{data: [{index, embedding}]}`, in input order. */
function vectorsOf(body: string, count: number): Float32Array[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new EmbeddingsError('the embeddings provider did not answer JSON', 'invalid_answer');
  }
  const data = (json as { data?: unknown }).data;
  if (!Array.isArray(data) || data.length !== count) throw new EmbeddingsError(`the embeddings provider answered ${Array.isArray(data) ? data.length : 'no'} vectors for ${count} texts`, 'invalid_answer');
  const vectors = new Array<Float32Array | undefined>(count);
  data.forEach((item: unknown, position) => {
    const { index, embedding } = (item ?? {}) as { index?: unknown; embedding?: unknown };
    const at = typeof index === 'number' ? index : position;
    if (!Array.isArray(embedding) || embedding.length === 0 || !embedding.every((x) => typeof x === 'number' && Number.isFinite(x)) || at < 0 || at >= count) {
      throw new EmbeddingsError('the embeddings provider answered a vector that is not a list of numbers', 'invalid_answer');
    }
    vectors[at] = Float32Array.from(embedding as number[]);
  });
  if (vectors.some((vector) => vector === undefined)) throw new EmbeddingsError('the embeddings provider left texts without a vector', 'invalid_answer');
  return vectors as Float32Array[];
}
