import { CodedEncounterSchema, type CodedEncounterInput, type FieldError } from '@charta/contracts';
import { validate } from '../../api/validate.js';

export const POA_VALUES = ['Y', 'N', 'U', 'W', '1'] as const;
export type PoaValue = (typeof POA_VALUES)[number];

export interface DiagnosisRow {
  readonly code: string;
  /** '' = not reported. */
  readonly poa: PoaValue | '';
}

/** The Check codes form as typed: text everywhere, empty meaning "not given". */
export interface CheckForm {
  readonly ageYears: string;
  readonly sex: 'M' | 'F' | 'U';
  readonly encounterType: CodedEncounterInput['encounterType'];
  readonly admitDate: string;
  readonly dischargeDate: string;
  readonly dischargeStatus: string;
  readonly diagnoses: readonly DiagnosisRow[];
  readonly procedures: readonly string[];
}

/** Codes go to the server without dots, upper case: the form in which the code sets and edits hold them. */
const plainCode = (code: string): string => code.replace(/[.\s]/gu, '').toUpperCase();

export type CheckInput = { ok: true; value: CodedEncounterInput } | { ok: false; errors: FieldError[] };

/**
 * The encounter to send, or the field errors the server would give. Empty code rows are left out (they are the
 * blank line for the next code), so the check runs while the coder is still adding codes; at least one diagnosis is
 * needed before anything is sent.
 */
export function toEncounterInput(form: CheckForm): CheckInput {
  const age = form.ageYears.trim();
  const input = {
    ageYears: age === '' ? Number.NaN : Number(age),
    sex: form.sex,
    encounterType: form.encounterType,
    admitDate: form.admitDate,
    ...(form.dischargeDate !== '' ? { dischargeDate: form.dischargeDate } : {}),
    ...(form.dischargeStatus.trim() !== '' ? { dischargeStatus: form.dischargeStatus.trim() } : {}),
    diagnoses: form.diagnoses
      .filter((d) => d.code.trim() !== '')
      .map((d) => ({ code: plainCode(d.code), ...(d.poa !== '' ? { poa: d.poa } : {}) })),
    procedures: form.procedures.filter((p) => p.trim() !== '').map((p) => ({ code: plainCode(p) })),
  };
  if (input.diagnoses.length === 0)
    return { ok: false, errors: [{ path: '/diagnoses', code: 'too_small', message: 'Enter a diagnosis code' }] };
  return validate(CodedEncounterSchema, input);
}

/** MS-DRG grouping needs an inpatient stay with a discharge date (the grouper version follows it). */
export function canGroup(input: CodedEncounterInput): boolean {
  return input.encounterType === 'inpatient' && input.dischargeDate !== undefined;
}
