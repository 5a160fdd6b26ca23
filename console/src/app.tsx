import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { AssistantProvider } from './assistant-choice';
import { menuOf, menus } from './menus';
import { SignInPage } from './pages/sign-in-page';
import { SessionProvider, useSession } from './session';
import { Shell } from './shell';

function Routed() {
  const { state } = useSession();
  const { t } = useTranslation();
  const location = useLocation();
  const loading = state.status === 'loading';
  useEffect(() => {
    // While the session is asked for, fetch the page the console will most likely open (the
    // address's, or the first menu's), so that it does not wait for the session and then its part.
    if (loading) (menuOf(location.pathname) ?? menus[0])?.page.preload();
    // Only at start-up: later addresses load their page when opened.
  }, [loading]);
  if (loading) {
    return (
      <div className="splash" role="status">
        {t('common.loading')}
      </div>
    );
  }
  if (state.status === 'signed-out') {
    return (
      <Routes>
        <Route path="/entrar" element={<SignInPage expired={state.expired} passwordChanged={state.passwordChanged === true} />} />
        <Route path="*" element={<Navigate to="/entrar" replace state={{ from: location.pathname + location.search }} />} />
      </Routes>
    );
  }
  const first = menus[0]?.path ?? '';
  return (
    <AssistantProvider server={state.user.server} everyServer={state.user.role === 'operator'}>
      <Routes>
        <Route element={<Shell />}>
          {menus.map((menu) => (
            <Route key={menu.path} path={`${menu.path}/*`} element={<menu.page />} />
          ))}
          <Route path="*" element={<Navigate to={`/${first}`} replace />} />
        </Route>
      </Routes>
    </AssistantProvider>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Routed />
    </SessionProvider>
  );
}
