/**
 * Present-on-admission indicator rules: ICD-10-CM Official Guidelines FY2026, Appendix I, and the FY2026 POA-exempt
 * list. POA is reported for inpatient admissions only, on the principal and secondary diagnoses (not the admitting
 * diagnosis). Values: Y, N, U, W; blank (sent as '1' on older claim formats) only for exempt codes.
 */
import { EncounterType } from '../../encounter.js';
import type { Finding } from '../../finding.js';
import { cm, finding, guidelines, ICD10_START, NO_FINDINGS } from '../rule-kit.js';
import { DiagnosisProblem, type ValidationRule } from '../types.js';

const INPATIENT = [EncounterType.inpatient] as const;
const REPORTED = new Set(['Y', 'N', 'U', 'W']);
const EXEMPT_BLANK = '1';

const blank = (poa: string | undefined): boolean => poa === undefined || poa === '' || poa === EXEMPT_BLANK;

/** The position of a reported indicator in Y, N, U, W; -1 for any other value (blank included). */
function reportedSlot(poa: string | undefined): number {
  if (poa === 'Y') return 0;
  if (poa === 'N') return 1;
  if (poa === 'U') return 2;
  return poa === 'W' ? 3 : -1;
}

// Guidelines FY2026 App. I: the only values are Y, N, U, W and blank.
export const poaInvalidRule: ValidationRule = {
  id: 'POA.INVALID',
  title: 'Invalid POA indicator',
  citation: guidelines('Appendix I (Present on Admission Reporting Guidelines), reporting options'),
  effective: { from: ICD10_START },
  appliesTo: INPATIENT,
  evaluate(input, ctx) {
    if (ctx.settings?.poaExemptFacility) return NO_FINDINGS;
    let out: Finding[] | undefined;
    for (const d of input.diagnoses) {
      if (blank(d.poa) || REPORTED.has(d.poa ?? '')) continue;
      (out ??= []).push(
        finding(
          poaInvalidRule,
          'error',
          `/diagnoses/${d.index}/poa`,
          `"${d.poa ?? ''}" is not a POA indicator: use Y, N, U or W, or leave it blank for an exempt code.`,
          [d.code],
        ),
      );
    }
    return out ?? NO_FINDINGS;
  },
};

// Guidelines FY2026 App. I: every diagnosis of an inpatient claim carries Y/N/U/W unless its code is exempt.
export const poaMissingRule: ValidationRule = {
  id: 'POA.MISSING',
  title: 'POA indicator missing on a non-exempt diagnosis',
  citation: guidelines('Appendix I (Present on Admission Reporting Guidelines), general reporting requirements'),
  effective: { from: ICD10_START },
  appliesTo: INPATIENT,
  evaluate(input, ctx) {
    if (ctx.settings?.poaExemptFacility) return NO_FINDINGS;
    let out: Finding[] | undefined;
    for (const d of input.diagnoses) {
      if (!blank(d.poa) || d.problem !== DiagnosisProblem.none || d.info?.poaExempt !== false) continue;
      (out ??= []).push(
        finding(
          poaMissingRule,
          'error',
          `/diagnoses/${d.index}/poa`,
          `${cm(d.code)} needs a POA indicator (Y, N, U or W); it is not on the POA-exempt list.`,
          [d.code],
        ),
      );
    }
    return out ?? NO_FINDINGS;
  },
};

// Guidelines FY2026 App. I and the POA-exempt list: exempt codes are reported with a blank indicator.
export const poaExemptReportedRule: ValidationRule = {
  id: 'POA.EXEMPT_REPORTED',
  title: 'POA indicator reported on an exempt code',
  citation: guidelines(
    'Appendix I (Present on Admission Reporting Guidelines), exempt categories and codes (FY2026 list)',
  ),
  effective: { from: ICD10_START },
  appliesTo: INPATIENT,
  evaluate(input, ctx) {
    if (ctx.settings?.poaExemptFacility) return NO_FINDINGS;
    let out: Finding[] | undefined;
    const dx = input.diagnoses;
    for (let i = 0; i < dx.length; i++) {
      const d = dx[i];
      // One field of the shared facts decides most codes; a code without problem always has its facts.
      const facts = d?.facts;
      if (!d || facts?.poaExempt !== true || d.problem !== DiagnosisProblem.none) continue;
      const slot = reportedSlot(d.poa);
      if (slot < 0) continue;
      // The finding depends only on the code, its position and the indicator: built once, then shared.
      (out ??= []).push(
        (facts.poaExemptFindings[d.index * 4 + slot] ??= exemptReportedFinding(d.code, d.index, d.poa)),
      );
    }
    return out ?? NO_FINDINGS;
  },
};

function exemptReportedFinding(code: string, index: number, poa: string | undefined): Finding {
  return Object.freeze(
    finding(
      poaExemptReportedRule,
      'warning',
      `/diagnoses/${index}/poa`,
      `${cm(code)} is exempt from POA reporting: leave the indicator blank instead of "${poa ?? ''}".`,
      [code],
    ),
  );
}

export const POA_RULES: readonly ValidationRule[] = [poaInvalidRule, poaMissingRule, poaExemptReportedRule];
