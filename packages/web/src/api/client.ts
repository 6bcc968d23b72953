/**
 * The one HTTP client of the web app. It speaks the server's JSON contract:
 * errors arrive as `{error: {code, message}}` and become ApiError values with
 * the catalog's stable code, so views can branch on codes, never on text.
 *
 * CSRF: the server requires `x-csrf-token` on mutating requests that carry
 * the session cookie. The token comes from /auth/me or the sign-in/sign-up
 * response; the client keeps it here so every call site sends it.
 */
import type {
  Action,
  CheckStatus,
  ClassDashboardView,
  ClassSummary,
  LearnerSummary,
  Course,
  Lesson,
  Me,
  ProgressEntry,
  ProgressStatus,
  RunOptions,
  RunReport,
  Share,
  SourceFile,
  User,
} from './types.js';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal, init: { keepalive?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (MUTATING.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      credentials: 'same-origin',
      signal: signal ?? null,
      ...init,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError('network_error', 'The server could not be reached. Check your connection and try again.', 0);
  }
  const text = await res.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (!res.ok) throw toApiError(res.status, parsed);
  return parsed as T;
}

export function toApiError(status: number, body: unknown): ApiError {
  const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (err && typeof err.code === 'string') {
    return new ApiError(err.code, typeof err.message === 'string' ? err.message : err.code, status, err.details);
  }
  return new ApiError(status >= 500 ? 'internal_error' : 'invalid_request', `The server answered ${status}.`, status);
}

/** A CLI token as the account page lists it (never the token itself). */
export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** GET /api/v1/toolchains: the Go releases a run may select, newest (the default) first. */
export interface Toolchains {
  default: string | null;
  toolchains: { release: string; version: string }[];
}

export interface RunInput {
  action: Action;
  files: SourceFile[];
  options?: RunOptions;
}

export const api = {
  startRun: (input: RunInput) => request<{ id: string }>('POST', '/api/v1/runs', input),
  getRun: (id: string) => request<RunReport>('GET', `/api/v1/runs/${encodeURIComponent(id)}`),
  profileUrl: (runId: string, index: number) => `/api/v1/runs/${encodeURIComponent(runId)}/profiles/${index}`,
  traceUrl: (runId: string) => `/api/v1/runs/${encodeURIComponent(runId)}/trace`,
  toolchains: () => request<Toolchains>('GET', '/api/v1/toolchains'),
  deleteMyStatements: () => request<{ deleted: number }>('DELETE', '/api/v1/me/statements'),
  eventsUrl: (runId: string) => `/api/v1/runs/${encodeURIComponent(runId)}/events`,

  createShare: (files: SourceFile[], action?: Action, options?: RunOptions) => request<{ id: string }>('POST', '/api/v1/shares', { files, action, ...(options ? { options } : {}) }),
  getShare: (id: string) => request<Share>('GET', `/api/v1/shares/${encodeURIComponent(id)}`),

  me: () => request<Me>('GET', '/api/v1/auth/me'),
  signup: (email: string, password: string, displayName?: string) =>
    request<{ user: User; csrfToken?: string }>('POST', '/api/v1/auth/signup', { email, password, displayName }),
  signin: (email: string, password: string) => request<{ user: User; csrfToken?: string }>('POST', '/api/v1/auth/signin', { email, password }),
  signout: () => request<unknown>('POST', '/api/v1/auth/signout', {}),

  course: (lang: string) => request<Course>('GET', `/api/v1/course?lang=${encodeURIComponent(lang)}`),
  lesson: (id: string, lang: string) => request<Lesson>('GET', `/api/v1/lessons/${encodeURIComponent(id)}?lang=${encodeURIComponent(lang)}`),
  startCheck: (labId: string, files: SourceFile[], hintsUsed = 0) => request<{ id: string }>('POST', `/api/v1/labs/${encodeURIComponent(labId)}/check`, { files, hintsUsed }),
  getCheck: (id: string) => request<CheckStatus>('GET', `/api/v1/checks/${encodeURIComponent(id)}`),
  apiTokens: () => request<{ tokens: ApiToken[] }>('GET', '/api/v1/auth/tokens'),
  revokeApiToken: (id: string) => request<unknown>('DELETE', `/api/v1/auth/tokens/${encodeURIComponent(id)}`),
  getDraft: (labId: string) => request<{ draft: { files: SourceFile[]; updatedAt: string } | null }>('GET', `/api/v1/labs/${encodeURIComponent(labId)}/draft`),
  saveDraft: (labId: string, files: SourceFile[]) => request<unknown>('PUT', `/api/v1/labs/${encodeURIComponent(labId)}/draft`, { files }),
  labSolution: (labId: string) => request<{ files: SourceFile[] }>('GET', `/api/v1/labs/${encodeURIComponent(labId)}/solution`),

  classes: () => request<{ teaching: ClassSummary[]; joined: ClassSummary[] }>('GET', '/api/v1/classes'),
  createClass: (name: string) => request<ClassSummary>('POST', '/api/v1/classes', { name }),
  joinClass: (code: string) => request<ClassSummary>('POST', '/api/v1/classes/join', { code }),
  leaveClass: (id: string) => request<unknown>('DELETE', `/api/v1/classes/${encodeURIComponent(id)}/membership`),
  classDashboard: (id: string, lang: string) => request<ClassDashboardView>('GET', `/api/v1/classes/${encodeURIComponent(id)}/dashboard?lang=${encodeURIComponent(lang)}`),
  learning: () => request<LearnerSummary>('GET', '/api/v1/me/learning'),
  setGoal: (daysPerWeek: number) => request<unknown>('PUT', '/api/v1/me/goal', { daysPerWeek }),
  learningEvent: (event: { kind: 'block_run'; lessonId: string; block: number; status: string } | { kind: 'hint'; labId: string; hint: number }) => request<unknown>('POST', '/api/v1/me/events', event),
  reportSession: (activeSeconds: number) => request<unknown>('POST', '/api/v1/me/session', { activeSeconds }, undefined, { keepalive: true }),

  progress: () => request<{ lessons: ProgressEntry[] }>('GET', '/api/v1/progress'),
  putProgress: (lessonId: string, status: ProgressStatus) =>
    request<unknown>('PUT', `/api/v1/progress/${encodeURIComponent(lessonId)}`, { status }),
};
