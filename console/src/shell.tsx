// The frame around every page once signed in: the header (server — on an assistant's pages, the
// chosen assistant's, which the platform's operator may pick on another server —, search across the assistant,
// assistant picker, language, user and sign-out), the menu, and the page itself. Moving between pages moves the focus to the
// new page's title, so keyboard and screen-reader users land where the content changed.
import { Suspense, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import type { Assistant } from './api/types';
import { useAssistantChoice } from './assistant-choice';
import { Brand } from './components/brand';
import { LocalePicker } from './components/locale-picker';
import { Notice } from './components/notice';
import { PageErrorBoundary } from './components/page-error-boundary';
import { AssistantSearch } from './content/assistant-search';
import { menuOf, menus } from './menus';
import { choiceKey } from './preferred-assistant';
import { useSession, useUser } from './session';

function AssistantPicker() {
  const { t } = useTranslation();
  const { assistants, current, choose, everyServer } = useAssistantChoice();
  const id = useId();
  if (!current) return null;
  // The operator's options name their server too: the closed select shows only the option.
  const label = (assistant: Assistant) =>
    `${assistant.language.toUpperCase()} · ${assistant.name}${everyServer ? ` (${assistant.server})` : ''}${assistant.enabled ? '' : ` (${t('shell.disabled')})`}`;
  if (assistants.length < 2) {
    return (
      <div className="picker picker-assistant">
        <span className="picker-label">{t('shell.assistant')}</span>
        <span className="assistant-chip">
          {everyServer ? <span className="muted">{current.server} · </span> : null}
          {current.name} <span className="language-code">{current.language.toUpperCase()}</span>
        </span>
      </div>
    );
  }
  // The operator picks among every server's assistants, grouped by server.
  const servers = everyServer ? [...new Set(assistants.map((assistant) => assistant.server))] : [];
  return (
    <div className="picker picker-assistant">
      <label htmlFor={id} className="picker-label">
        {t('shell.assistant')}
      </label>
      {/* A refused change (unsaved edits kept) leaves the controlled value, so the select shows the current one again. */}
      <select id={id} className="select select-compact" value={choiceKey(current)} onChange={(event) => choose(event.target.value)}>
        {everyServer
          ? servers.map((server) => (
              <optgroup key={server} label={t('shell.serverGroup', { server })}>
                {assistants
                  .filter((assistant) => assistant.server === server)
                  .map((assistant) => (
                    <option key={choiceKey(assistant)} value={choiceKey(assistant)}>
                      {label(assistant)}
                    </option>
                  ))}
              </optgroup>
            ))
          : assistants.map((assistant) => (
              <option key={choiceKey(assistant)} value={choiceKey(assistant)}>
                {label(assistant)}
              </option>
            ))}
      </select>
    </div>
  );
}

/**
 * Focuses the new page's title: at once, or when it appears (a page loaded on demand); gives up
 * after 5 s. Returns the clean-up.
 */
function focusTitleWhenShown(): () => void {
  const title = () => document.querySelector<HTMLElement>('main h1');
  const now = title();
  if (now) {
    now.focus();
    return () => undefined;
  }
  const main = document.querySelector('main');
  if (!main) return () => undefined;
  const observer = new MutationObserver(() => {
    const shown = title();
    if (!shown) return;
    observer.disconnect();
    shown.focus();
  });
  observer.observe(main, { childList: true, subtree: true });
  const timer = window.setTimeout(() => observer.disconnect(), 5_000);
  return () => {
    observer.disconnect();
    window.clearTimeout(timer);
  };
}

export function Shell() {
  const { t } = useTranslation();
  const user = useUser();
  const { signOut } = useSession();
  const location = useLocation();
  const firstRender = useRef(true);
  const { current } = useAssistantChoice();

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    return focusTitleWhenShown();
  }, [location.pathname]);

  const active = menuOf(location.pathname);
  useEffect(() => {
    document.title = active ? `${t(active.label)} · Helper Assistant` : 'Helper Assistant';
  }, [active, t]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('shell.skipToContent')}
      </a>
      <header className="topbar">
        <Brand server={active?.perAssistant && current ? current.server : user.server} />
        <div className="topbar-tools">
          {active?.perAssistant ? <AssistantSearch /> : null}
          {active?.perAssistant ? <AssistantPicker /> : null}
          <LocalePicker />
          <div className="account">
            <span className="account-name">
              {user.firstName || user.login}
              <span className="account-role">{t(`roles.${user.role}`)}</span>
            </span>
            <button type="button" className="button button-quiet" onClick={() => void signOut()}>
              {t('shell.signOut')}
            </button>
          </div>
        </div>
      </header>
      <div className="layout">
        <nav className="sidebar" aria-label={t('shell.mainMenu')}>
          <ul>
            {menus.filter((menu) => !menu.operatorOnly || user.role === 'operator').map((menu) => (
              <li key={menu.path}>
                <NavLink to={`/${menu.path}`} className="nav-link">
                  <span className={`nav-icon nav-icon-${menu.path}`} aria-hidden="true" />
                  {t(menu.label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" className="main" tabIndex={-1}>
          {user.mustChangePassword ? (
            // The first administrator's password was generated and printed at the first start: until
            // it is changed, every page asks for it.
            <div data-testid="change-password-notice">
              <Notice tone="warning" title={t('shell.changePassword.title')}>
                {t('shell.changePassword.text')}{' '}
                <Link className="link" to={`/usuarios?editar=${encodeURIComponent(user.login)}`}>
                  {t('shell.changePassword.link')}
                </Link>
              </Notice>
            </div>
          ) : null}
          <PageErrorBoundary key={active?.path ?? ''}>
            <Suspense fallback={<p className="muted" role="status">{t('common.loading')}</p>}>
              <Outlet />
            </Suspense>
          </PageErrorBoundary>
        </main>
      </div>
    </div>
  );
}
