// Temas: the subjects the content is grouped by.
import { useTranslation } from 'react-i18next';
import { ContentListPage } from '../content/content-list-page';
import type { Theme } from '../content/content-types';
import { ThemeForm } from '../content/theme-form';

export function ThemesPage() {
  const { t } = useTranslation();
  return (
    <ContentListPage<Theme>
      list="themes"
      Form={ThemeForm}
      columns={[
        { label: t('content.description'), render: (theme) => theme.description ?? '—' },
        { label: t('content.usedBy'), render: (theme) => String(theme.usedBy?.length ?? 0) },
      ]}
    />
  );
}
