/**
 * TEST SUPPORT: a server process the restart test can SIGKILL mid-run.
 * argv: <dataDir>. Prints the listening URL on stdout.
 */
import { HostGoRunner } from './host-runner.js';
import { backendFromRunner } from '../runs/backend.js';
import { startTestServer } from './harness.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: serve-child <dataDir>');
const server = await startTestServer({ GOPHERLAB_DATA_DIR: dataDir, GOPHERLAB_WORKERS: '1' }, { backend: backendFromRunner(new HostGoRunner(), 1, false) });
const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(url + '\n');
