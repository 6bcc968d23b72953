/**
 * The learner CLI's HTTP client: JSON in and out, the API token as a bearer
 * header, and every failure as an AppError with the server's own code (or
 * server_unreachable), so the CLI prints one line and exits 2.
 */
import { AppError, isErrorCode } from '@gopherlab/errors';

export class ServerClient {
  constructor(
    readonly server: string,
    private readonly token?: string,
  ) {}

  /** The auth header for requests made outside `request` (binary downloads). */
  headers(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = new URL(path, this.server.endsWith('/') ? this.server : `${this.server}/`);
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (e) {
      const why = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
      throw new AppError('server_unreachable', `Cannot reach the gopherlab server at ${this.server} (${why}). Check the URL and that it is running.`);
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      throw new AppError('server_unreachable', `${this.server} did not answer like a gopherlab server (HTTP ${res.status}).`);
    }
    if (!res.ok) {
      const err = (json as { error?: { code?: string; message?: string } } | null)?.error;
      const code = err?.code && isErrorCode(err.code) ? err.code : 'internal_error';
      throw new AppError(code, err?.message ?? `HTTP ${res.status}`);
    }
    return json as T;
  }
}

/** A server URL as the learner may type it (`localhost:8080`), normalised; bad input is a clear error. */
export function normaliseServer(raw: string): string {
  const withScheme = /^[a-z]+:\/\//i.test(raw) ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new AppError('invalid_option', `--server must be a URL like https://gopherlab.example.com (got "${raw}").`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError('invalid_option', `--server must use http or https (got "${url.protocol}").`);
  return url.origin;
}
