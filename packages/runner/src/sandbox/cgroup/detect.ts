import { RUN_CPU_WEIGHT_TASKS } from './types.js';
import { existsSync, readFileSync } from 'node:fs';
import { CgroupV1Driver, V1_CONTROLLERS } from './v1.js';
import { CgroupV2Driver } from './v2.js';
import type { CgroupDriver } from './types.js';

export interface CgroupLayout {
  version: 1 | 2;
  /** v2: the unified mount; v1: controller -> hierarchy mount point. */
  mount?: string;
  v1?: Record<(typeof V1_CONTROLLERS)[number], string>;
  missing: string[];
}

/**
 * Reads /proc/self/mountinfo rather than guessing paths: v1 hierarchies can
 * be co-mounted (`cpu,cpuacct`) and hybrid hosts mount an empty cgroup2 at
 * /sys/fs/cgroup/unified, which must not be mistaken for a v2 host.
 */
export function detectCgroupLayout(mountinfo = readFileSync('/proc/self/mountinfo', 'utf8')): CgroupLayout {
  const v1: Partial<Record<string, string>> = {};
  let v2Mount: string | undefined;
  for (const line of mountinfo.split('\n')) {
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    const left = line.slice(0, sep).split(' ');
    const right = line.slice(sep + 3).split(' ');
    const mountPoint = left[4];
    const fstype = right[0];
    if (!mountPoint) continue;
    if (fstype === 'cgroup2') {
      // A v2 mount with controllers is the real one; the hybrid "unified" one has none.
      const ctl = `${mountPoint}/cgroup.controllers`;
      if (existsSync(ctl) && readFileSync(ctl, 'utf8').trim() !== '') v2Mount = mountPoint;
    } else if (fstype === 'cgroup') {
      for (const opt of (right[2] ?? '').split(',')) if ((V1_CONTROLLERS as readonly string[]).includes(opt)) v1[opt] = mountPoint;
    }
  }
  const haveV1 = V1_CONTROLLERS.filter((c) => v1[c]);
  if (v2Mount && haveV1.length === 0) {
    const controllers = readFileSync(`${v2Mount}/cgroup.controllers`, 'utf8').trim().split(/\s+/);
    return { version: 2, mount: v2Mount, missing: ['memory', 'pids', 'cpu'].filter((c) => !controllers.includes(c)) };
  }
  return {
    version: 1,
    v1: v1 as Record<(typeof V1_CONTROLLERS)[number], string>,
    missing: V1_CONTROLLERS.filter((c) => !v1[c]),
  };
}

export function createCgroupDriver(parentName: string, weightTasks = RUN_CPU_WEIGHT_TASKS, layout = detectCgroupLayout()): CgroupDriver {
  if (layout.missing.length > 0) throw new Error(`cgroup v${layout.version} controllers missing: ${layout.missing.join(', ')}`);
  if (layout.version === 2) return new CgroupV2Driver(layout.mount!, parentName, weightTasks);
  return new CgroupV1Driver(layout.v1!, parentName, weightTasks);
}
