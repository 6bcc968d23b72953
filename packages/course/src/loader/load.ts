/**
 * Reads course/ into the Course model. `readCourse` is lenient: it collects
 * every problem with its file (and line when known) and still returns what it
 * could load, so the validator reports all mistakes in one pass.
 * `loadCourse` is the strict entry point for the server and the CLI.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '@gopherlab/errors';
import type { SourceFile } from '@gopherlab/runner';
import { FrontMatterError, parseMarkdownBody, splitFrontMatter } from '../format/markdown.js';
import {
  LANGUAGES,
  courseManifestSchema,
  describeZodError,
  frontMatterSchema,
  labSpecSchema,
  type FrontMatter,
  type Language,
} from '../format/schema.js';
import { readWrongSolutions } from './wrong.js';
import { formatProblem, type Course, type CourseModule, type CourseProblem, type Lab, type Lesson, type LessonContent } from './model.js';

/** Lab source trees are small; anything bigger is a mistake (a binary, a vendored tree). */
const MAX_LAB_FILE_BYTES = 256 * 1024;
const MAX_LAB_FILES = 64;

export interface ReadCourseResult {
  course: Course;
  problems: CourseProblem[];
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

async function readJson(file: string, problems: CourseProblem[]): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    problems.push({ file, message: 'file is missing or unreadable' });
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    problems.push({ file, message: `not valid JSON: ${(e as Error).message}` });
    return undefined;
  }
}

/** Reads a directory tree as SourceFiles with slash-separated relative names, sorted by name. */
export async function readSourceTree(dir: string, problems: CourseProblem[], lesson?: string): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  async function walk(rel: string): Promise<void> {
    const entries = await readdir(path.join(dir, rel), { withFileTypes: true });
    for (const entry of entries) {
      const relName = rel ? `${rel}/${entry.name}` : entry.name;
      const abs = path.join(dir, relName);
      if (entry.isSymbolicLink()) {
        problems.push({ file: abs, lesson, message: 'symbolic links are not allowed in lab files' });
      } else if (entry.isDirectory()) {
        await walk(relName);
      } else if (entry.isFile()) {
        const buf = await readFile(abs);
        if (buf.byteLength > MAX_LAB_FILE_BYTES) {
          problems.push({ file: abs, lesson, message: `file is larger than ${MAX_LAB_FILE_BYTES / 1024} KiB` });
          continue;
        }
        const content = new TextDecoder('utf-8', { fatal: false }).decode(buf);
        if (content.includes('\uFFFD')) problems.push({ file: abs, lesson, message: 'file is not valid UTF-8' });
        files.push({ name: relName, content });
      }
    }
  }
  await walk('');
  if (files.length > MAX_LAB_FILES) problems.push({ file: dir, lesson, message: `more than ${MAX_LAB_FILES} files` });
  return files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function readLessonContent(
  file: string,
  lessonId: string,
  problems: CourseProblem[],
): Promise<{ front?: FrontMatter; content?: LessonContent }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    problems.push({ file, lesson: lessonId, message: 'file is missing' });
    return {};
  }
  let split;
  try {
    split = splitFrontMatter(text);
  } catch (e) {
    if (e instanceof FrontMatterError) {
      problems.push({ file, line: e.line, lesson: lessonId, message: e.message });
      return {};
    }
    throw e;
  }
  const parsedFront = frontMatterSchema.safeParse(split.frontMatter);
  let front: FrontMatter | undefined;
  if (!parsedFront.success) {
    for (const m of describeZodError(parsedFront.error)) problems.push({ file, line: 1, lesson: lessonId, message: `front matter ${m}` });
  } else {
    front = parsedFront.data;
  }
  const parsed = parseMarkdownBody(split.body, split.bodyLineOffset);
  for (const p of parsed.problems) problems.push({ file, line: p.line, lesson: lessonId, message: p.message });
  const content: LessonContent = {
    title: front?.title ?? lessonId,
    markdown: split.body,
    file,
    bodyLineOffset: split.bodyLineOffset,
    headings: parsed.headings,
    codeBlocks: parsed.codeBlocks,
    lessonLinks: parsed.lessonLinks,
  };
  return { front, content };
}

async function readLab(dir: string, lessonId: string, problems: CourseProblem[]): Promise<Lab | undefined> {
  const specFile = path.join(dir, 'lab.json');
  const raw = await readJson(specFile, problems);
  if (raw === undefined) return undefined;
  const parsed = labSpecSchema.safeParse(raw);
  if (!parsed.success) {
    for (const m of describeZodError(parsed.error)) problems.push({ file: specFile, lesson: lessonId, message: m });
    return undefined;
  }
  const trees: Record<'starter' | 'tests' | 'reference', SourceFile[]> = { starter: [], tests: [], reference: [] };
  for (const part of ['starter', 'tests', 'reference'] as const) {
    const partDir = path.join(dir, part);
    if (!(await exists(partDir))) {
      problems.push({ file: partDir, lesson: lessonId, message: `a lab needs a ${part}/ folder` });
      continue;
    }
    trees[part] = await readSourceTree(partDir, problems, lessonId);
  }
  const { starter, tests, reference } = trees;
  const names = (files: SourceFile[]) => files.map((f) => f.name).join(', ');
  if (starter.length && reference.length && names(starter) !== names(reference)) {
    problems.push({
      file: path.join(dir, 'reference'),
      lesson: lessonId,
      message: `starter/ and reference/ must contain the same files (starter: ${names(starter)}; reference: ${names(reference)})`,
    });
  }
  for (const [part, files] of [['starter', starter], ['reference', reference]] as const) {
    const gomod = files.find((f) => f.name === 'go.mod');
    if (files.length && !gomod) {
      problems.push({ file: path.join(dir, part), lesson: lessonId, message: `${part}/ needs a go.mod` });
    } else if (gomod && !/^go 1\.2[67](?:\.\d+)?$/m.test(gomod.content)) {
      // The go line states the release a lab needs: 1.26 runs on both releases we offer, 1.27 (generic methods, ...) on 1.27 only.
      problems.push({ file: path.join(dir, part, 'go.mod'), lesson: lessonId, message: 'go.mod must say "go 1.26" or "go 1.27"' });
    }
  }
  const starterMod = starter.find((f) => f.name === 'go.mod')?.content;
  const referenceMod = reference.find((f) => f.name === 'go.mod')?.content;
  if (starterMod !== undefined && referenceMod !== undefined && starterMod !== referenceMod) {
    problems.push({ file: path.join(dir, 'reference', 'go.mod'), lesson: lessonId, message: 'starter/go.mod and reference/go.mod must be identical' });
  }
  for (const f of tests) {
    if (!f.name.endsWith('_test.go') && !f.name.startsWith('testdata/')) {
      problems.push({ file: path.join(dir, 'tests', f.name), lesson: lessonId, message: 'tests/ may hold only *_test.go files and testdata/' });
    }
  }
  if (tests.length && !tests.some((f) => f.name.endsWith('_test.go'))) {
    problems.push({ file: path.join(dir, 'tests'), lesson: lessonId, message: 'tests/ has no *_test.go file' });
  }
  const wrong = await readWrongSolutions(dir, lessonId, parsed.data, reference, tests, problems, readSourceTree);
  return { id: lessonId, dir, spec: parsed.data, starter, tests, reference, wrong };
}

async function readLesson(moduleDir: string, moduleId: string, lessonId: string, problems: CourseProblem[]): Promise<Lesson | undefined> {
  const dir = path.join(moduleDir, lessonId);
  if (!(await exists(dir))) {
    problems.push({ file: dir, lesson: lessonId, message: `lesson "${lessonId}" is listed in course.json but its folder does not exist` });
    return undefined;
  }
  const fronts: Partial<Record<Language, FrontMatter>> = {};
  const contents: Partial<Record<Language, LessonContent>> = {};
  for (const lang of LANGUAGES) {
    const file = path.join(dir, `lesson.${lang}.md`);
    const { front, content } = await readLessonContent(file, lessonId, problems);
    if (front) fronts[lang] = front;
    if (content) contents[lang] = content;
  }
  const en = fronts.en;
  for (const lang of LANGUAGES) {
    const front = fronts[lang];
    if (!front) continue;
    const file = path.join(dir, `lesson.${lang}.md`);
    if (front.id !== lessonId) problems.push({ file, line: 1, lesson: lessonId, message: `front matter id "${front.id}" must equal the folder name "${lessonId}"` });
    if (front.module !== moduleId) problems.push({ file, line: 1, lesson: lessonId, message: `front matter module "${front.module}" must be "${moduleId}"` });
    if (en && lang !== 'en') {
      for (const key of ['prerequisites', 'minutes', 'skills'] as const) {
        if (JSON.stringify(front[key]) !== JSON.stringify(en[key])) {
          problems.push({ file, line: 1, lesson: lessonId, message: `front matter "${key}" differs from lesson.en.md (only the title may differ)` });
        }
      }
    }
  }
  if (!contents.en || !contents['zh-CN']) return undefined;
  const meta = en ?? fronts['zh-CN'];
  const lesson: Lesson = {
    id: lessonId,
    module: moduleId,
    dir,
    prerequisites: meta?.prerequisites ?? [],
    minutes: meta?.minutes ?? 0,
    skills: meta?.skills ?? [],
    content: { en: contents.en, 'zh-CN': contents['zh-CN'] },
  };
  if (await exists(path.join(dir, 'lab.json'))) {
    lesson.lab = await readLab(dir, lessonId, problems);
  } else {
    for (const part of ['starter', 'tests', 'reference', 'wrong']) {
      if (await exists(path.join(dir, part))) {
        problems.push({ file: path.join(dir, part), lesson: lessonId, message: `${part}/ exists but the lesson has no lab.json` });
      }
    }
  }
  return lesson;
}

export async function readCourse(rootDir: string): Promise<ReadCourseResult> {
  const root = path.resolve(rootDir);
  const problems: CourseProblem[] = [];
  const course: Course = { rootDir: root, modules: [], lessons: [], lessonById: new Map() };
  if (!(await exists(root))) {
    throw new AppError('file_not_found', `The course folder ${root} does not exist.`);
  }
  const manifestFile = path.join(root, 'course.json');
  const raw = await readJson(manifestFile, problems);
  if (raw === undefined) return { course, problems };
  const manifest = courseManifestSchema.safeParse(raw);
  if (!manifest.success) {
    for (const m of describeZodError(manifest.error)) problems.push({ file: manifestFile, message: m });
    return { course, problems };
  }

  const seenModules = new Set<string>();
  const listed = new Map<string, string>();
  for (const mod of manifest.data.modules) {
    if (seenModules.has(mod.id)) problems.push({ file: manifestFile, message: `module "${mod.id}" is listed twice` });
    seenModules.add(mod.id);
    for (const id of mod.lessons) {
      const other = listed.get(id);
      if (other) problems.push({ file: manifestFile, lesson: id, message: `lesson "${id}" is listed twice (in ${other} and ${mod.id})` });
      listed.set(id, mod.id);
    }
  }

  for (const mod of manifest.data.modules) {
    const moduleDir = path.join(root, mod.id);
    const courseModule: CourseModule = { id: mod.id, title: mod.title, lessons: [] };
    const lessons = await Promise.all(mod.lessons.map((id) => readLesson(moduleDir, mod.id, id, problems)));
    for (const lesson of lessons) {
      if (!lesson || course.lessonById.has(lesson.id)) continue;
      courseModule.lessons.push(lesson);
      course.lessons.push(lesson);
      course.lessonById.set(lesson.id, lesson);
    }
    course.modules.push(courseModule);
    if (await exists(moduleDir)) {
      for (const entry of await readdir(moduleDir, { withFileTypes: true })) {
        if (entry.isDirectory() && !mod.lessons.includes(entry.name)) {
          problems.push({ file: path.join(moduleDir, entry.name), lesson: entry.name, message: `lesson folder is not listed in course.json (module ${mod.id})` });
        }
      }
    }
  }
  // Problems come from parallel reads: sort them so output is stable.
  problems.sort((a, b) => (a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) : a.file < b.file ? -1 : 1));
  return { course, problems };
}

export interface LoadCourseOptions {
  /**
   * Serve what is valid instead of failing: lessons whose own files have
   * problems are left out and the problems are returned in `course.problems`.
   * For the server, so that one broken lesson does not take the whole course
   * down; the CLI and CI stay strict.
   */
  skipInvalid?: boolean;
}

/**
 * Loads the course or throws `course_invalid` listing every problem with its
 * file path (relative to the course root) and line.
 */
export async function loadCourse(rootDir: string, options: LoadCourseOptions = {}): Promise<Course> {
  const { course, problems } = await readCourse(rootDir);
  if (problems.length === 0) return course;
  if (options.skipInvalid) {
    const broken = new Set(problems.map((p) => p.lesson).filter((id): id is string => id !== undefined));
    const keep = (l: { id: string }) => !broken.has(l.id);
    for (const m of course.modules) m.lessons = m.lessons.filter(keep);
    course.lessons = course.lessons.filter(keep);
    for (const id of broken) course.lessonById.delete(id);
    course.problems = problems;
    return course;
  }
  const lines = problems.map((p) => formatProblem(p, course.rootDir));
  throw new AppError('course_invalid', `The course in ${course.rootDir} has ${problems.length} problem(s):\n${lines.join('\n')}`, { problems });
}
