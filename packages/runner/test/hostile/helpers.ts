/**
 * Shared setup of the hostile suite: one sandbox per test file (files run in
 * parallel forks, each with its own leased uids), the hostile program built
 * once inside the sandbox and shipped as a file to every run, and host-side
 * probes (is anything with this marker still running?).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createSandbox, defaultLimits, sandboxAvailable, type Sandbox, type SandboxLimits, type SandboxResult } from '../../src/sandbox/index.js';

export const TESTDATA = join(import.meta.dirname, 'testdata');

export function goFiles(dir: string): { name: string; content: string }[] {
  return readdirSync(join(TESTDATA, dir)).map((name) => ({ name, content: readFileSync(join(TESTDATA, dir, name), 'utf8') }));
}

/** Reason to skip the suite on hosts without isolation; CI machines have it. */
export async function unavailableReason(): Promise<string | undefined> {
  const a = await sandboxAvailable();
  return a.ok ? undefined : a.reason;
}

export interface Hostile {
  sandbox: Sandbox;
  /** Runs `hostile MODE ARGS...` (the prebuilt binary) with limits. */
  run(mode: string, args?: string[], limits?: Partial<SandboxLimits>): Promise<SandboxResult>;
  /** A benign run that must succeed after every hostile one. */
  expectBenign(): Promise<void>;
  close(): Promise<void>;
}

export async function startHostile(): Promise<Hostile> {
  const sandbox = await createSandbox({ slots: 1 });
  const build = await sandbox.exec({
    argv: ['go', 'build', '-o', 'hostile.bin', '.'],
    files: goFiles('hostile'),
    limits: { ...defaultLimits, timeoutMs: 120_000, memoryBytes: 1024 * 1024 * 1024 },
    collect: ['hostile.bin'],
  });
  const binary = build.outputs['hostile.bin'];
  if (!binary) throw new Error(`building the hostile program failed: ${build.status} ${build.stderr}`);
  const run = (mode: string, args: string[] = [], limits: Partial<SandboxLimits> = {}) =>
    sandbox.exec({
      argv: ['/bin/sh', '-c', 'chmod +x hostile.bin && exec ./hostile.bin "$@"', 'hostile', mode, ...args],
      files: [{ name: 'hostile.bin', content: binary }],
      limits: { ...defaultLimits, timeoutMs: 5000, ...limits },
    });
  return {
    sandbox,
    run,
    async expectBenign() {
      const r = await run('benign');
      expect(r.status, r.stderr).toBe('exited');
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toBe('benign ok\n');
    },
    close: () => sandbox.close(),
  };
}

/** Host processes whose command line contains `marker` (must be none after a run). */
export function processesWith(marker: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(marker)) out.push(Number(name));
    } catch {
      // exited while we looked
    }
  }
  return out;
}

export function marker(): string {
  return `gl-marker-${process.pid}-${Math.random().toString(36).slice(2)}`;
}

export function parseReport<T>(stdout: string): T {
  const line = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as T;
}
