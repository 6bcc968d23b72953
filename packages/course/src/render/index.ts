export { renderLesson, safeUrl, type CodeSegment, type HtmlSegment, type LessonSegment, type RenderOptions } from './render.js';
export { highlightGo, plainCode } from './highlight.js';
