/**
 * Medicare Code Editor edits, driven by the MCE 43.1 (FY2026) lists: CMS "Definitions of Medicare Code Edits",
 * edits 2, 4, 5, 8, 9, 11, 17, 18 and 19. The MCE screens inpatient claims before grouping, so these rules apply to
 * inpatient encounters only. Lists and age ranges come from the tables per date; no code is hard-wired here.
 */
import { EncounterType } from '../../encounter.js';
import type { Finding, Severity } from '../../finding.js';
import { MceAgeGroup, MceFlag, mceAgeRangeOn } from '../mce.js';
import { cm, finding, ICD10_START, mceEdit, mceSource, NO_FINDINGS } from '../rule-kit.js';
import { type PreparedEncounter, type ValidationContext, type ValidationRule } from '../types.js';

const INPATIENT = [EncounterType.inpatient] as const;

/** The MCE tables when they cover the encounter's date. */
function tablesFor(input: PreparedEncounter, ctx: ValidationContext) {
  const mce = ctx.reference.mce;
  if (!mce || input.date === undefined || input.date > mce.validThrough) return undefined;
  return mce;
}

// Missing information is "unknown", not a pass (STYLE.md §3): say when no MCE tables cover the date.
export const mceUnavailableRule: ValidationRule = {
  id: 'MCE.UNAVAILABLE',
  title: 'No Medicare Code Editor tables for the date',
  citation: mceSource(
    'one version per fiscal year, selected by discharge date; 43.1 covers discharges through 2026-09-30',
  ),
  effective: { from: ICD10_START },
  appliesTo: INPATIENT,
  evaluate(input, ctx) {
    if (input.date === undefined || tablesFor(input, ctx)) return NO_FINDINGS;
    const mce = ctx.reference.mce;
    const why = mce ? `MCE ${mce.version} covers discharges through ${mce.validThrough}` : 'no MCE tables are loaded';
    return [finding(mceUnavailableRule, 'info', input.datePath, `MCE edits not checked (unknown): ${why}.`)];
  },
};

/** An edit on the principal diagnosis alone. */
function principalRule(
  id: string,
  title: string,
  edit: string,
  flag: number,
  severity: Severity,
  message: (code: string) => string,
  exempt?: (input: PreparedEncounter, flags: number) => boolean,
): ValidationRule {
  const rule: ValidationRule = {
    id,
    title,
    citation: mceEdit(edit),
    effective: { from: ICD10_START },
    appliesTo: INPATIENT,
    evaluate(input, ctx) {
      const p = input.diagnoses[0];
      if (!p || (p.mceFlags & flag) === 0 || !tablesFor(input, ctx)) return NO_FINDINGS;
      if (exempt?.(input, p.mceFlags)) return NO_FINDINGS;
      return [finding(rule, severity, p.path, message(p.code), [p.code])];
    },
  };
  return rule;
}

// MCE edit 2: an external cause code (V00-Y99 list) cannot be the principal diagnosis.
export const ecodePdxRule = principalRule(
  'MCE.ECODE_PDX',
  'External cause code as principal diagnosis',
  '2 (external causes of morbidity codes as principal diagnosis)',
  MceFlag.ecodepdx,
  'error',
  (c) =>
    `${cm(c)} is an external cause code and cannot be the principal diagnosis; it describes how the injury happened, not the condition treated.`,
);

// MCE edit 9: codes on the unacceptable principal diagnosis list; those also on the "requires secondary diagnosis" list
// (e.g. Z51.89) are acceptable when a secondary diagnosis is reported.
export const unacceptablePdxRule = principalRule(
  'MCE.UNACCEPTABLE_PDX',
  'Unacceptable principal diagnosis',
  '9 (unacceptable principal diagnosis)',
  MceFlag.unacceptable,
  'error',
  (c) => `${cm(c)} is not acceptable as the principal diagnosis of an inpatient stay.`,
  (input, flags) => (flags & MceFlag.reqsdx) !== 0 && input.diagnoses.length > 1,
);

// MCE edit 8: principal diagnoses that rarely justify an inpatient admission; the claim goes to review.
export const qadmRule = principalRule(
  'MCE.QADM',
  'Questionable admission',
  '8 (questionable admission)',
  MceFlag.qadm,
  'warning',
  (c) =>
    `${cm(c)} as principal diagnosis is a questionable reason for an inpatient admission; the claim may be reviewed.`,
);

/** MCE edit 4 for one age group: every diagnosis on the group's list needs an age within the group's range on the date. */
function ageRule(group: MceAgeGroup, id: string, flag: number): ValidationRule {
  const rule: ValidationRule = {
    id,
    title: `Age conflict: ${group} diagnosis`,
    citation: mceEdit(`4 (age conflict), ${group} diagnoses; age ranges from the MCE 43.1 tables`),
    effective: { from: ICD10_START },
    appliesTo: INPATIENT,
    evaluate(input, ctx) {
      if ((input.dxMceFlags & flag) === 0) return NO_FINDINGS;
      const mce = tablesFor(input, ctx);
      const range = mce && input.date !== undefined ? mceAgeRangeOn(mce, group, input.date) : undefined;
      if (!range) return NO_FINDINGS;
      const age = input.encounter.ageYears;
      let out: Finding[] | undefined;
      for (const d of input.diagnoses) {
        if ((d.mceFlags & flag) === 0) continue;
        if (!input.ageValid) {
          (out ??= []).push(
            finding(
              rule,
              'info',
              '/ageYears',
              `${cm(d.code)} is a ${group} diagnosis (ages ${range.minAge}-${range.maxAge}); the age is invalid, so the age edit is unknown.`,
              [d.code],
            ),
          );
        } else if (age < range.minAge || age > range.maxAge) {
          (out ??= []).push(
            finding(
              rule,
              'error',
              d.path,
              `${cm(d.code)} is a ${group} diagnosis (ages ${range.minAge}-${range.maxAge}); the patient is ${age}.`,
              [d.code],
              {
                minAge: range.minAge,
                maxAge: range.maxAge,
                ageYears: age,
              },
            ),
          );
        }
      }
      return out ?? NO_FINDINGS;
    },
  };
  return rule;
}

export const ageNewbornRule = ageRule(MceAgeGroup.newborn, 'MCE.AGE.NEWBORN', MceFlag.newborn);
export const agePediatricRule = ageRule(MceAgeGroup.pediatric, 'MCE.AGE.PEDIATRIC', MceFlag.pediatric);
export const ageMaternityRule = ageRule(MceAgeGroup.maternity, 'MCE.AGE.MATERNITY', MceFlag.maternity);
export const ageAdultRule = ageRule(MceAgeGroup.adult, 'MCE.AGE.ADULT', MceFlag.adult);

// MCE edit 5: sex conflict for diagnoses and procedures on the female/male lists. CMS retired the sex edits after
// 2024-09-30 (the MCE 43.1 tables end the lists on that date), so the rule is in force only until then.
export const sexRule: ValidationRule = {
  id: 'MCE.SEX',
  title: 'Sex conflict',
  citation: mceEdit('5 (sex conflict); lists retired after 2024-09-30'),
  effective: { from: ICD10_START, to: '2024-09-30' },
  appliesTo: INPATIENT,
  evaluate(input, ctx) {
    const any = MceFlag.female | MceFlag.male;
    if (((input.dxMceFlags | input.pxMceFlags) & any) === 0 || !tablesFor(input, ctx)) return NO_FINDINGS;
    const sex = input.encounter.sex;
    let out: Finding[] | undefined;
    const check = (flags: number, code: string, path: string, display: string): void => {
      const needs = (flags & MceFlag.female) !== 0 ? 'F' : (flags & MceFlag.male) !== 0 ? 'M' : undefined;
      if (!needs || needs === sex) return;
      const who = needs === 'F' ? 'female' : 'male';
      if (sex !== 'M' && sex !== 'F') {
        (out ??= []).push(
          finding(
            sexRule,
            'info',
            '/sex',
            `${display} is for ${who} patients only; the sex is unknown, so the sex edit is unknown.`,
            [code],
          ),
        );
      } else {
        (out ??= []).push(
          finding(sexRule, 'error', path, `${display} is for ${who} patients only; the patient's sex is ${sex}.`, [
            code,
          ]),
        );
      }
    };
    for (const d of input.diagnoses) check(d.mceFlags, d.code, d.path, cm(d.code));
    for (const p of input.procedures) check(p.mceFlags, p.code, p.path, p.code);
    return out ?? NO_FINDINGS;
  },
};

/**
 * MCE edit 11: non-covered procedures. Beyond the always-non-covered list, coverage depends on the other codes:
 * - ncov6 / ncov7 / ncov_z302: non-covered when reported with a diagnosis on the same list (autologous bone marrow
 *   transplant with acute leukemia not in remission; allogeneic transplant with multiple myeloma, until 2018-09-30;
 *   sterilization with Z30.2) (verify wording against the MCE 43.1 definitions);
 * - ncov45 (pancreas transplant): non-covered unless a type I diabetes diagnosis or a kidney transplant is reported;
 * - ncov12agele60 (lumbar artificial disc): non-covered over age 60.
 */
export const noncoveredRule: ValidationRule = {
  id: 'MCE.NONCOVERED',
  title: 'Non-covered procedure',
  citation: mceEdit('11 (non-covered procedure)'),
  effective: { from: ICD10_START },
  appliesTo: INPATIENT,
  evaluate(input, ctx) {
    const relevant =
      MceFlag.noncovered | MceFlag.ncov6 | MceFlag.ncov7 | MceFlag.ncov_z302 | MceFlag.ncov45 | MceFlag.ncov12agele60;
    if ((input.pxMceFlags & relevant) === 0 || !tablesFor(input, ctx)) return NO_FINDINGS;
    let out: Finding[] | undefined;
    const add = (severity: Severity, path: string, message: string, code: string): void => {
      (out ??= []).push(finding(noncoveredRule, severity, path, message, [code]));
    };
    for (const p of input.procedures) {
      const f = p.mceFlags;
      if ((f & relevant) === 0) continue;
      if (f & MceFlag.noncovered) add('error', p.path, `${p.code} is a procedure Medicare does not cover.`, p.code);
      for (const [flag, what] of [
        [MceFlag.ncov6, 'the reported acute leukemia diagnosis'],
        [MceFlag.ncov7, 'the reported multiple myeloma diagnosis'],
        [MceFlag.ncov_z302, 'an encounter for sterilization (Z30.2)'],
      ] as const) {
        if (f & flag && input.dxMceFlags & flag)
          add('error', p.path, `${p.code} is not covered by Medicare with ${what}.`, p.code);
      }
      if (
        f & MceFlag.ncov45 &&
        (input.dxMceFlags & MceFlag.diabtypeI) === 0 &&
        (input.pxMceFlags & MceFlag.kidneyxp) === 0
      ) {
        add(
          'error',
          p.path,
          `${p.code} (pancreas transplant) is not covered without a type I diabetes diagnosis or a kidney transplant.`,
          p.code,
        );
      }
      if (f & MceFlag.ncov12agele60) {
        if (!input.ageValid)
          add(
            'info',
            '/ageYears',
            `${p.code} is not covered over age 60; the age is invalid, so coverage is unknown.`,
            p.code,
          );
        else if (input.encounter.ageYears > 60)
          add('error', p.path, `${p.code} is not covered by Medicare for patients over 60.`, p.code);
      }
    }
    return out ?? NO_FINDINGS;
  },
};

// MCE edit 17: limited coverage procedures (transplants, devices) are paid only when coverage criteria are met; the
// claim is reviewed. Artificial heart (lcov_artheartxpa + lcov_artheartxpb) counts only when both are reported.
export const limitedCoverageRule: ValidationRule = {
  id: 'MCE.LIMITED_COVERAGE',
  title: 'Limited coverage procedure',
  citation: mceEdit('17 (limited coverage)'),
  effective: { from: ICD10_START },
  appliesTo: INPATIENT,
  evaluate(input, ctx) {
    const pair = MceFlag.lcov_artheartxpa | MceFlag.lcov_artheartxpb;
    if ((input.pxMceFlags & (MceFlag.lcov | pair)) === 0 || !tablesFor(input, ctx)) return NO_FINDINGS;
    const bothParts = (input.pxMceFlags & pair) === pair;
    let out: Finding[] | undefined;
    for (const p of input.procedures) {
      if (p.mceFlags & MceFlag.lcov || (bothParts && p.mceFlags & pair)) {
        (out ??= []).push(
          finding(
            limitedCoverageRule,
            'warning',
            p.path,
            `${p.code} has limited Medicare coverage: document that the coverage criteria are met.`,
            [p.code],
          ),
        );
      }
    }
    return out ?? NO_FINDINGS;
  },
};

// MCE edit 18: wrong procedure performed (Y65.51-Y65.53 list), any position.
export const wrongProcedureRule: ValidationRule = {
  id: 'MCE.WRONG_PROCEDURE',
  title: 'Wrong procedure performed',
  citation: mceEdit('18 (wrong procedure performed)'),
  effective: { from: ICD10_START },
  appliesTo: INPATIENT,
  evaluate(input, ctx) {
    if ((input.dxMceFlags & MceFlag.wrngproc) === 0 || !tablesFor(input, ctx)) return NO_FINDINGS;
    let out: Finding[] | undefined;
    for (const d of input.diagnoses) {
      if (d.mceFlags & MceFlag.wrngproc) {
        (out ??= []).push(
          finding(
            wrongProcedureRule,
            'error',
            d.path,
            `${cm(d.code)} reports a wrong-site, wrong-patient or wrong procedure; Medicare does not pay for it.`,
            [d.code],
          ),
        );
      }
    }
    return out ?? NO_FINDINGS;
  },
};

const DAY_MS = 86_400_000;
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

// MCE edit 19: procedures inconsistent with length of stay, e.g. ventilation over 96 consecutive hours (5A1955Z) on a
// stay shorter than 4 days (threshold: verify against the MCE 43.1 definitions).
export const losRule: ValidationRule = {
  id: 'MCE.LOS',
  title: 'Procedure inconsistent with length of stay',
  citation: mceEdit('19 (procedure inconsistent with length of stay)'),
  effective: { from: ICD10_START },
  appliesTo: INPATIENT,
  evaluate(input, ctx) {
    if ((input.pxMceFlags & MceFlag.los) === 0 || !tablesFor(input, ctx)) return NO_FINDINGS;
    const { admitDate, dischargeDate } = input.encounter;
    let out: Finding[] | undefined;
    for (const p of input.procedures) {
      if ((p.mceFlags & MceFlag.los) === 0) continue;
      if (!dischargeDate || input.dateProblem === 'discharge-missing') {
        (out ??= []).push(
          finding(
            losRule,
            'info',
            '/dischargeDate',
            `${p.code} needs a stay of at least 4 days; without a discharge date the length of stay is unknown.`,
            [p.code],
          ),
        );
        continue;
      }
      const los = daysBetween(admitDate, dischargeDate);
      if (Number.isFinite(los) && los < 4) {
        (out ??= []).push(
          finding(
            losRule,
            'warning',
            p.path,
            `${p.code} (ventilation over 96 consecutive hours) is inconsistent with a ${los}-day stay.`,
            [p.code],
            { lengthOfStay: los },
          ),
        );
      }
    }
    return out ?? NO_FINDINGS;
  },
};

// The MCE 43.1 software also reports codes on its "unspecified" list (seen in its output on the MS-DRG 43.1 check
// set); informational, it does not stop a claim.
export const unspecifiedRule: ValidationRule = {
  id: 'MCE.UNSPECIFIED',
  title: 'Unspecified code',
  citation: mceSource('"unspecified" code list (informational, reported by the MCE 43.1 software)'),
  effective: { from: ICD10_START },
  appliesTo: INPATIENT,
  evaluate(input, ctx) {
    if ((input.dxMceFlags & MceFlag.unspecified) === 0 || !tablesFor(input, ctx)) return NO_FINDINGS;
    let out: Finding[] | undefined;
    for (const d of input.diagnoses) {
      if (d.mceFlags & MceFlag.unspecified) {
        (out ??= []).push(
          finding(
            unspecifiedRule,
            'info',
            d.path,
            `${cm(d.code)} is on the MCE "unspecified" list: code more specifically if the record allows.`,
            [d.code],
          ),
        );
      }
    }
    return out ?? NO_FINDINGS;
  },
};

export const MCE_RULES: readonly ValidationRule[] = [
  mceUnavailableRule,
  ecodePdxRule,
  unacceptablePdxRule,
  qadmRule,
  ageNewbornRule,
  agePediatricRule,
  ageMaternityRule,
  ageAdultRule,
  sexRule,
  noncoveredRule,
  limitedCoverageRule,
  wrongProcedureRule,
  losRule,
  unspecifiedRule,
];
