export type { Command } from './main.js';
