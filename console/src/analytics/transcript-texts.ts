// The words of a transcript, shared by Analytics › Conversa and the inbox (Atendimento): what the
// NLU understood of a message, and the handoff's moments.
import type { TFunction } from 'i18next';
import { formatConfidence } from '../format';

/** The NLU's fallback intent (src/nlu/types.ts): the message was not understood. */
export const NLU_FALLBACK_INTENT = 'nlu_fallback';

export interface Understood {
  intent?: string | null;
  /** For the fallback: the nearest intent's confidence (not the threshold). */
  confidence?: number | null;
  candidate?: string | null;
}

/**
 * A message not understood: "não entendida (fallback) · mais próxima: sim · 1,1 %", never the
 * internal name; otherwise `understood` (the page's own wording of an intent and its confidence).
 */
export function understoodText(t: TFunction, entry: Understood, language: string, understood: (intent: string, confidence: string) => string): string {
  const confidence = formatConfidence(entry.confidence ?? 0, language);
  if (entry.intent === NLU_FALLBACK_INTENT) return t('analytics.transcript.fallback', { candidate: entry.candidate ?? '—', confidence });
  return understood(entry.intent ?? '—', confidence);
}

export interface TranscriptMark {
  kind: 'handoff' | 'taken' | 'transferred' | 'resume';
  agent?: string | null;
  from?: string | null;
}

/**
 * A handoff's moment: "Transferida para atendimento humano" (nobody has it yet), "beto assumiu a
 * conversa" only when a person took it, "beto transferiu para carla", back to the assistant.
 */
export function markText(t: TFunction, mark: TranscriptMark): string {
  switch (mark.kind) {
    case 'taken':
      return mark.agent ? t('analytics.transcript.taken', { agent: mark.agent }) : t('analytics.transcript.takenUnnamed');
    case 'transferred':
      if (!mark.agent) return t('analytics.transcript.handoff');
      return mark.from ? t('analytics.transcript.transferred', { from: mark.from, agent: mark.agent }) : t('analytics.transcript.transferredTo', { agent: mark.agent });
    case 'resume':
      return t('analytics.transcript.resume');
    default:
      return t('analytics.transcript.handoff');
  }
}

/**
 * A name in Analytics › Rankings. The NLU's fallback is never shown by its internal name: in the
 * intents ranking it is the messages not understood; in the fallback ranking (the messages that
 * hit the fallback, by the skill that answered them) it is those no skill answered — the
 * conversation paused for a person, say — which the assistant's fallback skill (its own row,
 * `nao_entendi` in the demo) did not answer: other messages, not the same ones counted twice.
 */
export function rankingName(t: TFunction, kind: 'intents' | 'responses' | 'fallbacks', name: string): string {
  if (name !== NLU_FALLBACK_INTENT || kind === 'responses') return name;
  return kind === 'fallbacks' ? t('analytics.rankings.notUnderstoodUnanswered') : t('analytics.rankings.notUnderstood');
}
