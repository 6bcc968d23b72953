/**
 * Builds the module a lab is graded on. The hidden tests and the lab's go.mod
 * are authoritative: a learner must not be able to weaken a hidden test by
 * shipping a file with the same name, skip the hidden tests with their own
 * TestMain, or point go.mod somewhere else. Everything replaced or ignored is
 * reported so the learner is not surprised.
 */
import type { SourceFile } from '@gopherlab/runner';

export interface MergedModule {
  files: SourceFile[];
  /** Learner files replaced by the lab's version (hidden tests, go.mod). */
  replaced: string[];
  /** Learner test files left out of grading (only hidden tests grade). */
  ignored: string[];
}

/**
 * `labModule` holds the lab's go.mod (and go.sum, if the lab ships one), taken
 * from starter/; when given, they replace the learner's.
 */
export function mergeHiddenTests(learnerFiles: readonly SourceFile[], hiddenTests: readonly SourceFile[], labModule?: readonly SourceFile[]): MergedModule {
  const hidden = new Set(hiddenTests.map((f) => f.name));
  const labGoMod = labModule?.find((f) => f.name === 'go.mod')?.content;
  const labGoSum = labModule?.find((f) => f.name === 'go.sum')?.content;
  const replaced: string[] = [];
  const ignored: string[] = [];
  const files: SourceFile[] = [];
  for (const f of learnerFiles) {
    if (hidden.has(f.name)) {
      replaced.push(f.name);
    } else if (f.name === 'go.mod' && labGoMod !== undefined) {
      if (f.content !== labGoMod) replaced.push(f.name);
    } else if (f.name === 'go.sum' && labGoMod !== undefined) {
      // The lab's go.sum (or none: the sandbox resolves against its read-only module cache) is authoritative.
      if (labGoSum === undefined) ignored.push(f.name);
      else if (f.content !== labGoSum) replaced.push(f.name);
    } else if (f.name.endsWith('_test.go') || f.name.startsWith('testdata/')) {
      ignored.push(f.name);
    } else {
      files.push({ name: f.name, content: f.content });
    }
  }
  if (labGoMod !== undefined) files.push({ name: 'go.mod', content: labGoMod });
  if (labGoMod !== undefined && labGoSum !== undefined) files.push({ name: 'go.sum', content: labGoSum });
  for (const t of hiddenTests) files.push({ name: t.name, content: t.content });
  files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { files, replaced: replaced.sort(), ignored: ignored.sort() };
}

/** Names of the top-level Test functions declared in the hidden tests (TestMain excluded). */
export function hiddenTestNames(hiddenTests: readonly SourceFile[]): string[] {
  const names = new Set<string>();
  for (const f of hiddenTests) {
    if (!f.name.endsWith('_test.go')) continue;
    for (const m of f.content.matchAll(/^func (Test[A-Za-z0-9_]*)\(\s*\w+\s+\*testing\.T\s*\)/gm)) {
      names.add(m[1]!);
    }
  }
  names.delete('TestMain');
  return [...names].sort();
}
