// Intents: what users mean, taught by example phrases.
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../components/status-badge';
import { ContentListPage } from '../content/content-list-page';
import type { Intent } from '../content/content-types';
import { IntentForm } from '../content/intent-form';

export function IntentsPage() {
  const { t } = useTranslation();
  return (
    <ContentListPage<Intent>
      list="intents"
      Form={IntentForm}
      columns={[
        { label: t('content.theme'), render: (intent) => intent.theme ?? '—' },
        {
          label: t('intents.phrases'),
          render: (intent) => (
            <>
              {t('intents.count', { count: intent.phraseCount ?? intent.phrases.length })}{' '}
              {intent.duplicates && intent.duplicates.length > 0 ? <StatusBadge tone="warning">{t('intents.duplicates', { count: intent.duplicates.length })}</StatusBadge> : null}
            </>
          ),
        },
      ]}
    />
  );
}
