export { parseTxtar, formatTxtar, isTxtar, type TxtarArchive } from './txtar.js';
export { generateGoMod, goImports, GENERATED_MODULE, type AllowedModule } from './gomod.js';
export {
  validateRunRequest,
  runRequestSchema,
  sourceFilesSchema,
  requestIssueError,
  validationPolicyFor,
  checkFileName,
  decodeUtf8,
  defaultValidationPolicy,
  GODEBUG_KEYS,
  TRACE_GODEBUG_KEYS,
  GOEXPERIMENTS,
  type ValidationPolicy,
} from './validate.js';
export { parseGoDuration } from './duration.js';
