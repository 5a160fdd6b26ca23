// Habilidades: what the assistant answers.
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../components/status-badge';
import { ContentListPage } from '../content/content-list-page';
import type { Skill } from '../content/content-types';
import { SkillForm } from '../content/skill-form';

export function SkillsPage() {
  const { t } = useTranslation();
  return (
    <ContentListPage<Skill>
      list="skills"
      Form={SkillForm}
      columns={[
        { label: t('content.theme'), render: (skill) => skill.theme ?? '—' },
        {
          label: t('skills.kind'),
          render: (skill) => (
            <>
              {t(`skills.kinds.${skill.kind ?? 'text'}`)} {skill.fallback ? <StatusBadge tone="warning">{t('skills.fallbackBadge')}</StatusBadge> : null}
            </>
          ),
        },
        { label: t('skills.text'), render: (skill) => <span className="clip">{skill.texts?.[0] ?? '—'}</span> },
      ]}
    />
  );
}
