/**
 * zod schemas of the HTTP API's inputs. They are the OpenAPI document's
 * source; the run request's is the runner's own (limits included), and
 * validateRunRequest applies the rules a schema cannot say after it.
 */
import { z } from 'zod';
import {
  ACTIONS,
  defaultRunnerLimits,
  runnerLimitsFromEnv,
  runRequestSchema as runnerRunRequestSchema,
  sourceFilesSchema,
  validationPolicyFor,
} from '@gopherlab/runner';

/**
 * The run request's one schema: the runner's, with the limits this server's
 * runners apply (the operator's run timeout from GOPHERLAB_LIMIT_TIMEOUT_MS).
 * It validates POST /runs and is what the OpenAPI document says.
 */
export const runPolicy = validationPolicyFor({ ...defaultRunnerLimits, ...runnerLimitsFromEnv() }.runTimeoutMs);
export const runRequestSchema = runnerRunRequestSchema(runPolicy);

export const idParams = z.strictObject({ id: z.string().min(1).max(128) });
export const profileParams = z.strictObject({ id: z.string().min(1).max(128), index: z.coerce.number().int().min(0).max(1000) });

export const shareRequestSchema = z
  .strictObject({
    files: sourceFilesSchema(runPolicy).optional(),
    txtar: runRequestSchema.shape.txtar,
    action: z.enum(ACTIONS).optional(),
    options: runRequestSchema.shape.options,
  })
  .refine((b) => (b.files === undefined) !== (b.txtar === undefined), { message: 'send either "files" or "txtar" (exactly one)' });

const email = z.string().trim().min(3).max(254).regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address');

export const signupSchema = z.strictObject({
  email,
  password: z.string().min(1).max(1024),
  displayName: z.string().max(80).optional(),
});
export const signinSchema = z.strictObject({ email, password: z.string().min(1).max(1024) });
export const tokenRequestSchema = z.strictObject({ email: email.optional(), password: z.string().min(1).max(1024).optional(), name: z.string().trim().min(1).max(80).optional() });

export const langQuery = z.strictObject({ lang: z.enum(['en', 'zh-CN']).default('en') });
export const checkRequestSchema = z.strictObject({
  files: sourceFilesSchema(runPolicy),
  /** Hints revealed so far (the web app and `gopherlab lab hint` count them); recorded with the grade. */
  hintsUsed: z.number().int().min(0).max(100).optional(),
});
export const progressParams = z.strictObject({ lessonId: z.string().min(1).max(128).regex(/^[a-z0-9-]+$/) });
export const progressBody = z.strictObject({ status: z.enum(['started', 'completed']) });
export const roleBody = z.strictObject({ role: z.enum(['learner', 'instructor', 'admin']) });
