import type { IsoDate } from '../codesets/types.js';
import type { CodedEncounter, EncounterType } from '../encounter.js';
import type { Citation, Finding } from '../finding.js';
import type { CodeMatcherSet } from './matchers.js';
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

/** One bit per problem (PreparedEncounter.dxProblems): a rule about some problems skips encounters without them. */
export const DiagnosisProblemBit: Readonly<Record<DiagnosisProblem, number>> = {
  none: 1 << 0,
  malformed: 1 << 1,
  'wrong-system': 1 << 2,
  header: 1 << 3,
  'seventh-missing': 1 << 4,
  'seventh-invalid': 1 << 5,
  placeholder: 1 << 6,
  'not-on-date': 1 << 7,
  unknown: 1 << 8,
  'no-release': 1 << 9,
};

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
  /** The code's facts in the release, shared by every encounter; set whenever `problem` is `none` (see CodeFacts). */
  readonly facts: CodeFacts | undefined;
}

/** One "use additional code" note of a code, with its filters copied out of the matcher set (CodeFacts). */
export interface UseAdditionalFacts {
  readonly text: string;
  readonly targets: CodeMatcherSet;
  /** The filters of `targets` (letters, categories, blocks), read without following the pointer. */
  readonly letters: number;
  readonly categories: number;
  readonly blocks: number;
  /** The finding's message for this code and note, built on first use (it depends on nothing else). */
  message: string | undefined;
}

/**
 * What the rules read about an ICD-10-CM code that does not change between encounters in one release: worked out in
 * prepare.ts at the code's first sight and shared by every later encounter with the code. The hot loops then read one
 * compact object instead of following info -> notes -> note -> matcher set on every encounter (each a likely cache
 * miss, since encounters draw codes from a large set), and the parts of findings that depend only on the code are
 * built once.
 */
export interface CodeFacts {
  readonly info: DiagnosisInfo;
  readonly problem: DiagnosisProblem;
  readonly category: number;
  /** letterBit, categoryBit and blockBit of the code (matchers.ts). */
  readonly letter: number;
  readonly categoryBit: number;
  readonly blockBit: number;
  readonly poaExempt: boolean;
  /** `info.notes.manifestation` (the Tabular title); the MCE manifestation list is per date, in `mceFlags`. */
  readonly manifestation: boolean;
  readonly excludes1: CodeMatcherSet;
  readonly codeFirst: CodeMatcherSet;
  /** The filters of `excludes1` and `codeFirst` (letters, categories, blocks), read without following the pointers. */
  readonly excludes1Letters: number;
  readonly excludes1Categories: number;
  readonly excludes1Blocks: number;
  readonly codeFirstLetters: number;
  readonly codeFirstCategories: number;
  readonly codeFirstBlocks: number;
  /** The "use additional code" notes; the first one's filters and message are also kept in the fields below. */
  readonly useAdditional: readonly UseAdditionalFacts[];
  readonly useAdditionalCount: number;
  readonly useAdditionalLetters: number;
  readonly useAdditionalCategories: number;
  readonly useAdditionalBlocks: number;
  useAdditionalMessage: string | undefined;
  /** `[code]`, the `codes` of the findings about the code alone, built on first use and shared by them. */
  codes: readonly string[] | undefined;
  /**
   * The first MCE period as YYYYMMDD numbers (an open end as 99999999) and its lists: -1 in `mceFrom` when the code has
   * no period, -2 when a bound is not a YYYY-MM-DD date (then `info.mcePeriods` is searched as strings).
   */
  readonly mceFrom: number;
  readonly mceTo: number;
  readonly mceFlags: number;
  /** Later periods, three numbers each (from, to, flags); empty for most codes. */
  readonly mceRest: readonly number[];
  /** POA.EXEMPT_REPORTED findings by position and indicator (index * 4 + Y/N/U/W), built on first use. */
  readonly poaExemptFindings: Finding[];
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
  /** Bit per category and per block of the diagnosis codes (categoryBit, blockBit): finer filters of the same kind. */
  readonly dxCategories: number;
  readonly dxBlocks: number;
  /** Union of the MCE lists of all diagnoses. */
  readonly dxMceFlags: number;
  /**
   * Bit per problem (DiagnosisProblemBit) of the diagnoses and the admitting diagnosis, except `none`: most encounters
   * have no problem at all, so the rules about problems return at once.
   */
  readonly dxProblems: number;
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
