/**
 * Medicare Code Editor (MCE) tables in the compact, date-versioned form the validation engine reads.
 *
 * The MCE keeps, per ICD-10-CM and ICD-10-PCS code, one row per validity period with the edit lists the code belongs
 * to (CMS "Definitions of Medicare Code Edits", MCE 43.1, FY2026). Each list becomes one bit, so a code's lists on a
 * date are one integer and a rule's check is one `&`.
 */

/** One bit per MCE list. Names are the list names of the MCE 43.1 data file. */
export const MceFlag = {
  newborn: 1 << 0,
  pediatric: 1 << 1,
  maternity: 1 << 2,
  adult: 1 << 3,
  female: 1 << 4,
  male: 1 << 5,
  manifestation: 1 << 6,
  unacceptable: 1 << 7,
  ecodepdx: 1 << 8,
  qadm: 1 << 9,
  unspecified: 1 << 10,
  noncovered: 1 << 11,
  lcov: 1 << 12,
  wrngproc: 1 << 13,
  delout: 1 << 14,
  reqsdx: 1 << 15,
  diabtypeI: 1 << 16,
  ncov6: 1 << 17,
  ncov7: 1 << 18,
  clintrial: 1 << 19,
  ncov_z302: 1 << 20,
  vagdel: 1 << 21,
  csect: 1 << 22,
  kidneyxp: 1 << 23,
  ncov45: 1 << 24,
  ncov12agele60: 1 << 25,
  lcov_artheartxpa: 1 << 26,
  lcov_artheartxpb: 1 << 27,
  los: 1 << 28,
} as const;
export type MceFlagName = keyof typeof MceFlag;

const flagNames = Object.keys(MceFlag) as MceFlagName[];

/** Whether a list name from an MCE data file is one this engine knows. */
export function isMceFlagName(name: string): name is MceFlagName {
  return Object.hasOwn(MceFlag, name);
}

/** The list names set in a bit mask, in declaration order. */
export function mceFlagNames(flags: number): MceFlagName[] {
  return flagNames.filter((name) => (flags & MceFlag[name]) !== 0);
}

/** A code's MCE lists during one validity period. Dates are YYYY-MM-DD, both inclusive; no `to` means still open. */
export interface McePeriod {
  readonly from: string;
  readonly to?: string | undefined;
  readonly flags: number;
}

/** Code (no dot, upper case) to its periods, oldest first. */
export type MceCodeTable = ReadonlyMap<string, readonly McePeriod[]>;

export const MceAgeGroup = {
  newborn: 'newborn',
  pediatric: 'pediatric',
  maternity: 'maternity',
  adult: 'adult',
} as const;
export type MceAgeGroup = (typeof MceAgeGroup)[keyof typeof MceAgeGroup];

/** An MCE age group's inclusive age range (years) during a period. Maternity changed from 12-55 to 9-64 on 2019-10-01. */
export interface MceAgeRange {
  readonly group: MceAgeGroup;
  readonly minAge: number;
  readonly maxAge: number;
  readonly from: string;
  readonly to?: string | undefined;
}

export interface MceTables {
  /** MCE version, e.g. "43.1". */
  readonly version: string;
  /** Last discharge date the tables are issued for (the version's termination date). */
  readonly validThrough: string;
  readonly ageRanges: readonly MceAgeRange[];
  /** ICD-10-CM diagnoses. */
  readonly dx: MceCodeTable;
  /** ICD-10-PCS procedures. */
  readonly sg: MceCodeTable;
}

/** The period of `periods` that covers `date`, if any. */
export function periodOn<P extends { readonly from: string; readonly to?: string | undefined }>(
  periods: readonly P[] | undefined,
  date: string,
): P | undefined {
  if (!periods) return undefined;
  for (const p of periods) {
    if (p.from <= date && (p.to === undefined || date <= p.to)) return p;
  }
  return undefined;
}

/** The age range of an MCE group on a date. */
export function mceAgeRangeOn(
  tables: Pick<MceTables, 'ageRanges'>,
  group: MceAgeGroup,
  date: string,
): MceAgeRange | undefined {
  for (const r of tables.ageRanges) {
    if (r.group === group && r.from <= date && (r.to === undefined || date <= r.to)) return r;
  }
  return undefined;
}
