/**
 * @gopherlab/server: the HTTP API (Fastify), accounts, database, job queue
 * and SSE streaming. `createServer(loadConfig())` is all `gopherlab serve` does.
 */
export { createServer, type CreateServerOptions, type GopherlabServer } from './server.js';
export { loadConfig, parseServices, type ServerConfig, type Service } from './config/index.js';
export { loadRunnerBackend, backendFromRunner, type ExecutionBackend, type Runner } from './runs/backend.js';
export type { AppContext } from './http/context.js';
export type { PresentedCheck, PresentedGrade } from './course/service.js';
