import { execFile } from 'node:child_process';
import { statfsSync } from 'node:fs';
import { promisify } from 'node:util';
import type { SlotPaths } from './recipe.js';

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

function q(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/**
 * Mounts one run's scratch: a tmpfs of diskBytes (learner files, HOME, /tmp,
 * /dev/shm: everything a program can fill, so one size bounds all of them), a
 * build tmpfs, and an overlay whose lower layer is the root-owned trusted
 * build cache and whose upper layer is this run's own (so compiled learner
 * code never reaches another run). One shell invocation keeps the idle-time
 * preparation to a single fork.
 */
export async function mountSlot(paths: SlotPaths, o: MountOptions): Promise<void> {
  const u = `${o.uid}:${o.uid}`;
  const inodes = Math.max(4096, Math.floor(o.diskBytes / 1024));
  const passwd = `root:x:0:0::/nonexistent:/usr/sbin/nologin\ngopher:x:${o.uid}:${o.uid}::/home/gopher:/bin/sh\nnobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\n`;
  const group = `root:x:0:\ngopher:x:${o.uid}:\nnobody:x:65534:\n`;
  const script = `set -e
${unmountScript(paths)}
mkdir -p ${q(paths.scratch)} ${q(paths.build)} ${q(paths.gocache)}
mount -t tmpfs -o size=${o.diskBytes},nr_inodes=${inodes},mode=0755,uid=${o.uid},gid=${o.uid},nosuid,nodev tmpfs ${q(paths.scratch)}
mkdir ${q(paths.scratch)}/src ${q(paths.scratch)}/home ${q(paths.scratch)}/tmp ${q(paths.scratch)}/shm
chown ${u} ${q(paths.scratch)}/src ${q(paths.scratch)}/home ${q(paths.scratch)}/tmp ${q(paths.scratch)}/shm
mount -t tmpfs -o size=${o.buildDiskBytes},mode=0755,nosuid,nodev tmpfs ${q(paths.build)}
mkdir ${q(paths.build)}/upper ${q(paths.build)}/work ${q(paths.build)}/gotmp ${q(paths.build)}/etc
chown ${u} ${q(paths.build)}/upper ${q(paths.build)}/gotmp
printf '%s' ${q(passwd)} > ${q(paths.build)}/etc/passwd
printf '%s' ${q(group)} > ${q(paths.build)}/etc/group
printf '127.0.0.1 localhost sandbox\\n::1 localhost\\n' > ${q(paths.build)}/etc/hosts
printf 'hosts: files dns\\n' > ${q(paths.build)}/etc/nsswitch.conf
${
    o.writableBaseCache
      ? `mount --bind ${q(o.baseCache)} ${q(paths.gocache)}`
      : // A fresh trim.txt in the upper layer: the go command scans (trims) a
        // cache whose last trim is over a day old, which would walk the whole
        // base cache in every run once the base is a day old.
        `printf '%s' ${Math.floor(Date.now() / 1000)} > ${q(paths.build)}/upper/trim.txt
mount -t overlay overlay -o lowerdir=${q(o.baseCache)},upperdir=${q(paths.build)}/upper,workdir=${q(paths.build)}/work ${q(paths.gocache)}`
  }
`;
  await run('/bin/sh', ['-c', script]);
}

function unmountScript(paths: SlotPaths): string {
  // Overlay first (its upper lives on the build tmpfs). Lazy unmount as a last
  // resort only: the cgroup is already empty, so nothing should hold them.
  return [paths.gocache, paths.build, paths.scratch]
    .map((p) => `while mountpoint -q ${q(p)}; do umount ${q(p)} 2>/dev/null || umount -l ${q(p)}; done`)
    .join('\n');
}

export async function unmountSlot(paths: SlotPaths): Promise<void> {
  await run('/bin/sh', ['-c', `set -e\n${unmountScript(paths)}`]);
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
