import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { AppError } from '@gopherlab/errors';
import { sandboxAvailable } from './available.js';
import { createCgroupDriver, type CgroupDriver, type RunCgroup } from './cgroup/index.js';
import { classify } from './classify.js';
import { readConfined, readConfinedDir } from './collect.js';
import { assetPaths, resolveSandboxConfig, toolchainVersion, type SandboxConfig } from './config.js';
import { validateLimits } from './limits.js';
import { isFull, mountScript, mountSlot, resizeScratch, slotMounted, unmountSlot } from './mounts.js';
import { INSIDE, insideGoroot, launcherArgv, sandboxEnv, shQuote, type SlotPaths } from './recipe.js';
import type { Sandbox, SandboxExecSpec, SandboxLimits, SandboxResult, Toolchain } from './types.js';
import { leaseUids, pidAlive } from './uid-lease.js';
import { Semaphore } from '../util/semaphore.js';

/** Largest collected file: profiles and traces of a time-boxed run stay far below. */
const MAX_COLLECT_BYTES = 64 * 1024 * 1024;

interface Prepared {
  cgroup: RunCgroup;
  diskBytes: number;
  /** A sandbox already started in the slot, waiting for its command (see WAITER). */
  waiter?: Waiter;
}

/**
 * A sandbox started ahead of its run. Starting bubblewrap (namespaces,
 * mounts, seccomp, cgroup, uid switch) is ~25 ms of fixed cost, most of the
 * gap between a sandboxed hello world and a bare `go run`; an idle slot pays
 * it before the request arrives. Everything the isolation consists of is
 * decided at that start and identical to a cold start (same recipe); the run
 * only sends the command line, its environment and its directory.
 */
interface Waiter {
  child: ChildProcess;
  /** The rlimits it was started with (set before bwrap, not changeable later). */
  key: string;
  exited: boolean;
}

/**
 * The waiter's program inside the sandbox: read the run's command, one line
 * built by us with every value single-quoted (see goLine), and run it. `read`
 * is a shell builtin, so waiting costs no extra process; a newline inside a
 * value travels as `$N` (a variable holding one) so the command stays one
 * line. It first prints "R" so the slot knows the sandbox is fully up
 * (cgroup joined, bwrap done): until then a teardown could miss a launcher
 * that has not joined the cgroup yet. The line ends in `exec`, so the
 * learner's command replaces the shell and its stdin is /dev/null, never our
 * pipe.
 */
const WAITER = "N='\n'; printf R && IFS= read -r cmd && eval \"$cmd\"";

/** How long a waiter may take to report ready before the slot falls back to cold starts. */
const WAITER_READY_MS = 10_000;

/** The rlimits that go into a launcher: a waiter is used only when a run needs the same. */
function rlimitKey(processes: number, fileSizeBytes: number): string {
  return `${processes}/${fileSizeBytes}`;
}

/**
 * The command line a waiter runs: cd to the run's directory, then exec argv
 * with exactly `env`. With `stdin`, the program keeps the waiter's pipe: the
 * shell's `read` took exactly one line (it reads a pipe byte by byte), so
 * every later byte is the program's.
 */
export function goLine(argv: readonly string[], env: Record<string, string>, cwd: string, stdin = false): string {
  const dir = cwd ? `${INSIDE.src}/${cwd}` : INSIDE.src;
  const vars = Object.entries(env).map(([k, v]) => shQuote(`${k}=${v}`));
  const line = `cd ${shQuote(dir)} && exec /usr/bin/env -i ${vars.join(' ')} ${argv.map(shQuote).join(' ')}${stdin ? '' : ' </dev/null'}`;
  // Newlines only ever occur inside single-quoted words: close the quote, add "$N", reopen.
  return `${line.replaceAll('\n', `'"$N"'`)}\n`;
}

let instanceCounter = 0;

/**
 * Creates the bubblewrap sandbox with its slot pool. Throws
 * `sandbox_unavailable` (with the reason) when isolation is impossible: there
 * is deliberately no unisolated fallback for learner code.
 */
export async function createSandbox(config: Partial<SandboxConfig> = {}): Promise<Sandbox> {
  const cfg = resolveSandboxConfig(config);
  const available = await sandboxAvailable(cfg);
  if (!available.ok) throw new AppError('sandbox_unavailable', `Code execution is disabled: ${available.reason}.`);
  const sandbox = new BwrapSandbox(cfg);
  await sandbox.start();
  return sandbox;
}

/**
 * Slots prepared beyond the concurrency limit. A slot's teardown and the
 * next preparation (unmount, mount, cgroup, pre-started sandbox) take ~120 ms
 * of a busy host; with exactly `slots` slots a backlog waited for that after
 * every run (40 queued hello worlds: 1.4x the bare time). With spares the
 * next run takes a slot that is already prepared while the last one recycles.
 */
export function spareSlots(slots: number): number {
  return Math.max(1, Math.ceil(slots / 4));
}

class BwrapSandbox implements Sandbox {
  readonly isolated = true;
  /** Runs at the same time (GOPHERLAB_SANDBOX_SLOTS). */
  readonly slots: number;
  readonly assetsId: string;
  readonly toolchains: readonly Toolchain[];
  private readonly pool: Slot[] = [];
  private readonly free: Slot[] = [];
  /** At most `slots` runs at once; the spare slots let the next run skip a teardown still in progress. */
  private readonly admission: Semaphore;
  private readonly instanceDir: string;
  private readonly cgroupPrefix: string;
  private releaseUids: () => void = () => {};
  private closed = false;

  constructor(private readonly cfg: SandboxConfig) {
    this.slots = cfg.slots;
    this.admission = new Semaphore(cfg.slots);
    const stamps = [`${assetPaths(cfg).baseCache}.stamp`, join(cfg.assetsDir, 'gomodcache.stamp')];
    this.assetsId = stamps.map((f) => (existsSync(f) ? readFileSync(f, 'utf8').trim() : '-')).join('/');
    this.toolchains = cfg.goroots.map((goroot) => ({ goroot, version: toolchainVersion(goroot) }));
    const id = `${process.pid}-${instanceCounter++}`;
    // The run directory (and its uid leases) is shared by the sandboxes of every cgroup parent
    // (runs, editor sessions): an instance's directory names its parent so each reaps its own.
    this.instanceDir = join(cfg.runDir, instanceDirName(cfg.cgroupName, id));
    this.cgroupPrefix = id;
  }

  async start(): Promise<void> {
    mkdirSync(this.cfg.runDir, { recursive: true, mode: 0o711 });
    const driver = createCgroupDriver(this.cfg.cgroupName, this.cfg.cpuWeightTasks);
    await reapStaleInstances(this.cfg.runDir, this.cfg.cgroupName, driver);
    // No spares for the trusted cache build (writableBaseCache): its steps
    // share one cache tree, so they must all run as the same slot uid. None
    // for a single run either: nothing comes after it.
    const size = this.cfg.slots + (this.cfg.writableBaseCache || this.cfg.singleRun ? 0 : spareSlots(this.cfg.slots));
    const lease = leaseUids(join(this.cfg.runDir, 'uids'), this.cfg.uidBase, size);
    this.releaseUids = lease.release;
    mkdirSync(this.instanceDir, { recursive: true, mode: 0o711 });
    for (let i = 0; i < size; i++) {
      const slot = new Slot(this.cfg, driver, lease.uids[i]!, join(this.instanceDir, `slot-${i}`), `${this.cgroupPrefix}-slot-${i}`, this.toolchains);
      this.pool.push(slot);
      this.free.push(slot);
    }
    // The first run should not pay for preparation either.
    await Promise.all(this.pool.map((s) => s.ready));
  }

  async exec(spec: SandboxExecSpec): Promise<SandboxResult> {
    if (this.closed) throw new AppError('sandbox_unavailable', 'The sandbox has been shut down.');
    const limits = validateLimits({ ...this.cfg.limits, ...spec.limits });
    checkSpec(spec);
    const release = await this.admission.acquire(spec.signal);
    // Admitted: fewer than `slots` runs are active, so a slot is free.
    const slot = this.takeFree()!;
    try {
      return await slot.run(spec, limits);
    } finally {
      this.free.push(slot);
      release();
    }
  }

  /**
   * A free slot, preferring one whose teardown/preparation has finished, so a
   * run never waits for the previous run's cleanup while another slot is ready.
   */
  private takeFree(): Slot | undefined {
    const readyIndex = this.free.findIndex((s) => s.isReady);
    return readyIndex >= 0 ? this.free.splice(readyIndex, 1)[0] : this.free.shift();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled(this.pool.map((s) => s.shutdown()));
    rmSync(this.instanceDir, { recursive: true, force: true });
    this.releaseUids();
  }
}

/** Names and cwd are validated by the pipeline; the sandbox re-checks because it writes as root. */
function checkSpec(spec: SandboxExecSpec): void {
  if (!Array.isArray(spec.argv) || spec.argv.length === 0) throw new AppError('invalid_request', 'The sandbox needs a command to run.');
  for (const name of [...spec.files.map((f) => f.name), ...(spec.cwd ? [spec.cwd] : [])]) {
    const parts = name.split('/');
    if (name.startsWith('/') || name.includes('\\') || name.includes('\0') || parts.some((p) => p === '..' || p === '')) {
      throw new AppError('invalid_file_name', `The file name "${name}" is not allowed: use a relative path without "..".`);
    }
  }
}

/**
 * One slot: a uid, a mount set and a cgroup, prepared while idle and torn
 * down after the result is returned, so the only work on a run's critical
 * path is writing its files and starting bwrap (DESIGN.md: prep + teardown
 * cost ~35 ms per run, more than the whole 1.10 overhead budget).
 */
class Slot {
  ready!: Promise<Prepared>;
  /** True once `ready` has settled (prepared, or failed and due for a retry). */
  isReady = false;
  private readonly paths: SlotPaths;

  constructor(
    private readonly cfg: SandboxConfig,
    private readonly driver: CgroupDriver,
    private readonly uid: number,
    dir: string,
    private readonly cgroupName: string,
    private readonly toolchains: readonly Toolchain[],
  ) {
    this.paths = { scratch: join(dir, 'scratch'), build: join(dir, 'build'), gocache: join(dir, 'gocache') };
    this.track(this.prepare(cfg.limits.diskBytes));
  }

  private track(p: Promise<Prepared>): void {
    this.isReady = false;
    this.ready = p;
    // A failure surfaces in the next run (which retries); never unhandled.
    p.then(
      () => (this.isReady = true),
      () => (this.isReady = true),
    );
  }

  private async prepare(diskBytes: number): Promise<Prepared> {
    const mountOptions = { uid: this.uid, diskBytes, buildDiskBytes: this.cfg.buildDiskBytes, baseCache: assetPaths(this.cfg).baseCache, writableBaseCache: this.cfg.writableBaseCache };
    const cgroup = this.driver.create(this.cgroupName);
    const { processes } = this.cfg.limits;
    const fileSizeBytes = this.fileSizeBytes(diskBytes);
    // One process start does the mounts and starts the waiting sandbox.
    const child = this.launch(cgroup, { setup: mountScript(this.paths, mountOptions), argv: ['/bin/sh', '-c', WAITER], cwd: '', processes, fileSizeBytes, stdin: 'pipe', env: { PATH: '/usr/bin:/bin' } });
    const waiter: Waiter = { child, key: rlimitKey(processes, fileSizeBytes), exited: false };
    child.once('exit', () => (waiter.exited = true));
    // A waiter that died (or a run that ended it) must not crash the server with EPIPE.
    child.stdin!.on('error', () => {});
    let setupErrors = '';
    const ready = await new Promise<boolean>((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.stderr!.off('data', onErr);
        child.off('exit', onExit);
        child.off('error', onExit);
        // Paused until the run attaches its consumer, so no byte of the learner's output is dropped.
        child.stdout!.pause();
        child.stderr!.pause();
        resolve(ok);
      };
      const onData = (b: Buffer) => done(b.toString() === 'R');
      const onErr = (b: Buffer) => (setupErrors += b.toString());
      const onExit = () => done(false);
      const timer = setTimeout(() => done(false), WAITER_READY_MS);
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onErr);
      child.once('exit', onExit);
      child.once('error', onExit);
    });
    if (ready && setupErrors === '' && slotMounted(this.paths)) return { cgroup, diskBytes, waiter };
    // Never half-started: clear the cgroup, mount on our own (which reports
    // why mounting fails, if it does) and let runs start cold in this slot.
    waiter.exited = true;
    child.kill('SIGKILL');
    await cgroup.killAll();
    await mountSlot(this.paths, mountOptions);
    return { cgroup, diskBytes };
  }

  /** A single file may fill at most the larger tmpfs; beyond, SIGXFSZ. */
  private fileSizeBytes(diskBytes: number): number {
    return Math.max(diskBytes, this.cfg.buildDiskBytes);
  }

  /** Starts the launcher (cgroup join, rlimits, uid drop, bwrap) for `argv` in this slot. */
  private launch(cgroup: RunCgroup, o: { setup?: string; argv: string[]; cwd: string; processes: number; fileSizeBytes: number; stdin: 'pipe' | 'ignore'; env: Record<string, string> }): ChildProcess {
    const seccompFd = openSync(assetPaths(this.cfg).seccomp, 'r');
    try {
      const argv = launcherArgv({
        uid: this.uid,
        goroots: this.toolchains.map((t) => ({ host: t.goroot, inside: insideGoroot(t.version) })),
        modCache: assetPaths(this.cfg).modCache,
        ...(existsSync(assetPaths(this.cfg).tools) ? { tools: assetPaths(this.cfg).tools } : {}),
        paths: this.paths,
        procsFiles: cgroup.procsFiles,
        argv: o.argv,
        cwd: o.cwd,
        processes: o.processes,
        fileSizeBytes: o.fileSizeBytes,
        seccompFd: 3,
        ...(o.setup ? { setup: o.setup } : {}),
      });
      return spawn(argv[0]!, argv.slice(1), { cwd: '/', env: o.env, stdio: [o.stdin, 'pipe', 'pipe', seccompFd] });
    } finally {
      closeSync(seccompFd);
    }
  }

  private async recycle(prev: Prepared | undefined): Promise<Prepared> {
    if (prev) await drop(prev.cgroup);
    return this.prepare(this.cfg.limits.diskBytes);
  }

  /** singleRun: the slot is only torn down; a later run on it (not expected) prepares it cold. */
  private async retire(prev: Prepared): Promise<Prepared> {
    await drop(prev.cgroup);
    throw new AppError('sandbox_unavailable', 'This slot has had its single run.');
  }

  async run(spec: SandboxExecSpec, limits: SandboxLimits): Promise<SandboxResult> {
    let prepared: Prepared;
    try {
      prepared = await this.ready;
    } catch {
      // A failed preparation (e.g. a transient mount error) gets one fresh attempt.
      prepared = await this.recycle(undefined).catch((e: Error) => {
        throw new AppError('internal_error', `The sandbox could not prepare a run: ${e.message}`);
      });
    }
    try {
      return await this.execute(spec, limits, prepared);
    } finally {
      // Teardown happens after the caller has its result; the next run awaits it.
      this.track(this.cfg.singleRun ? this.retire(prepared) : this.recycle(prepared));
    }
  }

  async shutdown(): Promise<void> {
    const prepared = await this.ready.catch(() => undefined);
    if (prepared) await drop(prepared.cgroup);
    await unmountSlot(this.paths);
  }

  private async execute(spec: SandboxExecSpec, limits: SandboxLimits, prepared: Prepared): Promise<SandboxResult> {
    if (limits.diskBytes !== prepared.diskBytes) {
      await resizeScratch(this.paths, limits.diskBytes);
      prepared.diskBytes = limits.diskBytes;
    }
    const src = join(this.paths.scratch, 'src');
    try {
      this.writeFiles(src, spec.files);
      if (spec.cwd) this.mkdirOwned(src, spec.cwd);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A file and a directory of the same name ("a" and "a/b.go"), or more than the disk limit.
      if (code === 'ENOSPC') throw new AppError('request_too_large', 'The files do not fit in the run\'s disk limit.');
      throw new AppError('invalid_file_name', `The files cannot be laid out in a directory tree (${code ?? (e as Error).message}).`);
    }
    const cgroup = prepared.cgroup;
    cgroup.setLimits(limits);

    const workspace = spec.files.some((f) => f.name === 'go.work');
    // Only a toolchain the sandbox binds: anything else would be a host path the run cannot see.
    const toolchain = spec.goroot === undefined ? this.toolchains[0] : this.toolchains.find((t) => t.goroot === spec.goroot);
    if (!toolchain) throw new AppError('internal_error', `No toolchain at ${spec.goroot} in this sandbox.`);
    const goroot = insideGoroot(toolchain.version);
    const env = sandboxEnv({ cpus: limits.cpus, memoryBytes: limits.memoryBytes, cgo: spec.cgo ?? false, goroot, workspace, extra: spec.env });
    const fileSizeBytes = this.fileSizeBytes(limits.diskBytes);
    let waiter = prepared.waiter;
    prepared.waiter = undefined;
    if (waiter && (waiter.exited || waiter.key !== rlimitKey(limits.processes, fileSizeBytes))) {
      // Started with other rlimits (or gone): a cold start in an empty cgroup.
      waiter.child.kill('SIGKILL');
      await cgroup.killAll();
      waiter = undefined;
    }
    // The waiter's own start-up is not the learner's CPU time.
    const cpuBefore = waiter ? cgroup.stats().cpuMs : 0;
    const child = waiter ? waiter.child : this.launch(cgroup, { argv: spec.argv, cwd: spec.cwd ?? '', processes: limits.processes, fileSizeBytes, stdin: spec.stdin ? 'pipe' : 'ignore', env });
    const started = performance.now();
    if (waiter) {
      const line = goLine(spec.argv, env, spec.cwd ?? '', spec.stdin !== undefined);
      if (spec.stdin) waiter.child.stdin!.write(line);
      else waiter.child.stdin!.end(line);
    }
    if (spec.stdin) {
      child.stdin!.on('error', () => {}); // the program may exit before reading everything
      spec.stdin.pipe(child.stdin!);
    }

    let outputBytes = 0;
    let truncated = false;
    let outputExceeded = false;
    let timedOut = false;
    let aborted = false;
    const out = { stdout: '', stderr: '' };
    const keep = spec.keepOutput !== false;
    let killing: Promise<void> | undefined;
    const killRun = () => {
      killing ??= cgroup.killAll().catch(() => {
        child.kill('SIGKILL');
      });
    };

    const consume = (stream: 'stdout' | 'stderr', cb?: (chunk: string) => void) => {
      const decoder = new StringDecoder('utf8');
      child[stream]!.on('data', (buf: Buffer) => {
        if (outputExceeded) return;
        let chunk = buf;
        if (outputBytes + buf.length > limits.outputBytes) {
          chunk = buf.subarray(0, limits.outputBytes - outputBytes);
          outputExceeded = true;
          truncated = true;
          killRun();
        }
        outputBytes += chunk.length;
        const text = decoder.write(chunk);
        if (text) {
          if (keep) out[stream] += text;
          cb?.(text);
        }
      });
      child[stream]!.on('end', () => {
        const rest = outputExceeded ? '' : decoder.end();
        if (rest) {
          if (keep) out[stream] += rest;
          cb?.(rest);
        }
      });
    };
    consume('stdout', spec.onStdout);
    const phase = spec.phase;
    if (phase) {
      // Watch stderr for the phase marker; a marker split across chunks is found
      // because the search runs on everything read so far (compiler output is small).
      const line = `${phase.marker}\n`;
      let switched = false;
      consume('stderr', (chunk) => {
        if (!switched && out.stderr.includes(line)) {
          switched = true;
          try {
            cgroup.setCpuQuota(phase.cpus);
          } catch {
            killRun(); // never let a program run under the wider build quota
          }
        }
        spec.onStderr?.(chunk);
      });
    } else {
      consume('stderr', spec.onStderr);
    }
    // A waiter's streams were paused after its ready byte; 'data' listeners do not undo an explicit pause.
    child.stdout!.resume();
    child.stderr!.resume();

    const timer = setTimeout(() => {
      timedOut = true;
      killRun();
    }, limits.timeoutMs);
    const onAbort = () => {
      aborted = true;
      killRun();
    };
    if (spec.signal?.aborted) onAbort();
    spec.signal?.addEventListener('abort', onAbort, { once: true });

    const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => {
      child.on('close', (code, sig) => resolve([code, sig]));
      child.on('error', () => resolve([null, null]));
    });
    const wallMs = Math.round(performance.now() - started);
    clearTimeout(timer);
    spec.signal?.removeEventListener('abort', onAbort);
    if (killing) await killing;
    // The pid namespace ends with its init, but a process can still be exiting:
    // the run is over only when its cgroup is empty.
    if (cgroup.pids().length > 0) await cgroup.killAll();

    const stats = cgroup.stats();
    const diskFull = isFull(this.paths.scratch) || isFull(this.paths.build);
    const status = classify({ exitCode, outputExceeded, timedOut, aborted, diskFull, stats });
    const outputs: Record<string, Uint8Array> = {};
    for (const rel of spec.collect ?? []) {
      if (rel.endsWith('/')) {
        Object.assign(outputs, readConfinedDir(src, rel, MAX_COLLECT_BYTES));
        continue;
      }
      const data = readConfined(src, rel, MAX_COLLECT_BYTES);
      if (data) outputs[rel] = data;
    }
    return {
      status,
      exitCode,
      signal,
      stdout: out.stdout,
      stderr: out.stderr,
      truncated,
      wallMs,
      cpuMs: Math.max(0, stats.cpuMs - cpuBefore),
      peakMemoryBytes: stats.peakMemoryBytes,
      outputs,
    };
  }

  private mkdirOwned(root: string, rel: string): void {
    let dir = root;
    for (const part of rel.split('/')) {
      dir = join(dir, part);
      if (!existsSync(dir)) {
        mkdirSync(dir, { mode: 0o755 });
        chownSync(dir, this.uid, this.uid);
      }
    }
  }

  private writeFiles(root: string, files: SandboxExecSpec['files']): void {
    for (const f of files) {
      const dir = dirname(f.name);
      if (dir !== '.') this.mkdirOwned(root, dir);
      const path = join(root, f.name);
      writeFileSync(path, f.content, { mode: 0o644 });
      chownSync(path, this.uid, this.uid);
    }
  }
}

async function drop(cgroup: RunCgroup): Promise<void> {
  await cgroup.killAll();
  // rmdir can race the kernel's release of the last task for a moment.
  for (let i = 0; ; i++) {
    try {
      cgroup.destroy();
      return;
    } catch (e) {
      if (i >= 50) throw e;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

/** Unmounts and removes slots left by runner processes that died without close(). */
/** `<pid>-<n>` for the runs' sandbox (as it always was), `<parent>~<pid>-<n>` for another cgroup parent. */
function instanceDirName(cgroupName: string, id: string): string {
  return cgroupName === 'gopherlab' ? id : `${cgroupName}~${id}`;
}

async function reapStaleInstances(runDir: string, cgroupName: string, driver: CgroupDriver): Promise<void> {
  for (const entry of readdirSync(runDir)) {
    const m = /^(?:([A-Za-z0-9_.-]+)~)?((\d+)-\d+)$/.exec(entry);
    // Only this parent's instances: another parent's cgroups are not this driver's to remove.
    if (!m || (m[1] ?? 'gopherlab') !== cgroupName || pidAlive(Number(m[3]))) continue;
    const name = m[2]!;
    const dir = join(runDir, entry);
    for (const slot of readdirSync(dir)) {
      const paths = { scratch: join(dir, slot, 'scratch'), build: join(dir, slot, 'build'), gocache: join(dir, slot, 'gocache') };
      try {
        const cg = driver.create(`${name}-${slot}`);
        await drop(cg);
      } catch {
        // cgroup of a dead instance that still has tasks: leave it to the operator
      }
      await unmountSlot(paths).catch(() => {});
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
