// Draft and live (issue 16, item 4): whether the content changed since the version that answers,
// and what changed (GET …/model's `changes`, compared with the snapshot the model keeps).
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../components/status-badge';
import type { ServingModel } from './training-types';

export function DraftBadge({ model }: { model: ServingModel }) {
  const { t } = useTranslation();
  if (model.version === null) return null;
  if (model.changeCount === 0) {
    return (
      <p data-testid="draft-state" data-state="live">
        <StatusBadge tone="positive">{t('trainings.draft.live')}</StatusBadge>
      </p>
    );
  }
  return (
    <div data-testid="draft-state" data-state="draft">
      <StatusBadge tone="warning">{t('trainings.draft.draft', { count: model.changeCount })}</StatusBadge>
      <details className="draft-changes">
        <summary>{t('trainings.draft.whatChanged')}</summary>
        <ul>
          {model.changes.map((change) => (
            <li key={`${change.list}:${change.name}:${change.change}`} data-testid="draft-change">
              {t(`trainings.draft.lists.${change.list}`)} “{change.name}” — {t(`trainings.draft.changes.${change.change}`)}
            </li>
          ))}
        </ul>
        {model.changeCount > model.changes.length ? <p className="muted">{t('trainings.draft.more', { count: model.changeCount - model.changes.length })}</p> : null}
      </details>
    </div>
  );
}
