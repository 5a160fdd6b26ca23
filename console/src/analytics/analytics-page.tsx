// Analytics: the conversations of a period (and each transcript), the rankings per day with the
// KPIs, the curation inbox, and privacy (retention, a user's data, the audit log). Each part has
// its own address under /console/analytics/, and filters live in the address too.
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import { useAssistantChoice } from '../assistant-choice';
import { Notice } from '../components/notice';
import { PageHeader } from '../components/page-header';
import { ConversationsView } from './conversations-view';
import { CurationView } from './curation-view';
import { PrivacyView } from './privacy-view';
import { RankingsView } from './rankings-view';
import { TranscriptView } from './transcript-view';

// Absolute: inside a splat route, React Router 7 resolves relative links against the whole URL.
export const ANALYTICS_BASE = '/analytics';

const TABS = [
  { path: 'conversas', label: 'analytics.tabs.conversations' },
  { path: 'rankings', label: 'analytics.tabs.rankings' },
  { path: 'curadoria', label: 'analytics.tabs.curation' },
  { path: 'privacidade', label: 'analytics.tabs.privacy' },
] as const;

export function AnalyticsPage() {
  const { t } = useTranslation();
  const { current, loading, failed } = useAssistantChoice();
  const location = useLocation();
  return (
    <>
      <PageHeader title={t('analytics.title')} description={t('analytics.lead')} />
      <nav className="tabs" aria-label={t('analytics.tabs.label')}>
        {TABS.map((tab) => (
          <NavLink key={tab.path} to={`${ANALYTICS_BASE}/${tab.path}`} className="tab" aria-current={location.pathname.includes(`${ANALYTICS_BASE}/${tab.path}`) ? 'page' : undefined}>
            {t(tab.label)}
          </NavLink>
        ))}
      </nav>
      {failed ? <Notice tone="error">{t('errors.server')}</Notice> : null}
      {!loading && !current && !failed ? <Notice tone="info">{t('shell.noAssistant')}</Notice> : null}
      {current ? (
        <Routes key={`${current.server}/${current.language}`}>
          <Route path="conversas" element={<ConversationsView assistant={current} />} />
          <Route path="conversas/:id" element={<TranscriptView assistant={current} />} />
          <Route path="rankings" element={<RankingsView assistant={current} />} />
          <Route path="curadoria" element={<CurationView assistant={current} />} />
          <Route path="privacidade" element={<PrivacyView assistant={current} />} />
          <Route path="*" element={<Navigate to={`${ANALYTICS_BASE}/conversas`} replace />} />
        </Routes>
      ) : null}
    </>
  );
}
