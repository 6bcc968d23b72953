/**
 * The go.mod a program without one gets, for runs and editor sessions alike,
 * so gopls and `go build` see the same module (same requires, same go line).
 */
import type { SourceFile } from '../model/report.js';
import { generateGoMod, type AllowedModule } from '../request/index.js';
import { allowlistGoVersion, loadAllowlist } from '../toolchain/allowlist.js';
import { newerGoLine } from './toolchains.js';

export interface ModulePolicy {
  modules: AllowedModule[];
  /** Modules given by the caller (tests): the go line is the release's own. */
  explicit: boolean;
}

/** The allowlist setup computed against the read-only module cache; none before setup (imports then fail with advice). */
export function modulePolicy(modules?: AllowedModule[]): ModulePolicy {
  if (modules) return { modules, explicit: true };
  try {
    return { modules: loadAllowlist(), explicit: false };
  } catch {
    return { modules: [], explicit: false };
  }
}

/** `sources` plus a generated go.mod (and go.sum) when they have none, for Go `release` (`1.27`). */
export function withModuleFiles(sources: SourceFile[], release: string, policy: ModulePolicy): SourceFile[] {
  const moduleGoLine = policy.explicit ? release : newerGoLine(release, allowlistGoLine(release));
  return [...sources, ...generateGoMod(sources, policy.modules, release, moduleGoLine)];
}

function allowlistGoLine(fallback: string): string {
  try {
    return allowlistGoVersion();
  } catch {
    return fallback;
  }
}
