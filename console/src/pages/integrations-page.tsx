// Integrações, as the seed's procedure has it: the options (Facebook Messenger, WhatsApp,
// Telegram, 4biz, API Rest); choosing one shows its values to copy. Each option has its own
// address, so a link to /console/integracoes/4biz opens it directly.
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { assistantPath, request } from '../api/client';
import type { IntegrationValues } from '../api/types';
import { useAssistantChoice } from '../assistant-choice';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';
import { PageHeader } from '../components/page-header';
import { ApiRestPanel } from '../integrations/api-rest-panel';
import { FacebookPanel } from '../integrations/facebook-panel';
import { FourBizPanel } from '../integrations/four-biz-panel';
import { PublicAddressNotice } from '../integrations/public-address-notice';
import { TelegramPanel } from '../integrations/telegram-panel';
import { WhatsAppPanel } from '../integrations/whatsapp-panel';
import { useResource } from '../use-resource';

// Absolute: inside a splat route, React Router 7 resolves relative links against the whole URL.
const BASE = '/integracoes';

const OPTIONS = [
  { path: 'facebook-messenger', label: 'integrations.facebook.title', summary: 'integrations.facebook.summary', mark: 'f' },
  { path: 'whatsapp', label: 'integrations.whatsapp.title', summary: 'integrations.whatsapp.summary', mark: 'W' },
  { path: 'telegram', label: 'integrations.telegram.title', summary: 'integrations.telegram.summary', mark: 'T' },
  { path: '4biz', label: 'integrations.fourBiz.title', summary: 'integrations.fourBiz.summary', mark: '4' },
  { path: 'api-rest', label: 'integrations.apiRest.title', summary: 'integrations.apiRest.summary', mark: '{}' },
] as const;

export function IntegrationsPage() {
  const { t } = useTranslation();
  const { current, loading: assistantsLoading, failed } = useAssistantChoice();
  const key = current ? `${current.server}/${current.language}` : '';
  const values = useResource<IntegrationValues>(current ? () => request('GET', assistantPath(current.server, current.language, '/integrations')) : null, key);

  return (
    <>
      <PageHeader title={t('integrations.title')} description={t('integrations.lead')} />
      <nav className="option-list" aria-label={t('integrations.options')}>
        {OPTIONS.map((option) => (
          <NavLink key={option.path} to={`${BASE}/${option.path}`} className="option-card">
            <span className={`option-mark option-mark-${option.path}`} aria-hidden="true">
              {option.mark}
            </span>
            <span className="option-text">
              <span className="option-title">{t(option.label)}</span>
              <span className="option-summary">{t(option.summary)}</span>
            </span>
          </NavLink>
        ))}
      </nav>
      {failed ? <Notice tone="error">{t('errors.server')}</Notice> : null}
      {!assistantsLoading && !current && !failed ? <Notice tone="info">{t('shell.noAssistant')}</Notice> : null}
      {values.error ? <Notice tone="error">{errorText(values.error, t)}</Notice> : null}
      {values.loading && !values.data ? (
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
      ) : null}
      {current && values.data ? <PublicAddressNotice address={values.data.publicAddress} /> : null}
      {current && values.data ? (
        <Routes key={key}>
          <Route index element={<p className="muted choose-hint">{t('integrations.choose')}</p>} />
          <Route path="4biz" element={<FourBizPanel assistant={current} values={values.data} onChange={values.setData} />} />
          <Route path="facebook-messenger" element={<FacebookPanel assistant={current} values={values.data} onChange={values.setData} reload={values.reload} />} />
          <Route path="whatsapp" element={<WhatsAppPanel assistant={current} values={values.data} onChange={values.setData} />} />
          <Route path="telegram" element={<TelegramPanel assistant={current} values={values.data} onChange={values.setData} />} />
          <Route path="api-rest" element={<ApiRestPanel assistant={current} values={values.data} />} />
          <Route path="*" element={<Navigate to={BASE} replace />} />
        </Routes>
      ) : null}
    </>
  );
}
