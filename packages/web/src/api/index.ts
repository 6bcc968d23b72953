export { api, ApiError, request, setCsrfToken, toApiError, type ApiToken, type RunInput, type Toolchains } from './client.js';
export { followCheck, followRun, parseRunEvent, type CheckProgress } from './events.js';
export type * from './types.js';
