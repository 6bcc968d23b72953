/**
 * The Go function around a line, named as the compiler names it (what
 * GOSSAFUNC expects): `Sum`, `(*Stack).Push` for a pointer method,
 * `Stack.Len` for a value method. The SSA button shows the function the
 * cursor is in; outside any function, `main`.
 */
export function funcAt(source: string, line: number): string {
  const lines = source.split('\n');
  for (let i = Math.min(line, lines.length) - 1; i >= 0; i--) {
    const m = /^func\s*(?:\(\s*\w*\s*(\*?)\s*([A-Za-z_]\w*)(?:\[[^\]]*\])?\s*\)\s*)?([A-Za-z_]\w*)/.exec(lines[i]!);
    if (!m) continue;
    const [, star, recv, name] = m;
    if (!recv) return name!;
    return star ? `(*${recv}).${name}` : `${recv}.${name}`;
  }
  return 'main';
}
