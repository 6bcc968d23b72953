/**
 * Hostile programs that try to reach outside the sandbox: the network, host
 * files and secrets, other processes, the kernel's control files. Each
 * asserts the attempt failed inside AND that the host saw nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetPaths, defaultLimits, resolveSandboxConfig } from '../../src/sandbox/index.js';
import { marker, parseReport, processesWith, startHostile, unavailableReason, type Hostile } from './helpers.js';

const skip = await unavailableReason();

describe.skipIf(skip !== undefined)('hostile: escapes', () => {
  let h: Hostile;
  beforeAll(async () => {
    h = await startHostile();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('network: TCP and UDP to host listeners, DNS, host unix sockets and vsock all fail', async () => {
    let tcpConnections = 0;
    const server: Server = createServer((s) => {
      tcpConnections++;
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const tcpPort = (server.address() as { port: number }).port;
    let udpMessages = 0;
    const udp = createSocket('udp4');
    udp.on('message', () => udpMessages++);
    await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r));
    const unixDir = mkdtempSync(join(tmpdir(), 'gl-unix-'));
    const unixPath = join(unixDir, 'host.sock');
    const unixServer = createServer(() => tcpConnections++);
    await new Promise<void>((r) => unixServer.listen(unixPath, r));
    try {
      const r = await h.run('network', [`127.0.0.1:${tcpPort}`, `127.0.0.1:${udp.address().port}`, unixPath]);
      expect(r.status, r.stderr).toBe('exited');
      const res = parseReport<Record<string, string>>(r.stdout);
      expect(res.tcp).toMatch(/network is unreachable|connection refused/);
      expect(res.dns).not.toBe('ok');
      expect(res.unix).toMatch(/no such file/);
      expect(res.vsock).toMatch(/address family not supported/);
      // bwrap brings up the namespace's own loopback; nothing else exists.
      expect(res.interfacesUp).toBe('lo');
      // UDP "succeeds" at send time only if a route exists: either way nothing may arrive.
      await new Promise((r2) => setTimeout(r2, 100));
      expect(tcpConnections).toBe(0);
      expect(udpMessages).toBe(0);
    } finally {
      server.close();
      udp.close();
      unixServer.close();
      rmSync(unixDir, { recursive: true, force: true });
    }
    await h.expectBenign();
  });

  it('host files: /etc/shadow, /root, the data dir, the repository and the sandbox assets are not visible', async () => {
    const cfg = resolveSandboxConfig();
    const dataDir = resolve(process.env.GOPHERLAB_DATA_DIR ?? './data');
    const paths = ['/etc/shadow', '/root', '/root/.bash_history', dataDir, join(dataDir, 'gopherlab.db'), cfg.assetsDir, assetPaths(cfg).seccomp, process.cwd(), '/var/lib/postgresql'];
    const r = await h.run('files', paths);
    expect(r.status, r.stderr).toBe('exited');
    const res = parseReport<Record<string, string>>(r.stdout);
    for (const p of paths) expect(res[p], p).toMatch(/no such file|permission denied/);
    await h.expectBenign();
  });

  it('file names that escape the scratch or collide are refused before anything runs', async () => {
    const limits = { timeoutMs: 5000, memoryBytes: 256 << 20, processes: 64, outputBytes: 4096, diskBytes: 8 << 20, cpus: 1 };
    for (const name of ['../evil.go', '/etc/evil', 'a/../../evil', 'a\\b']) {
      await expect(h.sandbox.exec({ argv: ['/bin/true'], files: [{ name, content: 'x' }], limits })).rejects.toMatchObject({ code: 'invalid_file_name' });
    }
    await expect(
      h.sandbox.exec({ argv: ['/bin/true'], files: [{ name: 'a', content: 'x' }, { name: 'a/b.go', content: 'x' }], limits }),
    ).rejects.toMatchObject({ code: 'invalid_file_name' });
    await h.expectBenign();
  });

  it('environment: a secret in the runner process environment is not visible', async () => {
    process.env.GOPHERLAB_TEST_SECRET = 'hunter2-do-not-leak';
    try {
      const r = await h.run('env');
      const env = parseReport<string[]>(r.stdout);
      expect(env.join('\n')).not.toContain('hunter2-do-not-leak');
      expect(env.some((e) => e.startsWith('GOPHERLAB_'))).toBe(false);
      expect(env).toContain('GOTOOLCHAIN=local');
      expect(env).toContain('GOPROXY=off');
    } finally {
      delete process.env.GOPHERLAB_TEST_SECRET;
    }
    await h.expectBenign();
  });

  it('kill -1 and killing a host pid leave a sentinel process alive', async () => {
    const sentinel: ChildProcess = spawn('/bin/sleep', ['300'], { stdio: 'ignore' });
    try {
      const r = await h.run('kill', [String(sentinel.pid)]);
      expect(r.status, r.stderr).toBe('exited');
      const res = parseReport<Record<string, string>>(r.stdout);
      expect(res[`kill ${sentinel.pid}`]).toMatch(/no such process/);
      expect(sentinel.exitCode).toBeNull();
      expect(sentinel.signalCode).toBeNull();
      expect(() => process.kill(sentinel.pid!, 0)).not.toThrow();
    } finally {
      sentinel.kill('SIGKILL');
    }
    await h.expectBenign();
  });

  it('a setsid double-forked survivor is gone when the run ends', async () => {
    const m = marker();
    const r = await h.run('survivor', [m]);
    expect(r.status, r.stderr).toBe('exited');
    expect(r.stdout).toContain('parent exits');
    expect(processesWith(m)).toEqual([]);
    await h.expectBenign();
  });

  it('/proc and /sys escapes, cgroup writes and privileged syscalls fail', async () => {
    const r = await h.run('escape');
    expect(r.status, r.stderr).toBe('exited');
    const res = parseReport<Record<string, string>>(r.stdout);
    expect(res['read /proc/1/root/etc/shadow']).toMatch(/no such file|permission denied/);
    expect(res['write /proc/sys/kernel/hostname']).toMatch(/read-only file system|permission denied/);
    expect(res['write /proc/sysrq-trigger']).toMatch(/read-only file system|permission denied|no such file/);
    expect(res['write /sys/fs/cgroup/memory/memory.limit_in_bytes']).toMatch(/no such file/);
    expect(res['write /sys/fs/cgroup/cgroup.procs']).toMatch(/no such file/);
    for (const k of ['mount', 'unshare user', 'unshare net', 'ptrace', 'bpf', 'keyctl', 'chroot']) {
      expect(res[k], k).toMatch(/operation not permitted|permission denied/);
    }
    // uid 0 does not even exist in the run's user namespace.
    expect(res['setuid 0']).toMatch(/invalid argument|operation not permitted/);
    await h.expectBenign();
  });

  it('arguments, environment and directory reach the program verbatim through a pre-started sandbox (no shell injection)', async () => {
    // A slot starts its sandbox before the run and then sends it a shell
    // line: every value in it must stay one literal word.
    const pwned = `pwned-${process.pid}-${Date.now()}`;
    const args = ["a b", "it's", '$HOME', '`id`', `'; touch /tmp/${pwned}; '`, 'two\nlines', '*'];
    const env = { WEIRD: `q'uote $(touch /tmp/${pwned}) \n"end"` };
    const script = 'printf "%s|" "$@"; printf "%s|" "$WEIRD" "$(pwd)" "$(cat)"; ls /tmp';
    const r = await h.sandbox.exec({
      argv: ['/bin/sh', '-c', script, 'sh', ...args],
      files: [{ name: 'sub dir/keep.txt', content: 'x' }],
      cwd: 'sub dir',
      env,
      limits: { ...defaultLimits, timeoutMs: 5000 },
    });
    expect(r.status, r.stderr).toBe('exited');
    // $(cat) is empty: stdin is /dev/null, not the pipe the command came through.
    expect(r.stdout).toBe(`${args.join('|')}|${env.WEIRD}|/home/gopher/src/sub dir||`);
    await h.expectBenign();
  });
});
