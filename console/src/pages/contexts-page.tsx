// Contextos: what the assistant remembers from the conversation (Rasa's slots), filled from the
// user's words.
import { useTranslation } from 'react-i18next';
import { ContentListPage } from '../content/content-list-page';
import { valueOf, type Context } from '../content/content-types';
import { ContextForm } from '../content/context-form';

export function ContextsPage() {
  const { t } = useTranslation();
  return (
    <ContentListPage<Context>
      list="contexts"
      Form={ContextForm}
      columns={[
        { label: t('contexts.type'), render: (context) => t(`contexts.types.${context.type}`) },
        {
          label: t('contexts.values'),
          render: (context) =>
            context.type === 'float'
              ? `${context.min ?? '−∞'} … ${context.max ?? '∞'}`
              : (context.values ?? []).map(valueOf).join(', ') || '—',
        },
      ]}
    />
  );
}
