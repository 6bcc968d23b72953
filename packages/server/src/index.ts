/**
 * @gopherlab/server: the HTTP API (Fastify), accounts, database, job queue
 * and SSE streaming. `createServer(loadConfig())` is all `gopherlab serve` does;
 * `seedAnalytics` fills a database with a synthetic cohort (`gopherlab analytics seed`).
 */
export { createServer, type CreateServerOptions, type GopherlabServer } from './server.js';
export { loadConfig, parseServices, type ServerConfig, type Service } from './config/index.js';
export { loadRunnerBackend, backendFromRunner, type ExecutionBackend, type Runner } from './runs/backend.js';
export type { AppContext } from './http/context.js';
export type { PresentedCheck, PresentedGrade } from './course/service.js';
export { openDb, type Db } from './db/index.js';
export { defaultClasses, MAX_EVENTS_PER_LEARNER, seedAnalytics, type SeedOptions, type SeedSummary } from './analytics/seed.js';
