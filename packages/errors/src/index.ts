export { errorCatalog, isErrorCode, type ErrorCode } from './catalog.js';
export { AppError, isAppError, type ErrorBody } from './app-error.js';
