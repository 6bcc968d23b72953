export { api, ApiError, request, setCsrfToken, toApiError, type RunInput } from './client.js';
export { followRun, parseRunEvent } from './events.js';
export type * from './types.js';
