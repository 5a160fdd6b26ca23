// The intents a message was ranked against, best first, as bars with their real scores and a mark
// at the threshold (when known): the test chat's explanation and the Monitor's transcript.
import { useTranslation } from 'react-i18next';
import { formatConfidence } from '../format';

export function IntentRanking({ ranking, threshold }: { ranking: ReadonlyArray<{ intent: string; confidence: number }>; threshold: number | null }) {
  const { i18n } = useTranslation();
  const width = (value: number) => `${Math.round(Math.min(1, Math.max(0, value)) * 100)}%`;
  return (
    <ol className="explain-ranking" data-testid="ranking">
      {ranking.map((entry) => (
        <li key={entry.intent} className={threshold !== null && entry.confidence < threshold ? 'explain-below' : undefined}>
          <span className="explain-intent">{entry.intent}</span>
          <span className="explain-bar" aria-hidden="true">
            <span className="explain-bar-fill" style={{ width: width(entry.confidence) }} />
            {threshold === null ? null : <span className="explain-bar-threshold" style={{ left: width(threshold) }} />}
          </span>
          <span className="explain-score">{formatConfidence(entry.confidence, i18n.language)}</span>
        </li>
      ))}
    </ol>
  );
}
