/**
 * A single-file program (the playground case) arrives without go.mod. We
 * generate one so every run is a module build: `module <name>`, `go 1.26`
 * (the toolchain's language version, never newer, or GOTOOLCHAIN=local would
 * refuse it) and `require` lines for the allowlisted modules it imports. The
 * sandbox runs with GOFLAGS=-mod=readonly and no network, so the go.mod must
 * be complete: indirect requirements and go.sum lines come from the module
 * allowlist, which knows exactly what the read-only module cache holds.
 */
import type { SourceFile } from '../model/report.js';

export interface AllowedModule {
  path: string;
  version: string;
  /** Requirements the module needs in the main go.mod to build with -mod=readonly (marked `// indirect`). */
  requires?: { path: string; version: string }[];
  /** go.sum lines for the module and everything it needs. */
  sum?: string[];
}

export const GENERATED_MODULE = 'gopherlab.dev/prog';

/** Import paths of a Go source file (single imports, grouped imports, aliases, dot and blank imports). */
export function goImports(source: string): string[] {
  // Only the header matters: drop comments first so commented-out imports do not count.
  const text = source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, '');
  const out = new Set<string>();
  const spec = /(?:^|[\s;(])(?:[A-Za-z_][\w]*\s+|[._]\s+)?("([^"\\\n]+)"|`([^`\n]+)`)/g;
  for (const m of text.matchAll(/\bimport\s*(\(([\s\S]*?)\)|(?:[A-Za-z_.]\w*\s+)?(?:"[^"\n]*"|`[^`\n]*`))/g)) {
    const body = m[2] ?? m[1]!;
    for (const s of body.matchAll(spec)) out.add(s[2] ?? s[3]!);
  }
  return [...out];
}

function moduleFor(importPath: string, allowlist: AllowedModule[]): AllowedModule | undefined {
  let best: AllowedModule | undefined;
  for (const m of allowlist) {
    if ((importPath === m.path || importPath.startsWith(`${m.path}/`)) && (!best || m.path.length > best.path.length)) best = m;
  }
  return best;
}

/**
 * Returns the files to add (go.mod, and go.sum when needed) for a request
 * without go.mod, or an empty list when the request already has one.
 */
export function generateGoMod(files: SourceFile[], allowlist: AllowedModule[], goLine = '1.26', goLineWithModules = goLine): SourceFile[] {
  // A go.work workspace brings its own modules; a generated root go.mod would shadow them.
  if (files.some((f) => f.name === 'go.mod' || f.name === 'go.work')) return [];
  const direct = new Map<string, AllowedModule>();
  for (const f of files) {
    if (!f.name.endsWith('.go')) continue;
    for (const imp of goImports(f.content)) {
      const m = moduleFor(imp, allowlist);
      if (m) direct.set(m.path, m);
    }
  }
  const indirect = new Map<string, string>();
  const sums = new Set<string>();
  for (const m of direct.values()) {
    for (const r of m.requires ?? []) if (!direct.has(r.path)) indirect.set(r.path, r.version);
    for (const s of m.sum ?? []) sums.add(s);
  }
  // Allowlisted modules may declare a patch-level go line (go 1.26.0), which is newer than the
  // language version `go 1.26`; the main module must not be older than what it requires.
  let mod = `module ${GENERATED_MODULE}\n\ngo ${direct.size ? goLineWithModules : goLine}\n`;
  const directLines = [...direct.values()].sort((a, b) => a.path.localeCompare(b.path)).map((m) => `\t${m.path} ${m.version}\n`);
  if (directLines.length) mod += `\nrequire (\n${directLines.join('')})\n`;
  const indirectLines = [...indirect].sort(([a], [b]) => a.localeCompare(b)).map(([p, v]) => `\t${p} ${v} // indirect\n`);
  if (indirectLines.length) mod += `\nrequire (\n${indirectLines.join('')})\n`;
  const out: SourceFile[] = [{ name: 'go.mod', content: mod }];
  if (sums.size && !files.some((f) => f.name === 'go.sum')) out.push({ name: 'go.sum', content: `${[...sums].sort().join('\n')}\n` });
  return out;
}
