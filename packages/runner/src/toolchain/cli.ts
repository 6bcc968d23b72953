/**
 * `npx tsx packages/runner/src/toolchain/cli.ts prepare`: called by
 * scripts/setup.d/30-sandbox.sh. Prints progress on stderr; exit 1 on failure.
 */
import { prepareToolchain } from './prepare.js';

const [cmd] = process.argv.slice(2);
if (cmd !== 'prepare') {
  process.stderr.write('usage: cli.ts prepare\n');
  process.exit(2);
}
try {
  await prepareToolchain({}, (m) => process.stderr.write(`[gopherlab] sandbox: ${m}\n`));
} catch (e) {
  process.stderr.write(`[gopherlab] sandbox setup failed: ${(e as Error).message}\n`);
  process.exit(1);
}
