import type { Diagnostic, LeakReport, RaceReport, RunStatus } from '@gopherlab/runner';
import type { LabCheckSpec } from '../format/schema.js';

export type CheckKind = LabCheckSpec['kind'];

export interface BenchMeasurement {
  benchmark: string;
  metric: string;
  learner: number;
  reference: number;
  /** learner/reference (reference/learner when higherIsBetter); null when undefined (0/0 counts as 1). */
  ratio: number | null;
  maxRatio: number;
  higherIsBetter: boolean;
}

export interface GradeCheck {
  kind: CheckKind;
  /** Short label, e.g. `hidden tests` or `BenchmarkSum ns/op`. */
  name: string;
  passed: boolean;
  /** One sentence a learner can act on. */
  summary: string;
  /** Failing (or missing) hidden tests with their output. */
  /** `failure`: the t.Error/t.Fatal lines alone, as Go 1.27's test2json marks them (absent on Go 1.26). */
  failures?: { test: string; output: string; failure?: string }[];
  races?: RaceReport[];
  leaks?: LeakReport[];
  /** Raw leak detector text when the runner did not parse it into `leaks`. */
  leakOutput?: string;
  diagnostics?: Diagnostic[];
  measurement?: BenchMeasurement;
  /** Status of the underlying run when it was not `ok`. */
  runStatus?: RunStatus;
}

export interface GradeReport {
  labId: string;
  passed: boolean;
  checks: GradeCheck[];
  /** Learner files replaced by the lab's version (hidden tests with the same name, go.mod). */
  replacedFiles: string[];
  /** Learner files left out of grading (their own tests, go.sum). */
  ignoredFiles: string[];
  wallMs: number;
  goVersion?: string;
  /** Hints the learner had revealed when asking for this grade (set by the server that recorded the check). */
  hintsUsed?: number;
}
