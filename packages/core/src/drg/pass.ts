/** What one grouping pass produces, shared by the grouper and the explanation. */
import type { MsDrgFormulaWitness } from './formula.js';
import type { CompiledRow } from './runtime.js';
import type { MsDrgReturnCode } from './types.js';

/** A true row met while grouping, with what made it true. */
export interface MatchedRow {
  readonly row: CompiledRow;
  readonly witnesses: readonly MsDrgFormulaWitness[];
  /** Severity (0, 1 CC, 2 MCC) the row saw. */
  readonly severity: number;
  /** The secondary diagnoses that give the row that severity. */
  readonly severityCodes: readonly string[];
}

/** The outcome of one grouping pass. */
export interface PassOutcome {
  readonly drg: number;
  readonly returnCode: MsDrgReturnCode;
  readonly mdc: number;
  readonly level: number;
  /** The deciding row, when a row decided. */
  readonly row: CompiledRow | undefined;
  readonly matched: MatchedRow[];
  /** The HAC-adjusted pass. */
  readonly final?: boolean;
}
