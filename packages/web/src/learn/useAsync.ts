import { useEffect, useState } from 'react';

export type Async<T> = { state: 'loading' } | { state: 'error'; message: string; code?: string } | { state: 'ok'; value: T };

/** Loads `fn()` whenever `deps` change; stale results of an earlier load are dropped. */
export function useAsync<T>(fn: () => Promise<T>, deps: readonly unknown[]): [Async<T>, (v: T) => void] {
  const [s, setS] = useState<Async<T>>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    setS({ state: 'loading' });
    fn().then(
      (value) => live && setS({ state: 'ok', value }),
      (e: unknown) => live && setS({ state: 'error', message: (e as Error).message, code: (e as { code?: string }).code }),
    );
    return () => {
      live = false;
    };
    // The caller lists the dependencies of `fn`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return [s, (value: T) => setS({ state: 'ok', value })];
}
