// Who is signed in. Loaded once from /api/me; sign-in, the second factor and the forced password change
// each answer with the same profile, which replaces it. A 401 anywhere ends the session here too.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, isApiError, onUnauthorized, setCsrfToken } from '../api/client.ts';
import type { Me } from '../api/types.ts';

export type SessionStatus = 'loading' | 'anonymous' | 'signed_in' | 'error';

interface SessionValue {
  status: SessionStatus;
  me: Me | null;
  error: unknown;
  /** Replaces the profile with a sign-in / second-factor / password-change answer. */
  accept(me: Me): void;
  refresh(): Promise<void>;
  logout(): Promise<void>;
  /** Forgets the session locally (after the server said 401). */
  clear(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [status, setStatus] = useState<SessionStatus>('loading');
  const [error, setError] = useState<unknown>(null);

  const accept = useCallback((next: Me) => {
    setCsrfToken(next.csrfToken);
    setMe(next);
    setStatus('signed_in');
    setError(null);
  }, []);

  const clear = useCallback(() => {
    setCsrfToken(null);
    setMe(null);
    setStatus('anonymous');
  }, []);

  const refresh = useCallback(async () => {
    try {
      accept(await api.get<Me>('/api/me', undefined, { quiet401: true }));
    } catch (e) {
      if (isApiError(e) && e.status === 401) clear();
      else {
        setError(e);
        setStatus('error');
      }
    }
  }, [accept, clear]);

  const logout = useCallback(async () => {
    try {
      await api.post('/api/auth/logout', {}, { quiet401: true });
    } finally {
      clear();
    }
  }, [clear]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => onUnauthorized(() => clear()), [clear]);

  const value = useMemo<SessionValue>(
    () => ({ status, me, error, accept, refresh, logout, clear }),
    [status, me, error, accept, refresh, logout, clear],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** The signed-in user; only for components under the signed-in layout. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a signed-in user');
  return me;
}
