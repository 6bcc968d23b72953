import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { AppError } from '@gopherlab/errors';
import { defaultLimits, validateLimits } from './limits.js';
import type { SandboxLimits } from './types.js';

/**
 * Everything the sandbox needs to know about the host. All paths are absolute
 * after `resolveSandboxConfig`; every field has a default derived from the
 * machine so `createSandbox()` works without configuration after setup.
 */
export interface SandboxConfig {
  /** Concurrent runs; each slot has its own uid, cgroup and scratch mounts. */
  slots: number;
  /** Root-owned assets built by setup: module cache, base build cache, seccomp BPF. */
  assetsDir: string;
  /** Per-slot mount points and run directories (tmpfs mounts live here). */
  runDir: string;
  /** GOROOT of the default toolchain (goroots[0]), bound read-only at the same path inside. */
  goroot: string;
  /**
   * Every toolchain a run may select (SandboxExecSpec.goroot), newest release
   * first; each is bound read-only at its own path. From GOPHERLAB_GOROOTS, else
   * the toolchains.json setup wrote into assetsDir, else [goroot].
   */
  goroots: string[];
  /** Slot i runs as uid/gid uidBase + i (must not belong to a real account). */
  uidBase: number;
  /** Name of the cgroup directory that holds the per-run cgroups. */
  cgroupName: string;
  /**
   * CPU weight of that parent cgroup against the host's other tasks, in tasks
   * (default RUN_CPU_WEIGHT_TASKS). Editor sessions use their own parent with
   * a weight of one task, so a busy editor never slows the runs down.
   */
  cpuWeightTasks?: number;
  /** Size of the per-run build tmpfs (GOCACHE upper layer and the go command's $WORK). */
  buildDiskBytes: number;
  /** Limits applied when a spec omits them. */
  limits: SandboxLimits;
  /** Setup only (toolchain/prepare.ts): runs write straight into the base build cache. */
  writableBaseCache?: boolean;
  /**
   * A sandbox for one run and then close (the CLI's `exec`): no spare slot,
   * and a slot is not prepared again after its run, so closing does not wait
   * for a preparation nobody will use (~50 ms of a one-command start).
   */
  singleRun?: boolean;
}

const MiB = 1024 * 1024;

/** Reads GOPHERLAB_ variables; documented in docs/CONFIGURATION.md. */
export function sandboxConfigFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<SandboxConfig> {
  const out: Partial<SandboxConfig> = {};
  const dataDir = env.GOPHERLAB_DATA_DIR || './data';
  out.assetsDir = env.GOPHERLAB_SANDBOX_DIR || resolve(dataDir, 'sandbox');
  if (env.GOPHERLAB_SANDBOX_RUN_DIR) out.runDir = env.GOPHERLAB_SANDBOX_RUN_DIR;
  if (env.GOPHERLAB_GOROOT) out.goroot = env.GOPHERLAB_GOROOT;
  if (env.GOPHERLAB_GOROOTS) out.goroots = env.GOPHERLAB_GOROOTS.split(':').filter(Boolean);
  if (env.GOPHERLAB_SANDBOX_SLOTS) out.slots = intVar(env, 'GOPHERLAB_SANDBOX_SLOTS');
  if (env.GOPHERLAB_SANDBOX_UID_BASE) out.uidBase = intVar(env, 'GOPHERLAB_SANDBOX_UID_BASE');
  if (env.GOPHERLAB_SANDBOX_BUILD_DISK_MB) out.buildDiskBytes = intVar(env, 'GOPHERLAB_SANDBOX_BUILD_DISK_MB') * MiB;
  const limits: Partial<SandboxLimits> = {};
  if (env.GOPHERLAB_LIMIT_TIMEOUT_MS) limits.timeoutMs = intVar(env, 'GOPHERLAB_LIMIT_TIMEOUT_MS');
  if (env.GOPHERLAB_LIMIT_MEMORY_MB) limits.memoryBytes = intVar(env, 'GOPHERLAB_LIMIT_MEMORY_MB') * MiB;
  if (env.GOPHERLAB_LIMIT_PROCESSES) limits.processes = intVar(env, 'GOPHERLAB_LIMIT_PROCESSES');
  if (env.GOPHERLAB_LIMIT_OUTPUT_KB) limits.outputBytes = intVar(env, 'GOPHERLAB_LIMIT_OUTPUT_KB') * 1024;
  if (env.GOPHERLAB_LIMIT_DISK_MB) limits.diskBytes = intVar(env, 'GOPHERLAB_LIMIT_DISK_MB') * MiB;
  if (env.GOPHERLAB_LIMIT_CPUS) limits.cpus = numVar(env, 'GOPHERLAB_LIMIT_CPUS');
  if (Object.keys(limits).length > 0) out.limits = { ...defaultLimits, ...limits };
  return out;
}

function numVar(env: NodeJS.ProcessEnv, name: string): number {
  const raw = env[name] ?? '';
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) throw new AppError('invalid_config', `${name} must be a number (got "${raw}").`);
  return n;
}

function intVar(env: NodeJS.ProcessEnv, name: string): number {
  const n = numVar(env, name);
  if (!Number.isInteger(n) || n < 0) throw new AppError('invalid_config', `${name} must be a non-negative integer (got "${env[name]}").`);
  return n;
}

/**
 * Fills defaults and validates. One slot per core: runs are CPU-bound
 * compilations, so more slots than cores only adds queueing inside the kernel.
 */
export function resolveSandboxConfig(partial: Partial<SandboxConfig> = {}): SandboxConfig {
  const fromEnv = sandboxConfigFromEnv();
  const merged = { ...fromEnv, ...partial };
  const assetsDir = resolve(merged.assetsDir ?? resolve('./data', 'sandbox'));
  const goroots = resolveGoroots(merged, assetsDir);
  const cfg: SandboxConfig = {
    slots: merged.slots ?? Math.max(1, availableParallelism()),
    assetsDir,
    runDir: resolve(merged.runDir ?? '/run/gopherlab'),
    goroot: goroots[0]!,
    goroots,
    uidBase: merged.uidBase ?? 61000,
    cgroupName: merged.cgroupName ?? 'gopherlab',
    buildDiskBytes: merged.buildDiskBytes ?? 1024 * MiB,
    limits: { ...defaultLimits, ...merged.limits },
    writableBaseCache: merged.writableBaseCache ?? false,
    singleRun: merged.singleRun ?? false,
    ...(merged.cpuWeightTasks !== undefined ? { cpuWeightTasks: merged.cpuWeightTasks } : {}),
  };
  if (!Number.isInteger(cfg.slots) || cfg.slots < 1 || cfg.slots > 256) {
    throw new AppError('invalid_config', `GOPHERLAB_SANDBOX_SLOTS must be between 1 and 256 (got ${cfg.slots}).`);
  }
  if (!Number.isInteger(cfg.uidBase) || cfg.uidBase < 1000 || cfg.uidBase + cfg.slots > 0xfffe0000) {
    throw new AppError('invalid_config', `GOPHERLAB_SANDBOX_UID_BASE must be an integer of at least 1000 (got ${cfg.uidBase}).`);
  }
  if (!/^[A-Za-z0-9_.-]+$/.test(cfg.cgroupName)) {
    throw new AppError('invalid_config', `The sandbox cgroup name may contain only letters, digits, "_", "." and "-" (got "${cfg.cgroupName}").`);
  }
  if (!Number.isFinite(cfg.buildDiskBytes) || cfg.buildDiskBytes < 64 * MiB) {
    throw new AppError('invalid_config', 'GOPHERLAB_SANDBOX_BUILD_DISK_MB must be at least 64.');
  }
  try {
    validateLimits(cfg.limits);
  } catch (e) {
    throw new AppError('invalid_config', e instanceof Error ? e.message : String(e));
  }
  return cfg;
}

/**
 * The toolchains, default first. An explicit single `goroot` (a test, an
 * operator's GOPHERLAB_GOROOT without GOPHERLAB_GOROOTS) means that one only.
 */
function resolveGoroots(merged: Partial<SandboxConfig>, assetsDir: string): string[] {
  let list = merged.goroots;
  if (!list?.length && merged.goroot) list = [merged.goroot];
  if (!list?.length) list = readToolchainsFile(assetsDir);
  if (!list?.length) list = ['/usr/local/go'];
  const out = [...new Set(list.map((g) => resolve(g)))];
  for (const g of out) {
    if (/[:\s]/.test(g)) throw new AppError('invalid_config', `A GOROOT may not contain ":" or spaces (got "${g}").`);
  }
  return out;
}

/** The release a GOROOT holds, from its VERSION file (`go1.27.3`). */
export function toolchainVersion(goroot: string): string {
  try {
    return readFileSync(resolve(goroot, 'VERSION'), 'utf8').split('\n')[0]!.trim();
  } catch {
    throw new AppError('sandbox_unavailable', `No Go toolchain found at ${goroot}. Run the setup script (npm run setup).`);
  }
}

/** `go1.27.3` -> `1.27`: the release a learner selects and a go.mod's go line names. */
export function goRelease(version: string): string {
  const m = /^go(\d+)\.(\d+)/.exec(version);
  return m ? `${m[1]}.${m[2]}` : version;
}

/**
 * The toolchains setup prepared (config and VERSION files only, no sandbox):
 * what a web node that runs no code tells learners they may select.
 */
export function configuredGoVersions(partial: Partial<SandboxConfig> = {}): string[] {
  try {
    return resolveSandboxConfig(partial).goroots.map(toolchainVersion);
  } catch {
    return [];
  }
}

/** `<assetsDir>/toolchains.json`: the GOROOTs setup prepared, default first. */
export function toolchainsFile(assetsDir: string): string {
  return resolve(assetsDir, 'toolchains.json');
}

function readToolchainsFile(assetsDir: string): string[] | undefined {
  const file = toolchainsFile(assetsDir);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (Array.isArray(parsed) && parsed.every((g) => typeof g === 'string')) return parsed as string[];
  } catch {
    // fall through to the error below
  }
  throw new AppError('invalid_config', `${file} must be a JSON array of GOROOT paths; run the setup again (npm run setup).`);
}

/** Where setup puts each asset inside `assetsDir`. */
export function assetPaths(cfg: Pick<SandboxConfig, 'assetsDir'>) {
  return {
    modCache: resolve(cfg.assetsDir, 'gomodcache'),
    baseCache: resolve(cfg.assetsDir, 'gocache-base'),
    seccomp: resolve(cfg.assetsDir, 'seccomp.bpf'),
    /** Go tools built at setup that run inside the sandbox (gopls). */
    tools: resolve(cfg.assetsDir, 'tools'),
  };
}
