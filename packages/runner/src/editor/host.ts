/**
 * Editor sessions: one gopls per editing session, inside the same sandbox
 * recipe as runs (own slot uid and cgroup, no network, read-only toolchains
 * and module cache, the learner's files in the slot's scratch). The host has
 * its own slot pool, so editor sessions never take a run's slot; when every
 * slot is taken, `start` answers lsp_busy at once rather than queueing (the
 * editor then keeps highlighting only).
 */
import { PassThrough } from 'node:stream';
import { existsSync } from 'node:fs';
import { AppError } from '@gopherlab/errors';
import type { SourceFile } from '../model/report.js';
import { assetPaths, goRelease, resolveSandboxConfig, type SandboxConfig } from '../sandbox/config.js';
import { INSIDE } from '../sandbox/recipe.js';
import { createSandbox } from '../sandbox/sandbox.js';
import type { Sandbox, SandboxLimits, SandboxResult } from '../sandbox/types.js';
import { modulePolicy, withModuleFiles, type ModulePolicy } from '../pipeline/modfiles.js';
import { selectToolchain } from '../pipeline/toolchains.js';
import type { AllowedModule } from '../request/index.js';
import { FrameDecoder, encodeFrame } from './framing.js';

const MiB = 1024 * 1024;

/**
 * One gopls: its working set for a small module and the standard library is
 * 100-200 MiB; go list, which it starts, needs room beside it. The timeout is
 * the longest a session lives; the server ends idle ones much sooner.
 */
export const defaultEditorLimits: SandboxLimits = { timeoutMs: 2 * 60 * 60_000, memoryBytes: 768 * MiB, processes: 128, outputBytes: 256 * MiB, diskBytes: 256 * MiB, cpus: 1 };

export interface EditorHostConfig {
  /** Concurrent sessions (GOPHERLAB_LSP_SESSIONS, default 8). */
  sessions?: number;
  limits?: Partial<SandboxLimits>;
  /** Sandbox settings for the editor's own slot pool (tests point it at their own run dir). */
  sandbox?: Partial<SandboxConfig>;
  modules?: AllowedModule[];
}

export interface EditorExit {
  /** `exited` when gopls ended on its own or was closed; otherwise the limit it hit. */
  status: SandboxResult['status'];
  /** True when the session ended because `close` was called. */
  closed: boolean;
  /** Why, in a sentence, when it was not a normal close. */
  reason?: string;
}

export interface EditorSessionOptions {
  files: SourceFile[];
  /** Release (`1.26`); default the newest, as for runs. */
  goVersion?: string;
  /** Each message gopls sends, one JSON text per call. */
  onMessage: (json: string) => void;
  onExit: (exit: EditorExit) => void;
}

export interface EditorSession {
  /** Where the session's files are, as gopls names them: `file:///home/gopher/src`. */
  readonly rootUri: string;
  /** The toolchain gopls runs `go list` with (`go1.27.3`). */
  readonly goVersion: string;
  /** Sends one message (already checked by `checkClientMessage`) to gopls. */
  send(json: string): void;
  close(): void;
}

export interface EditorHost {
  readonly capacity: number;
  readonly active: number;
  readonly goVersions: readonly string[];
  start(options: EditorSessionOptions): EditorSession;
  close(): Promise<void>;
}

export const GOPLS_INSIDE = `${INSIDE.tools}/gopls`;

/** True when setup built gopls into the sandbox's assets. */
export function goplsInstalled(sandbox: Partial<SandboxConfig> = {}): boolean {
  return existsSync(`${assetPaths(resolveSandboxConfig(sandbox)).tools}/gopls`);
}

export async function createEditorHost(config: EditorHostConfig = {}): Promise<EditorHost> {
  if (!goplsInstalled(config.sandbox)) throw new AppError('lsp_unavailable');
  const capacity = config.sessions ?? sessionsFromEnv();
  const limits = { ...defaultEditorLimits, ...config.limits };
  // Their own parent cgroup, weighing one host task against the runs' eight: runs come first.
  const sandbox = await createSandbox({ cgroupName: 'gopherlab-editor', cpuWeightTasks: 1, ...config.sandbox, slots: capacity, limits });
  return new Host(sandbox, capacity, limits, modulePolicy(config.modules));
}

function sessionsFromEnv(): number {
  const raw = process.env.GOPHERLAB_LSP_SESSIONS;
  if (raw === undefined || raw === '') return 8;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new AppError('invalid_config', `GOPHERLAB_LSP_SESSIONS must be an integer between 1 and 256 (got "${raw}").`);
  return n;
}

class Host implements EditorHost {
  /** Each live session's end, so closing the host waits for its gopls processes before the slots go. */
  private readonly running = new Map<AbortController, Promise<unknown>>();
  readonly goVersions: readonly string[];

  constructor(
    private readonly sandbox: Sandbox,
    readonly capacity: number,
    private readonly limits: SandboxLimits,
    private readonly modules: ModulePolicy,
  ) {
    this.goVersions = (sandbox.toolchains ?? []).map((t) => t.version);
  }

  get active(): number {
    return this.running.size;
  }

  start(o: EditorSessionOptions): EditorSession {
    const toolchain = selectToolchain(this.sandbox.toolchains ?? [], o.goVersion);
    if (this.active >= this.capacity) throw new AppError('lsp_busy');
    const input = new PassThrough();
    const decoder = new FrameDecoder();
    const abort = new AbortController();
    let closed = false;
    let protocolError: string | undefined;
    const files = withModuleFiles(o.files, goRelease(toolchain.version), this.modules);
    const done = this.sandbox.exec({
      argv: [GOPLS_INSIDE],
      files,
      env: {
        // gopls's own file cache, on the session's scratch (its size counts against the disk limit).
        GOPLSCACHE: '/tmp/gopls-cache',
      },
      limits: this.limits,
      ...(toolchain.goroot ? { goroot: toolchain.goroot } : {}),
      stdin: input,
      keepOutput: false,
      signal: abort.signal,
      onStdout: (chunk) => {
        let messages: string[];
        try {
          messages = decoder.push(chunk);
        } catch (e) {
          protocolError = (e as Error).message;
          abort.abort();
          return;
        }
        for (const m of messages) o.onMessage(m);
      },
    });
    const settled = done.then(
      (r) => o.onExit({ status: r.status, closed, ...(protocolError ? { reason: protocolError } : exitReason(r, closed, this.limits)) }),
      (e: unknown) => o.onExit({ status: 'killed', closed, reason: e instanceof Error ? e.message : String(e) }),
    ).finally(() => this.running.delete(abort));
    // Counted from here (synchronously after the capacity check) until its gopls has exited.
    this.running.set(abort, settled);
    return {
      rootUri: `file://${INSIDE.src}`,
      goVersion: toolchain.version,
      send: (json) => {
        if (!closed) input.write(encodeFrame(json));
      },
      close: () => {
        if (closed) return;
        closed = true;
        input.end();
        // gopls exits on EOF; a wedged one is killed with its cgroup.
        setTimeout(() => abort.abort(), 2000).unref();
      },
    };
  }

  async close(): Promise<void> {
    for (const abort of this.running.keys()) abort.abort();
    await Promise.allSettled(this.running.values());
    await this.sandbox.close();
  }
}

function exitReason(r: SandboxResult, closed: boolean, limits: SandboxLimits): { reason?: string } {
  if (r.status === 'memory_limit') return { reason: `gopls used more than its ${Math.round(limits.memoryBytes / MiB)} MiB` };
  if (r.status === 'timeout') return { reason: 'the session reached its longest lifetime' };
  if (r.status !== 'exited') return { reason: `gopls stopped (${r.status})` };
  if (!closed) return { reason: `gopls exited with code ${r.exitCode ?? r.signal ?? '?'}` };
  return {};
}
