/**
 * Tool output names files in three ways: `./main.go` (relative to the
 * package), `main.go`, or an absolute path inside the sandbox's scratch
 * directory (race reports, vet JSON). Learners only know the names they sent,
 * so every path is mapped back to one of those when it ends with it.
 */
export function relativizePath(path: string, knownFiles: readonly string[]): string {
  let p = path.startsWith('./') ? path.slice(2) : path;
  if (knownFiles.includes(p)) return p;
  let best = '';
  for (const f of knownFiles) {
    if ((p.endsWith(`/${f}`) || p === f) && f.length > best.length) best = f;
  }
  if (best) return best;
  // Compiler paths are relative to the package directory (./x.go inside ./sub): match by suffix.
  const hits = knownFiles.filter((f) => f.endsWith(`/${p}`));
  if (hits.length === 1) p = hits[0]!;
  return p;
}
