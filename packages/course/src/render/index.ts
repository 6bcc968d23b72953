export { renderLessonHtml, type RenderOptions } from './render.js';
