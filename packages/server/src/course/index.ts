export { CourseService, presentGrade, presentCheck, type CheckView, type Lang, type PresentedCheck, type PresentedGrade } from './service.js';
export { ProgressService, type ProgressEntry, type ProgressStatus } from './progress.js';
export { presentLesson, lessonSegments, type LessonRef, type LessonView } from './lesson-view.js';
