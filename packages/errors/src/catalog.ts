/**
 * The one catalog of user-visible errors. Every error a user can see has a
 * stable code (never renamed: clients and tests match on it), the HTTP status
 * the API answers with, and a message that tells the user what to do next.
 *
 * Expected outcomes of running code (compile error, timeout, memory limit) are
 * NOT errors: they are statuses in a RunReport. This catalog is for requests
 * we refuse or cannot serve.
 *
 * Packages add codes here rather than inventing their own error shapes, so the
 * CLI, the API and the web app all speak the same language.
 */
export const errorCatalog = {
  // --- request validation (runner) ---
  invalid_request: { status: 400, message: 'The request is malformed.' },
  invalid_action: { status: 400, message: 'Unknown action. Use one of: run, build, test, race, bench, vet, fmt, escape, asm, ssa, profile, trace, fuzz.' },
  no_files: { status: 400, message: 'The request has no files. Send at least one .go file or a txtar archive.' },
  too_many_files: { status: 400, message: 'Too many files in one request.' },
  file_too_large: { status: 413, message: 'A file is larger than the per-file limit.' },
  request_too_large: { status: 413, message: 'The files together are larger than the request limit.' },
  invalid_file_name: { status: 400, message: 'A file name is not allowed: use relative paths with no "..", no leading "/", no backslashes and no control characters.' },
  duplicate_file: { status: 400, message: 'Two files have the same name.' },
  invalid_utf8: { status: 400, message: 'A file is not valid UTF-8 text.' },
  invalid_txtar: { status: 400, message: 'The txtar archive could not be read.' },
  invalid_option: { status: 400, message: 'A run option is out of range.' },
  unsupported_go_version: { status: 400, message: 'This server does not have that Go release.' },

  // --- sandbox / platform (runner) ---
  sandbox_unavailable: { status: 503, message: 'Code execution is disabled on this server because the sandbox is not available. An operator must run the setup script.' },
  queue_full: { status: 503, message: 'The server is busy running other programs. Try again in a few seconds.' },

  // --- editor assistance (gopls sessions) ---
  lsp_busy: { status: 503, message: 'Editor assistance is busy right now; your code still runs. It comes back when a session frees up.' },
  lsp_unavailable: { status: 503, message: 'Editor assistance (gopls) is not available on this server; your code still runs. An operator must run the setup script.' },
  lsp_message_invalid: { status: 400, message: 'The editor sent a message that is not a valid language-server message.' },
  lsp_method_not_allowed: { status: 400, message: 'The editor asked the language server for something this server does not offer.' },

  // --- profiling inputs ---
  invalid_profile: { status: 400, message: 'The file is not a pprof profile (gzipped or raw protobuf).' },
  invalid_benchmark_output: { status: 400, message: 'No benchmark results were found in the input.' },
  invalid_trace: { status: 400, message: 'The file is not a Go execution trace this version can read.' },
  invalid_gctrace: { status: 400, message: 'No GODEBUG=gctrace=1 or schedtrace lines were found in the input. Run the program with GODEBUG=gctrace=1 and pass its stderr.' },
  trace_converter_unavailable: { status: 503, message: 'The execution-trace converter (traceconv) is not built. Run the setup script (scripts/setup.sh).' },
  unknown_sample_type: { status: 400, message: 'The profile has no sample type with that name.' },
  invalid_regexp: { status: 400, message: 'The focus/ignore pattern is not a valid regular expression.' },

  // --- course ---
  course_invalid: { status: 422, message: 'The course content failed validation.' },
  lesson_not_found: { status: 404, message: 'There is no lesson with that id.' },
  lab_not_found: { status: 404, message: 'There is no lab with that id.' },

  // --- server / accounts ---
  not_found: { status: 404, message: 'Nothing exists at this address.' },
  run_not_found: { status: 404, message: 'There is no run with that id.' },
  share_not_found: { status: 404, message: 'There is no shared snippet with that id.' },
  class_not_found: { status: 404, message: 'There is no class with that id, or it is not one of yours.' },
  invite_code_unknown: { status: 404, message: 'No class has that invite code. Check it with your instructor.' },
  unauthenticated: { status: 401, message: 'Sign in to do this.' },
  server_unreachable: { status: 503, message: 'The gopherlab server cannot be reached.' },
  not_a_lab_folder: { status: 400, message: 'This folder is not a lab started with gopherlab lab start.' },
  invalid_token: { status: 401, message: 'The API token is unknown or was revoked. Sign in again (gopherlab login).' },
  forbidden: { status: 403, message: 'Your account is not allowed to do this.' },
  csrf_failed: { status: 403, message: 'The request is missing a valid CSRF token. Reload the page and try again.' },
  invalid_credentials: { status: 401, message: 'The email or password is wrong.' },
  email_taken: { status: 409, message: 'An account with this email already exists. Sign in instead.' },
  weak_password: { status: 400, message: 'Choose a password of at least 10 characters.' },
  rate_limited: { status: 429, message: 'Too many requests. Wait a moment and try again.' },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  unsupported_media_type: { status: 415, message: 'Send the request body as JSON (Content-Type: application/json).' },
  method_not_allowed: { status: 405, message: 'This method is not allowed here.' },
  uri_too_long: { status: 414, message: 'The address is too long.' },

  // --- configuration / CLI ---
  invalid_config: { status: 500, message: 'The configuration is invalid.' },
  file_not_found: { status: 400, message: 'The file or directory does not exist.' },
  internal_error: { status: 500, message: 'Something went wrong on our side. The error has been logged.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalog;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorCatalog, code);
}
