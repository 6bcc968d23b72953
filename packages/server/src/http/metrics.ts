/**
 * Prometheus metrics. One registry per server instance (not prom-client's
 * global one) so several servers in one process, as in the tests, do not
 * collide.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  runs: Counter<'action' | 'status'>;
  checks: Counter<'result'>;
}

export interface MetricsSources {
  queueDepth: () => Promise<number>;
  slotsBusy: () => number;
  slotsTotal: () => number;
}

export function createMetrics(sources: MetricsSources, withDefaults = true): Metrics {
  const registry = new Registry();
  if (withDefaults) collectDefaultMetrics({ register: registry, prefix: 'gopherlab_' });
  const httpDuration = new Histogram({
    name: 'gopherlab_http_request_duration_seconds',
    help: 'HTTP request duration by route template and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  const runs = new Counter({
    name: 'gopherlab_runs_total',
    help: 'Finished runs by action and RunReport status.',
    labelNames: ['action', 'status'] as const,
    registers: [registry],
  });
  const checks = new Counter({
    name: 'gopherlab_lab_checks_total',
    help: 'Finished lab checks by result (passed, failed, error).',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'gopherlab_queue_depth',
    help: 'Jobs waiting for a sandbox slot.',
    registers: [registry],
    async collect() {
      this.set(await sources.queueDepth());
    },
  });
  new Gauge({
    name: 'gopherlab_sandbox_slots_busy',
    help: 'Sandbox slots executing a job in this process.',
    registers: [registry],
    collect() {
      this.set(sources.slotsBusy());
    },
  });
  new Gauge({
    name: 'gopherlab_sandbox_slots',
    help: 'Sandbox slots of this process (0 when it does not run code).',
    registers: [registry],
    collect() {
      this.set(sources.slotsTotal());
    },
  });
  return { registry, httpDuration, runs, checks };
}
