import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { assetPaths, resolveSandboxConfig, type SandboxConfig } from './config.js';
import { detectCgroupLayout } from './cgroup/index.js';

export interface Availability {
  ok: boolean;
  reason?: string;
}

/**
 * Says whether runs can be isolated on this host and, if not, exactly what is
 * missing, in words an operator can act on. The server refuses untrusted code
 * when this is not ok.
 */
export async function sandboxAvailable(config: Partial<SandboxConfig> = {}): Promise<Availability> {
  const problems: string[] = [];
  if (process.platform !== 'linux') return { ok: false, reason: 'the sandbox needs Linux (bubblewrap, cgroups, seccomp)' };
  if (process.getuid?.() !== 0) problems.push('the runner must run as root to create cgroups, mounts and per-slot users');
  for (const bin of ['/usr/bin/bwrap', '/usr/bin/setpriv', '/bin/sh', '/usr/bin/mountpoint']) {
    try {
      accessSync(bin, constants.X_OK);
    } catch {
      problems.push(`${bin} is missing (apt-get install ${bin.endsWith('bwrap') ? 'bubblewrap' : 'util-linux'})`);
    }
  }
  try {
    // bwrap runs as the slot uid and needs an unprivileged user namespace.
    if (Number(readFileSync('/proc/sys/user/max_user_namespaces', 'utf8').trim()) < 1) problems.push('user namespaces are disabled (sysctl user.max_user_namespaces=0)');
  } catch {
    problems.push('the kernel has no user namespaces');
  }
  try {
    if (!/^Seccomp:/m.test(readFileSync('/proc/self/status', 'utf8'))) problems.push('the kernel has no seccomp support');
  } catch {
    problems.push('/proc/self/status is unreadable');
  }
  try {
    if (!readFileSync('/proc/filesystems', 'utf8').includes('overlay')) problems.push('the kernel has no overlayfs (needed for the per-run build cache)');
  } catch {
    problems.push('/proc is not mounted');
  }
  try {
    const layout = detectCgroupLayout();
    if (layout.missing.length > 0) problems.push(`cgroup v${layout.version} controllers missing: ${layout.missing.join(', ')}`);
  } catch (e) {
    problems.push(`cgroups unreadable: ${(e as Error).message}`);
  }
  let cfg: SandboxConfig;
  try {
    cfg = resolveSandboxConfig(config);
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
  const assets = assetPaths(cfg);
  if (!existsSync(cfg.goroot + '/bin/go')) problems.push(`no Go toolchain at ${cfg.goroot} (set GOPHERLAB_GOROOT)`);
  if (!existsSync(assets.seccomp)) problems.push(`seccomp filter ${assets.seccomp} not generated (run scripts/setup.sh)`);
  if (!existsSync(assets.modCache)) problems.push(`module cache ${assets.modCache} not prepared (run scripts/setup.sh)`);
  if (!existsSync(assets.baseCache)) problems.push(`trusted build cache ${assets.baseCache} not prepared (run scripts/setup.sh)`);
  return problems.length === 0 ? { ok: true } : { ok: false, reason: problems.join('; ') };
}
