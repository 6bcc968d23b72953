/** Editor assistance: gopls sessions in the sandbox, and the LSP plumbing around them. */
export { createEditorHost, goplsInstalled, defaultEditorLimits, GOPLS_INSIDE, type EditorHost, type EditorHostConfig, type EditorSession, type EditorSessionOptions, type EditorExit } from './host.js';
export { FrameDecoder, encodeFrame, MAX_FRAME_BYTES } from './framing.js';
export { checkClientMessage, refusal, MAX_CLIENT_MESSAGE_BYTES, type Verdict } from './policy.js';
export { readGoSource } from './sources.js';
