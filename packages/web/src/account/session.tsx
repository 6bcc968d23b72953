/**
 * The signed-in user, loaded once from /auth/me. The CSRF token from the
 * server is handed to the API client, which attaches it to mutating requests.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setCsrfToken } from '../api/index.js';
import type { User } from '../api/types.js';

interface Session {
  user: User | null;
  loading: boolean;
  refresh(): Promise<void>;
  signIn(email: string, password: string): Promise<void>;
  signUp(email: string, password: string, displayName?: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(true);

  const refresh = useCallback(async () => {
    try {
      const me = await api.me();
      setCsrfToken(me.csrfToken);
      setUser(me.user);
    } catch {
      // An unreachable /me means "signed out" for the UI; the playground still works.
      setCsrfToken(null);
      setUser(null);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const afterAuth = useCallback(
    async (res: { user: User; csrfToken?: string }) => {
      if (res.csrfToken) {
        setCsrfToken(res.csrfToken);
        setUser(res.user);
      } else {
        await refresh();
      }
    },
    [refresh],
  );

  const value = useMemo<Session>(
    () => ({
      user,
      loading,
      refresh,
      signIn: async (email, password) => afterAuth(await api.signin(email, password)),
      signUp: async (email, password, displayName) => afterAuth(await api.signup(email, password, displayName)),
      signOut: async () => {
        try {
          await api.signout();
        } finally {
          setCsrfToken(null);
          setUser(null);
        }
      },
    }),
    [user, loading, refresh, afterAuth],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}
