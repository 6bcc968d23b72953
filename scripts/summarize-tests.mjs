// Prints the plain "N passed, N failed" line CI reads, from vitest's JSON
// report. A test file that failed to load counts as one failed test, so a
// syntax error can never look like a green run.
import { readFileSync, existsSync } from 'node:fs';

const file = process.argv[2];
if (!file || !existsSync(file)) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
let passed = 0;
let failed = 0;
let skipped = 0;
for (const suite of report.testResults ?? []) {
  const tests = suite.assertionResults ?? [];
  if (suite.status === 'failed' && tests.every((t) => t.status !== 'failed')) failed += 1;
  for (const t of tests) {
    if (t.status === 'passed') passed += 1;
    else if (t.status === 'failed') failed += 1;
    else skipped += 1;
  }
}
if (skipped) console.log(`${skipped} skipped (each skip states its reason in the test)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
