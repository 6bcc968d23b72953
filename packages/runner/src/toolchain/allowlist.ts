import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assetPaths, resolveSandboxConfig, type SandboxConfig } from '../sandbox/config.js';

/** The allowlist module (go.mod, go.sum, imports.go); see allowlist/README.md. */
export const ALLOWLIST_DIR = join(dirname(fileURLToPath(import.meta.url)), 'allowlist');

export interface ModuleVersion {
  path: string;
  version: string;
}

/**
 * An allowlisted module as a learner's go.mod needs it: the shape the
 * pipeline's go.mod generator (request/gomod.ts) consumes.
 */
export interface AllowedModule extends ModuleVersion {
  /** Requirements to add as `// indirect` so `-mod=readonly` builds need no resolution. */
  requires: ModuleVersion[];
  /** go.sum lines for the module and everything it needs. */
  sum: string[];
}

/** Parses the `require` directives of a go.mod: direct ones and `// indirect` ones. */
export function parseRequires(gomod: string): { direct: ModuleVersion[]; indirect: ModuleVersion[] } {
  const direct: ModuleVersion[] = [];
  const indirect: ModuleVersion[] = [];
  let inBlock = false;
  for (const raw of gomod.split('\n')) {
    const line = raw.trim();
    let spec: string | undefined;
    if (inBlock) {
      if (line === ')') {
        inBlock = false;
        continue;
      }
      spec = line;
    } else if (line === 'require (') {
      inBlock = true;
      continue;
    } else if (line.startsWith('require ')) {
      spec = line.slice('require '.length);
    }
    if (!spec) continue;
    const isIndirect = /\/\/\s*indirect\b/.test(spec);
    const [path, version] = spec.replace(/\/\/.*$/, '').trim().split(/\s+/);
    if (!path || !version) continue;
    (isIndirect ? indirect : direct).push({ path, version });
  }
  return { direct, indirect };
}

/** The allowlisted modules and their pinned versions, straight from allowlist/go.mod. */
export function allowlistedModules(): ModuleVersion[] {
  return parseRequires(readFileSync(join(ALLOWLIST_DIR, 'go.mod'), 'utf8')).direct;
}

/**
 * The `go` line a generated go.mod must carry when it requires allowlisted
 * modules: some of them declare `go 1.26.0`, which is newer than the language
 * version `go 1.26`, and -mod=readonly then refuses the go.mod.
 */
export function allowlistGoVersion(): string {
  return /^go\s+(\S+)/m.exec(readFileSync(join(ALLOWLIST_DIR, 'go.mod'), 'utf8'))?.[1] ?? '1.26.0';
}

/**
 * The allowlist with per-module requirements and go.sum lines, as computed by
 * setup against the read-only module cache (`allowlist.json` in the sandbox
 * assets). Before setup has run this returns the modules without them.
 */
export function loadAllowlist(config: Partial<SandboxConfig> = {}): AllowedModule[] {
  const file = join(resolveSandboxConfig(config).assetsDir, 'allowlist.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as AllowedModule[];
  return allowlistedModules().map((m) => ({ ...m, requires: [], sum: [] }));
}

export { assetPaths };
