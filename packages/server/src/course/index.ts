export { CourseService, presentGrade, type CheckView, type Lang, type PresentedGrade } from './service.js';
export { ProgressService, type ProgressEntry, type ProgressStatus } from './progress.js';
