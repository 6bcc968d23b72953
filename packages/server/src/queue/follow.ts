/**
 * Following a job (a run or a lab check) from any process: the one way to
 * read its stored state, subscribe to its stream, and read again. The second
 * read matters: a job that finished between the first read and the
 * subscription has its stream already gone, and would otherwise be followed
 * forever. Whatever path ends the follow, the listener gets the final event
 * exactly once, then `onEnd`.
 */
import type { BusEvent, RunEventBus } from './types.js';

export interface FollowSpec<T, E> {
  bus: RunEventBus;
  stream: string;
  /** The stored state: finished (with its final value), or still under way. */
  read(): Promise<{ done: true; value: T } | { done: false; announce?: E }>;
  /** A bus event: `end` (with the final value when the event carries it), an event to pass on, or null to skip. */
  map(event: BusEvent): { end: true; value?: T } | { event: E } | null;
  /** The last event the listener gets. */
  final(value: T): E;
}

/** Follows `spec.stream` after `afterSeq`; resolves with the function that stops following. */
export async function follow<T, E>(spec: FollowSpec<T, E>, listener: (event: E, seq?: number) => void, onEnd: () => void, afterSeq = 0): Promise<() => void> {
  let ended = false;
  let unsubscribe: (() => void) | null = null;
  const end = async (value?: T) => {
    if (ended) return;
    ended = true;
    unsubscribe?.();
    try {
      let final = value;
      if (final === undefined) {
        const state = await spec.read();
        if (!state.done) return; // a stream that says "ended" before the store does: the client reconnects and reads again
        final = state.value;
      }
      listener(spec.final(final));
    } finally {
      onEnd();
    }
  };
  const first = await spec.read();
  if (first.done) {
    await end(first.value);
    return () => {};
  }
  if (first.announce !== undefined) listener(first.announce);
  unsubscribe = await spec.bus.subscribe(
    spec.stream,
    ({ seq, event }) => {
      if (ended) return;
      const m = spec.map(event);
      if (m && 'end' in m) end(m.value).catch(() => {}); // a failed read already ended the follow (onEnd ran)
      else if (m) listener(m.event, seq);
    },
    afterSeq,
  );
  if (ended) {
    unsubscribe();
    return () => {};
  }
  let again: Awaited<ReturnType<typeof spec.read>>;
  try {
    again = await spec.read();
  } catch (e) {
    // The caller gets no stop function from a failed follow: stop listening here.
    ended = true;
    unsubscribe();
    throw e;
  }
  if (again.done) await end(again.value);
  return () => {
    ended = true;
    unsubscribe?.();
  };
}
