import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Leases distinct uids across every sandbox on the host (several runner
 * processes, parallel test files). RLIMIT_NPROC counts per uid host-wide, so
 * two runs sharing a uid would let one's fork bomb starve the other. A lease
 * is a file created with O_EXCL holding the owner pid; leases of dead pids are
 * taken over.
 */
export function leaseUids(leaseDir: string, base: number, count: number, span = 4096): { uids: number[]; release: () => void } {
  mkdirSync(leaseDir, { recursive: true, mode: 0o700 });
  const got: number[] = [];
  for (let uid = base; uid < base + span && got.length < count; uid++) {
    const file = join(leaseDir, `uid-${uid}`);
    if (tryCreate(file) || (isStale(file) && (rmSync(file, { force: true }), tryCreate(file)))) got.push(uid);
  }
  if (got.length < count) {
    for (const uid of got) rmSync(join(leaseDir, `uid-${uid}`), { force: true });
    throw new Error(`could not lease ${count} sandbox uids from ${base}..${base + span}`);
  }
  return {
    uids: got,
    release: () => {
      for (const uid of got) rmSync(join(leaseDir, `uid-${uid}`), { force: true });
    },
  };
}

function tryCreate(file: string): boolean {
  try {
    const fd = openSync(file, 'wx', 0o600);
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch {
    return false;
  }
}

export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(file: string): boolean {
  try {
    return !pidAlive(Number(readFileSync(file, 'utf8').trim()));
  } catch {
    return false;
  }
}
