/**
 * Request validation: the only door into the pipeline. Everything after it
 * may assume a well-formed request: relative slash paths without escapes,
 * UTF-8 text within the size limits, options within the ranges the operator
 * configured. Refusals are AppErrors with catalog codes so the CLI, the API
 * and the web app report them the same way.
 */
import { z } from 'zod';
import { parseGoDuration } from './duration.js';
import { AppError, type ErrorCode } from '@gopherlab/errors';
import { ACTIONS, PROFILE_KINDS, type RunRequest, type SourceFile } from '../model/report.js';
import { parseTxtar } from './txtar.js';

export interface ValidationPolicy {
  maxFiles: number;
  maxFileBytes: number;
  maxTotalBytes: number;
  /** Upper bound for options.timeoutMs (the operator's run timeout). */
  maxRunTimeoutMs: number;
  maxGomaxprocs: number;
  /** Upper bound for -benchtime/-fuzztime durations. */
  maxMeasureMs: number;
}

export const defaultValidationPolicy: ValidationPolicy = {
  maxFiles: 64,
  maxFileBytes: 256 * 1024,
  maxTotalBytes: 1024 * 1024,
  maxRunTimeoutMs: 60_000,
  maxGomaxprocs: 16,
  maxMeasureMs: 30_000,
};

/**
 * GODEBUG keys a learner may set: the runtime's tracing switches and the
 * settings the course compares. Anything else (e.g. `cpu.*`, `panicnil`) is
 * refused because it either changes semantics we do not teach or hides
 * platform behaviour.
 */
export const GODEBUG_KEYS = [
  'gctrace',
  'schedtrace',
  'scheddetail',
  'inittrace',
  'madvdontneed',
  'gcpacertrace',
  'asyncpreemptoff',
  'containermaxprocs',
  'updatemaxprocs',
  'tracebackancestors',
  'invalidptr',
  'clobberfree',
  'gcstoptheworld',
  'efence',
] as const;

/** GODEBUG keys whose output is runtime trace lines on stderr (routed to `runtimeTrace`). */
export const TRACE_GODEBUG_KEYS = ['gctrace', 'schedtrace', 'scheddetail', 'inittrace', 'gcpacertrace'] as const;

/** GOEXPERIMENT values Go 1.26 knows that the course uses (with and without the `no` prefix). */
export const GOEXPERIMENTS = ['goroutineleakprofile', 'greenteagc', 'jsonv2', 'randomizedheapbase64', 'sizespecializedmalloc', 'runtimefreegc'] as const;

const ALLOWED_EXTENSIONS = new Set([
  '.go', '.mod', '.sum', '.work', '.s', '.txt', '.md', '.json', '.csv', '.yaml', '.yml', '.toml', '.tmpl', '.html', '.css', '.sql', '.golden', '.input', '.out', '.proto', '.xml',
]);

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const SEGMENT = /^[\p{L}\p{N}._\-+@~=,]+$/u;

function fail(code: ErrorCode, message: string, details?: unknown): never {
  throw new AppError(code, message, details);
}

/** Decodes bytes as UTF-8, refusing invalid sequences (the CLI reads files as bytes). */
export function decodeUtf8(bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return fail('invalid_utf8', `${name} is not valid UTF-8 text.`, { file: name });
  }
}

export function checkFileName(name: string): void {
  const bad = (why: string): never => fail('invalid_file_name', `File name ${JSON.stringify(name)} is not allowed: ${why}.`, { file: name });
  if (name.length === 0) bad('it is empty');
  if (name.length > 200) bad('it is longer than 200 characters');
  if (/[\u0000-\u001f\u007f]/.test(name)) bad('it contains control characters');
  if (name.includes('\\')) bad('use "/" to separate directories, not "\\"');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) bad('it must be a relative path');
  const segments = name.split('/');
  if (segments.length > 8) bad('it is nested more than 8 directories deep');
  for (const s of segments) {
    if (s === '') bad('it has an empty path element');
    if (s === '.' || s === '..') bad('"." and ".." are not allowed in paths');
    if (!SEGMENT.test(s)) bad('use letters, digits and ._-+@~=, only');
  }
  const base = segments[segments.length - 1]!;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot).toLowerCase() : '';
  // Fuzz corpus entries (testdata/fuzz/FuzzX/<hash>) and other test data have arbitrary names.
  if (!segments.slice(0, -1).includes('testdata') && !ALLOWED_EXTENSIONS.has(ext) && base !== 'LICENSE' && base !== 'README') {
    bad(`files of type "${ext || base}" are not accepted (use .go, go.mod, go.sum, go.work, or put data under testdata/)`);
  }
}

function checkDuration(field: string, raw: string, maxMs: number, allowIterations: boolean): void {
  if (allowIterations && /^\d{1,9}x$/.test(raw)) {
    if (Number.parseInt(raw, 10) < 1) fail('invalid_option', `${field} must be at least 1x.`);
    return;
  }
  const ms = parseGoDuration(raw);
  if (ms === null) fail('invalid_option', `${field} must be a duration like 100ms or 2s${allowIterations ? ', or an iteration count like 1000x' : ''}.`, { option: field });
  if (!(ms > 0) || ms > maxMs) fail('invalid_option', `${field} must be between 1ns and ${maxMs / 1000}s.`, { option: field });
}

const pattern = z.string().max(200).regex(/^[^\u0000-\u001f]*$/, 'no control characters');

function optionsSchema(p: ValidationPolicy) {
  return z
    .object({
      timeoutMs: z.number().int().min(100).max(p.maxRunTimeoutMs).optional(),
      run: pattern.optional(),
      bench: pattern.optional(),
      count: z.number().int().min(1).max(20).optional(),
      benchtime: z.string().max(20).optional(),
      profiles: z.array(z.enum(PROFILE_KINDS)).min(1).max(PROFILE_KINDS.length).optional(),
      fuzz: z.string().regex(/^Fuzz[A-Za-z0-9_]*$/, 'a fuzz target name like FuzzReverse').optional(),
      fuzztime: z.string().max(20).optional(),
      func: z
        .string()
        .max(200)
        .regex(/^[A-Za-z_(*][A-Za-z0-9_.()*\[\],]*$/, 'a function name like Sum, (*Stack).Push or pkg.Func')
        .optional(),
      goVersion: z.string().regex(/^1\.\d{1,3}$/, 'a Go release like 1.27').optional(),
      gomaxprocs: z.number().int().min(1).max(p.maxGomaxprocs).optional(),
      godebug: z.string().max(200).optional(),
      goexperiment: z.string().max(200).optional(),
      packages: z
        .string()
        .max(200)
        .regex(/^\.(\/[\p{L}\p{N}_\-+~]+(\.[\p{L}\p{N}_\-+~]+)*)*(\/\.\.\.)?$/u, 'a package pattern like ./... or ./internal/x')
        .optional(),
      args: z.array(z.string().max(1000).regex(/^[^\u0000]*$/)).max(32).optional(),
      noCache: z.boolean().optional(),
      sealed: z.array(z.string().max(300)).min(1).max(64).optional(),
    })
    .strict();
}

/** The files of a request on the wire, with the policy's limits (name length as checkFileName allows). */
export function sourceFilesSchema(p: ValidationPolicy = defaultValidationPolicy) {
  return z
    .array(z.object({ name: z.string().min(1).max(256), content: z.string().max(p.maxFileBytes) }).strict())
    .min(1)
    .max(p.maxFiles);
}

/** Largest txtar archive: every file at its limit plus a header line each. */
const maxTxtarChars = (p: ValidationPolicy) => p.maxTotalBytes + 64 * p.maxFiles;

/**
 * The run request as it crosses the wire, with this policy's limits: the
 * server validates with it and documents it (OpenAPI), so neither advertises a
 * request the runner refuses. validateRunRequest then applies the rules a
 * schema cannot say (file names, bytes versus characters, GODEBUG keys ...).
 */
export function runRequestSchema(p: ValidationPolicy = defaultValidationPolicy) {
  return z
    .object({
      action: z.enum(ACTIONS),
      files: sourceFilesSchema(p).optional(),
      txtar: z.string().min(1).max(maxTxtarChars(p)).optional(),
      // `sealed` is the grader's, never a client's.
      options: optionsSchema(p).omit({ sealed: true }).optional(),
    })
    .strict()
    .refine((b) => (b.files === undefined) !== (b.txtar === undefined), { message: 'send either "files" or "txtar" (exactly one)' });
}

/**
 * The catalog error for a schema issue, so a request refused by the server's
 * schema gets the code validateRunRequest would give it (file_too_large is a
 * 413 wherever it is found). `body` names the file when it can.
 */
export function requestIssueError(issue: { code: string; path: readonly PropertyKey[]; message: string }, body?: unknown, p: ValidationPolicy = defaultValidationPolicy): AppError {
  const [field, index, key] = issue.path.map(String);
  const where = issue.path.map(String).join('.');
  const fileName = () => (body as { files?: { name?: unknown }[] } | undefined)?.files?.[Number(index)]?.name;
  if (field === 'options') return new AppError('invalid_option', `${where}: ${issue.message}`, { path: issue.path.map(String) });
  if (field === 'action') return new AppError('invalid_action', `Unknown action. Use one of: ${ACTIONS.join(', ')}.`);
  if (field === 'files' && index === undefined && issue.code === 'too_small') return new AppError('no_files');
  if (field === 'files' && index === undefined && issue.code === 'too_big') return new AppError('too_many_files', `The request has more than ${p.maxFiles} files.`);
  if (field === 'files' && key === 'content' && issue.code === 'too_big') {
    const name = fileName();
    return new AppError('file_too_large', `${typeof name === 'string' ? name : `files[${index}]`} is larger than ${p.maxFileBytes} bytes, the limit per file.`, { file: name });
  }
  if (field === 'txtar' && issue.code === 'too_big') return new AppError('request_too_large', `The archive is larger than ${maxTxtarChars(p)} characters.`);
  return new AppError('invalid_request', `${where ? `${where}: ` : ''}${issue.message}`, { path: issue.path.map(String) });
}

/**
 * The policy a runner applies: the defaults, with the run timeout raised to
 * the operator's when that is longer. The server builds its schema from the same.
 */
export function validationPolicyFor(runTimeoutMs: number): ValidationPolicy {
  return { ...defaultValidationPolicy, maxRunTimeoutMs: Math.max(runTimeoutMs, defaultValidationPolicy.maxRunTimeoutMs) };
}

function requestSchema(p: ValidationPolicy) {
  return z
    .object({
      action: z.string(),
      files: z.array(z.object({ name: z.string(), content: z.string() }).strict()).optional(),
      txtar: z.string().optional(),
      options: optionsSchema(p).optional(),
    })
    .strict();
}

function checkGodebug(raw: string): void {
  if (raw.trim() === '') return;
  const seen = new Set<string>();
  for (const part of raw.split(',')) {
    const m = /^([a-z][a-z0-9.]*)=(\d{1,7})$/.exec(part.trim());
    if (!m) fail('invalid_option', `GODEBUG setting ${JSON.stringify(part)} must look like key=number, e.g. gctrace=1.`, { option: 'godebug' });
    if (!(GODEBUG_KEYS as readonly string[]).includes(m[1]!)) {
      fail('invalid_option', `GODEBUG key "${m[1]}" is not allowed. Allowed: ${GODEBUG_KEYS.join(', ')}.`, { option: 'godebug' });
    }
    if (seen.has(m[1]!)) fail('invalid_option', `GODEBUG key "${m[1]}" is set twice.`, { option: 'godebug' });
    seen.add(m[1]!);
  }
}

function checkGoexperiment(raw: string): void {
  if (raw.trim() === '') return;
  for (const part of raw.split(',')) {
    const name = part.trim().toLowerCase();
    const base = name.startsWith('no') && !(GOEXPERIMENTS as readonly string[]).includes(name) ? name.slice(2) : name;
    if (!(GOEXPERIMENTS as readonly string[]).includes(base)) {
      fail('invalid_option', `GOEXPERIMENT "${part}" is not allowed. Allowed (optionally with a "no" prefix): ${GOEXPERIMENTS.join(', ')}.`, { option: 'goexperiment' });
    }
  }
}

function checkFiles(files: SourceFile[], p: ValidationPolicy): void {
  if (files.length === 0) fail('no_files', 'The request has no files. Send at least one .go file or a txtar archive.');
  if (files.length > p.maxFiles) fail('too_many_files', `The request has ${files.length} files; the limit is ${p.maxFiles}.`);
  const seen = new Map<string, string>();
  let total = 0;
  for (const f of files) {
    checkFileName(f.name);
    const folded = f.name.toLowerCase();
    const prior = seen.get(folded);
    if (prior !== undefined) fail('duplicate_file', prior === f.name ? `The file ${f.name} appears twice.` : `${prior} and ${f.name} differ only in case; Go modules do not allow that.`, { file: f.name });
    seen.set(folded, f.name);
    // Lone surrogates cannot be encoded as UTF-8; NUL means binary content.
    if (LONE_SURROGATE.test(f.content) || f.content.includes('\u0000')) fail('invalid_utf8', `${f.name} is not valid UTF-8 text.`, { file: f.name });
    const bytes = Buffer.byteLength(f.content, 'utf8');
    if (bytes > p.maxFileBytes) fail('file_too_large', `${f.name} is ${bytes} bytes; the limit per file is ${p.maxFileBytes} bytes.`, { file: f.name });
    total += bytes;
  }
  if (total > p.maxTotalBytes) fail('request_too_large', `The files add up to ${total} bytes; the limit is ${p.maxTotalBytes} bytes.`);
  // A name that is both a file and a directory ("a" and "a/b.go") cannot be written out.
  for (const f of files) {
    const parts = f.name.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/').toLowerCase();
      if (seen.has(dir)) fail('invalid_file_name', `${seen.get(dir)} is a file but ${f.name} uses it as a directory.`, { file: f.name });
    }
  }
  if (!files.some((f) => f.name.endsWith('.go'))) fail('no_files', 'The request has no .go file.');
}

/**
 * Validates untrusted input (`{action, files | txtar, options?}`) and returns
 * a normalised RunRequest. Throws AppError with a catalog code on refusal.
 */
export function validateRunRequest(input: unknown, policy: ValidationPolicy = defaultValidationPolicy): RunRequest {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) fail('invalid_request', 'The request must be a JSON object with "action" and "files" (or "txtar").');
  const parsed = requestSchema(policy).safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.join('.');
    const code: ErrorCode = issue.path[0] === 'options' ? 'invalid_option' : 'invalid_request';
    fail(code, `${where ? `${where}: ` : ''}${issue.message}`, { path: issue.path.map(String) });
  }
  const body = parsed.data;
  if (!(ACTIONS as readonly string[]).includes(body.action)) fail('invalid_action', `Unknown action "${body.action.slice(0, 40)}". Use one of: ${ACTIONS.join(', ')}.`);
  if (body.files !== undefined && body.txtar !== undefined) fail('invalid_request', 'Send either "files" or "txtar", not both.');
  let files: SourceFile[];
  if (body.txtar !== undefined) {
    if (Buffer.byteLength(body.txtar, 'utf8') > policy.maxTotalBytes + 64 * policy.maxFiles) fail('request_too_large', `The archive is larger than ${policy.maxTotalBytes} bytes.`);
    files = parseTxtar(body.txtar).files;
  } else {
    files = body.files ?? [];
  }
  checkFiles(files, policy);
  const options = body.options ? { ...body.options } : undefined;
  if (options) {
    if (options.benchtime !== undefined) checkDuration('benchtime', options.benchtime, policy.maxMeasureMs, true);
    if (options.fuzztime !== undefined) checkDuration('fuzztime', options.fuzztime, policy.maxMeasureMs, true);
    if (options.godebug !== undefined) checkGodebug(options.godebug);
    if (options.goexperiment !== undefined) checkGoexperiment(options.goexperiment);
    if (options.profiles) options.profiles = [...new Set(options.profiles)];
  }
  const request: RunRequest = { action: body.action as RunRequest['action'], files: files.map((f) => ({ name: f.name, content: f.content })) };
  if (options && Object.keys(options).length > 0) request.options = options;
  return request;
}
