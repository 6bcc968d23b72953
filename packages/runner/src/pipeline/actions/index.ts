/**
 * Action -> handler: the one place that says which code runs for an action.
 * Each handler fills the draft report from one or two sandboxed steps.
 */
import type { Action } from '../../model/report.js';
import type { Ctx, Draft } from '../context.js';
import { fmt, simpleBuild, ssaView, vet } from './build.js';
import { runProgram } from './program.js';
import { goTest } from './test.js';

/** Where a handler may keep files of this run (profiles, traces). */
export interface RunFiles {
  dataDir: string;
  runId: string;
}

type Handler = (ctx: Ctx, d: Draft, files: RunFiles) => Promise<void>;

const HANDLERS: Record<Action, Handler> = {
  run: (ctx, d) => runProgram(ctx, d, false),
  // -race on tests when there are any, else on the program.
  race: (ctx, d, f) => (ctx.shape.hasTests ? goTest(ctx, d, f.dataDir, f.runId) : runProgram(ctx, d, true)),
  build: (ctx, d) => simpleBuild(ctx, d, 'build'),
  escape: (ctx, d) => simpleBuild(ctx, d, 'escape'),
  asm: (ctx, d) => simpleBuild(ctx, d, 'asm'),
  ssa: (ctx, d, f) => ssaView(ctx, d, f.dataDir, f.runId),
  vet: (ctx, d) => vet(ctx, d),
  fmt: (ctx, d) => fmt(ctx, d),
  test: (ctx, d, f) => goTest(ctx, d, f.dataDir, f.runId),
  bench: (ctx, d, f) => goTest(ctx, d, f.dataDir, f.runId),
  profile: (ctx, d, f) => goTest(ctx, d, f.dataDir, f.runId),
  trace: (ctx, d, f) => goTest(ctx, d, f.dataDir, f.runId),
  fuzz: (ctx, d, f) => goTest(ctx, d, f.dataDir, f.runId),
};

export function runAction(action: Action, ctx: Ctx, d: Draft, files: RunFiles): Promise<void> {
  return HANDLERS[action](ctx, d, files);
}
