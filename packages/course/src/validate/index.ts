export { validateCourse, type ValidateOptions, type ValidationReport, type ValidationResult, type ValidationTotals, type ValidationTaskKind } from './validate.js';
export { checkStructure } from './structure.js';
