/**
 * The learner CLI: work on a lab in your own editor against a gopherlab
 * server. login/logout/whoami manage an API token; labs lists the labs with
 * your status; lab start|check|hint|solution work in a lab folder. Every
 * prompt has a flag, so scripts and tests drive it without a terminal.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '@gopherlab/errors';
import type { Command } from '../main.js';
import { normaliseServer, ServerClient } from './client.js';
import { deleteCredentials, readCredentials, requireCredentials, writeCredentials } from './credentials.js';
import { readLabFiles, readMarker, writeLabFolder, writeMarker } from './lab-folder.js';
import { formatGrade, type Grade } from './grade-text.js';

type Lang = 'en' | 'zh-CN';
const lang = (raw: string | undefined): Lang => (raw === 'zh-CN' || raw === 'zh' ? 'zh-CN' : 'en');

function signedInClient(): { client: ServerClient; email: string; tokenId: string } {
  const c = requireCredentials();
  return { client: new ServerClient(c.server, c.token), email: c.email, tokenId: c.tokenId };
}

export const login: Command = {
  usage: 'gopherlab login --server URL --email E --password-stdin   (the password is read from stdin and never stored)',
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { server: { type: 'string' }, email: { type: 'string' }, 'password-stdin': { type: 'boolean', default: false }, name: { type: 'string' } } });
    if (!values.server) throw new AppError('invalid_option', 'gopherlab login needs --server URL (for example --server http://localhost:8080).');
    if (!values.email || !values['password-stdin']) throw new AppError('invalid_option', 'gopherlab login needs --email and --password-stdin (pipe the password in: echo "$PASSWORD" | gopherlab login ...).');
    const password = readFileSync(0, 'utf8').replace(/\r?\n$/, '');
    if (password === '') throw new AppError('invalid_option', 'No password arrived on stdin.');
    const server = normaliseServer(values.server);
    const res = await new ServerClient(server).request<{ token: string; id: string; user: { email: string; displayName: string } }>('POST', '/api/v1/auth/tokens', {
      email: values.email,
      password,
      name: values.name ?? 'gopherlab CLI',
    });
    const file = writeCredentials({ server, token: res.token, tokenId: res.id, email: res.user.email });
    console.log(`Signed in to ${server} as ${res.user.email}. The token is in ${file} (readable only by you).`);
    return 0;
  },
};

export const logout: Command = {
  usage: 'gopherlab logout   (revokes this machine\'s token on the server and forgets it)',
  async run(argv) {
    parseArgs({ args: argv, options: {} });
    const { client } = signedInClient();
    try {
      await client.request('DELETE', '/api/v1/auth/tokens/current');
    } catch (e) {
      // Already revoked (e.g. from the account page): forgetting it locally is all that is left to do.
      if (!(e instanceof AppError) || e.code !== 'invalid_token') throw e;
    }
    deleteCredentials();
    console.log('Signed out: the token is revoked and removed from this machine.');
    return 0;
  },
};

export const whoami: Command = {
  usage: 'gopherlab whoami [--json]',
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
    const { client } = signedInClient();
    const me = await client.request<{ user: { email: string; displayName: string; role: string } | null }>('GET', '/api/v1/auth/me');
    if (!me.user) throw new AppError('invalid_token');
    console.log(values.json ? JSON.stringify({ server: client.server, ...me.user }) : `${me.user.displayName} <${me.user.email}> (${me.user.role}) on ${client.server}`);
    return 0;
  },
};

interface Outline {
  modules: { id: string; title: string; lessons: { id: string; title: string; hasLab: boolean; progress?: string }[] }[];
}

export const labs: Command = {
  usage: 'gopherlab labs [--module M] [--lang en|zh-CN] [--json]',
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { module: { type: 'string' }, lang: { type: 'string' }, json: { type: 'boolean', default: false } } });
    const { client } = signedInClient();
    const outline = await client.request<Outline>('GET', `/api/v1/course?lang=${lang(values.lang)}`);
    const mods = outline.modules.filter((m) => !values.module || m.id === values.module);
    if (values.module && mods.length === 0) throw new AppError('not_found', `No module ${values.module}. Modules: ${outline.modules.map((m) => m.id).join(', ')}.`);
    const rows = mods.flatMap((m) => m.lessons.filter((l) => l.hasLab).map((l) => ({ module: m.id, id: l.id, title: l.title, status: l.progress ?? 'not started' })));
    if (values.json) console.log(JSON.stringify(rows, null, 2));
    else for (const r of rows) console.log(`${r.status.padEnd(12)} ${r.id.padEnd(30)} ${r.title}`);
    return 0;
  },
};

interface LessonView {
  lab?: { title: string; goal: string; starter: { name: string; content: string }[]; hints: string[] };
}

async function labOf(client: ServerClient, id: string, l: Lang): Promise<NonNullable<LessonView['lab']>> {
  const lesson = await client.request<LessonView>('GET', `/api/v1/lessons/${encodeURIComponent(id)}?lang=${l}`);
  if (!lesson.lab) throw new AppError('not_found', `Lesson ${id} has no lab. List the labs with: gopherlab labs`);
  return lesson.lab;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const lab: Command = {
  usage: 'gopherlab lab start <id> [--dir D] [--lang en|zh-CN] | lab check [--dir D] [--json] | lab hint [N] | lab solution [--dir D] | lab open',
  async run(argv) {
    const [sub, ...rest] = argv;
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { dir: { type: 'string' }, lang: { type: 'string' }, json: { type: 'boolean', default: false } } });
    switch (sub) {
      case 'start':
        return start(positionals[0], values.dir, lang(values.lang));
      case 'check':
        return check(resolve(values.dir ?? '.'), values.json ?? false);
      case 'hint':
        return hint(resolve(values.dir ?? '.'), positionals[0]);
      case 'solution':
        return solution(resolve(values.dir ?? '.'));
      case 'open':
        return open(resolve(values.dir ?? '.'));
      default:
        throw new AppError('invalid_option', `Unknown lab command "${sub ?? ''}". Use: ${this.usage}`);
    }
  },
};

async function start(id: string | undefined, dirFlag: string | undefined, l: Lang): Promise<number> {
  if (!id) throw new AppError('invalid_option', 'gopherlab lab start needs a lab id. List them with: gopherlab labs');
  const { client } = signedInClient();
  const spec = await labOf(client, id, l);
  // Continue where you left off (in the browser or on another machine): the saved draft wins over the starter.
  const { draft } = await client.request<{ draft: { files: { name: string; content: string }[]; updatedAt: string } | null }>('GET', `/api/v1/labs/${encodeURIComponent(id)}/draft`);
  const dir = resolve(dirFlag ?? id);
  writeLabFolder(dir, draft?.files ?? spec.starter, { server: client.server, lab: id, lang: l });
  const what = draft ? `Your saved draft (${draft.updatedAt.slice(0, 16).replace('T', ' ')} UTC) is` : 'The starter files are';
  console.log(`${spec.title}\n\n${spec.goal}\n\n${what} in ${dir}. Edit them with your own tools, then run:\n  cd ${dir} && gopherlab lab check`);
  return 0;
}

async function check(dir: string, json: boolean): Promise<number> {
  const marker = readMarker(dir);
  const { client } = signedInClient();
  if (client.server !== marker.server) throw new AppError('invalid_option', `This lab belongs to ${marker.server}, but you are signed in to ${client.server}. Run gopherlab login --server ${marker.server}.`);
  const files = readLabFiles(dir);
  const { id } = await client.request<{ id: string }>('POST', `/api/v1/labs/${encodeURIComponent(marker.lab)}/check`, { files, hintsUsed: marker.hints ?? 0 });
  // What was checked is also the draft the web app and other machines continue from.
  await client.request('PUT', `/api/v1/labs/${encodeURIComponent(marker.lab)}/draft`, { files });
  let last = '';
  for (;;) {
    const view = await client.request<{ status: string; grade?: Grade }>('GET', `/api/v1/checks/${id}`);
    if (!json && view.status !== last && view.status !== 'done') process.stderr.write(`${view.status}…\n`);
    last = view.status;
    if (view.status === 'done' && view.grade) {
      process.stdout.write(json ? `${JSON.stringify(view.grade, null, 2)}\n` : formatGrade(view.grade));
      return view.grade.passed ? 0 : 1;
    }
    await sleep(400);
  }
}

async function hint(dir: string, nRaw: string | undefined): Promise<number> {
  const marker = readMarker(dir);
  const { client } = signedInClient();
  const hints = (await labOf(client, marker.lab, marker.lang)).hints;
  const n = nRaw === undefined ? 1 : Number(nRaw);
  if (!Number.isInteger(n) || n < 1 || n > hints.length) throw new AppError('invalid_option', `This lab has ${hints.length} hints: ask for 1 to ${hints.length} (gopherlab lab hint 2).`);
  console.log(`Hint ${n} of ${hints.length}: ${hints[n - 1]}`);
  if (n > (marker.hints ?? 0)) writeMarker(dir, { ...marker, hints: n });
  return 0;
}

async function solution(dir: string): Promise<number> {
  const marker = readMarker(dir);
  const { client } = signedInClient();
  const { files } = await client.request<{ files: { name: string; content: string }[] }>('GET', `/api/v1/labs/${encodeURIComponent(marker.lab)}/solution`);
  for (const f of files) process.stdout.write(`── ${f.name} ${'─'.repeat(Math.max(0, 60 - f.name.length))}\n${f.content}${f.content.endsWith('\n') ? '' : '\n'}`);
  return 0;
}

/** Prints the lab's page and opens it in the browser when this machine has one (xdg-open / open). */
async function open(dir: string): Promise<number> {
  const marker = readMarker(dir);
  const url = `${marker.server}/learn/${encodeURIComponent(marker.lab)}`;
  console.log(url);
  const opener = process.platform === 'darwin' ? 'open' : 'xdg-open';
  const { spawn } = await import('node:child_process');
  // Best effort: a headless machine has no browser, and the URL above is enough.
  spawn(opener, [url], { stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
  return 0;
}

/**
 * `gopherlab run|test|bench|race|profile [dir] [exec flags]`: the same as
 * `gopherlab exec <dir> --action <name>`, on the signed-in server unless
 * --server names another (or nobody is signed in: then locally, as exec does).
 */
export function action(name: 'run' | 'test' | 'bench' | 'race' | 'profile'): Command {
  return {
    usage: `gopherlab ${name} [dir] [--server URL] [the options of gopherlab exec]`,
    async run(argv) {
      const hasDir = argv.length > 0 && !argv[0]!.startsWith('-');
      const rest = hasDir ? argv.slice(1) : argv;
      const saved = readCredentials();
      const server = rest.includes('--server') || !saved ? [] : ['--server', saved.server];
      const { command } = await import('../commands/exec.js');
      return command.run([hasDir ? argv[0]! : '.', '--action', name, ...server, ...rest]);
    },
  };
}
