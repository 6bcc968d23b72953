export { SessionProvider, useSession } from './session.js';
export { AuthPage } from './AuthPage.js';
