/**
 * The coded encounter shared by the validation engine and the groupers: what a coder has assigned for one stay or
 * visit, plus the demographics the edits need. Codes are stored without dots, upper case.
 */
export const EncounterType = {
  inpatient: 'inpatient',
  outpatient: 'outpatient',
  emergency: 'emergency',
  observation: 'observation',
  skilledNursing: 'skilled-nursing',
  behavioralHealth: 'behavioral-health',
} as const;
export type EncounterType = (typeof EncounterType)[keyof typeof EncounterType];

export const Sex = { male: 'M', female: 'F', unknown: 'U' } as const;
export type Sex = (typeof Sex)[keyof typeof Sex];

/** Present-on-admission indicator (UB-04 FL 67): Y, N, U, W, or 1 (exempt; blank on the claim). */
export type PoaIndicator = 'Y' | 'N' | 'U' | 'W' | '1';

export interface CodedDiagnosis {
  readonly code: string;
  readonly poa?: PoaIndicator | undefined;
}

export interface CodedProcedure {
  readonly code: string;
  /** YYYY-MM-DD */
  readonly date?: string | undefined;
}

export interface CodedEncounter {
  readonly id?: string | undefined;
  /** Age in whole years at admission. */
  readonly ageYears: number;
  /** Age in days at admission, when under one year (used by newborn edits). */
  readonly ageDays?: number | undefined;
  readonly sex: Sex;
  readonly encounterType: EncounterType;
  /** YYYY-MM-DD */
  readonly admitDate: string;
  /** YYYY-MM-DD; picks the code-set and grouper release for inpatient stays. */
  readonly dischargeDate?: string | undefined;
  /** UB-04 patient discharge status, two digits. */
  readonly dischargeStatus?: string | undefined;
  readonly admitDiagnosis?: string | undefined;
  /** In sequence: the first is the principal (inpatient) or first-listed (outpatient) diagnosis. */
  readonly diagnoses: readonly CodedDiagnosis[];
  /** In sequence: the first is the principal procedure. */
  readonly procedures: readonly CodedProcedure[];
}

/** The date that picks the release: discharge date for inpatient stays, otherwise the date of service. */
export function releaseDateOf(
  encounter: Pick<CodedEncounter, 'encounterType' | 'admitDate' | 'dischargeDate'>,
): string {
  if (encounter.encounterType === EncounterType.inpatient && encounter.dischargeDate) return encounter.dischargeDate;
  return encounter.admitDate;
}
