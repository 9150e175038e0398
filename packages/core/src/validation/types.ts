import type { IsoDate } from '../codesets/types.js';
import type { CodedEncounter, EncounterType } from '../encounter.js';
import type { Citation, Finding } from '../finding.js';
import type { CodeCheck, DiagnosisInfo, ValidationReference } from './ports.js';

/** Site configuration the rules read. */
export interface ValidationSettings {
  /**
   * The facility is exempt from POA reporting (critical access, cancer and children's hospitals historically;
   * verify per facility). POA rules then stay silent.
   */
  readonly poaExemptFacility?: boolean | undefined;
  /**
   * Excludes1 pairs the provider documented as unrelated conditions, the one exception of Guidelines FY2026 §I.A.12.a.
   * Keys are the two codes sorted and joined by '|', e.g. 'F458|G4763'.
   */
  readonly unrelatedExcludes1Pairs?: ReadonlySet<string> | undefined;
}

/** Everything a rule may read besides the encounter: reference data and site settings. No clock, no globals. */
export interface ValidationContext {
  readonly reference: ValidationReference;
  readonly settings?: ValidationSettings | undefined;
}

/** Why a diagnosis code is not reportable, worked out once per code before the rules run. */
export const DiagnosisProblem = {
  none: 'none',
  /** Not a well-formed ICD-10-CM code. */
  malformed: 'malformed',
  /** A well-formed code of another system (e.g. a PCS or HCPCS code in the diagnosis list). */
  wrongSystem: 'wrong-system',
  header: 'header',
  /** A header (or unknown code) that lacks only its required 7th character. */
  seventhMissing: 'seventh-missing',
  /** A 7th character the category does not define. */
  seventhInvalid: 'seventh-invalid',
  /** Placeholder X missing, misplaced or superfluous. */
  placeholder: 'placeholder',
  notOnDate: 'not-on-date',
  unknown: 'unknown',
  /** No loaded release covers the date; reported once for the encounter. */
  noRelease: 'no-release',
} as const;
export type DiagnosisProblem = (typeof DiagnosisProblem)[keyof typeof DiagnosisProblem];

export interface PreparedDiagnosis {
  /** Position in `diagnoses`; -1 for the admitting diagnosis. */
  readonly index: number;
  readonly code: string;
  /** The 3-character category as a sortable number (categoryNumber in matchers.ts); -1 when malformed. */
  readonly category: number;
  /** JSON Pointer of the code, e.g. '/diagnoses/2/code' or '/admitDiagnosis'. */
  readonly path: string;
  readonly poa: string | undefined;
  readonly problem: DiagnosisProblem;
  /** Reference facts; undefined when the code is malformed or no release covers the date. */
  readonly info: DiagnosisInfo | undefined;
  /** For seventh-missing / placeholder: a reportable code the input probably meant. */
  readonly suggestion?: string | undefined;
  /** MCE lists on the date (bit mask of MceFlag); 0 when none or unknown. */
  readonly mceFlags: number;
  /** Whether the MCE tables know the code on the date. */
  readonly mceKnown: boolean;
}

export const ProcedureSystem = { pcs: 'ICD-10-PCS', hcpcs: 'HCPCS', cpt: 'CPT' } as const;
export type ProcedureSystem = (typeof ProcedureSystem)[keyof typeof ProcedureSystem];

export const ProcedureProblem = {
  none: 'none',
  malformed: 'malformed',
  /** An ICD-10-CM diagnosis code in the procedure list. */
  wrongSystem: 'wrong-system',
  notOnDate: 'not-on-date',
  unknown: 'unknown',
  noRelease: 'no-release',
  /** CPT with no site CPT file loaded: well formed, validity unknown. */
  formatOnly: 'format-only',
} as const;
export type ProcedureProblem = (typeof ProcedureProblem)[keyof typeof ProcedureProblem];

export interface PreparedProcedure {
  readonly index: number;
  readonly code: string;
  readonly path: string;
  /** The date the code was checked on: the line's own date of service (non-inpatient), else the encounter's. */
  readonly date: IsoDate | undefined;
  /** The system the code's format belongs to; undefined when malformed. */
  readonly system: ProcedureSystem | undefined;
  readonly problem: ProcedureProblem;
  readonly check: CodeCheck | undefined;
  readonly mceFlags: number;
  readonly mceKnown: boolean;
}

/** Why the date that selects the release is unusable. */
export const DateProblem = {
  none: 'none',
  /** Inpatient stay without a discharge date: the admit date chose the release. */
  dischargeMissing: 'discharge-missing',
  malformed: 'malformed',
  /** No loaded ICD-10-CM release covers the date. */
  outsideReleases: 'outside-releases',
  /** After the newest loaded release's end: validated against the newest, flagged. */
  beyondNewest: 'beyond-newest',
} as const;
export type DateProblem = (typeof DateProblem)[keyof typeof DateProblem];

/** The encounter with every code looked up once: what each rule reads. */
export interface PreparedEncounter {
  readonly encounter: CodedEncounter;
  /** The date that picks the release (YYYY-MM-DD); undefined when no usable date exists. */
  readonly date: IsoDate | undefined;
  /** JSON Pointer of the field that supplied (or should have supplied) the date. */
  readonly datePath: string;
  readonly dateProblem: DateProblem;
  /** The ICD-10-CM release version in force, e.g. 'FY2026'. */
  readonly version: string | undefined;
  readonly inpatient: boolean;
  /** ageYears is an integer within 0-124 (MCE edit 14). */
  readonly ageValid: boolean;
  readonly diagnoses: readonly PreparedDiagnosis[];
  readonly admitDiagnosis: PreparedDiagnosis | undefined;
  readonly procedures: readonly PreparedProcedure[];
  /** Bit per first letter of the diagnosis codes (letterBit in matchers.ts): lets pair rules skip whole note sets. */
  readonly dxLetters: number;
  /** Union of the MCE lists of all diagnoses. */
  readonly dxMceFlags: number;
  /** Union of the MCE lists of all ICD-10-PCS procedures. */
  readonly pxMceFlags: number;
}

/**
 * A rule is data plus a pure function (STYLE.md §3). The engine selects rules by `effective` and `appliesTo` only;
 * it never looks at `id`.
 */
export interface ValidationRule {
  /** Stable id, e.g. 'CM.EXCLUDES1'. */
  readonly id: string;
  readonly title: string;
  readonly citation: Citation;
  /** Dates (YYYY-MM-DD, inclusive) on which the rule is in force. */
  readonly effective: { readonly from: IsoDate; readonly to?: IsoDate | undefined };
  /** Encounter types the rule applies to; undefined means all. */
  readonly appliesTo?: readonly EncounterType[] | undefined;
  evaluate(input: PreparedEncounter, ctx: ValidationContext): readonly Finding[];
}
