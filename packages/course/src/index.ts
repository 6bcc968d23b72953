/**
 * @gopherlab/course: the course format (schemas, Markdown parsing), the
 * loader, the lesson renderer, the lab grader and the validator.
 * docs/COURSE-FORMAT.md describes the content format.
 */
export * from './format/index.js';
export * from './loader/index.js';
export * from './render/index.js';
export * from './grader/index.js';
export * from './validate/index.js';
