export { loadCourse, readCourse, readSourceTree, type LoadCourseOptions, type ReadCourseResult } from './load.js';
export { formatProblem, type Course, type CourseModule, type CourseProblem, type Lab, type Lesson, type LessonContent } from './model.js';
