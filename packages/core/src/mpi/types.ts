/** An identifier a facility or agency assigned to the person, e.g. `{ system: 'MRN:FAC-A', value: '00123' }`. */
export interface MpiIdentifier {
  /**
   * The assigning namespace. `SSN` is the Social Security number, full (9 digits) or its last four digits; every other
   * system (`MRN:<facility>`, `DL:<state>`, ...) is compared for equality only.
   */
  readonly system: string;
  readonly value: string;
}

export interface MpiAddress {
  readonly line?: string;
  readonly city?: string;
  readonly state?: string;
  readonly postalCode?: string;
}

/** One person-record as a registration system holds it. Every demographic field is optional: missing is not "different". */
export interface MpiRecord {
  readonly id: string;
  readonly identifiers?: readonly MpiIdentifier[];
  readonly familyName?: string;
  /** Earlier family names (maiden or previous married names), when registration captured them. */
  readonly previousFamilyNames?: readonly string[];
  /** The given name; a second word is treated as a middle name when `middleName` is absent. */
  readonly givenName?: string;
  readonly middleName?: string;
  readonly sex?: 'M' | 'F' | 'U';
  /** YYYY-MM-DD. */
  readonly birthDate?: string;
  readonly address?: MpiAddress;
  readonly phones?: readonly string[];
  readonly email?: string;
}

/** The compared fields, in the order reasons are listed. */
export const MPI_FIELDS = [
  'identifier',
  'familyName',
  'givenName',
  'middleName',
  'birthDate',
  'sex',
  'address',
  'phone',
  'email',
] as const;
export type MpiField = (typeof MPI_FIELDS)[number];

/** Agreement levels, per field. `missing` (one side blank) always weighs 0 and is not listed in reasons. */
export const MPI_AGREEMENT_LEVELS = {
  identifier: ['ssn-exact', 'ssn-last4', 'id-exact', 'ssn-disagree', 'missing'],
  familyName: ['exact', 'compound', 'typo', 'phonetic', 'previous-name', 'swapped', 'disagree', 'missing'],
  givenName: ['exact', 'nickname', 'typo', 'phonetic', 'initial', 'middle-as-given', 'swapped', 'disagree', 'missing'],
  middleName: ['exact', 'initial', 'disagree', 'missing'],
  birthDate: ['exact', 'day-month-swapped', 'digit-transposed', 'one-digit', 'disagree', 'missing'],
  sex: ['agree', 'disagree', 'missing'],
  address: ['exact', 'street', 'postal-code', 'disagree', 'missing'],
  phone: ['exact', 'exact-with-address', 'last-7', 'disagree', 'missing'],
  email: ['exact', 'disagree', 'missing'],
} as const satisfies Record<MpiField, readonly string[]>;
export type MpiAgreement<F extends MpiField = MpiField> = (typeof MPI_AGREEMENT_LEVELS)[F][number];

/** m = P(level | same person), u = P(level | different people). The weight is log2(m / u). */
export interface MpiProbability {
  readonly m: number;
  readonly u: number;
}

export type MpiWeightTable = {
  readonly [F in MpiField]: { readonly [L in Exclude<MpiAgreement<F>, 'missing'>]: MpiProbability };
};

export interface MpiThresholds {
  /** Score at or above which a pair is linked without review. */
  readonly match: number;
  /** Score at or above which (and below `match`) a pair goes to a technician's review queue. */
  readonly review: number;
}

export interface MpiSettings {
  readonly thresholds: MpiThresholds;
  readonly weights: MpiWeightTable;
  /**
   * Extra weight added when two records share family name and exact birth date but clearly different given names and
   * no identifier agrees: the multiple-birth (twin) pattern that the independence assumption of the model misses.
   */
  readonly multipleBirthPenalty: number;
  /** Blocks larger than this are skipped: a key shared by that many records carries no information. */
  readonly maxBlockSize: number;
}

export type MpiVerdict = 'match' | 'review' | 'non-match';

/** One line of the explanation of a score. */
export interface MpiReason {
  readonly field: MpiField | 'multipleBirth';
  readonly agreement: string;
  /** Log-likelihood weight (bits) this field added to the score. */
  readonly weight: number;
  /** Plain-language sentence for a technician, e.g. "Given names are nicknames of each other (BILL / WILLIAM)". */
  readonly text: string;
}

export interface MpiCandidate {
  readonly id: string;
  readonly score: number;
  readonly verdict: MpiVerdict;
  readonly reasons: readonly MpiReason[];
}

export interface MpiDuplicatePair {
  /** The two record ids, in index order. */
  readonly a: string;
  readonly b: string;
  readonly score: number;
  readonly verdict: MpiVerdict;
  readonly reasons: readonly MpiReason[];
}
