/**
 * What the MS-DRG grouper reports. Names of return codes, severity flags, POA verdicts and HAC usages are CMS's own
 * (MS-DRG 43.1 Java grouper output), so a result can be compared with CMS's software field by field.
 */
import type { Issue } from '../result.js';

/** Grouper return codes (CMS MS-DRG GrouperReturnCode names). */
export const MsDrgReturnCode = {
  ok: 'OK',
  invalidPrincipalDiagnosis: 'INVALID_PRINCIPAL_DIAGNOSIS',
  invalidAge: 'INVALID_AGE',
  invalidSex: 'INVALID_SEX',
  invalidDischargeStatus: 'INVALID_DISCHARGE_STATUS',
  dxCannotBePdx: 'DX_CANNOT_BE_PDX',
  ungroupable: 'UNGROUPABLE',
  hacMissingOnePoa: 'HAC_MISSING_ONE_POA',
} as const;
export type MsDrgReturnCode = (typeof MsDrgReturnCode)[keyof typeof MsDrgReturnCode];

/** A secondary diagnosis's role in the CC/MCC count (CMS CodeSeverityFlag names). */
export const MsDrgSeverityFlag = {
  neither: 'NEITHER',
  mcc: 'MCC',
  cc: 'CC',
  /** Excluded by the principal diagnosis's CC-exclusion group. */
  mccExcluded: 'MCC_EXCLUDED',
  ccExcluded: 'CC_EXCLUDED',
  /** Not counted by the matched formula row (its suppression operands, or an MCC that needs a live discharge). */
  mccExcludedByDrgLogic: 'MCC_EXCLUDED_BY_DRG_LOGIC',
  ccExcludedByDrgLogic: 'CC_EXCLUDED_BY_DRG_LOGIC',
} as const;
export type MsDrgSeverityFlag = (typeof MsDrgSeverityFlag)[keyof typeof MsDrgSeverityFlag];

/** The POA verdict on a diagnosis (CMS PoaErrorCode names). */
export const MsDrgPoaVerdict = {
  notChecked: 'POA_NOT_CHECKED',
  notRecognized: 'POA_NOT_RECOGNIZED',
  recognizedNotPoa: 'POA_RECOGNIZED_NOT_POA',
  recognizedYesPoa: 'POA_RECOGNIZED_YES_POA',
  hospitalExempt: 'HOSPITAL_EXEMPT',
} as const;
export type MsDrgPoaVerdict = (typeof MsDrgPoaVerdict)[keyof typeof MsDrgPoaVerdict];

/** A HAC-list diagnosis's verdict for one HAC category (CMS HacUsage names). */
export const MsDrgHacUsage = {
  criteriaMet: 'HAC_CRITERIA_MET',
  criteriaNotMet: 'HAC_CRITERIA_NOT_MET',
  notApplicableExclusion: 'HAC_NOT_APPLICABLE_EXCLUSION',
  notApplicableExempt: 'HAC_NOT_APPLICABLE_EXEMPT',
} as const;
export type MsDrgHacUsage = (typeof MsDrgHacUsage)[keyof typeof MsDrgHacUsage];

/**
 * The claim's HAC outcome. NOT_APPLICABLE and FINAL_DRG_NO_CHANGE are CMS's names; FINAL_DRG_CHANGES and
 * FINAL_DRG_INVALID are ours for the two other outcomes of the HAC step.
 */
export const MsDrgHacStatus = {
  notApplicable: 'NOT_APPLICABLE',
  finalDrgNoChange: 'FINAL_DRG_NO_CHANGE',
  finalDrgChanges: 'FINAL_DRG_CHANGES',
  finalDrgInvalid: 'FINAL_DRG_INVALID',
} as const;
export type MsDrgHacStatus = (typeof MsDrgHacStatus)[keyof typeof MsDrgHacStatus];

export type MsDrgMedSurg = 'MEDICAL' | 'SURGICAL' | 'NONE';
export type MsDrgLevel = 'MCC' | 'CC' | 'NON_CC';
export type MsDrgOrRole = 'extensive-or' | 'non-extensive-or' | 'non-or' | 'none';

export interface MsDrgGroupOptions {
  /** The date that picks the grouper version; default: discharge date, else admit date. */
  readonly groupingDate?: string | undefined;
  /** The hospital is exempt from POA reporting: the HAC step is skipped (CMS rule). Default false. */
  readonly poaExempt?: boolean | undefined;
  /** Build the explanation (matched rows, operands, words). Default true; batch jobs that only need DRGs turn it off. */
  readonly explain?: boolean | undefined;
  /**
   * Compile the formula lists to generated code (default true, fastest). False uses closures only, for hosts that
   * forbid runtime code generation (a strict Content-Security-Policy); the results are the same.
   */
  readonly generateCode?: boolean | undefined;
}

export interface MsDrgPrincipalRole {
  readonly code: string;
  /** Known to the grouper version. */
  readonly valid: boolean;
  /** MDC as principal (after the sex-specific choice), '' when invalid. */
  readonly mdc: string;
  readonly poa: string;
  readonly poaVerdict: MsDrgPoaVerdict;
}

export interface MsDrgHacVerdict {
  /** HAC category 1..14; 0 when the code is on a HAC list but no category's criteria are met. */
  readonly hac: number;
  readonly status: MsDrgHacUsage;
}

export interface MsDrgSecondaryRole {
  /** Position in encounter.diagnoses. */
  readonly index: number;
  readonly code: string;
  readonly poa: string;
  readonly valid: boolean;
  /** Table severity as a secondary diagnosis, before any exclusion. */
  readonly level: MsDrgLevel;
  /** Role in the final DRG. */
  readonly severity: MsDrgSeverityFlag;
  /** Role in the initial DRG (before the HAC step). */
  readonly initialSeverity: MsDrgSeverityFlag;
  /** Why a CC/MCC did not count toward the final DRG. */
  readonly excludedBy?: 'principal-exclusion' | 'drg-logic' | 'death' | 'hac' | undefined;
  readonly poaVerdict: MsDrgPoaVerdict;
  /** Empty when the code is on no HAC list. */
  readonly hacs: readonly MsDrgHacVerdict[];
}

export interface MsDrgProcedureRole {
  readonly index: number;
  readonly code: string;
  readonly valid: boolean;
  readonly orRole: MsDrgOrRole;
  /** Operating-room procedure (extensive or non-extensive O.R.). */
  readonly isOr: boolean;
  /** Clusters this procedure formed together with others. */
  readonly clusters: readonly string[];
}

/** One operand that made the matched formula true, in words and with the codes that carry it. */
export interface MsDrgReason {
  readonly operand: string;
  /** True when the operand counts because it is absent (`~operand`). */
  readonly negated: boolean;
  readonly codes: readonly string[];
  readonly text: string;
}

/** A formula row that was true on the way to the DRG (a reroute or the deciding row). */
export interface MsDrgMatchedRow {
  /** The list evaluated: '00' pre-MDC, '01'..'25', '29'. */
  readonly list: string;
  readonly rank: number;
  readonly formula: string;
  /** The DRG it assigns, or '' for a reroute or control row. */
  readonly drg: string;
  readonly rerouteMdc: string;
  readonly reasons: readonly MsDrgReason[];
}

export interface MsDrgExplanation {
  /** The true rows in order; the last one decided. Empty for a DRG given before any formula (e.g. invalid age). */
  readonly rows: readonly MsDrgMatchedRow[];
  /** A sentence a coder reads. */
  readonly text: string;
}

export interface MsDrgAssignment {
  readonly drg: string;
  readonly mdc: string;
  readonly returnCode: MsDrgReturnCode;
  readonly medSurg: MsDrgMedSurg;
  readonly title: string;
  readonly relativeWeight: number | undefined;
  readonly gmlos: number | undefined;
  /** CC/MCC level the deciding row saw. */
  readonly level: MsDrgLevel;
  readonly explanation: MsDrgExplanation | undefined;
}

export interface MsDrgResult extends MsDrgAssignment {
  /** Grouper version used, '43.0' or '43.1'. */
  readonly version: string;
  readonly groupingDate: string;
  /** The DRG before the HAC step. */
  readonly initial: MsDrgAssignment;
  readonly hacStatus: MsDrgHacStatus;
  /** Number of HAC categories whose criteria are met. */
  readonly hacCategories: number;
  readonly principal: MsDrgPrincipalRole;
  readonly secondaries: readonly MsDrgSecondaryRole[];
  readonly procedures: readonly MsDrgProcedureRole[];
  /** Clusters formed by the procedures. */
  readonly clusters: readonly string[];
  /** Input problems that did not stop grouping (codes ignored, invalid values); each names the field. */
  readonly issues: readonly Issue[];
}

/** What one code does to the payment: the DRG the claim gets without it. */
export interface MsDrgCodeImpact {
  readonly role: 'secondary' | 'procedure';
  /** Position in encounter.diagnoses or encounter.procedures. */
  readonly index: number;
  readonly code: string;
  readonly drgWithout: string;
  readonly weightWithout: number | undefined;
  /** Weight with the code minus weight without it (undefined when a weight is unknown). */
  readonly weightDelta: number | undefined;
  readonly changesDrg: boolean;
}

export interface MsDrgImpact {
  readonly drg: string;
  readonly relativeWeight: number | undefined;
  readonly codes: readonly MsDrgCodeImpact[];
}
