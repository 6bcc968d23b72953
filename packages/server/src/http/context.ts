import type { ServerConfig } from '../config/index.js';
import type { Db } from '../db/index.js';
import type { JobQueue, RunEventBus } from '../queue/index.js';
import type { AuthService } from '../auth/service.js';
import type { RunService } from '../runs/service.js';
import type { ExecutionBackend } from '../runs/backend.js';
import type { ShareService } from '../shares/index.js';
import type { CourseService, ProgressService } from '../course/index.js';
import type { Metrics } from './metrics.js';
import type { EditorService } from '../lsp/service.js';
import type { AnalyticsService } from '../analytics/service.js';
import type { ClassService } from '../analytics/classes.js';
import type { RunRequest } from '@gopherlab/runner';

/** Everything a route needs, built once by createServer. */
export interface AppContext {
  config: ServerConfig;
  db: Db;
  queue: JobQueue;
  bus: RunEventBus;
  backend: ExecutionBackend;
  metrics: Metrics;
  auth: AuthService;
  runs: RunService;
  shares: ShareService;
  course: CourseService;
  progress: ProgressService;
  /** Learning events as xAPI statements (analytics/). */
  analytics: AnalyticsService;
  /** Classes, membership and who may see whose learning data. */
  classes: ClassService;
  /** gopls sessions for the editor (lsp/); unavailable where this node runs no code. */
  editor: EditorService;
  /** Turns a shape-checked body into a RunRequest (txtar expanded, file rules applied). */
  normalizeRequest: (body: unknown) => RunRequest;
}
