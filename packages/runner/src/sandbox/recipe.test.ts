import { describe, expect, it } from 'vitest';
import { bwrapArgv, insideGoroot, launcherArgv, sandboxEnv, type RecipeInput } from './recipe.js';

const input: RecipeInput = {
  uid: 61001,
  goroots: [
    { host: '/srv/gopherlab/.cache/go-toolchains/golang.org/toolchain@v0.0.1-go1.27.3.linux-amd64', inside: '/opt/go/go1.27.3' },
    { host: '/usr/local/go', inside: '/opt/go/go1.26.8' },
  ],
  modCache: '/data/sandbox/gomodcache',
  paths: { scratch: '/run/gl/slot-1/scratch', build: '/run/gl/slot-1/build', gocache: '/run/gl/slot-1/gocache' },
  procsFiles: ['/sys/fs/cgroup/pids/gopherlab/s1/cgroup.procs', "/weird'path/cgroup.procs"],
  argv: ['go', 'test', './...'],
  cwd: 'sub',
  processes: 128,
  fileSizeBytes: 1024 * 1024,
  seccompFd: 3,
};

describe('sandbox recipe', () => {
  it('isolates every namespace and forbids nested user namespaces', () => {
    const a = bwrapArgv(input);
    for (const flag of ['--unshare-all', '--unshare-user', '--disable-userns', '--die-with-parent', '--new-session']) expect(a).toContain(flag);
    expect(a.slice(a.indexOf('--cap-drop'), a.indexOf('--cap-drop') + 2)).toEqual(['--cap-drop', 'ALL']);
    expect(a.slice(a.indexOf('--seccomp'), a.indexOf('--seccomp') + 2)).toEqual(['--seccomp', '3']);
    expect(a.slice(-4)).toEqual(['--', 'go', 'test', './...']);
  });

  it('binds only the run scratch writable and never the host root, /etc wholesale or /root', () => {
    const a = bwrapArgv(input);
    const writableSources = a.flatMap((x, i) => (x === '--bind' ? [a[i + 1]!] : []));
    expect(writableSources.every((s) => s.startsWith('/run/gl/slot-1/'))).toBe(true);
    const allSources = a.flatMap((x, i) => (x.includes('bind') ? [a[i + 1]!] : []));
    expect(allSources).not.toContain('/');
    expect(allSources).not.toContain('/etc');
    expect(allSources.some((s) => s.startsWith('/root'))).toBe(false);
    expect(a.slice(a.indexOf('--chdir'), a.indexOf('--chdir') + 2)).toEqual(['--chdir', '/home/gopher/src/sub']);
  });

  it('binds every toolchain read-only under /opt/go by version, hiding where the host keeps it', () => {
    const a = bwrapArgv(input);
    const readOnly = a.flatMap((x, i) => (x === '--ro-bind' ? [`${a[i + 1]}=>${a[i + 2]}`] : []));
    expect(readOnly).toEqual(expect.arrayContaining([`${input.goroots[0]!.host}=>/opt/go/go1.27.3`, '/usr/local/go=>/opt/go/go1.26.8']));
    expect(a.filter((x) => x.startsWith('/srv/'))).toEqual([input.goroots[0]!.host]);
    expect(insideGoroot('go1.27.3')).toBe('/opt/go/go1.27.3');
    expect(() => insideGoroot('../../etc')).toThrow();
  });

  it('joins every cgroup, sets rlimits and drops to the slot uid before bwrap', () => {
    const a = launcherArgv(input);
    expect(a[0]).toBe('/bin/sh');
    const script = a[2]!;
    expect(script).toContain(`echo $$ > '/sys/fs/cgroup/pids/gopherlab/s1/cgroup.procs'`);
    expect(script).toContain(`'/weird'\\''path/cgroup.procs'`);
    expect(script).toContain('ulimit -p 144');
    expect(script).toContain('ulimit -f 2048');
    expect(script).toContain('ulimit -c 0');
    expect(a).toContain('--reuid=61001');
    expect(a.indexOf('--reuid=61001')).toBeLessThan(a.indexOf('/usr/bin/bwrap'));
  });

  it('runs the slot setup as root under set -e before joining the cgroup, then drops set -e', () => {
    const script = launcherArgv({ ...input, setup: 'mount -t tmpfs tmpfs /x' })[2]!;
    const lines = script.split('\n');
    expect(lines.slice(0, 3)).toEqual(['set -e', 'mount -t tmpfs tmpfs /x', 'set +e']);
    expect(script.indexOf('mount -t tmpfs')).toBeLessThan(script.indexOf('echo $$'));
    expect(launcherArgv(input)[2]!.startsWith('set -e')).toBe(false);
  });

  it('forces the offline toolchain settings over caller env', () => {
    const env = sandboxEnv({ cpus: 1.5, memoryBytes: 1000, cgo: false, goroot: '/usr/local/go', extra: { GOTOOLCHAIN: 'auto', GOPROXY: 'https://proxy.golang.org', GODEBUG: 'gctrace=1' } });
    expect(env.GOTOOLCHAIN).toBe('local');
    expect(env.GOPROXY).toBe('off');
    expect(env.GODEBUG).toBe('gctrace=1');
    expect(env.GOMAXPROCS).toBe('2');
    expect(env.GOMEMLIMIT).toBe('900');
    expect(env.CGO_ENABLED).toBe('0');
    expect(sandboxEnv({ cpus: 1, memoryBytes: 1, cgo: true, goroot: '/g' }).CGO_ENABLED).toBe('1');
  });

  it('uses only the learner\'s own go.work, and lets workspace mode keep its readonly default', () => {
    const plain = sandboxEnv({ cpus: 1, memoryBytes: 1, cgo: false, goroot: '/g', extra: { GOWORK: '/etc/go.work' } });
    expect(plain.GOWORK).toBe('off');
    expect(plain.GOFLAGS).toBe('-mod=mod');
    const ws = sandboxEnv({ cpus: 1, memoryBytes: 1, cgo: false, goroot: '/g', workspace: true, extra: { GOWORK: '/etc/go.work' } });
    expect(ws.GOWORK).toBe('/home/gopher/src/go.work');
    expect(ws.GOFLAGS).toBe('');
  });
});
