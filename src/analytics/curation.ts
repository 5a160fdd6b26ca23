// Curation: from a user message the assistant did not understand (or understood too little), the
// administrator teaches it — the message becomes a phrase of an intent — or marks it out of scope
// or reviewed. Every decision is kept on the message (who, when, which intent) and in the audit
// log; intents that got phrases since the last complete training are listed as needing one.
import { normalisePhrase } from '../assistant/check-content.js';
import type { ReviewStatus, StoredMessage } from '../store/analytics/analytics-store.js';
import type { AssistantRecord, Store } from '../store/store.js';
import { AnalyticsInputError, AnalyticsNotFoundError } from './analytics-service.js';

/** Longer messages are not phrases anyone would teach. */
const MAX_PHRASE_LENGTH_FOR_CURATION = 500;

export interface CurationResult {
  message: StoredMessage;
  /** Set when a phrase was added: whether the intent already had it, and which other intents have it too. */
  phrase?: { intent: string; added: boolean; alsoIn: string[] };
}

export class Curation {
  constructor(private readonly store: Store) {}

  /** Adds the message's text as a phrase of `intent` (nothing when the intent already has it), and marks it. */
  async addPhrase(assistant: AssistantRecord, messageId: number, intent: string, actor: string): Promise<CurationResult> {
    const message = await this.#message(assistant, messageId);
    const text = message.text.trim();
    if (text === '' || text.startsWith('EXTERNAL: ')) throw new AnalyticsInputError('messageId', 'this message has no text a user typed (an empty message or an intent triggered from outside)');
    if (text.length > MAX_PHRASE_LENGTH_FOR_CURATION) throw new AnalyticsInputError('messageId', `the message is longer than ${MAX_PHRASE_LENGTH_FOR_CURATION} characters: too long for a training phrase`);
    const wanted = normalisePhrase(text);
    const outcome = await this.store.content.edit(assistant.id, (content) => {
      const target = content.intents.find((candidate) => candidate.name === intent);
      if (!target) throw new AnalyticsInputError('intent', `the intent "${intent}" does not exist`);
      const alsoIn = content.intents.filter((other) => other.name !== intent && other.phrases.some((phrase) => normalisePhrase(phrase.text) === wanted)).map((other) => other.name);
      if (target.phrases.some((phrase) => normalisePhrase(phrase.text) === wanted)) return { changes: {}, result: { added: false, alsoIn } };
      return { changes: { put: { intents: [{ ...target, phrases: [...target.phrases, { text }] }] } }, result: { added: true, alsoIn } };
    }, { actor, action: 'edit' });
    const marked = await this.#mark(assistant, message, 'phrase_added', intent, actor, { text, added: outcome.added });
    return { message: marked, phrase: { intent, ...outcome } };
  }

  /** Marks the message out of scope or reviewed (it leaves the inbox), or back to review (`null`). */
  async mark(assistant: AssistantRecord, messageId: number, status: Exclude<ReviewStatus, 'phrase_added'> | null, actor: string): Promise<CurationResult> {
    const message = await this.#message(assistant, messageId);
    return { message: await this.#mark(assistant, message, status, null, actor, {}) };
  }

  /** Intents given phrases through curation since the last complete training (or ever, without one). */
  async pendingTraining(assistant: AssistantRecord): Promise<{ since: number | null; intents: Array<{ intent: string; phrases: number }> }> {
    const trainings = await this.store.trainings.list(assistant.id, { limit: 200 });
    const complete = trainings.find((training) => training.status === 'succeeded' && training.scope === 'complete');
    const since = complete?.finishedAt ?? (await this.store.models.latestReady(assistant.id))?.finishedAt ?? null;
    return { since, intents: await this.store.analytics.phrasesAddedSince(assistant.id, since ?? 0) };
  }

  async #message(assistant: AssistantRecord, messageId: number): Promise<StoredMessage> {
    const message = await this.store.analytics.message(assistant.id, messageId);
    if (!message) throw new AnalyticsNotFoundError(`message ${messageId} does not exist (or is not yet in the analytics)`);
    return message;
  }

  async #mark(assistant: AssistantRecord, message: StoredMessage, status: ReviewStatus | null, intent: string | null, actor: string, details: Record<string, unknown>): Promise<StoredMessage> {
    const at = Date.now() / 1000;
    const marked = await this.store.analytics.setReview(assistant.id, message.id, status === null ? null : { status, intent, by: actor, at });
    await this.store.audit.record({
      serverId: assistant.serverId,
      assistantId: assistant.id,
      actor,
      action: status === null ? 'curation_reopened' : `curation_${status}`,
      subject: null,
      details: { messageId: message.id, ...(intent === null ? {} : { intent }), ...details },
      createdAt: at,
    });
    return marked ?? message;
  }
}
