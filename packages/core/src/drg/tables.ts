/**
 * The MS-DRG definitions in the compact form the pure grouper reads. The data package builds it from CMS's MS-DRG
 * v43.1 (FY2026) tables (decoded from the data resource of CMS's grouper 43.1) and caches it; tests may build small
 * ones by hand. Everything here is plain data: typed arrays indexed by integer ids, so grouping does no string work
 * on the hot path.
 *
 * Ranges over flat arrays use start arrays of length n + 1: the entries of item i are `values[start[i]..start[i+1])`.
 */

/** One grouper version and the discharge dates it applies to (inclusive). */
export interface MsDrgVersionSpan {
  /** '43.0', '43.1'. */
  readonly version: string;
  readonly from: string;
  readonly to: string;
  /** True for v43.0: procedure codes and clusters flagged as new on 2026-04-01 are unknown to it. */
  readonly excludeNewApril: boolean;
}

/** One DRG of the DRG table (FY2026 Table 5 weight and geometric mean length of stay). */
export interface MsDrgRow {
  /** Three digits, e.g. '291'. */
  readonly drg: string;
  /** The formula list that holds it: '00' pre-MDC, '29' for 981-989, '99' for 999. */
  readonly formulaMdc: string;
  /** MDC as printed in Table 5: 'PRE', '01'..'25', or '' (998, 999). */
  readonly table5Mdc: string;
  readonly medSurg: 'MED' | 'SURG' | '';
  readonly title: string;
  readonly baseDrg: string;
  readonly baseTitle: string;
  readonly weight: number | undefined;
  readonly gmlos: number | undefined;
}

/** One row of the DRG logic: a ranked boolean formula of one MDC's list. */
export interface MsDrgFormulaRow {
  /** The list: '00' pre-MDC, '01'..'25', '29' unrelated O.R., '99' error DRGs. */
  readonly mdc: string;
  readonly rank: number;
  /** The DRG it assigns, or '' for a control or reroute row. */
  readonly drg: string;
  readonly baseDrg: string;
  readonly medSurg: 'MED' | 'SURG' | '';
  /** Evaluate that MDC's list instead, or ''. */
  readonly rerouteMdc: string;
  /** Secondary diagnoses carrying one of these attributes do not count toward this row's CC/MCC. */
  readonly suppressionOperands: readonly string[];
  /** Operands, `&`, `|`, `~`, parentheses. */
  readonly formula: string;
}

/** A hospital-acquired condition category and its formula. */
export interface MsDrgHacRow {
  readonly hac: number;
  readonly title: string;
  readonly formula: string;
}

export const MsDrgSeverityLevel = { none: 0, cc: 1, mcc: 2 } as const;
export type MsDrgSeverityLevel = (typeof MsDrgSeverityLevel)[keyof typeof MsDrgSeverityLevel];

export const MsDrgOrClass = { none: 0, extensive: 1, nonExtensive: 2, nonOr: 3 } as const;
export type MsDrgOrClass = (typeof MsDrgOrClass)[keyof typeof MsDrgOrClass];

/** Value of the sex-specific MDC arrays for codes whose MDC does not depend on sex. */
export const MSDRG_NO_SEX_MDC = 255;

export interface MsDrgDxTable {
  /** ICD-10-CM codes without dots; the index in this array is the code's id. */
  readonly codes: readonly string[];
  /** MDC as principal (0 = cannot group: external-cause codes). */
  readonly mdc: Uint8Array;
  /** As secondary: {@link MsDrgSeverityLevel}. */
  readonly severity: Uint8Array;
  /** CC-exclusion group when this code is principal; 0 = none. */
  readonly exclGroup: Uint32Array;
  /** Operand attributes (dx, principal-category and HAC attributes) as attribute ids. */
  readonly attrStart: Uint32Array;
  readonly attrs: Uint16Array;
  /** The code's entry in the HAC table (operand names its HAC formulas test with SDX:/PDX:). */
  readonly hacOpStart: Uint32Array;
  readonly hacOps: Uint16Array;
  /** Bit n set = on the list of HAC category n (1..14). */
  readonly hacNumbers: Uint16Array;
  /** MDC for a male / female patient where it depends on sex, else {@link MSDRG_NO_SEX_MDC}. */
  readonly maleMdc: Uint8Array;
  readonly femaleMdc: Uint8Array;
}

export interface MsDrgPrTable {
  /** ICD-10-PCS codes; the index is the code's id. */
  readonly codes: readonly string[];
  /** {@link MsDrgOrClass}. */
  readonly orClass: Uint8Array;
  readonly attrStart: Uint32Array;
  readonly attrs: Uint16Array;
  readonly hacOpStart: Uint32Array;
  readonly hacOps: Uint16Array;
  /** Ids of the clusters the code is a component of. */
  readonly clusterStart: Uint32Array;
  readonly clusterIds: Uint32Array;
  /** 1 when the code is known to v43.0 as well (0 = new on 2026-04-01). */
  readonly inV430: Uint8Array;
}

export interface MsDrgClusterTable {
  /** CMS cluster names, e.g. 'Z@0217'; the index is the cluster id. */
  readonly names: readonly string[];
  /** Bit m set = the components' own operands stop counting in MDC m (bit 30 stands for MDC 99). */
  readonly suppression: Uint32Array;
  readonly attrStart: Uint32Array;
  readonly attrs: Uint16Array;
  /** Choices of cluster c: choiceStart[c]..choiceStart[c+1]; codes of choice k: choiceCodeStart[k].. (procedure ids). */
  readonly choiceStart: Uint32Array;
  readonly choiceCodeStart: Uint32Array;
  readonly choiceCodes: Uint32Array;
  readonly inV430: Uint8Array;
}

/** Everything the MS-DRG grouper reads. Built once, shared read-only. */
export interface MsDrgTables {
  /** e.g. 'MS-DRG v43.1 (FY2026)'. */
  readonly release: string;
  /** Checksum of the source files the tables were built from. */
  readonly sourceChecksum: string;
  readonly versions: readonly MsDrgVersionSpan[];
  /** Attribute (operand) names; the index is the attribute id used by the dx, pr and cluster tables. */
  readonly attrNames: readonly string[];
  /** MDC ('00'..'25', '29') to title. */
  readonly mdcTitles: Readonly<Record<string, string>>;
  readonly drgs: readonly MsDrgRow[];
  /** In file order; evaluation order is rank within each list, ties keep this order. */
  readonly formulas: readonly MsDrgFormulaRow[];
  readonly hacs: readonly MsDrgHacRow[];
  readonly dx: MsDrgDxTable;
  readonly pr: MsDrgPrTable;
  readonly clusters: MsDrgClusterTable;
  /** Codes (dx ids, ascending) excluded as CC/MCC by each exclusion group: group g is start[g]..start[g+1]. */
  readonly ccExclusions: { readonly start: Uint32Array; readonly codes: Uint32Array };
}

/** Bit used for an MDC in suppression masks: MDCs 0..29 use their number, 99 uses bit 30. */
export function msDrgMdcBit(mdc: number): number {
  return mdc === 99 ? 1 << 30 : mdc >= 0 && mdc < 30 ? 1 << mdc : 0;
}
