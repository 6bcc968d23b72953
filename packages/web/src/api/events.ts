/**
 * Follows a run: SSE from /api/v1/runs/{id}/events, falling back to polling
 * GET /api/v1/runs/{id} when the stream breaks (a proxy that buffers SSE, a
 * server restart). Either way the caller sees the same RunEvent sequence and
 * exactly one final `report`.
 */
import { api } from './client.js';
import type { CheckStatus, GradeCheck, RunEvent, RunReport } from './types.js';

const EVENT_TYPES = ['status', 'stdout', 'stderr', 'test', 'benchmark', 'report'] as const;
const POLL_MS = 400;

/** Parses one SSE `data:` payload into a RunEvent, or null when it is not one. */
export function parseRunEvent(type: string, data: string): RunEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  // The server sends the RunEvent object itself; accept a bare payload too
  // (e.g. `data: {"data":"hi"}` under `event: stdout`) by tagging it.
  const tagged = typeof v.type === 'string' ? v : { ...v, type };
  switch (tagged.type) {
    case 'status':
      return typeof tagged.status === 'string' ? (tagged as unknown as RunEvent) : null;
    case 'stdout':
    case 'stderr':
      return typeof tagged.data === 'string' ? (tagged as unknown as RunEvent) : null;
    case 'test':
      return tagged.test && typeof tagged.test === 'object' ? (tagged as unknown as RunEvent) : null;
    case 'benchmark':
      return tagged.benchmark && typeof tagged.benchmark === 'object' ? (tagged as unknown as RunEvent) : null;
    case 'report': {
      if (tagged.report && typeof tagged.report === 'object') return tagged as unknown as RunEvent;
      // A bare report object under `event: report`.
      if (typeof v.status === 'string' && typeof v.action === 'string') return { type: 'report', report: v as unknown as RunReport };
      return null;
    }
    default:
      return null;
  }
}

function isFinal(r: RunReport | { status: string }): r is RunReport {
  return r.status !== 'queued' && r.status !== 'running';
}

/**
 * The one way to follow something that streams (a run, a lab check): SSE
 * from `url`, each named event handed to `on[name]` with `finish` to end it;
 * when the stream cannot be had (a proxy that buffers SSE, a refused
 * connection), `poll` every POLL_MS until it returns the final value. A
 * dropped connection reconnects by itself and the server resumes after the
 * last event id it sent (Last-Event-ID), so nothing is lost or shown twice.
 */
function follow<T>(url: string, on: Record<string, (data: string, finish: (v: T) => void) => void>, poll: () => Promise<T | null>, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let source: EventSource | null = null;
    const finish = (v: T) => {
      if (done) return;
      done = true;
      source?.close();
      resolve(v);
    };
    const fail = (e: unknown) => {
      if (done) return;
      done = true;
      source?.close();
      reject(e);
    };
    signal?.addEventListener('abort', () => fail(new DOMException('aborted', 'AbortError')), { once: true });
    const polling = async () => {
      while (!done) {
        try {
          const v = await poll();
          if (v !== null) return finish(v);
        } catch (e) {
          return fail(e);
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    };
    if (typeof EventSource === 'undefined') return void polling();
    source = new EventSource(url);
    for (const [name, handle] of Object.entries(on)) {
      source.addEventListener(name, (msg) => {
        if (done) return;
        try {
          handle((msg as MessageEvent<string>).data, finish);
        } catch (e) {
          fail(e);
        }
      });
    }
    source.onerror = () => {
      if (done || source?.readyState !== EventSource.CLOSED) return;
      void polling();
    };
  });
}

/** Streams a run's events; resolves with the final report (also given to `onEvent`). `signal` stops following. */
export async function followRun(runId: string, onEvent: (e: RunEvent) => void, signal?: AbortSignal): Promise<RunReport> {
  const on = Object.fromEntries(
    EVENT_TYPES.map((type) => [
      type,
      (data: string, finish: (r: RunReport) => void) => {
        const ev = parseRunEvent(type, data);
        if (!ev) return;
        if (ev.type === 'report') finish(ev.report);
        else onEvent(ev);
      },
    ]),
  );
  const poll = async () => {
    const r = await api.getRun(runId);
    return isFinal(r) ? r : null;
  };
  const report = await follow(api.eventsUrl(runId), on, poll, signal);
  onEvent({ type: 'report', report });
  return report;
}

/** What a lab check reports while it runs: the step started, or a check that just landed. */
export type CheckProgress = { type: 'running'; step: string } | { type: 'check'; check: GradeCheck };

/** Follows a lab check (`grading` while it runs, `grade` at the end); resolves with the finished check. */
export function followCheck(checkId: string, onProgress: (p: CheckProgress) => void, signal?: AbortSignal): Promise<CheckStatus> {
  const on = {
    grading: (data: string) => {
      let p: CheckProgress | undefined;
      try {
        p = (JSON.parse(data) as { progress?: CheckProgress }).progress;
      } catch {
        return; // a malformed progress event is skipped; the grade still arrives
      }
      if (p) onProgress(p);
    },
    grade: (data: string, finish: (c: CheckStatus) => void) => {
      const { type: _type, ...c } = JSON.parse(data) as CheckStatus & { type: string };
      finish(c);
    },
  };
  const poll = async () => {
    const c = await api.getCheck(checkId);
    return c.status === 'done' ? c : null;
  };
  return follow(`/api/v1/checks/${encodeURIComponent(checkId)}/events`, on, poll, signal);
}
