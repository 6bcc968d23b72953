/**
 * Study time, as a learning event: while the learner is signed in, the app
 * counts the seconds the page is visible and used (a key, a click, a scroll
 * within the last IDLE_MS), and reports them when the page is hidden and
 * every REPORT_MS of activity. Nothing counts before the first input, and
 * at most IDLE_MS after the last one, so opening the site is not a study
 * session and a tab left open overnight adds a few minutes at most.
 */
import { useEffect } from 'react';
import { api } from '../api/index.js';

export const IDLE_MS = 5 * 60_000;
const TICK_MS = 15_000;
const REPORT_MS = 5 * 60_000;

/** Pure bookkeeping, testable without timers: active time between reports. */
export class StudyClock {
  private active = 0;
  /** No input yet: nothing counts until the learner does something. */
  private lastInput = Number.NEGATIVE_INFINITY;
  input(now: number): void {
    this.lastInput = now;
  }
  /** A tick of `ms` ending at `now` counts when the page is visible and used recently. */
  tick(now: number, ms: number, visible: boolean): void {
    if (visible && now - this.lastInput < IDLE_MS) this.active += ms;
  }
  /** Whole seconds to report, and the clock restarts from zero. */
  take(): number {
    const s = Math.floor(this.active / 1000);
    this.active -= s * 1000;
    return s;
  }
  get pendingMs(): number {
    return this.active;
  }
}

export function useStudyTime(signedIn: boolean): void {
  useEffect(() => {
    if (!signedIn) return;
    const clock = new StudyClock();
    const report = () => {
      const s = clock.take();
      // keepalive: the request outlives a tab being closed; a failure loses at most one report.
      if (s > 0) void api.reportSession(Math.min(s, 3600)).catch(() => {});
    };
    const onInput = () => clock.input(Date.now());
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') report();
      else clock.input(Date.now());
    };
    const timer = setInterval(() => {
      clock.tick(Date.now(), TICK_MS, document.visibilityState === 'visible');
      if (clock.pendingMs >= REPORT_MS) report();
    }, TICK_MS);
    const events = ['keydown', 'pointerdown', 'scroll', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, onInput, { passive: true, capture: true });
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      clearInterval(timer);
      for (const e of events) window.removeEventListener(e, onInput, { capture: true });
      document.removeEventListener('visibilitychange', onVisibility);
      report();
    };
  }, [signedIn]);
}
