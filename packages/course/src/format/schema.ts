/**
 * zod schemas for everything an author writes by hand: course.json, lesson
 * front matter and lab.json (docs/COURSE-FORMAT.md is the prose version).
 * The loader turns zod issues into messages that name the file and the field.
 */
import { z } from 'zod';

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

const kebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const lessonIdSchema = z.string().regex(kebab, 'must be kebab-case (a-z, 0-9, single dashes)');
export const moduleIdSchema = z.string().regex(/^\d\d-[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must look like 01-language');

const localized = z.strictObject({ en: z.string().min(1), 'zh-CN': z.string().min(1) });
export type Localized = z.infer<typeof localized>;

export const courseManifestSchema = z.strictObject({
  modules: z
    .array(
      z.strictObject({
        id: moduleIdSchema,
        title: localized,
        lessons: z.array(lessonIdSchema),
      }),
    )
    .min(1),
});
export type CourseManifest = z.infer<typeof courseManifestSchema>;

export const frontMatterSchema = z.strictObject({
  id: lessonIdSchema,
  title: z.string().min(1),
  module: moduleIdSchema,
  prerequisites: z.array(lessonIdSchema).default([]),
  minutes: z.number().int().positive().max(600),
  skills: z.array(z.string().regex(kebab, 'skills are short kebab-case tags')).min(1),
});
export type FrontMatter = z.infer<typeof frontMatterSchema>;

const benchmarkName = z.string().regex(/^Benchmark[A-Za-z0-9_]*(?:\/[^\s]+)?$/, 'must name a Benchmark function (optionally /sub-benchmark)');

export const labCheckSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('test') }),
  z.strictObject({ kind: z.literal('race') }),
  z.strictObject({ kind: z.literal('leak') }),
  z.strictObject({ kind: z.literal('vet') }),
  z.strictObject({
    kind: z.literal('bench'),
    benchmark: benchmarkName,
    metric: z.string().min(1),
    maxRatio: z.number().positive(),
    higherIsBetter: z.boolean().optional(),
  }),
]);
export type LabCheckSpec = z.infer<typeof labCheckSchema>;

export const labSpecSchema = z.strictObject({
  title: localized,
  goal: localized,
  timeoutMs: z.number().int().min(1000).max(300_000).default(30_000),
  starterCompiles: z.boolean().default(true),
  benchtime: z
    .string()
    .regex(/^\d+(?:x|ms|s)$/, 'benchtime looks like 100x, 200ms or 1s')
    .default('200ms'),
  checks: z.array(labCheckSchema).min(1),
  hints: z.strictObject({ en: z.array(z.string().min(1)), 'zh-CN': z.array(z.string().min(1)) }),
});
export type LabSpec = z.infer<typeof labSpecSchema>;

/** One line per zod issue: `field.path: message`. */
export function describeZodError(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    return `${path}: ${issue.message}`;
  });
}
