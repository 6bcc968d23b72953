#!/usr/bin/env node
// The `gopherlab` binary. Sources are TypeScript; there is no build step
// between editing them and running them. Two ways to start:
// - the prebuilt bundle (dist/gopherlab.mjs, made by build-bundle.js from
//   scripts/setup.d/60-cli-bundle.sh), when it exists and every file it was
//   built from is unchanged (freshness.js: stats only, ~2 ms). Plain Node, no
//   loader: this saves the ~0.4 s CPU tsx costs at every start, which is most
//   of the time of a short command such as `gopherlab benchstat`.
// - otherwise, silently, the sources through tsx's loader, so someone editing
//   the code never runs a stale bundle.
// GOPHERLAB_CLI_LOADER=tsx forces the sources (e.g. for stack traces that
// point into the .ts files); =bundle forces the bundle even when stale.
// A namespace import: Node 20 (handed over below) has no enableCompileCache to name.
import * as nodeModule from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InvalidLoaderError, chooseEntry } from './freshness.js';
import { handOver, supportedNode } from './supported-node.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Starts the CLI in this process: the fresh bundle, else the sources through tsx. */
async function start() {
  let bundle;
  try {
    bundle = chooseEntry(repoRoot);
  } catch (e) {
    if (!(e instanceof InvalidLoaderError)) throw e;
    // Same shape as main.ts prints for an AppError (the catalog's code).
    console.error(`gopherlab: ${e.message} [${e.code}]`);
    process.exit(2);
  }
  if (bundle) {
    // V8's code cache on disk (Node >= 22.1): a command's modules are parsed
    // and compiled once, not at every start (~40% of `exec`'s import time).
    nodeModule.enableCompileCache?.(join(repoRoot, '.cache/node-compile-cache'));
    await import(pathToFileURL(bundle).href);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    await import('../src/main.ts');
  }
}

const node = supportedNode(repoRoot);
if (node) handOver(node, [fileURLToPath(import.meta.url), ...process.argv.slice(2)]);
else await start();
