import { execFile } from 'node:child_process';
import { readFileSync, realpathSync, statfsSync } from 'node:fs';
import { promisify } from 'node:util';
import { shQuote as q, type SlotPaths } from './recipe.js';

const run = promisify(execFile);

export interface MountOptions {
  uid: number;
  diskBytes: number;
  buildDiskBytes: number;
  baseCache: string;
  /**
   * Setup only: bind the base cache itself writable instead of layering a
   * per-run upper over it, so a trusted build fills it (toolchain/prepare.ts).
   */
  writableBaseCache?: boolean;
}

/**
 * Mounts one run's scratch: a tmpfs of diskBytes (learner files, HOME, /tmp,
 * /dev/shm: everything a program can fill, so one size bounds all of them), a
 * build tmpfs, and an overlay whose lower layer is the root-owned trusted
 * build cache and whose upper layer is this run's own (so compiled learner
 * code never reaches another run).
 *
 * One shell with as few programs as possible: a process started from the
 * server costs ~6 ms of CPU (forking a large Node process), one started by a
 * small shell ~2 ms. The former script also ran `mountpoint` three to six
 * times and created directories one program at a time: 18 programs, 43 ms of
 * CPU per run (measured), a third of what 40 queued hello worlds cost beyond
 * running them bare. Now the kernel's mount table tells what to unmount.
 */
export async function mountSlot(paths: SlotPaths, o: MountOptions): Promise<void> {
  await run('/bin/sh', ['-c', `set -e\n${mountScript(paths, o)}`]);
  if (!slotMounted(paths)) throw new Error(`slot ${paths.scratch}: mounts missing after preparation`);
}

/**
 * The shell lines of mountSlot (to be run with `set -e`), also run by a
 * slot's launcher before it starts the sandbox, which saves the server one
 * process start per run (~16 ms of CPU in a busy server process).
 */
export function mountScript(paths: SlotPaths, o: MountOptions): string {
  const u = `${o.uid}:${o.uid}`;
  const inodes = Math.max(4096, Math.floor(o.diskBytes / 1024));
  const passwd = `root:x:0:0::/nonexistent:/usr/sbin/nologin\ngopher:x:${o.uid}:${o.uid}::/home/gopher:/bin/sh\nnobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\n`;
  const group = `root:x:0:\ngopher:x:${o.uid}:\nnobody:x:65534:\n`;
  const mounted = mountedAmong([paths.gocache, paths.build, paths.scratch]);
  const sc = q(paths.scratch);
  const b = q(paths.build);
  return `${mounted.length > 0 ? `umount ${mounted.map(q).join(' ')} 2>/dev/null || umount -l ${mounted.map(q).join(' ')} 2>/dev/null || true` : ''}
mkdir -p ${sc} ${b} ${q(paths.gocache)}
mount -t tmpfs -o size=${o.diskBytes},nr_inodes=${inodes},mode=0755,uid=${o.uid},gid=${o.uid},nosuid,nodev tmpfs ${sc}
mount -t tmpfs -o size=${o.buildDiskBytes},mode=0755,nosuid,nodev tmpfs ${b}
mkdir ${sc}/src ${sc}/home ${sc}/tmp ${sc}/shm ${b}/upper ${b}/work ${b}/gotmp ${b}/etc
chown ${u} ${sc}/src ${sc}/home ${sc}/tmp ${sc}/shm ${b}/upper ${b}/gotmp
printf '%s' ${q(passwd)} > ${b}/etc/passwd
printf '%s' ${q(group)} > ${b}/etc/group
printf '127.0.0.1 localhost sandbox\\n::1 localhost\\n' > ${b}/etc/hosts
printf 'hosts: files dns\\n' > ${b}/etc/nsswitch.conf
${
    o.writableBaseCache
      ? `mount --bind ${q(o.baseCache)} ${q(paths.gocache)}`
      : // A fresh trim.txt in the upper layer: the go command scans (trims) a
        // cache whose last trim is over a day old, which would walk the whole
        // base cache in every run once the base is a day old.
        `printf '%s' ${Math.floor(Date.now() / 1000)} > ${b}/upper/trim.txt
mount -t overlay overlay -o lowerdir=${q(o.baseCache)},upperdir=${b}/upper,workdir=${b}/work ${q(paths.gocache)}`
  }`;
}

/** True when each of the slot's three mounts is in place exactly once. */
export function slotMounted(paths: SlotPaths): boolean {
  const order = [paths.gocache, paths.build, paths.scratch];
  const mounted = mountedAmong(order);
  return mounted.length === 3 && order.every((p) => mounted.includes(p));
}

/**
 * How often each of `targets` is a mount point now (stacked mounts count
 * each), from the kernel's table: no process needed to find out.
 */
function mountedAmong(targets: readonly string[]): string[] {
  const points = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((p): p is string => p !== undefined)
    // mountinfo escapes space, tab, newline and backslash as octal.
    .map((p) => p.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8))));
  // The table lists resolved paths; a run directory behind a symlink must still match.
  const real = (t: string): string => {
    try {
      return realpathSync(t);
    } catch {
      return t;
    }
  };
  return targets.flatMap((t) => {
    const r = real(t);
    return points.filter((p) => p === r).map(() => t);
  });
}

/**
 * Unmounts a slot: overlay first (its upper lives on the build tmpfs), one
 * umount(8) for all. Lazy unmount only as a last resort: the cgroup is
 * already empty, so nothing should hold them.
 */
export async function unmountSlot(paths: SlotPaths): Promise<void> {
  const order = [paths.gocache, paths.build, paths.scratch];
  for (let attempt = 0; attempt < 3; attempt++) {
    const mounted = mountedAmong(order);
    if (mounted.length === 0) return;
    await run('/bin/umount', attempt < 2 ? mounted : ['-l', ...mounted]).catch(() => {});
  }
  const left = mountedAmong(order);
  if (left.length > 0) throw new Error(`could not unmount ${left.join(', ')}`);
}

/** Changes the scratch size for a run that asks for a different disk limit. */
export async function resizeScratch(paths: SlotPaths, diskBytes: number): Promise<void> {
  await run('/bin/mount', ['-o', `remount,size=${diskBytes},nr_inodes=${Math.max(4096, Math.floor(diskBytes / 1024))}`, paths.scratch]);
}

/** True when a tmpfs has (almost) no blocks or inodes left: the run hit its disk limit. */
export function isFull(path: string): boolean {
  try {
    const s = statfsSync(path);
    return s.bavail * s.bsize < 64 * 1024 || s.ffree < 8;
  } catch {
    return false;
  }
}
