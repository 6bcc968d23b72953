/**
 * Builds the sandbox's root-owned assets, idempotently (each step keeps a
 * stamp of its inputs and is skipped while they are unchanged):
 *
 * 1. the seccomp BPF (sandbox/seccomp/gen-seccomp.py, libseccomp);
 * 2. the read-only module cache: `go mod download all` of the allowlist,
 *    from the host's own download cache first, then the Go module proxy;
 * 3. allowlist.json: per allowlisted module, the indirect requirements and
 *    go.sum lines a learner's go.mod needs, resolved offline against (2);
 * 4. the trusted base build cache: std and the allowlisted packages compiled
 *    (plain and -race) and the test2json tool, with every toolchain, INSIDE the
 *    sandbox, so cache keys (GOROOT, module cache path, flags) are exactly those
 *    of learner runs.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { assetPaths, resolveSandboxConfig, toolchainsFile, type SandboxConfig } from '../sandbox/config.js';
import { createSandbox } from '../sandbox/sandbox.js';
import { allowlistGoVersion, parseRequires, ALLOWLIST_DIR, type AllowedModule } from './allowlist.js';

const run = promisify(execFile);
const SECCOMP_GENERATOR = fileURLToPath(new URL('../sandbox/seccomp/gen-seccomp.py', import.meta.url));
/** Bump when the base-cache build recipe below changes. */
const BASE_CACHE_RECIPE = 'v8';

type Log = (msg: string) => void;

function sha256(...parts: (string | Buffer)[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}

function stampMatches(file: string, want: string): boolean {
  return existsSync(file) && readFileSync(file, 'utf8').trim() === want;
}

async function goEnv(goroot: string, key: string): Promise<string> {
  const { stdout } = await run(join(goroot, 'bin/go'), ['env', key]);
  return stdout.trim();
}

function hostEnv(goroot: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: `${goroot}/bin:/usr/bin:/bin`, HOME: process.env.HOME ?? '/root', GOTOOLCHAIN: 'local', GOTELEMETRY: 'off', GOWORK: 'off', GOFLAGS: '-mod=mod', ...extra };
}

export async function prepareSeccomp(cfg: SandboxConfig, log: Log): Promise<void> {
  const out = assetPaths(cfg).seccomp;
  const stamp = `${out}.stamp`;
  const want = sha256(readFileSync(SECCOMP_GENERATOR));
  if (existsSync(out) && stampMatches(stamp, want)) return;
  log('generating the seccomp filter');
  await run('/usr/bin/python3', [SECCOMP_GENERATOR, out]);
  chmodSync(out, 0o644);
  writeFileSync(stamp, want);
}

function allowlistHash(): string {
  return sha256(readFileSync(join(ALLOWLIST_DIR, 'go.mod')), readFileSync(join(ALLOWLIST_DIR, 'go.sum')), readFileSync(join(ALLOWLIST_DIR, 'imports.go')));
}

export async function prepareModuleCache(cfg: SandboxConfig, log: Log): Promise<void> {
  const { modCache } = assetPaths(cfg);
  const stamp = join(cfg.assetsDir, 'gomodcache.stamp');
  const want = allowlistHash();
  if (existsSync(modCache) && stampMatches(stamp, want) && existsSync(join(cfg.assetsDir, 'allowlist.json'))) return;
  log('downloading the module allowlist into the read-only module cache');
  const hostCache = await goEnv(cfg.goroot, 'GOMODCACHE');
  const work = mkdtempSync(join(tmpdir(), 'gopherlab-allowlist-'));
  try {
    for (const f of ['go.mod', 'go.sum', 'imports.go']) cpSync(join(ALLOWLIST_DIR, f), join(work, f));
    const proxy = existsSync(join(hostCache, 'cache/download')) ? `file://${hostCache}/cache/download,https://proxy.golang.org` : 'https://proxy.golang.org';
    await run(join(cfg.goroot, 'bin/go'), ['mod', 'download', 'all'], { cwd: work, env: hostEnv(cfg.goroot, { GOMODCACHE: modCache, GOPROXY: proxy }), maxBuffer: 64 << 20 });
    chmodSync(cfg.assetsDir, 0o755);
    writeFileSync(join(cfg.assetsDir, 'allowlist.json'), JSON.stringify(await resolveAllowlist(cfg), null, 1));
    writeFileSync(stamp, want);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * For each allowlisted module, the requirements and go.sum lines a learner's
 * go.mod needs: the allowlist's whole build list, pinned. Narrower sets
 * (only what the module's own graph reaches) do not work offline: they make
 * the go command load go.mod files of older versions (go < 1.17 modules are
 * unpruned) that the allowlist's own graph never needed and the cache lacks.
 * Listing the whole build list keeps a learner module's graph identical to
 * the allowlist's, which `go mod download all` proved complete. Each result
 * is checked offline with -mod=readonly before it is published.
 */
async function resolveAllowlist(cfg: SandboxConfig): Promise<AllowedModule[]> {
  const { modCache } = assetPaths(cfg);
  const go = join(cfg.goroot, 'bin/go');
  const offline = hostEnv(cfg.goroot, { GOMODCACHE: modCache, GOPROXY: 'off', GOSUMDB: 'off', GOFLAGS: '-mod=readonly' });
  const gomod = readFileSync(join(ALLOWLIST_DIR, 'go.mod'), 'utf8');
  const { direct, indirect } = parseRequires(gomod);
  const sum = readFileSync(join(ALLOWLIST_DIR, 'go.sum'), 'utf8').split('\n').filter(Boolean);
  const imports = readFileSync(join(ALLOWLIST_DIR, 'imports.go'), 'utf8').match(/"[^"]+"/g)?.map((q) => q.slice(1, -1)) ?? [];
  const out: AllowedModule[] = [];
  for (const m of direct) {
    const requires = [...direct, ...indirect].filter((r) => r.path !== m.path);
    const owner = (i: string) => direct.filter((d) => i === d.path || i.startsWith(`${d.path}/`)).sort((a, b) => b.path.length - a.path.length)[0]?.path;
    const mine = imports.filter((i) => owner(i) === m.path);
    const probe = mkdtempSync(join(tmpdir(), 'gopherlab-probe-'));
    try {
      const req = [`\t${m.path} ${m.version}`, ...requires.map((r) => `\t${r.path} ${r.version} // indirect`)].join('\n');
      writeFileSync(join(probe, 'go.mod'), `module gopherlab.dev/probe\n\ngo ${allowlistGoVersion()}\n\nrequire (\n${req}\n)\n`);
      writeFileSync(join(probe, 'go.sum'), sum.join('\n') + '\n');
      writeFileSync(join(probe, 'probe.go'), `package probe\n\nimport (\n${mine.map((i) => `\t_ "${i}"`).join('\n')}\n)\n`);
      await run(go, ['list', '-deps', './...'], { cwd: probe, env: offline, maxBuffer: 64 << 20 });
    } catch (e) {
      throw new Error(`allowlisted module ${m.path} does not resolve offline: ${(e as { stderr?: string }).stderr ?? (e as Error).message}`);
    } finally {
      rmSync(probe, { recursive: true, force: true });
    }
    out.push({ ...m, requires, sum });
  }
  return out;
}

const SAMPLE = {
  'sample/sample.go': 'package sample\n\nimport (\n\t"fmt"\n\t"strings"\n\t"sync"\n)\n\nfunc Join(parts []string) string {\n\tvar mu sync.Mutex\n\tmu.Lock()\n\tdefer mu.Unlock()\n\treturn fmt.Sprint(strings.Join(parts, ","))\n}\n',
  'sample/sample_test.go': 'package sample\n\nimport "testing"\n\nfunc TestJoin(t *testing.T) {\n\tif Join([]string{"a"}) != "a" {\n\t\tt.Fatal("join")\n\t}\n}\n\nfunc BenchmarkJoin(b *testing.B) {\n\tfor b.Loop() {\n\t\tJoin([]string{"a", "b"})\n\t}\n}\n',
  // A test in the package that imports every allowlisted package: `go test`
  // vets the package under test, which needs the vet facts of all its
  // dependencies. Computed in a learner's run, those facts cost modernc.org/sqlite
  // alone ~15 s and more than the 512 MiB run limit (measured), so they are
  // built here, with go test's vet flags and with go vet's, plain and -race.
  'allowlist_test.go': 'package allowlist\n\nimport "testing"\n\nfunc TestImports(t *testing.T) {}\n',
  'cmd/hello/main.go': 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n',
  // cgo runs (system(), -race) need runtime/cgo compiled with cgo on.
  'cmd/cgohello/main.go': '//go:build cgo\n\npackage main\n\n// #include <stdlib.h>\nimport "C"\n\nimport "fmt"\n\nfunc main() { fmt.Println(C.abs(-1)) }\n',
};

/** Shell: marks the executables `go tool` and `go run` cache (files inside `<id>-d/` entries) with `mode`. */
const CACHED_TOOLS_EXECUTABLE = (dir: string, mode: string) => `find ${dir} -type f -path '*-d/*' -exec chmod ${mode} {} +`;

export async function prepareBaseCache(cfg: SandboxConfig, log: Log): Promise<void> {
  const { baseCache } = assetPaths(cfg);
  const stamp = `${baseCache}.stamp`;
  // One tree for every toolchain: build cache keys include the compiler's identity, so
  // entries of Go 1.26 and 1.27 sit side by side and each run's overlay serves both.
  const versions = await Promise.all(cfg.goroots.map(async (g) => (await run(join(g, 'bin/go'), ['version'])).stdout.trim()));
  const want = sha256(versions.join('\n'), allowlistHash(), BASE_CACHE_RECIPE, JSON.stringify(SAMPLE));
  if (existsSync(baseCache) && stampMatches(stamp, want)) return;
  log('building the trusted Go build cache (std and allowlisted modules, plain and -race; a few minutes the first time)');
  // Built in place and incrementally: cache entries are content-addressed and
  // written atomically by the go command, so entries of an earlier (trusted,
  // possibly interrupted) build stay valid and a change to the allowlist only
  // compiles what changed. The stamp is written only after every step passed.
  rmSync(stamp, { force: true });
  mkdirSync(baseCache, { recursive: true });
  // The builder runs as a slot uid: open the tree to it for the duration.
  // Executables `go tool` caches (`<id>-d/<name>`, e.g. test2json) must stay executable.
  await run('/bin/sh', ['-c', `set -e; find "$1" -type d -exec chmod 0777 {} +; find "$1" -type f -exec chmod 0666 {} +; ${CACHED_TOOLS_EXECUTABLE('"$1"', '0777')}`, 'open', baseCache]);
  const files = [
    ...['go.mod', 'go.sum', 'imports.go'].map((f) => ({ name: f, content: readFileSync(join(ALLOWLIST_DIR, f)) })),
    ...Object.entries(SAMPLE).map(([name, content]) => ({ name, content })),
  ];
  const limits = { timeoutMs: 15 * 60_000, memoryBytes: 6144 * 1024 * 1024, processes: 2048, outputBytes: 8 << 20, diskBytes: 1024 << 20, cpus: Math.max(1, availableParallelism()) };
  // One exec per step, so each gets the whole timeout on a slow machine.
  const steps: { script: string; cgo: boolean }[] = [
    { script: 'go build std', cgo: false },
    { script: 'go build ./...', cgo: false },
    { script: 'go test -count=1 -run ^$ ./sample && go vet ./sample && go build ./cmd/hello', cgo: false },
    { script: 'go build ./cmd/cgohello', cgo: true },
    { script: 'go test -race -count=1 -run ^$ ./sample', cgo: true },
    { script: 'go build -race ./...', cgo: true },
    { script: 'go vet . && go test -count=1 -run ^$ .', cgo: false },
    { script: 'go test -race -count=1 -run ^$ .', cgo: true },
    // Graded runs convert a prebuilt test binary's output with `go tool test2json`
    // (pipeline/sealed.ts); the release does not ship it prebuilt, and linking it
    // in every run cost ~0.5 s (measured).
    { script: 'go tool test2json </dev/null', cgo: false },
  ];
  try {
    const sandbox = await createSandbox({ ...cfg, slots: 1, writableBaseCache: true, buildDiskBytes: 4096 * 1024 * 1024 });
    try {
      for (const [t, goroot] of cfg.goroots.entries()) {
        for (const [i, step] of steps.entries()) {
          log(`trusted build ${i + 1}/${steps.length} with ${versions[t]}: ${step.script}`);
          const r = await sandbox.exec({ argv: ['/bin/sh', '-c', step.script], files, limits, cgo: step.cgo, goroot });
          if (r.status !== 'exited' || r.exitCode !== 0) throw new Error(`trusted cache build failed with ${versions[t]} at "${step.script}" (${r.status}, exit ${r.exitCode}): ${r.stderr.slice(-2000)}`);
        }
      }
    } finally {
      await sandbox.close();
    }
  } finally {
    // Whatever happened, hand the tree back to root before anyone mounts it.
    await lockBaseCache(baseCache);
  }
  writeFileSync(stamp, want);
}

/**
 * Root owns every entry; files are read-only to everyone else (0644, or 0755
 * for the tool executables `go tool` caches); directories stay world-writable so the per-run
 * overlay lets runs add entries (they land in the run's own upper layer),
 * and the root directory is closed to everyone but root (the overlay's
 * mounter), so no host user can reach the writable directories.
 */
async function lockBaseCache(baseCache: string): Promise<void> {
  // Entries get an mtime in 2100. The go command refreshes the mtime of every
  // entry it uses when that mtime is over an hour old; through the run's
  // overlay that is a copy-up of the whole file, so an hour after setup each
  // hello world copied 33 MB (308 files) of the base into its tmpfs, charged
  // to the learner's memory limit (measured). A future mtime is never "over
  // an hour old", and go's trim only deletes entries older than 5 days.
  await run('/bin/sh', ['-c', `set -e; cd "$1"; find . ! -type d ! -type f -delete; chown -R 0:0 .; find . -type d -exec chmod 0777 {} +; find . -type f -exec chmod 0644 {} +; ${CACHED_TOOLS_EXECUTABLE('.', '0755')}; find . -mindepth 1 ! -name trim.txt -exec touch -h -d "2100-01-01 00:00:00Z" {} +; chmod 0700 .`, 'lock', baseCache]);
}

export async function prepareToolchain(config: Partial<SandboxConfig> = {}, log: Log = () => {}): Promise<void> {
  const cfg = resolveSandboxConfig(config);
  mkdirSync(cfg.assetsDir, { recursive: true, mode: 0o755 });
  chmodSync(cfg.assetsDir, 0o755);
  // The toolchains this preparation is for, default first: what the sandbox binds from now on.
  writeFileSync(toolchainsFile(cfg.assetsDir), JSON.stringify(cfg.goroots, null, 1) + '\n');
  await prepareSeccomp(cfg, log);
  await prepareModuleCache(cfg, log);
  if (!existsSync(assetPaths(cfg).baseCache)) mkdirSync(assetPaths(cfg).baseCache, { mode: 0o700 });
  await prepareBaseCache(cfg, log);
  for (const name of readdirSync(cfg.assetsDir)) if (name.endsWith('.tmp')) rmSync(join(cfg.assetsDir, name), { force: true });
}
