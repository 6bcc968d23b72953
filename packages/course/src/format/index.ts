export * from './schema.js';
export * from './markdown.js';
