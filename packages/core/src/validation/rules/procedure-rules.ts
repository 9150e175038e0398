/**
 * Procedure code rules: format and validity per system (ICD-10-PCS for inpatient stays; HCPCS Level II and CPT for
 * outpatient and professional services), on the date of discharge or service. Sources: ICD-10-PCS FY2026 order file
 * and PCS tables (validity); MCE 43.1 edit 1 (invalid procedure code); HCPCS Level II quarterly file (active codes);
 * CPT (site-licensed file; Charta ships no CPT data under the AMA licence, so without a site file only the format is
 * known).
 */
import { EncounterType } from '../../encounter.js';
import type { Citation, Finding } from '../../finding.js';
import { both, finding, ICD10_START, mceEdit, NO_FINDINGS } from '../rule-kit.js';
import { ProcedureProblem, ProcedureSystem, type PreparedProcedure, type ValidationRule } from '../types.js';

// A code of no procedure system: not PCS (7 characters, no O or I), not HCPCS (letter + 4 digits), not CPT.
export const procedureFormatRule: ValidationRule = {
  id: 'PX.INVALID_FORMAT',
  title: 'Procedure code of no known system',
  citation: {
    source:
      'ICD-10-PCS code structure (7 characters, digits and letters except O and I); HCPCS Level II and CPT code formats',
  },
  effective: { from: ICD10_START },
  evaluate(input) {
    let out: Finding[] | undefined;
    for (const p of input.procedures) {
      if (p.problem === ProcedureProblem.malformed) {
        (out ??= []).push(
          finding(
            procedureFormatRule,
            'error',
            p.path,
            `"${p.code}" is not a well-formed ICD-10-PCS, HCPCS or CPT code.`,
            [p.code],
          ),
        );
      } else if (p.problem === ProcedureProblem.wrongSystem) {
        (out ??= []).push(
          finding(
            procedureFormatRule,
            'error',
            p.path,
            `"${p.code}" is an ICD-10-CM diagnosis code, not a procedure code: move it to the diagnoses.`,
            [p.code],
          ),
        );
      }
    }
    return out ?? NO_FINDINGS;
  },
};

function validityRules(system: ProcedureSystem, prefix: string, citation: Citation): ValidationRule[] {
  const mine = (p: PreparedProcedure): boolean => p.system === system;
  const invalid: ValidationRule = {
    id: `${prefix}.INVALID_CODE`,
    title: `${system} code not in the code set`,
    citation,
    effective: { from: ICD10_START },
    evaluate(input) {
      let out: Finding[] | undefined;
      for (const p of input.procedures) {
        if (!mine(p)) continue;
        if (p.problem === ProcedureProblem.unknown) {
          (out ??= []).push(
            finding(
              invalid,
              'error',
              p.path,
              `${p.code} is not a ${system} code in ${p.check?.version ?? 'the release in force'}.`,
              [p.code],
            ),
          );
        } else if (p.problem === ProcedureProblem.formatOnly) {
          (out ??= []).push(
            finding(
              invalid,
              'info',
              p.path,
              `${p.code} is a well-formed ${system} code; no ${system} file is loaded, so its validity is unknown.`,
              [p.code],
            ),
          );
        } else if (p.problem === ProcedureProblem.noRelease) {
          (out ??= []).push(
            finding(
              invalid,
              'info',
              p.path,
              `No ${system} release covers the date; the validity of ${p.code} is unknown.`,
              [p.code],
            ),
          );
        }
      }
      return out ?? NO_FINDINGS;
    },
  };
  const notOnDate: ValidationRule = {
    id: `${prefix}.NOT_VALID_ON_DATE`,
    title: `${system} code not valid on the date`,
    citation,
    effective: { from: ICD10_START },
    evaluate(input) {
      let out: Finding[] | undefined;
      for (const p of input.procedures) {
        if (!mine(p) || p.problem !== ProcedureProblem.notOnDate) continue;
        const repl = p.check?.replacedBy?.length ? ` Replaced by ${p.check.replacedBy.join(', ')}.` : '';
        const since = p.check?.changedOn ? ` (changed ${p.check.changedOn})` : '';
        (out ??= []).push(
          finding(
            notOnDate,
            'error',
            p.path,
            `${p.code} is not a valid ${system} code on ${p.date ?? 'the date'}${since}.${repl}`,
            [p.code],
            { changedOn: p.check?.changedOn, replacedBy: p.check?.replacedBy ?? [] },
          ),
        );
      }
      return out ?? NO_FINDINGS;
    },
  };
  return [invalid, notOnDate];
}

const PCS_CITATION = both(
  { source: 'ICD-10-PCS FY2026 order file (valid codes); ICD-10-PCS Official Guidelines FY2026' },
  mceEdit('1 (invalid diagnosis or procedure code)'),
);
const HCPCS_CITATION: Citation = {
  source: 'CMS HCPCS Level II quarterly file (October 2025): active codes and their add and termination dates',
};
const CPT_CITATION: Citation = {
  source:
    'AMA CPT code set (site-licensed file): Category I five digits, Category II four digits + F, Category III four digits + T',
};

// ICD-10-PCS reports inpatient hospital procedures; outpatient and professional claims report HCPCS/CPT (HIPAA code
// set standards, 45 CFR 162.1002).
export const systemForSettingRule: ValidationRule = {
  id: 'PX.SYSTEM_FOR_SETTING',
  title: 'Procedure code system does not fit the setting',
  citation: { source: '45 CFR 162.1002 (ICD-10-PCS for inpatient hospital procedures; HCPCS/CPT for other services)' },
  effective: { from: ICD10_START },
  evaluate(input) {
    let out: Finding[] | undefined;
    const inpatient = input.encounter.encounterType === EncounterType.inpatient;
    for (const p of input.procedures) {
      if (!p.system || p.problem === ProcedureProblem.wrongSystem) continue;
      const pcs = p.system === ProcedureSystem.pcs;
      if (pcs === inpatient) continue;
      const msg = pcs
        ? `${p.code} is an ICD-10-PCS code; ${input.encounter.encounterType} encounters report procedures with HCPCS or CPT.`
        : `${p.code} is a ${p.system} code; inpatient stays report procedures with ICD-10-PCS.`;
      (out ??= []).push(finding(systemForSettingRule, 'warning', p.path, msg, [p.code]));
    }
    return out ?? NO_FINDINGS;
  },
};

export const PROCEDURE_RULES: readonly ValidationRule[] = [
  procedureFormatRule,
  ...validityRules(ProcedureSystem.pcs, 'PCS', PCS_CITATION),
  ...validityRules(ProcedureSystem.hcpcs, 'HCPCS', HCPCS_CITATION),
  ...validityRules(ProcedureSystem.cpt, 'CPT', CPT_CITATION),
  systemForSettingRule,
];
