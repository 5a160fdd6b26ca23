// Who is signed in: read once from /api/auth/session, set by sign-in, cleared by sign-out or by any
// 401 (an expired session sends the user back to the sign-in page). Changing one's own password
// ends one's sessions too: the sign-in page then says the password was changed, not that the
// session ended.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { request, setCsrfToken, setUnauthenticatedHandler } from './api/client';
import { ApiError } from './api/api-error';
import type { Session, User } from './api/types';

type SessionState = { status: 'loading' } | { status: 'signed-out'; expired: boolean; passwordChanged?: boolean } | { status: 'signed-in'; user: User };

interface SessionContextValue {
  state: SessionState;
  signIn(login: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** One's own password was changed: the server ended the session; sign in with the new one. */
  passwordChanged(): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const accept = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    setState({ status: 'signed-in', user: session.user });
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setCsrfToken(null);
      // Already signed out (the password just changed): keep saying why.
      setState((current) => (current.status === 'signed-out' ? current : { status: 'signed-out', expired: true }));
    });
    request<Session>('GET', '/api/auth/session')
      .then(accept)
      .catch((error: unknown) => {
        if (!(error instanceof ApiError) || error.status !== 401) console.error(error);
        setState({ status: 'signed-out', expired: false });
      });
    return () => setUnauthenticatedHandler(null);
  }, [accept]);

  const value = useMemo<SessionContextValue>(
    () => ({
      state,
      signIn: async (login, password) => accept(await request<Session>('POST', '/api/auth/sign-in', { login, password })),
      signOut: async () => {
        try {
          await request<void>('POST', '/api/auth/sign-out');
        } finally {
          setCsrfToken(null);
          setState({ status: 'signed-out', expired: false });
        }
      },
      passwordChanged: () => {
        setCsrfToken(null);
        setState({ status: 'signed-out', expired: false, passwordChanged: true });
      },
    }),
    [state, accept],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user (only inside the signed-in part of the app). */
export function useUser(): User {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useUser without a session');
  return state.user;
}

/** Whether the user changes things (administrators, and the platform's operator, on every server). */
export function mayAdminister(user: User): boolean {
  return user.role === 'administrator' || user.role === 'operator';
}
