// On an intent's page: the intents its phrases overlap with, as the last training found by
// cross-validation, with the phrases that cause it — what to reword, or which intents to merge.
import { useTranslation } from 'react-i18next';
import type { Assistant } from '../api/types';
import { Notice } from '../components/notice';
import { loadNluReport, type NluReport } from '../settings/nlu-report';
import { useResource } from '../use-resource';

export function IntentConflicts({ assistant, intent }: { assistant: Assistant; intent: string }) {
  const { t } = useTranslation();
  const report = useResource<NluReport>(() => loadNluReport(assistant), `${assistant.server}/${assistant.language}/${intent}`);
  const conflicts = (report.data?.conflicts ?? []).filter((conflict) => conflict.intent === intent || conflict.confusedWith === intent);
  if (conflicts.length === 0) return null;
  return (
    <Notice tone="warning">
      <p>{t('intents.conflictsLead', { version: report.data?.modelVersion ?? 0 })}</p>
      <ul data-testid="intent-conflicts">
        {conflicts.map((conflict) => (
          <li key={`${conflict.intent}/${conflict.confusedWith}`}>
            {t('intents.conflict', { intent: conflict.intent, other: conflict.confusedWith, count: conflict.count, of: conflict.of })}
            <ul>
              {conflict.examples.map((example) => (
                <li key={example.phrase}>{t('intents.conflictExample', { phrase: example.phrase, nearest: example.nearest })}</li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </Notice>
  );
}
