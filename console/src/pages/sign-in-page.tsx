import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api/api-error';
import { Brand } from '../components/brand';
import { errorText } from '../components/error-text';
import { describeWait } from '../format';
import { LocalePicker } from '../components/locale-picker';
import { Notice } from '../components/notice';
import { useSession } from '../session';

export function SignInPage({ expired, passwordChanged = false }: { expired: boolean; passwordChanged?: boolean }) {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ message: string; field?: string } | null>(null);
  const loginId = useId();
  const passwordId = useId();
  const errorId = useId();

  useEffect(() => {
    document.title = `${t('signIn.title')} · Helper Assistant`;
  }, [t]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    if (!login.trim()) return setProblem({ message: t('signIn.loginRequired'), field: 'login' });
    if (!password) return setProblem({ message: t('signIn.passwordRequired'), field: 'password' });
    setBusy(true);
    try {
      await signIn(login.trim(), password);
      const from = (location.state as { from?: string } | null)?.from;
      void navigate(from && from !== '/entrar' ? from : '/', { replace: true });
    } catch (error: unknown) {
      setPassword('');
      if (error instanceof ApiError && error.status === 401) setProblem({ message: t('signIn.invalid') });
      else if (error instanceof ApiError && error.status === 429) {
        const wait = error.retryAfterSeconds === undefined ? null : describeWait(error.retryAfterSeconds);
        setProblem({ message: wait === null ? t('signIn.throttled') : t(wait.unit === 'seconds' ? 'signIn.throttledFor' : 'signIn.throttledForMinutes', { count: wait.count }) });
      } else setProblem({ message: errorText(error, t), ...(error instanceof ApiError && error.field ? { field: error.field } : {}) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="sign-in">
      <main className="sign-in-card">
        <Brand />
        <h1 className="sign-in-title">{t('signIn.title')}</h1>
        <p className="sign-in-lead">{t('signIn.lead')}</p>
        {passwordChanged && !problem ? <Notice tone="success">{t('signIn.passwordChanged')}</Notice> : null}
        {expired && !passwordChanged && !problem ? <Notice tone="info">{t('signIn.expired')}</Notice> : null}
        {problem && !problem.field ? (
          <div id={errorId}>
            <Notice tone="error">{problem.message}</Notice>
          </div>
        ) : null}
        <form onSubmit={submit} noValidate className="form">
          <div className="field">
            <label htmlFor={loginId} className="field-label">
              {t('signIn.login')}
            </label>
            <input
              id={loginId}
              name="login"
              className="input"
              autoComplete="username"
              autoFocus
              value={login}
              onChange={(event) => setLogin(event.target.value)}
              aria-invalid={problem?.field === 'login' || undefined}
              aria-describedby={problem?.field === 'login' ? `${loginId}-error` : undefined}
            />
            {problem?.field === 'login' ? (
              <p id={`${loginId}-error`} className="field-error">
                {problem.message}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor={passwordId} className="field-label">
              {t('signIn.password')}
            </label>
            <input
              id={passwordId}
              name="password"
              type="password"
              className="input"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={problem?.field === 'password' || undefined}
              aria-describedby={problem?.field === 'password' ? `${passwordId}-error` : undefined}
            />
            {problem?.field === 'password' ? (
              <p id={`${passwordId}-error`} className="field-error">
                {problem.message}
              </p>
            ) : null}
          </div>
          <button type="submit" className="button button-primary button-block" disabled={busy}>
            {busy ? t('signIn.signingIn') : t('signIn.submit')}
          </button>
        </form>
      </main>
      <footer className="sign-in-footer">
        <LocalePicker />
      </footer>
    </div>
  );
}
