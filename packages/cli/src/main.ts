/**
 * `gopherlab` entry point. Each sub-command lives in its own module under
 * commands/ and is loaded only when used, so `gopherlab exec` does not pay for
 * loading the web server and the other way round.
 */
import { readFileSync } from 'node:fs';
import { AppError, isAppError } from '@gopherlab/errors';

export interface Command {
  usage: string;
  /** Returns the process exit code. */
  run(argv: string[]): Promise<number>;
}


// Sub-commands by name, with the one-line summary `--help` prints (kept here
// so that `gopherlab --help` loads no command module at all). Each module
// under commands/ exports `command: Command`. A static map of lazy imports
// (not a computed `import(\`./commands/${name}\`)`) so that the esbuild bundle
// (packages/cli/bin/build-bundle.js) sees every command and still loads each
// one, with its npm dependencies, only when used.
const COMMANDS = {
  serve: { summary: 'start the web server and/or a runner worker', load: () => import('./commands/serve.js') },
  exec: { summary: 'run Go code through the sandboxed pipeline and print the RunReport', load: () => import('./commands/exec.js') },
  pprof: { summary: 'read pprof profiles: top table (as go tool pprof -top), call tree, flame graph model, diff of two profiles', load: () => import('./commands/pprof.js') },
  benchstat: { summary: 'compare Go benchmark results (median, 95% CI, Mann-Whitney U), like benchstat', load: () => import('./commands/benchstat.js') },
  gctrace: { summary: 'summarise GODEBUG=gctrace=1 / schedtrace output (pauses, heap, GC CPU) as text or JSON series', load: () => import('./commands/gctrace.js') },
  course: { summary: 'validate the course, grade a lab, list lessons', load: () => import('./commands/course.js') },
  analytics: { summary: 'fill the database with a synthetic cohort for demos and benchmarks: analytics seed --learners N --events M', load: () => import('./commands/analytics.js') },
  login: { summary: 'sign in to a gopherlab server (stores an API token, never the password)', load: async () => ({ command: (await import('./learner/commands.js')).login }) },
  logout: { summary: 'revoke and forget this machine\'s token', load: async () => ({ command: (await import('./learner/commands.js')).logout }) },
  whoami: { summary: 'who you are signed in as, and where', load: async () => ({ command: (await import('./learner/commands.js')).whoami }) },
  labs: { summary: 'the labs with your status', load: async () => ({ command: (await import('./learner/commands.js')).labs }) },
  lab: { summary: 'work on a lab in your own editor: lab start <id>, lab check, lab hint, lab solution, lab open', load: async () => ({ command: (await import('./learner/commands.js')).lab }) },
  run: { summary: 'run a program on your server (signed in) or locally: gopherlab run [dir] [--server URL]', load: async () => ({ command: (await import('./learner/commands.js')).action('run') }) },
  test: { summary: 'go test on your server or locally', load: async () => ({ command: (await import('./learner/commands.js')).action('test') }) },
  bench: { summary: 'benchmarks on your server or locally', load: async () => ({ command: (await import('./learner/commands.js')).action('bench') }) },
  race: { summary: 'the race detector on your server or locally', load: async () => ({ command: (await import('./learner/commands.js')).action('race') }) },
  profile: { summary: 'CPU and allocation profiles on your server or locally (files saved beside you)', load: async () => ({ command: (await import('./learner/commands.js')).action('profile') }) },
} satisfies Record<string, { summary: string; load: () => Promise<{ command: Command }> }>;
type CommandName = keyof typeof COMMANDS;

function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

function help(): string {
  const lines = ['gopherlab: learn advanced Go by running and measuring real Go code', '', 'Usage: gopherlab <command> [options]', '', 'Commands:'];
  for (const [name, { summary }] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(10)} ${summary}`);
  lines.push('', 'Options:', '  --help      this text (or `gopherlab <command> --help` for one command)', '  --version   the version of gopherlab');
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return 0;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    // packages/cli/package.json: one level up from both src/main.ts and the bundle in dist/.
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    console.log(`gopherlab ${version}`);
    return 0;
  }
  if (!isCommandName(name)) {
    console.error(`gopherlab: unknown command "${name}". Run \`gopherlab --help\` for the list.`);
    return 2;
  }
  const { summary, load } = COMMANDS[name];
  const { command } = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(`${summary}\n\nUsage: ${command.usage}`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    // node:util parseArgs throws a TypeError with an ERR_PARSE_ARGS_* code for an
    // unknown option, a missing value or a stray positional: that is a usage error.
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
      console.error(`gopherlab ${name}: ${(e as Error).message.split('\n')[0]} Run \`gopherlab ${name} --help\` for the options.`);
      return 2;
    }
    throw e;
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (isAppError(e)) {
    console.error(`gopherlab: ${e.message} [${e.code}]`);
    process.exitCode = 2;
  } else {
    const err = new AppError('internal_error');
    console.error(`gopherlab: ${err.message}`);
    console.error(e);
    process.exitCode = 70;
  }
}
