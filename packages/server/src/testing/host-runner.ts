/**
 * TEST SUPPORT ONLY: a Runner that executes requests with the host's Go
 * toolchain WITHOUT any sandbox. The server's tests use it to drive real Go
 * programs through the queue, the database and the SSE stream while being
 * independent of the sandbox's host requirements. It is never wired into
 * `createServer` (which only loads the sandboxed runner) and must not be: it
 * would execute untrusted code unconfined.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cacheKey, defaultRunnerLimits, type RunEvent, type RunReport, type RunRequest, type TestResult } from '@gopherlab/runner';
import type { Runner } from '../runs/backend.js';

const GO = process.env.GOROOT ? path.join(process.env.GOROOT, 'bin', 'go') : '/usr/local/go/bin/go';

function hostEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: os.tmpdir(), GOCACHE: process.env.GOCACHE ?? path.join(os.homedir(), '.cache', 'go-build'), GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '-mod=mod' };
}

let warming: Promise<void> | undefined;

/**
 * Compiles what the tests' programs share (fmt, testing and their
 * dependencies, plus go test's vet) into the host build cache, once per
 * process and without a deadline. A request's timeout then bounds the
 * program, not a cold cache on a loaded machine: on a fresh machine (empty
 * GOCACHE, the suite running on both cores) the first `go test` of a lab took
 * longer than the lab's 30 s and was graded "error" instead of "fail".
 */
export function warmHostCache(): Promise<void> {
  warming ??= (async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gl-host-warm-'));
    try {
      await fs.writeFile(path.join(dir, 'go.mod'), 'module warm\n\ngo 1.26\n');
      await fs.writeFile(path.join(dir, 'main.go'), 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("warm") }\n');
      await fs.writeFile(path.join(dir, 'main_test.go'), 'package main\n\nimport "testing"\n\nfunc TestWarm(t *testing.T) {}\n');
      for (const args of [['build', '-o', os.devNull, '.'], ['test', '-count=1', '-run=^$', '.']]) {
        await new Promise<void>((resolve) => spawn(GO, args, { cwd: dir, env: hostEnv(), stdio: 'ignore' }).on('close', () => resolve()));
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  })();
  return warming;
}

export class HostGoRunner implements Runner {
  /** Runs actually executed (not served from any cache): tests assert on it. */
  executed = 0;

  constructor(private readonly timeoutMs = 30_000) {}

  /** The runner package's own key function over this runner's one "toolchain" and its timeout. */
  cacheKey(request: RunRequest): string {
    return cacheKey(request, `host ${GO}`, { ...defaultRunnerLimits, runTimeoutMs: this.timeoutMs, gomaxprocs: 1 });
  }

  async run(request: RunRequest, hooks: { onEvent?: (event: RunEvent) => void; signal?: AbortSignal } = {}): Promise<RunReport> {
    this.executed++;
    await warmHostCache();
    const emit = hooks.onEvent ?? (() => {});
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gl-host-run-'));
    const started = Date.now();
    try {
      for (const f of request.files) {
        const p = path.join(dir, f.name);
        await fs.mkdir(path.dirname(p), { recursive: true });
        await fs.writeFile(p, f.content);
      }
      if (!request.files.some((f) => f.name === 'go.mod')) await fs.writeFile(path.join(dir, 'go.mod'), 'module prog\n\ngo 1.26\n');
      const isTest = request.action === 'test';
      const args = isTest ? ['test', '-json', './...'] : request.action === 'build' ? ['build', './...'] : ['run', '.'];
      emit({ type: 'status', status: 'compiling' });
      const tests: TestResult[] = [];
      const outputs = new Map<string, string>();
      let stdout = '';
      let stderr = '';
      let pending = '';
      const child = spawn(GO, args, {
        cwd: dir,
        env: hostEnv(),
      });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, request.options?.timeoutMs ?? this.timeoutMs);
      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        if (!isTest) {
          stdout += chunk;
          emit({ type: 'stdout', data: chunk });
          return;
        }
        pending += chunk;
        let nl: number;
        while ((nl = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, nl);
          pending = pending.slice(nl + 1);
          let ev: { Action?: string; Test?: string; Package?: string; Output?: string; Elapsed?: number };
          try {
            ev = JSON.parse(line) as typeof ev;
          } catch {
            stdout += line + '\n';
            continue;
          }
          const key = `${ev.Package}\u0000${ev.Test}`;
          if (ev.Action === 'output' && ev.Output) {
            if (ev.Test) outputs.set(key, (outputs.get(key) ?? '') + ev.Output);
            stdout += ev.Output;
            emit({ type: 'stdout', data: ev.Output });
          } else if (ev.Test && (ev.Action === 'pass' || ev.Action === 'fail' || ev.Action === 'skip')) {
            const t: TestResult = { package: ev.Package ?? '', name: ev.Test, status: ev.Action, elapsedMs: Math.round((ev.Elapsed ?? 0) * 1000), output: outputs.get(key) ?? '' };
            tests.push(t);
            emit({ type: 'test', test: t });
          }
        }
      });
      child.stderr.on('data', (chunk: string) => {
        stderr += chunk;
        emit({ type: 'stderr', data: chunk });
      });
      const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      clearTimeout(timer);
      const compileError = /^# |\.go:\d+:\d+: /m.test(stderr) && tests.length === 0;
      const status: RunReport['status'] = timedOut ? 'timeout' : exitCode === 0 ? 'ok' : compileError ? 'compile_error' : 'failed';
      const wallMs = Date.now() - started;
      return {
        id: '',
        action: request.action,
        status,
        message: status === 'ok' ? '' : status === 'timeout' ? 'The program ran too long and was stopped.' : status === 'compile_error' ? 'The program does not compile.' : 'The program failed.',
        exitCode,
        stdout,
        stderr,
        truncated: false,
        timing: { wallMs, cpuMs: 0, compileMs: 0, execMs: wallMs, queueMs: 0 },
        limits: { buildTimeoutMs: this.timeoutMs, runTimeoutMs: this.timeoutMs, memoryBytes: 0, processes: 0, outputBytes: 0, diskBytes: 0, gomaxprocs: 0, cpus: 0 },
        tests,
        benchmarks: [],
        profiles: [],
        diagnostics: [],
        races: [],
        leaks: [],
      };
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  async close(): Promise<void> {}
}
