/**
 * `gopherlab` entry point. Each sub-command lives in its own module under
 * commands/ and is loaded only when used, so `gopherlab exec` does not pay for
 * loading the web server and the other way round.
 */
import { AppError, isAppError } from '@gopherlab/errors';

export interface Command {
  summary: string;
  usage: string;
  /** Returns the process exit code. */
  run(argv: string[]): Promise<number>;
}

// Sub-commands by name; each module under commands/ exports `command: Command`.
// A static map of lazy imports (not a computed `import(\`./commands/${name}\`)`)
// so that the esbuild bundle (packages/cli/bin/build-bundle.js) sees every
// command and still loads each one, with its npm dependencies, only when used.
const COMMANDS = {
  serve: () => import('./commands/serve.js'),
  exec: () => import('./commands/exec.js'),
  pprof: () => import('./commands/pprof.js'),
  benchstat: () => import('./commands/benchstat.js'),
  gctrace: () => import('./commands/gctrace.js'),
  course: () => import('./commands/course.js'),
} satisfies Record<string, () => Promise<{ command: Command }>>;
type CommandName = keyof typeof COMMANDS;
const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

async function help(): Promise<void> {
  const lines = ['gopherlab: learn advanced Go by running and measuring real Go code', '', 'Commands:'];
  for (const name of COMMAND_NAMES) {
    try {
      const { command } = await COMMANDS[name]();
      lines.push(`  ${name.padEnd(10)} ${command.summary}`);
    } catch {
      // A command whose module fails to load (e.g. a native dependency not
      // built on this host) is simply not listed.
    }
  }
  lines.push('', 'Run `gopherlab <command> --help` for the options of one command.');
  console.log(lines.join('\n'));
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    await help();
    return 0;
  }
  if (!isCommandName(name)) {
    console.error(`gopherlab: unknown command "${name}". Run \`gopherlab --help\` for the list.`);
    return 2;
  }
  const { command } = await COMMANDS[name]();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(`${command.summary}\n\nUsage: ${command.usage}`);
    return 0;
  }
  return command.run(rest);
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
