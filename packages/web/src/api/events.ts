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

/** Streams a run's events; resolves with the final report. `signal` stops following. */
export function followRun(runId: string, onEvent: (e: RunEvent) => void, signal?: AbortSignal): Promise<RunReport> {
  return new Promise<RunReport>((resolve, reject) => {
    let done = false;
    const finish = (report: RunReport) => {
      if (done) return;
      done = true;
      source?.close();
      onEvent({ type: 'report', report });
      resolve(report);
    };
    const fail = (e: unknown) => {
      if (done) return;
      done = true;
      source?.close();
      reject(e);
    };
    signal?.addEventListener('abort', () => fail(new DOMException('aborted', 'AbortError')), { once: true });

    const poll = async () => {
      while (!done) {
        try {
          const r = await api.getRun(runId);
          if (isFinal(r)) return finish(r);
        } catch (e) {
          return fail(e);
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    };

    let source: EventSource | null = null;
    if (typeof EventSource === 'undefined') {
      void poll();
      return;
    }
    source = new EventSource(api.eventsUrl(runId));
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, (msg) => {
        const ev = parseRunEvent(type, (msg as MessageEvent<string>).data);
        if (!ev || done) return;
        if (ev.type === 'report') finish(ev.report);
        else onEvent(ev);
      });
    }
    source.onerror = () => {
      // A dropped connection reconnects by itself, and the server resumes after
      // the last event id it sent (Last-Event-ID), so nothing is lost or shown
      // twice. A refused one (an HTTP error) is closed for good: poll instead.
      if (done || source?.readyState !== EventSource.CLOSED) return;
      void poll();
    };
  });
}

/** What a lab check reports while it runs: the step started, or a check that just landed. */
export type CheckProgress = { type: 'running'; step: string } | { type: 'check'; check: GradeCheck };

/**
 * Follows a lab check: SSE from /api/v1/checks/{id}/events (`grading` while
 * it runs, `grade` at the end), falling back to polling GET /api/v1/checks/{id}
 * when the stream cannot be had. Resolves with the finished check.
 */
export function followCheck(checkId: string, onProgress: (p: CheckProgress) => void, signal?: AbortSignal): Promise<CheckStatus> {
  return new Promise<CheckStatus>((resolve, reject) => {
    let done = false;
    let source: EventSource | null = null;
    const finish = (c: CheckStatus) => {
      if (done) return;
      done = true;
      source?.close();
      resolve(c);
    };
    const fail = (e: unknown) => {
      if (done) return;
      done = true;
      source?.close();
      reject(e);
    };
    signal?.addEventListener('abort', () => fail(new DOMException('aborted', 'AbortError')), { once: true });
    const poll = async () => {
      while (!done) {
        try {
          const c = await api.getCheck(checkId);
          if (c.status === 'done') return finish(c);
        } catch (e) {
          return fail(e);
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    };
    if (typeof EventSource === 'undefined') return void poll();
    source = new EventSource(`/api/v1/checks/${encodeURIComponent(checkId)}/events`);
    source.addEventListener('grading', (msg) => {
      try {
        const p = (JSON.parse((msg as MessageEvent<string>).data) as { progress?: CheckProgress }).progress;
        if (p && !done) onProgress(p);
      } catch {
        // a malformed event is skipped; the final grade still arrives
      }
    });
    source.addEventListener('grade', (msg) => {
      try {
        const { type: _type, ...c } = JSON.parse((msg as MessageEvent<string>).data) as CheckStatus & { type: string };
        finish(c);
      } catch (e) {
        fail(e);
      }
    });
    source.onerror = () => {
      if (done || source?.readyState !== EventSource.CLOSED) return;
      void poll();
    };
  });
}
