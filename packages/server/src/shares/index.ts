export { ShareService, shareId, type Share } from './service.js';
