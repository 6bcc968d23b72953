export { loadCourse, readCourse, readSourceTree, type LoadCourseOptions, type ReadCourseResult } from './load.js';
export { formatProblem, type Course, type CourseModule, type CourseProblem, type Lab, type Lesson, type LessonContent, type WrongExpectation, type WrongFails, type WrongSolution, WRONG_FAILS } from './model.js';
