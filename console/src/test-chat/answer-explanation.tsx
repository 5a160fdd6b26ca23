// "Por que esta resposta?" under a message of the test chat: the intents ranked with their real
// scores beside the threshold, the rule that chose the dialogue, the entities and the contexts they
// filled, the skills that answered, the contexts after the turn, and "por que não…?" for any intent.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { assistantPath, request } from '../api/client';
import type { Assistant, TurnDecision, TurnExplanation, WhyNotAnswer, WhyNotReason } from '../api/types';
import { errorText } from '../components/error-text';
import { formatConfidence } from '../format';
import { IntentRanking } from './intent-ranking';

const VALUE_LENGTH = 80;

/** A context's or entity's value as one short line. */
export function shortValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  return text.length > VALUE_LENGTH ? `${text.slice(0, VALUE_LENGTH - 1)}…` : text;
}

function DecisionText({ decision, percent }: { decision: TurnDecision; percent: (value: number) => string }) {
  const { t } = useTranslation();
  switch (decision.kind) {
    case 'followUp':
      return <>{t(decision.asks ? 'testChat.explain.followUpAsks' : 'testChat.explain.followUp', { dialogue: decision.dialogue, parent: decision.parent, intent: decision.intent })}</>;
    case 'dialogue':
      return <>{t(decision.asks ? 'testChat.explain.dialogueAsks' : 'testChat.explain.dialogue', { dialogue: decision.dialogue, intent: decision.intent })}</>;
    case 'slotFilling': {
      const filled = decision.filled.join(', ');
      const key = decision.asked === null ? 'testChat.explain.confirmation' : filled === '' ? 'testChat.explain.notAnAnswer' : 'testChat.explain.slotFilling';
      return (
        <>
          {t(key, { dialogue: decision.dialogue, context: decision.asked ?? '', filled })}
          {decision.finished ? ` ${t('testChat.explain.finished')}` : ''}
        </>
      );
    }
    case 'digression':
      return <>{t('testChat.explain.digression', { dialogue: decision.dialogue, other: decision.other, intent: decision.intent })}</>;
    case 'fallback':
      return decision.reason === 'belowThreshold' ? (
        <>{decision.intent === null ? t('testChat.explain.fallbackNothing') : t('testChat.explain.fallbackBelow', { intent: decision.intent, confidence: percent(decision.confidence ?? 0) })}</>
      ) : (
        <>{t('testChat.explain.fallbackNoDialogue', { intent: decision.intent ?? '' })}</>
      );
    case 'paused':
      return <>{t('testChat.explain.paused')}</>;
    case 'none':
      return <>{t('testChat.explain.none')}</>;
  }
}

function reasonText(reason: WhyNotReason, t: (key: string, options?: Record<string, unknown>) => string, percent: (value: number) => string): string {
  switch (reason.code) {
    case 'chosen':
      return t('testChat.whyNot.chosen');
    case 'outscored':
      return t('testChat.whyNot.outscored', { by: reason.by, confidence: percent(reason.confidence) });
    case 'belowThreshold':
      return t('testChat.whyNot.belowThreshold', { confidence: percent(reason.confidence), threshold: percent(reason.threshold) });
    case 'notRanked':
      return t('testChat.whyNot.notRanked');
    case 'noDialogue':
      return t('testChat.whyNot.noDialogue');
    case 'onlyFollowUp':
      return t('testChat.whyNot.onlyFollowUp', { parents: reason.parents.join(', ') });
    case 'everydayTalk':
      return t('testChat.whyNot.everydayTalk', { share: percent(reason.share) });
  }
}

function WhyNot({ assistant, message, intents, understood }: { assistant: Assistant; message: string; intents: string[]; understood: string | null }) {
  const { t, i18n } = useTranslation();
  const percent = (value: number) => formatConfidence(value, i18n.language);
  const selectId = useId();
  const [intent, setIntent] = useState(() => intents.find((name) => name !== understood) ?? '');
  const [answer, setAnswer] = useState<WhyNotAnswer | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function ask(event: FormEvent) {
    event.preventDefault();
    if (intent === '') return;
    setBusy(true);
    setFailed(null);
    try {
      setAnswer(await request<WhyNotAnswer>('POST', assistantPath(assistant.server, assistant.language, '/test-chat/why-not'), { message, intent }));
    } catch (error: unknown) {
      setAnswer(null);
      setFailed(errorText(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="explain-why-not" data-testid="why-not">
      <form className="explain-why-not-form" onSubmit={(event) => void ask(event)}>
        <label htmlFor={selectId}>{t('testChat.whyNot.label')}</label>
        <select id={selectId} className="input" value={intent} onChange={(event) => setIntent(event.target.value)}>
          {intents.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <button type="submit" className="button button-quiet" disabled={busy || intent === ''}>
          {t('testChat.whyNot.ask')}
        </button>
      </form>
      {failed ? <p className="field-error">{failed}</p> : null}
      {answer ? (
        <div className="explain-why-not-answer" data-testid="why-not-answer">
          <p>
            {answer.rank === null || answer.confidence === null
              ? t('testChat.whyNot.unranked', { intent: answer.intent })
              : t('testChat.whyNot.place', { intent: answer.intent, rank: answer.rank, confidence: percent(answer.confidence) })}
          </p>
          <ul className="explain-list">
            {answer.reasons.map((reason) => (
              <li key={reason.code}>{reasonText(reason, t, percent)}</li>
            ))}
          </ul>
          {answer.nearest ? <p>{t('testChat.whyNot.nearest', { intent: answer.intent, text: answer.nearest.text, similarity: percent(answer.nearest.similarity) })}</p> : null}
          {answer.understoodNearest && answer.understood ? (
            <p>{t('testChat.whyNot.nearest', { intent: answer.understood.intent, text: answer.understoodNearest.text, similarity: percent(answer.understoodNearest.similarity) })}</p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

export function AnswerExplanation({ assistant, message, explanation, intents }: { assistant: Assistant; message: string; explanation: TurnExplanation; intents: string[] }) {
  const { t, i18n } = useTranslation();
  const percent = (value: number) => formatConfidence(value, i18n.language);
  const best = explanation.ranking[0];
  return (
    <details className="explain" data-testid="explanation">
      <summary>{t('testChat.explain.open')}</summary>
      <p className="explain-decision" data-testid="decision">
        <DecisionText decision={explanation.decision} percent={percent} />
      </p>
      <h4 className="explain-heading">{t('testChat.explain.ranking', { threshold: percent(explanation.threshold) })}</h4>
      {explanation.ranking.length === 0 ? (
        <p className="muted">{t('testChat.explain.noRanking')}</p>
      ) : (
        <IntentRanking ranking={explanation.ranking} threshold={explanation.threshold} />
      )}
      {explanation.belowThreshold && best ? <p className="muted">{t('testChat.explain.belowThreshold', { intent: best.intent, confidence: percent(best.confidence), threshold: percent(explanation.threshold) })}</p> : null}
      {typeof explanation.everydayTalk === 'number' ? (
        <p className="muted" data-testid="everyday-talk">
          {t('testChat.whyNot.everydayTalk', { share: percent(explanation.everydayTalk) })}
        </p>
      ) : null}
      {explanation.entities.length > 0 ? (
        <>
          <h4 className="explain-heading">{t('testChat.explain.entities')}</h4>
          <ul className="explain-list" data-testid="entities">
            {explanation.entities.map((entity, index) => (
              <li key={`${entity.entity}-${index}`}>
                {t(entity.filled ? 'testChat.explain.entityFilled' : 'testChat.explain.entity', { entity: entity.entity, value: shortValue(entity.value), text: entity.text ?? '—', context: entity.filled ?? '' })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>{explanation.skills.length === 0 ? t('testChat.explain.noSkills') : t('testChat.explain.skills', { skills: explanation.skills.join(', ') })}</p>
      <h4 className="explain-heading">{t('testChat.explain.contexts')}</h4>
      {explanation.contexts.length === 0 ? (
        <p className="muted">{t('testChat.explain.noContexts')}</p>
      ) : (
        <dl className="explain-contexts" data-testid="contexts">
          {explanation.contexts.map((context) => (
            <div key={context.name} className="explain-context">
              <dt>{context.name}</dt>
              <dd>
                {context.value === null ? <span className="muted">{t('testChat.explain.emptied')}</span> : shortValue(context.value)}
                {context.changed ? <span className="badge explain-changed">{t('testChat.explain.changed')}</span> : null}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {intents.length > 0 ? <WhyNot assistant={assistant} message={message} intents={intents} understood={explanation.belowThreshold ? null : (best?.intent ?? null)} /> : null}
    </details>
  );
}
