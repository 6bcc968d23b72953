/**
 * Editor sessions as the server sees them: who owns each gopls (a signed-in
 * session, or an address when signed out), how many each owner may hold, when
 * an idle one ends, what happens when gopls dies (restarted once, then off
 * for that editor), and that a sign-out ends its owner's sessions. Knows no
 * WebSocket: the route hands it a connection with send/close.
 */
import { AppError } from '@gopherlab/errors';
import { checkClientMessage, refusal, type EditorHost, type EditorSession } from '@gopherlab/runner/editor';
import type { RunRequest } from '@gopherlab/runner';

/** What the route needs of a WebSocket. */
export interface EditorConnection {
  send(text: string): void;
  close(code: number, reason: string): void;
}

export interface EditorOwner {
  /** `user:<id>` or `ip:<address>`: the per-owner cap counts by this. */
  key: string;
  /** The signed-in session (cookie or API token) whose sign-out ends this editor session. */
  sessionId?: string;
}

/** The first message of a connection: the editor's files and Go release. */
export interface EditorHello {
  /** The editor's own id, stable across its reconnects: restarts are counted by it. */
  sid: string;
  files: RunRequest['files'];
  goVersion?: string;
}

/** WebSocket close codes the web client acts on (4000-4999 are the application's). */
export const CLOSE = { idle: 4000, restart: 4001, disabled: 4002, refused: 4003, signedOut: 4004, policy: 4008, shutdown: 4010 } as const;

/** Per connection: a burst for didOpen of many files and fast typing, then a steady rate. */
const BURST = 400;
const PER_SECOND = 100;

interface Live {
  owner: EditorOwner;
  conn: EditorConnection;
  session: EditorSession;
  idle: NodeJS.Timeout;
  ending?: { code: number; message: string };
}

export interface EditorServiceOptions {
  perUser: number;
  idleMs: number;
  log?: { warn(obj: object, msg: string): void };
}

export class EditorService {
  private readonly live = new Set<Live>();
  /** Crashes per editor (`owner sid`); the second one turns assistance off for it. Entries expire with the day. */
  private readonly crashes = new Map<string, { n: number; at: number }>();

  private host: EditorHost | null = null;
  private starting: Promise<EditorHost> | undefined;
  private closed = false;

  /**
   * `startHost` makes the sandboxed host on first use (its slot pool costs
   * memory and a prepared sandbox per slot, so a server nobody edits on pays
   * nothing); null with `unavailableReason` where there is none.
   */
  constructor(
    private readonly startHost: (() => Promise<EditorHost>) | null,
    private unavailableReason: string | undefined,
    private readonly options: EditorServiceOptions & { capacity: number },
  ) {}

  get status(): { available: boolean; capacity: number; active: number; reason?: string } {
    if (!this.startHost || this.unavailableReason) return { available: false, capacity: 0, active: 0, reason: this.unavailableReason ?? 'editor assistance is off' };
    return { available: true, capacity: this.options.capacity, active: this.host?.active ?? 0 };
  }

  private async ensureHost(): Promise<EditorHost> {
    if (this.host) return this.host;
    if (!this.startHost || this.unavailableReason) throw new AppError('lsp_unavailable', `Editor assistance is not available here: ${this.unavailableReason ?? 'it is off'}. Your code still runs.`);
    this.starting ??= this.startHost().then(
      (h) => (this.host = h),
      (e: unknown) => {
        this.unavailableReason = e instanceof Error ? e.message : String(e);
        this.options.log?.warn({ err: e }, 'editor assistance disabled');
        throw e;
      },
    );
    return this.starting;
  }

  /**
   * Starts gopls for a hello; returns what to call with each later message
   * and when the connection closes. A refusal is sent as an `error` message
   * and the connection closed; the editor keeps highlighting only.
   */
  async open(owner: EditorOwner, hello: EditorHello, conn: EditorConnection): Promise<{ receive(text: string): void; closed(): void }> {
    const inert = { receive: () => {}, closed: () => {} };
    const crashKey = `${owner.key} ${hello.sid}`;
    let host: EditorHost;
    try {
      if (this.closed) throw new AppError('lsp_unavailable', 'The server is shutting down; editor assistance comes back in a moment.');
      host = await this.ensureHost();
      if ((this.crashes.get(crashKey)?.n ?? 0) >= 2) throw new AppError('lsp_unavailable', 'Editor assistance stopped twice in this editor and stays off here; your code still runs. Reload the page to try again.');
      const mine = [...this.live].filter((l) => l.owner.key === owner.key).length;
      if (mine >= this.options.perUser) throw new AppError('lsp_busy', `You already have ${mine} editors with assistance open; close one (or its tab) to use it here. Your code still runs.`);
    } catch (e) {
      this.refuse(conn, e);
      return inert;
    }
    let live: Live;
    try {
      const session = host.start({
        files: hello.files,
        ...(hello.goVersion ? { goVersion: hello.goVersion } : {}),
        onMessage: (json) => conn.send(json),
        onExit: (exit) => {
          this.live.delete(live);
          clearTimeout(live.idle);
          if (live.ending) return void conn.close(live.ending.code, live.ending.message);
          if (exit.closed) return;
          this.onCrash(crashKey, conn, exit.reason ?? `gopls stopped (${exit.status})`);
        },
      });
      live = { owner, conn, session, idle: setTimeout(() => {}, 0) };
    } catch (e) {
      this.refuse(conn, e);
      return inert;
    }
    this.live.add(live);
    this.touch(live);
    conn.send(JSON.stringify({ type: 'ready', rootUri: live.session.rootUri, goVersion: live.session.goVersion }));
    let tokens = BURST;
    let last = performance.now();
    return {
      receive: (text) => {
        const now = performance.now();
        tokens = Math.min(BURST, tokens + ((now - last) / 1000) * PER_SECOND);
        last = now;
        if (--tokens < 0) return this.end(live, CLOSE.policy, 'The editor sent messages faster than the server accepts; assistance stopped for this editor.');
        this.touch(live);
        const verdict = checkClientMessage(text);
        if (verdict.ok) live.session.send(text);
        else if (verdict.id !== undefined) conn.send(refusal(verdict.id, verdict.reason));
      },
      closed: () => {
        clearTimeout(live.idle);
        live.session.close();
      },
    };
  }

  /** Ends every editor session of a signed-in session (sign-out). */
  endSignedOut(sessionId: string): void {
    for (const l of this.live) if (l.owner.sessionId === sessionId) this.end(l, CLOSE.signedOut, 'You signed out; editor assistance ended.');
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const l of this.live) this.end(l, CLOSE.shutdown, 'The server is restarting; editor assistance comes back in a moment.');
    const host = this.host ?? (await this.starting?.catch(() => null));
    await host?.close();
  }

  private touch(l: Live): void {
    clearTimeout(l.idle);
    l.idle = setTimeout(() => this.end(l, CLOSE.idle, 'Editor assistance paused while you were away; it resumes when you type.'), this.options.idleMs);
    l.idle.unref();
  }

  private end(l: Live, code: number, message: string): void {
    if (l.ending) return;
    l.ending = { code, message };
    clearTimeout(l.idle);
    l.conn.send(JSON.stringify({ type: code === CLOSE.idle ? 'idle' : 'ended', message }));
    l.session.close();
  }

  private onCrash(key: string, conn: EditorConnection, reason: string): void {
    const day = 24 * 3600_000;
    const prev = this.crashes.get(key);
    const n = prev && Date.now() - prev.at < day ? prev.n + 1 : 1;
    this.crashes.set(key, { n, at: Date.now() });
    this.options.log?.warn({ crash: n, reason }, 'gopls session stopped');
    if (n === 1) {
      conn.send(JSON.stringify({ type: 'restart', message: `Editor assistance restarted: ${reason}.` }));
      conn.close(CLOSE.restart, 'restart');
    } else {
      conn.send(JSON.stringify({ type: 'disabled', message: `Editor assistance stopped again (${reason}) and is off for this editor; your code still runs.` }));
      conn.close(CLOSE.disabled, 'disabled');
    }
  }

  private refuse(conn: EditorConnection, e: unknown): void {
    const err = e instanceof AppError ? e : new AppError('internal_error', e instanceof Error ? e.message : String(e));
    conn.send(JSON.stringify({ type: 'error', code: err.code, message: err.message }));
    conn.close(CLOSE.refused, err.code);
  }
}
