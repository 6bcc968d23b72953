/**
 * A single-run sandbox (the CLI's `exec`: one slot, not prepared again after
 * its run) keeps every guarantee of a pooled one: what the run started is
 * gone once it returns, and a run it was not meant for still gets a clean,
 * isolated slot (prepared cold) rather than the first run's leftovers.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, defaultLimits, type Sandbox } from '../../src/sandbox/index.js';
import { marker, processesWith, unavailableReason } from './helpers.js';

const skip = await unavailableReason();
if (skip) console.warn(`hostile suite skipped: ${skip}`);

describe.skipIf(skip !== undefined)('hostile: single-run sandbox', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
  });

  it('drops what the run left running, and a second run starts clean', async () => {
    sandbox = await createSandbox({ slots: 1, singleRun: true });
    const m = marker();
    // A background process that outlives the shell, and a file in scratch.
    const first = await sandbox.exec({
      argv: ['/bin/sh', '-c', `echo secret > left.txt; /bin/sh -c 'sleep 60; :' ${m} & sleep 0.2; echo started`],
      files: [],
      limits: { ...defaultLimits, timeoutMs: 5000 },
    });
    expect(first.status, first.stderr).toBe('exited');
    expect(first.stdout).toBe('started\n');
    // Nothing of the run may remain (the PID namespace ends with the shell; the dropped cgroup is the backstop).
    await expect.poll(() => processesWith(m), { timeout: 5000 }).toEqual([]);

    const second = await sandbox.exec({
      argv: ['/bin/sh', '-c', 'ls; id -u'],
      files: [{ name: 'fresh.txt', content: 'x' }],
      limits: { ...defaultLimits, timeoutMs: 5000 },
    });
    expect(second.status, second.stderr).toBe('exited');
    expect(second.stdout.split('\n')[0]).toBe('fresh.txt');
    expect(Number(second.stdout.split('\n')[1])).toBeGreaterThanOrEqual(1000);
  });

  it('prepares no spare slot and leaves no instance directory behind', async () => {
    sandbox = await createSandbox({ slots: 1, singleRun: true, runDir: `/run/gopherlab-single-${process.pid}` });
    const dir = `/run/gopherlab-single-${process.pid}`;
    const instances = readdirSync(dir).filter((n) => n !== 'uids');
    expect(instances).toHaveLength(1);
    expect(readdirSync(`${dir}/${instances[0]}`)).toEqual(['slot-0']);
    await sandbox.close();
    sandbox = undefined;
    expect(existsSync(`${dir}/${instances[0]}`)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});
