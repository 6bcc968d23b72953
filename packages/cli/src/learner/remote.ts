/**
 * `gopherlab exec ... --server URL`: the same request, executed by a gopherlab
 * server's sandbox. Its events stream back over SSE (status, then the report);
 * profiles are downloaded next to where the command runs, so `gopherlab pprof`
 * and `go tool pprof` read them as they would a local run's.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError } from '@gopherlab/errors';
import type { RunReport, RunRequest } from '@gopherlab/runner';
import { normaliseServer, ServerClient } from './client.js';
import { readCredentials } from './credentials.js';

export async function runRemote(serverFlag: string, request: RunRequest, onPhase: (phase: string) => void): Promise<RunReport> {
  const saved = readCredentials();
  const server = normaliseServer(serverFlag);
  // Signed-in runs count as the learner's; anonymous runs are allowed as on the playground.
  const client = new ServerClient(server, saved && saved.server === server ? saved.token : undefined);
  const { id } = await client.request<{ id: string }>('POST', '/api/v1/runs', request);
  let report: RunReport | null = null;
  for (let i = 0; i < 3000 && !report; i++) {
    const view = await client.request<RunReport | { status: 'queued' | 'running' }>('GET', `/api/v1/runs/${id}`);
    if (view.status === 'queued' || view.status === 'running') {
      onPhase(view.status);
      await new Promise((r) => setTimeout(r, 200));
    } else report = view as RunReport;
  }
  if (!report) throw new AppError('server_unreachable', `The server did not finish run ${id} within 10 minutes; see it at ${server}/api/v1/runs/${id}.`);
  await downloadProfiles(client, id, report);
  return report;
}

/** Saves each profile as ./<run id prefix>.<kind>.pprof and points the report at it. */
async function downloadProfiles(client: ServerClient, id: string, report: RunReport): Promise<void> {
  for (const [i, p] of report.profiles.entries()) {
    const url = new URL(`/api/v1/runs/${id}/profiles/${i}`, client.server);
    const res = await fetch(url, { headers: client.headers() });
    if (!res.ok) continue;
    const file = resolve(`${id.slice(0, 8)}.${p.kind}.${p.format === 'pprof' ? 'pprof' : 'out'}`);
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    p.path = file;
  }
}
