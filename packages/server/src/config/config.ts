/**
 * Server configuration: GOPHERLAB_* environment variables (documented in
 * docs/CONFIGURATION.md), overridden by `gopherlab serve` flags, validated
 * once at start-up so a typo stops the process with a message naming the
 * variable instead of surfacing later as a confusing runtime failure.
 */
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '@gopherlab/errors';

export const SERVICES = ['web', 'runner'] as const;
export type Service = (typeof SERVICES)[number];

const intFrom = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const envSchema = z.object({
  GOPHERLAB_PORT: intFrom(0, 65535).default(8080),
  GOPHERLAB_HOST: z.string().min(1).default('127.0.0.1'),
  GOPHERLAB_DATA_DIR: z.string().min(1).default('./data'),
  GOPHERLAB_SERVICES: z
    .string()
    .default('web,runner')
    .transform((s, ctx) => {
      const list = s.split(',').map((x) => x.trim()).filter(Boolean);
      for (const item of list) {
        if (!(SERVICES as readonly string[]).includes(item)) {
          ctx.addIssue({ code: 'custom', message: `unknown service "${item}" (use web, runner)` });
          return z.NEVER;
        }
      }
      if (list.length === 0) {
        ctx.addIssue({ code: 'custom', message: 'name at least one service' });
        return z.NEVER;
      }
      return [...new Set(list)] as Service[];
    }),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional(),
  GOPHERLAB_COURSE_DIR: z.string().min(1).default('./course'),
  GOPHERLAB_WEB_DIR: z.string().min(1).default('./packages/web/dist'),
  GOPHERLAB_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GOPHERLAB_BODY_LIMIT: intFrom(1024, 64 * 1024 * 1024).default(2 * 1024 * 1024),
  GOPHERLAB_QUEUE_LIMIT: intFrom(1, 100_000).default(200),
  GOPHERLAB_WORKERS: intFrom(0, 256).optional(),
  GOPHERLAB_RATE_LIMIT: intFrom(1, 1_000_000).default(1200),
  GOPHERLAB_RATE_LIMIT_RUNS: intFrom(1, 1_000_000).default(60),
  GOPHERLAB_RATE_LIMIT_AUTH: intFrom(1, 1_000_000).default(20),
  GOPHERLAB_RATE_LIMIT_IP: intFrom(1, 10_000_000).default(6000),
  GOPHERLAB_SESSION_DAYS: intFrom(1, 365).default(30),
  GOPHERLAB_SECURE_COOKIES: z.enum(['auto', 'true', 'false']).default('auto'),
  GOPHERLAB_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  GOPHERLAB_SHUTDOWN_TIMEOUT_MS: intFrom(0, 24 * 3600_000).default(30_000),
  GOPHERLAB_LSP: z.enum(['on', 'off']).default('on'),
  GOPHERLAB_LSP_SESSIONS: intFrom(1, 256).default(8),
  GOPHERLAB_LSP_PER_USER: intFrom(1, 64).default(3),
  GOPHERLAB_LSP_IDLE_MS: intFrom(1000, 24 * 3600_000).default(10 * 60_000),
  GOPHERLAB_STUCK_FAILURES: intFrom(2, 100).default(3),
  GOPHERLAB_STUCK_HOURS: intFrom(1, 24 * 365).default(48),
});

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  services: Service[];
  databaseUrl?: string;
  redisUrl?: string;
  courseDir: string;
  webDir: string;
  logLevel: z.infer<typeof envSchema>['GOPHERLAB_LOG_LEVEL'];
  bodyLimit: number;
  /** Maximum queued (not yet running) jobs before POST /runs answers 503 queue_full. */
  queueLimit: number;
  /** Concurrent jobs per runner process; default = the sandbox's slot count. */
  workers?: number;
  /** perMinute/runsPerMinute/authPerMinute: per user (per IP when signed out); perIpPerMinute: flood guard per address before authentication. */
  rateLimit: { perMinute: number; runsPerMinute: number; authPerMinute: number; perIpPerMinute: number };
  sessionDays: number;
  secureCookies: 'auto' | 'true' | 'false';
  trustProxy: boolean;
  /** How long SIGTERM waits for running jobs before the process exits anyway (they are recovered at the next start). */
  shutdownTimeoutMs: number;
  /**
   * Editor assistance (gopls sessions) on nodes that run code: on/off, the
   * host's concurrent sessions, sessions per user (per address when signed
   * out), and how long an idle session lives.
   */
  lsp: { enabled: boolean; sessions: number; perUser: number; idleMs: number };
  /** Class dashboards: a learner is stuck after `failures` consecutive failed checks of one hidden test within `hours`. */
  stuck: { failures: number; hours: number };
}

export type ConfigOverrides = Partial<Pick<ServerConfig, 'port' | 'host' | 'dataDir' | 'services'>>;

/** Parses and validates the environment; throws AppError('invalid_config') naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new AppError('invalid_config', `The configuration is invalid:\n  ${lines.join('\n  ')}`, { issues: lines });
  }
  const e = parsed.data;
  const config: ServerConfig = {
    port: e.GOPHERLAB_PORT,
    host: e.GOPHERLAB_HOST,
    dataDir: path.resolve(e.GOPHERLAB_DATA_DIR),
    services: e.GOPHERLAB_SERVICES,
    courseDir: path.resolve(e.GOPHERLAB_COURSE_DIR),
    webDir: path.resolve(e.GOPHERLAB_WEB_DIR),
    logLevel: e.GOPHERLAB_LOG_LEVEL,
    bodyLimit: e.GOPHERLAB_BODY_LIMIT,
    queueLimit: e.GOPHERLAB_QUEUE_LIMIT,
    rateLimit: {
      perMinute: e.GOPHERLAB_RATE_LIMIT,
      runsPerMinute: e.GOPHERLAB_RATE_LIMIT_RUNS,
      authPerMinute: e.GOPHERLAB_RATE_LIMIT_AUTH,
      perIpPerMinute: e.GOPHERLAB_RATE_LIMIT_IP,
    },
    sessionDays: e.GOPHERLAB_SESSION_DAYS,
    secureCookies: e.GOPHERLAB_SECURE_COOKIES,
    trustProxy: e.GOPHERLAB_TRUST_PROXY === 'true',
    shutdownTimeoutMs: e.GOPHERLAB_SHUTDOWN_TIMEOUT_MS,
    lsp: { enabled: e.GOPHERLAB_LSP === 'on', sessions: e.GOPHERLAB_LSP_SESSIONS, perUser: e.GOPHERLAB_LSP_PER_USER, idleMs: e.GOPHERLAB_LSP_IDLE_MS },
    stuck: { failures: e.GOPHERLAB_STUCK_FAILURES, hours: e.GOPHERLAB_STUCK_HOURS },
  };
  if (e.DATABASE_URL) config.databaseUrl = e.DATABASE_URL;
  if (e.REDIS_URL) config.redisUrl = e.REDIS_URL;
  if (e.GOPHERLAB_WORKERS !== undefined) config.workers = e.GOPHERLAB_WORKERS;
  if (overrides.port !== undefined) config.port = overrides.port;
  if (overrides.host !== undefined) config.host = overrides.host;
  if (overrides.dataDir !== undefined) config.dataDir = path.resolve(overrides.dataDir);
  if (overrides.services !== undefined) config.services = overrides.services;
  if (config.services.includes('runner') && !config.services.includes('web') && !config.redisUrl) {
    throw new AppError('invalid_config', 'The configuration is invalid:\n  --services=runner alone needs REDIS_URL: a runner-only process takes its jobs from the shared Redis queue.');
  }
  return config;
}

/** Parses a `--services=web,runner` flag value with the same rules as GOPHERLAB_SERVICES. */
export function parseServices(value: string): Service[] {
  const r = envSchema.shape.GOPHERLAB_SERVICES.safeParse(value);
  if (!r.success) throw new AppError('invalid_config', `--services: ${r.error.issues[0]?.message ?? 'invalid'}`);
  return r.data;
}
