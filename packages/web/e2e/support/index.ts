export { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable, launchChromium } from './browser.js';
export { editorText, setEditorText } from './editor.js';
export { e2eUnavailableReason, REPO_ROOT, startServer, type RunningServer } from './server.js';
export { serveDir } from './static.js';
export { serveHarness } from './harness.js';
