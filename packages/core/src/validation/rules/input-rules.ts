/**
 * Checks of the encounter's own fields, so that bad input becomes a finding naming the field, never a throw:
 * the date that selects the release (discharge date for inpatient claims, date of service otherwise), the principal diagnosis, and the demographics that MCE edits
 * 14-16 check (invalid age, sex, discharge status).
 */
import { EncounterType } from '../../encounter.js';
import { finding, guidelines, ICD10_START, mceEdit, NO_FINDINGS } from '../rule-kit.js';
import { DateProblem, type ValidationRule } from '../types.js';

// CMS ICD-10 release calendar (fiscal year from 1 October) and Guidelines FY2026 §I.A: codes are checked against the release in force on the discharge date
// (inpatient) or the date of service.
export const releaseDateRule: ValidationRule = {
  id: 'INPUT.RELEASE_DATE',
  title: 'Date that selects the code-set release',
  citation: {
    source:
      'CMS ICD-10 release calendar (fiscal year from 1 October); release chosen by discharge date (inpatient) or date of service',
  },
  effective: { from: ICD10_START },
  evaluate(input) {
    const e = input.encounter;
    switch (input.dateProblem) {
      case DateProblem.none:
        return NO_FINDINGS;
      case DateProblem.dischargeMissing:
        return [
          finding(
            releaseDateRule,
            'info',
            '/dischargeDate',
            'No discharge date: the admit date chose the code-set release, which is unknown for stays that cross 1 October.',
          ),
        ];
      case DateProblem.malformed: {
        const value = input.datePath === '/dischargeDate' ? e.dischargeDate : e.admitDate;
        return [
          finding(
            releaseDateRule,
            'error',
            input.datePath,
            `"${String(value ?? '')}" is not a date (YYYY-MM-DD); no code could be checked.`,
          ),
        ];
      }
      case DateProblem.outsideReleases: {
        const value = input.datePath === '/dischargeDate' ? e.dischargeDate : e.admitDate;
        return [
          finding(
            releaseDateRule,
            'error',
            input.datePath,
            `No loaded ICD-10-CM release covers ${String(value ?? '')}; no code could be checked.`,
          ),
        ];
      }
      case DateProblem.beyondNewest:
        return [
          finding(
            releaseDateRule,
            'warning',
            input.datePath,
            `The date is after the newest loaded release (${input.version ?? ''}); codes were checked against it, load the newer release.`,
          ),
        ];
    }
  },
};

// Guidelines FY2026 Section II / IV: every encounter has a principal or first-listed diagnosis.
export const noDiagnosisRule: ValidationRule = {
  id: 'INPUT.NO_DIAGNOSIS',
  title: 'No principal or first-listed diagnosis',
  citation: guidelines('Section II (principal diagnosis) and Section IV.G (first-listed diagnosis)'),
  effective: { from: ICD10_START },
  evaluate(input) {
    if (input.diagnoses.length > 0) return NO_FINDINGS;
    return [
      finding(
        noDiagnosisRule,
        'error',
        '/diagnoses',
        'The encounter has no diagnosis; the first one is the principal or first-listed diagnosis.',
      ),
    ];
  },
};

// MCE edit 14: age must be 0-124 years.
export const invalidAgeRule: ValidationRule = {
  id: 'MCE.INVALID_AGE',
  title: 'Invalid age',
  citation: mceEdit('14 (invalid age)'),
  effective: { from: ICD10_START },
  evaluate(input) {
    if (input.ageValid) return NO_FINDINGS;
    return [
      finding(
        invalidAgeRule,
        'error',
        '/ageYears',
        `Age "${String(input.encounter.ageYears)}" is not a whole number of years from 0 to 124.`,
      ),
    ];
  },
};

// MCE edit 15: sex must be a valid value (M, F or U here).
export const invalidSexRule: ValidationRule = {
  id: 'MCE.INVALID_SEX',
  title: 'Invalid sex',
  citation: mceEdit('15 (invalid sex)'),
  effective: { from: ICD10_START },
  evaluate(input) {
    const sex: string = input.encounter.sex;
    if (sex === 'M' || sex === 'F' || sex === 'U') return NO_FINDINGS;
    return [finding(invalidSexRule, 'error', '/sex', `Sex "${sex}" is not M, F or U.`)];
  },
};

// MCE edit 16: the discharge status must be a valid UB-04 code. The NUBC list is licensed and not shipped, so only
// its two-digit form is checked; a missing status on an inpatient stay is unknown.
export const dischargeStatusRule: ValidationRule = {
  id: 'MCE.INVALID_DISCHARGE_STATUS',
  title: 'Invalid or missing discharge status',
  citation: mceEdit('16 (invalid discharge status); NUBC UB-04 FL 17 (form only)'),
  effective: { from: ICD10_START },
  appliesTo: [EncounterType.inpatient],
  evaluate(input) {
    const s = input.encounter.dischargeStatus;
    if (s === undefined || s === '') {
      return [
        finding(
          dischargeStatusRule,
          'info',
          '/dischargeStatus',
          'No discharge status: edits and grouping that depend on it are unknown.',
        ),
      ];
    }
    if (s.length === 2 && s >= '00' && s <= '99' && /^\d\d$/.test(s)) return NO_FINDINGS;
    return [
      finding(
        dischargeStatusRule,
        'error',
        '/dischargeStatus',
        `Discharge status "${s}" is not a two-digit UB-04 patient discharge status code.`,
      ),
    ];
  },
};

export const INPUT_RULES: readonly ValidationRule[] = [
  releaseDateRule,
  noDiagnosisRule,
  invalidAgeRule,
  invalidSexRule,
  dischargeStatusRule,
];
