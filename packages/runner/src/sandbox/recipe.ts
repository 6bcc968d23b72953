/**
 * The bubblewrap recipe: pure functions from (slot, spec) to the launcher
 * argv and environment, so the exact isolation is unit-testable and reviewable
 * in one place. docs/SECURITY.md explains each flag.
 */

/** Fixed paths inside the sandbox; learners see these in stack traces. */
export const INSIDE = {
  home: '/home/gopher',
  src: '/home/gopher/src',
  gocache: '/home/gopher/.cache/go-build',
  modcache: '/opt/gomodcache',
  build: '/opt/build',
  gotmp: '/opt/build/gotmp',
  /** Toolchains: /opt/go/<version> (go1.27.3), whatever the host path, so no host layout shows inside. */
  toolchains: '/opt/go',
  /** Our own Go tools built at setup (gopls), read-only. */
  tools: '/opt/gopherlab/tools',
} as const;

/** Where a toolchain of `version` is bound inside every run. */
export function insideGoroot(version: string): string {
  if (!/^go\d+\.\d+(\.\d+)?([a-z0-9]+)?$/.test(version)) throw new Error(`not a Go version: ${version}`);
  return `${INSIDE.toolchains}/${version}`;
}

export interface SlotPaths {
  /** tmpfs of diskBytes: src/, home/, tmp/, shm/ (everything the learner can fill). */
  scratch: string;
  /** tmpfs of buildDiskBytes: overlay upper/work, gotmp/, etc/. */
  build: string;
  /** overlay mount: base cache (lower, read-only) + build/upper. */
  gocache: string;
}

export interface RecipeInput {
  uid: number;
  /** Every selectable toolchain: host GOROOT, bound read-only at `inside` (the run's env picks one). */
  goroots: readonly { host: string; inside: string }[];
  modCache: string;
  /** Host directory of the tools built at setup, bound read-only at INSIDE.tools when present. */
  tools?: string;
  paths: SlotPaths;
  procsFiles: readonly string[];
  argv: string[];
  cwd: string;
  processes: number;
  fileSizeBytes: number;
  seccompFd: number;
  /** Shell lines run first, as root with `set -e` (the slot's mounts), before the cgroup is joined. */
  setup?: string;
}

/**
 * Base environment of every run. Keys in FORCED cannot be overridden by a
 * spec: they are what keeps the toolchain offline, local and on our caches.
 */
export function sandboxEnv(opts: { cpus: number; memoryBytes: number; cgo: boolean; goroot: string; workspace?: boolean; extra?: Record<string, string> }): Record<string, string> {
  const forced: Record<string, string> = {
    PATH: `${opts.goroot}/bin:/usr/bin:/bin`,
    HOME: INSIDE.home,
    USER: 'gopher',
    GOROOT: opts.goroot,
    GOPATH: `${INSIDE.home}/go`,
    GOMODCACHE: INSIDE.modcache,
    GOCACHE: INSIDE.gocache,
    GOTMPDIR: INSIDE.gotmp,
    GOTOOLCHAIN: 'local',
    GOPROXY: 'off',
    GOSUMDB: 'off',
    GOTELEMETRY: 'off',
    // Only the learner's own go.work at the module root, never one found elsewhere.
    GOWORK: opts.workspace ? `${INSIDE.src}/go.work` : 'off',
    GOENV: 'off',
  };
  const defaults: Record<string, string> = {
    TMPDIR: '/tmp',
    LANG: 'C.UTF-8',
    // -mod=mod lets a learner omit go.sum: hashes come from the read-only
    // module cache (GOSUMDB=off, GOPROXY=off), and go.mod edits stay in scratch.
    // Workspace mode only accepts the default (readonly), so a workspace needs its go.sum files
    // for third-party modules; standard-library workspaces need none.
    GOFLAGS: opts.workspace ? '' : '-mod=mod',
    // Explicit, because Go 1.25+ would otherwise derive it from the cgroup quota
    // and labs about the scheduler must show what they ran with.
    GOMAXPROCS: String(Math.max(1, Math.ceil(opts.cpus))),
    // Soft limit below the cgroup's hard one so the GC works before the OOM killer does.
    GOMEMLIMIT: String(Math.floor(opts.memoryBytes * 0.9)),
    CGO_ENABLED: opts.cgo ? '1' : '0',
  };
  if (opts.cgo) defaults.CC = 'gcc';
  return { ...defaults, ...(opts.extra ?? {}), ...forced };
}

/** Headroom of RLIMIT_NPROC over the cgroup's pids.max. */
export const NPROC_MARGIN = 16;

/** A single-quoted shell word: nothing inside is interpreted. */
export function shQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/**
 * `/bin/sh -c <script>`: joins the cgroup (so bwrap and everything it starts
 * is accounted from its first instruction), sets rlimits, then setpriv drops
 * to the slot uid and execs bwrap. The shell is the only extra exec on the
 * critical path (~1 ms); doing this in Node is impossible (no pre-exec hook).
 * RLIMIT_NPROC only bites for non-root, hence the uid switch before any fork.
 */
export function launcherArgv(input: RecipeInput): string[] {
  const joins = input.procsFiles.map((f) => `echo $$ > ${shQuote(f)}`).join(' && ');
  const blocks = Math.max(1, Math.ceil(input.fileSizeBytes / 512));
  const script = [
    ...(input.setup ? ['set -e', input.setup, 'set +e'] : []),
    `${joins} || exit 125`,
    'ulimit -c 0',
    'ulimit -n 4096',
    // A little above pids.max so the cgroup trips first and the hit is
    // observable (pids.events); NPROC stays the per-uid backstop host-wide.
    `ulimit -p ${input.processes + NPROC_MARGIN}`,
    `ulimit -f ${blocks}`,
    'exec "$@"',
  ].join('\n');
  const setpriv = ['/usr/bin/setpriv', `--reuid=${input.uid}`, `--regid=${input.uid}`, '--clear-groups', '--bounding-set=-all', '--inh-caps=-all', '--no-new-privs', '--'];
  return ['/bin/sh', '-c', script, 'gopherlab-launch', ...setpriv, ...bwrapArgv(input)];
}

export function bwrapArgv(input: RecipeInput): string[] {
  const { paths } = input;
  const a: string[] = ['/usr/bin/bwrap'];
  a.push('--unshare-all', '--unshare-user', '--uid', String(input.uid), '--gid', String(input.uid));
  a.push('--disable-userns', '--die-with-parent', '--new-session', '--cap-drop', 'ALL', '--hostname', 'sandbox');
  // System: read-only /usr (gcc, libc, sh for cgo and os/exec) with merged-/usr symlinks.
  a.push('--ro-bind', '/usr', '/usr');
  for (const d of ['bin', 'sbin', 'lib', 'lib64']) a.push('--symlink', `usr/${d}`, `/${d}`);
  a.push('--ro-bind-try', '/etc/ld.so.cache', '/etc/ld.so.cache');
  a.push('--ro-bind-try', '/etc/alternatives', '/etc/alternatives');
  for (const f of ['passwd', 'group', 'hosts', 'nsswitch.conf']) a.push('--ro-bind', `${paths.build}/etc/${f}`, `/etc/${f}`);
  for (const g of input.goroots) a.push('--ro-bind', g.host, g.inside);
  a.push('--ro-bind', input.modCache, INSIDE.modcache);
  if (input.tools) a.push('--ro-bind', input.tools, INSIDE.tools);
  a.push('--proc', '/proc', '--dev', '/dev');
  // Writable: only this run's own tmpfs mounts, never a host directory.
  a.push('--bind', `${paths.scratch}/home`, INSIDE.home);
  a.push('--bind', `${paths.scratch}/src`, INSIDE.src);
  a.push('--bind', `${paths.scratch}/tmp`, '/tmp');
  a.push('--bind', `${paths.scratch}/shm`, '/dev/shm');
  a.push('--bind', paths.gocache, INSIDE.gocache);
  a.push('--bind', `${paths.build}/gotmp`, INSIDE.gotmp);
  a.push('--chdir', input.cwd ? `${INSIDE.src}/${input.cwd}` : INSIDE.src);
  a.push('--seccomp', String(input.seccompFd));
  a.push('--', ...input.argv);
  return a;
}
