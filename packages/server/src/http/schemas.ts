/**
 * zod schemas of the HTTP API's inputs. They are the OpenAPI document's
 * source; the runner's validateRunRequest applies the finer rules (file names,
 * sizes, option ranges) after these shape checks.
 */
import { z } from 'zod';
import { ACTIONS, PROFILE_KINDS } from '@gopherlab/runner';

export const sourceFileSchema = z.strictObject({
  name: z.string().min(1).max(256),
  content: z.string().max(1024 * 1024),
});

export const runOptionsSchema = z
  .strictObject({
    timeoutMs: z.number().int().positive().optional(),
    run: z.string().max(512).optional(),
    bench: z.string().max(512).optional(),
    count: z.number().int().positive().max(100).optional(),
    benchtime: z.string().max(32).optional(),
    profiles: z.array(z.enum(PROFILE_KINDS)).max(PROFILE_KINDS.length).optional(),
    fuzz: z.string().max(256).optional(),
    fuzztime: z.string().max(32).optional(),
    goVersion: z.string().max(16).optional().describe('Go release, e.g. "1.27" or "1.26"; GET /api/v1/toolchains lists them. Default: the newest.'),
    gomaxprocs: z.number().int().positive().max(1024).optional(),
    godebug: z.string().max(256).optional(),
    goexperiment: z.string().max(256).optional(),
    packages: z.string().max(256).optional(),
    args: z.array(z.string().max(1024)).max(64).optional(),
    noCache: z.boolean().optional(),
  })
  .describe('Run options (RunOptions of packages/runner/src/model/report.ts).');

export const runRequestSchema = z
  .strictObject({
    action: z.enum(ACTIONS),
    files: z.array(sourceFileSchema).min(1).max(64).optional(),
    txtar: z.string().min(1).max(2 * 1024 * 1024).optional(),
    options: runOptionsSchema.optional(),
  })
  .refine((b) => (b.files === undefined) !== (b.txtar === undefined), { message: 'send either "files" or "txtar" (exactly one)' });

export const idParams = z.strictObject({ id: z.string().min(1).max(128) });
export const profileParams = z.strictObject({ id: z.string().min(1).max(128), index: z.coerce.number().int().min(0).max(1000) });

export const shareRequestSchema = z
  .strictObject({
    files: z.array(sourceFileSchema).min(1).max(64).optional(),
    txtar: z.string().min(1).max(2 * 1024 * 1024).optional(),
    action: z.enum(ACTIONS).optional(),
  })
  .refine((b) => (b.files === undefined) !== (b.txtar === undefined), { message: 'send either "files" or "txtar" (exactly one)' });

const email = z.string().trim().min(3).max(254).regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address');

export const signupSchema = z.strictObject({
  email,
  password: z.string().min(1).max(1024),
  displayName: z.string().max(80).optional(),
});
export const signinSchema = z.strictObject({ email, password: z.string().min(1).max(1024) });

export const langQuery = z.strictObject({ lang: z.enum(['en', 'zh-CN']).default('en') });
export const checkRequestSchema = z.strictObject({ files: z.array(sourceFileSchema).min(1).max(64) });
export const progressParams = z.strictObject({ lessonId: z.string().min(1).max(128).regex(/^[a-z0-9-]+$/) });
export const progressBody = z.strictObject({ status: z.enum(['started', 'completed']) });
export const roleBody = z.strictObject({ role: z.enum(['learner', 'instructor', 'admin']) });
