/**
 * `gopherlab serve`: the web API and/or a runner worker (one binary, several
 * roles). Configuration comes from GOPHERLAB_* variables (docs/CONFIGURATION.md);
 * flags override them; everything is validated before anything starts.
 */
import { parseArgs } from 'node:util';
import { AppError } from '@gopherlab/errors';
import { createServer, loadConfig, parseServices, type Service } from '@gopherlab/server';
import type { Command } from '../main.js';

const USAGE = `gopherlab serve [--port N] [--host H] [--services=web,runner] [--data-dir D]

  --port N          listen port (GOPHERLAB_PORT, default 8080; 0 picks a free one)
  --host H          listen address (GOPHERLAB_HOST, default 127.0.0.1)
  --services LIST   web (HTTP API + web app), runner (executes queued jobs), or both
                    (GOPHERLAB_SERVICES, default web,runner). runner alone needs REDIS_URL.
  --data-dir D      SQLite database and caches (GOPHERLAB_DATA_DIR, default ./data)

Uses PostgreSQL when DATABASE_URL is set and a Redis (BullMQ) queue when REDIS_URL is set.`;

export const command: Command = {
  usage: USAGE,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        services: { type: 'string' },
        'data-dir': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
    const overrides: { port?: number; host?: string; services?: Service[]; dataDir?: string } = {};
    if (values.port !== undefined) {
      const port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AppError('invalid_config', `--port: "${values.port}" is not a port number (0-65535)`);
      overrides.port = port;
    }
    if (values.host !== undefined) overrides.host = values.host;
    if (values.services !== undefined) overrides.services = parseServices(values.services);
    if (values['data-dir'] !== undefined) overrides.dataDir = values['data-dir'];
    const config = loadConfig(process.env, overrides);
    const server = await createServer(config);
    // A runner-only node has no HTTP API; it only consumes the shared queue.
    let address: string | null = null;
    if (config.services.includes('web')) {
      try {
        address = await server.listen();
      } catch (e) {
        await server.close();
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
          throw new AppError('invalid_config', `Cannot listen on ${config.host}:${config.port} (${code}). Choose another --port/--host (GOPHERLAB_PORT/GOPHERLAB_HOST).`);
        }
        throw e;
      }
    }
    server.app.log.info(
      { address, services: config.services, db: server.ctx.db.kind, queue: server.ctx.queue.kind, sandbox: { isolated: server.ctx.backend.isolated, slots: server.ctx.backend.slots, reason: server.ctx.backend.reason } },
      'gopherlab serving',
    );
    await nextSignal();
    const seconds = config.shutdownTimeoutMs / 1000;
    server.app.log.info(`shutting down: finishing running jobs (at most ${seconds} s; a second SIGTERM or SIGINT exits at once)`);
    const outcome = await Promise.race([
      server.close().then(() => 'drained' as const),
      nextSignal().then(() => 'second signal' as const),
      new Promise<'deadline'>((resolve) => setTimeout(resolve, config.shutdownTimeoutMs, 'deadline').unref()),
    ]);
    if (outcome === 'drained') return 0;
    // Accepted jobs are rows in the database: the next start resumes them (or finishes them with a reason).
    server.app.log.warn(`exiting before running jobs finished (${outcome === 'deadline' ? `${seconds} s deadline` : outcome}); they are recovered at the next start`);
    process.exit(1);
  },
};

function nextSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
