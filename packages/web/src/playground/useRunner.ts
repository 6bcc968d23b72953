import { useCallback, useEffect, useReducer, useRef } from 'react';
import { ApiError, api, followRun } from '../api/index.js';
import type { Action, RunOptions, RunReport, SourceFile } from '../api/types.js';
import { initialRunState, isBusy, runReducer, type RunState } from './runState.js';

export interface Runner {
  state: RunState;
  busy: boolean;
  run(action: Action, files: SourceFile[], options?: RunOptions): Promise<RunReport | null>;
  stop(): void;
}

/** Starts runs and follows their event stream; one run at a time per runner. */
export function useRunner(): Runner {
  const [state, dispatch] = useReducer(runReducer, initialRunState);
  const abort = useRef<AbortController | null>(null);

  useEffect(() => () => abort.current?.abort(), []);

  const run = useCallback(async (action: Action, files: SourceFile[], options?: RunOptions) => {
    abort.current?.abort();
    const ctl = new AbortController();
    abort.current = ctl;
    try {
      const { id } = await api.startRun({ action, files, ...(options ? { options } : {}) });
      if (ctl.signal.aborted) return null;
      dispatch({ type: 'start', runId: id });
      return await followRun(id, (event) => dispatch({ type: 'event', event }), ctl.signal);
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') return null;
      const err = e instanceof ApiError ? e : new ApiError('internal_error', String(e), 0);
      dispatch({ type: 'error', code: err.code, message: err.message });
      return null;
    }
  }, []);

  const stop = useCallback(() => {
    abort.current?.abort();
    dispatch({ type: 'reset' });
  }, []);

  return { state, busy: isBusy(state.phase), run, stop };
}
