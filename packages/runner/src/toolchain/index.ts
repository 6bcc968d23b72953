export { allowlistGoVersion, allowlistedModules, loadAllowlist, parseRequires, ALLOWLIST_DIR, type AllowedModule, type ModuleVersion } from './allowlist.js';
export { prepareToolchain } from './prepare.js';
