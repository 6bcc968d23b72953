export * from './model/report.js';
