/**
 * Folds the RunEvent stream of one run into what the results panel shows.
 * Output chunks keep their stream so stderr can be coloured; tests and
 * benchmarks seen live are replaced by the final report's lists (which are
 * authoritative and ordered) when it arrives.
 */
import type { BenchmarkResult, RunEvent, RunReport, TestResult } from '../api/types.js';

export type Phase = 'idle' | 'queued' | 'running' | 'compiling' | 'executing' | 'done' | 'error';

export interface OutputChunk {
  stream: 'stdout' | 'stderr';
  data: string;
}

export interface RunState {
  runId: string | null;
  phase: Phase;
  output: OutputChunk[];
  tests: TestResult[];
  benchmarks: BenchmarkResult[];
  report: RunReport | null;
  error: { code: string; message: string } | null;
}

export const initialRunState: RunState = {
  runId: null,
  phase: 'idle',
  output: [],
  tests: [],
  benchmarks: [],
  report: null,
  error: null,
};

export type RunAction =
  | { type: 'start'; runId: string }
  | { type: 'event'; event: RunEvent }
  | { type: 'error'; code: string; message: string }
  | { type: 'reset' };

export function runReducer(state: RunState, action: RunAction): RunState {
  switch (action.type) {
    case 'reset':
      return initialRunState;
    case 'start':
      return { ...initialRunState, runId: action.runId, phase: 'queued' };
    case 'error':
      return { ...state, phase: 'error', error: { code: action.code, message: action.message } };
    case 'event':
      return applyEvent(state, action.event);
  }
}

function applyEvent(state: RunState, e: RunEvent): RunState {
  if (state.phase === 'done') return state;
  switch (e.type) {
    case 'status':
      return { ...state, phase: e.status };
    case 'stdout':
    case 'stderr': {
      const last = state.output[state.output.length - 1];
      // Merge consecutive chunks of one stream: fewer DOM nodes for chatty programs.
      if (last && last.stream === e.type) {
        return { ...state, output: [...state.output.slice(0, -1), { stream: e.type, data: last.data + e.data }] };
      }
      return { ...state, output: [...state.output, { stream: e.type, data: e.data }] };
    }
    case 'test':
      return { ...state, tests: [...state.tests, e.test] };
    case 'benchmark':
      return { ...state, benchmarks: [...state.benchmarks, e.benchmark] };
    case 'report': {
      const r = e.report;
      // When nothing streamed (cached result, polling fallback) the report's
      // own stdout/stderr is the output.
      const output: OutputChunk[] =
        state.output.length > 0
          ? state.output
          : [
              ...(r.stdout ? [{ stream: 'stdout' as const, data: r.stdout }] : []),
              ...(r.stderr ? [{ stream: 'stderr' as const, data: r.stderr }] : []),
            ];
      return { ...state, phase: 'done', report: r, output, tests: r.tests ?? [], benchmarks: r.benchmarks ?? [] };
    }
  }
}

export function isBusy(phase: Phase): boolean {
  return phase === 'queued' || phase === 'running' || phase === 'compiling' || phase === 'executing';
}
