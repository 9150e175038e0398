/** Small helpers shared by the rule files: citations, the empty result, and finding construction. */
import { CodeSystem, displayCode } from '../codesets/types.js';
import type { Citation, Finding, Severity } from '../finding.js';
import type { ValidationRule } from './types.js';

/** Returned by a rule that finds nothing: no allocation on the common path. */
export const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

const GUIDELINES_URL = 'https://www.cdc.gov/nchs/icd/icd-10-cm/files.html';
const MCE_URL =
  'https://www.cms.gov/medicare/payment/prospective-payment-systems/acute-inpatient-pps/ms-drg-classifications-and-software';

/** ICD-10-CM Official Guidelines for Coding and Reporting FY2026, at a section. */
export function guidelines(section: string): Citation {
  return { source: `ICD-10-CM Official Guidelines for Coding and Reporting FY2026, ${section}`, url: GUIDELINES_URL };
}

/** CMS Definitions of Medicare Code Edits, MCE 43.1 (FY2026), at an edit. */
export function mceEdit(edit: string): Citation {
  return mceSource(`edit ${edit}`);
}

/** CMS Definitions of Medicare Code Edits, MCE 43.1 (FY2026), at any part (a list, the version rules). */
export function mceSource(part: string): Citation {
  return { source: `CMS Definitions of Medicare Code Edits, MCE version 43.1 (FY2026), ${part}`, url: MCE_URL };
}

/** Both sources, for checks that a guideline and an MCE edit make alike. */
export function both(a: Citation, b: Citation): Citation {
  return { source: `${a.source}; ${b.source}`, ...(a.url ? { url: a.url } : {}) };
}

/** ICD-10-CM code as a coder reads it (with the dot). */
export function cm(code: string): string {
  return displayCode(CodeSystem.icd10cm, code);
}

export function list(codes: readonly string[], max = 5): string {
  const shown = codes.slice(0, max).map(cm).join(', ');
  return codes.length > max ? `${shown}, ...` : shown;
}

type MutableFinding = { -readonly [K in keyof Finding]: Finding[K] };

/** A finding of `rule`, citing the rule's source. */
export function finding(
  rule: Pick<ValidationRule, 'id' | 'citation'>,
  severity: Severity,
  path: string,
  message: string,
  codes?: readonly string[],
  data?: Readonly<Record<string, unknown>>,
): Finding {
  const f: MutableFinding = { ruleId: rule.id, severity, path, message, citation: rule.citation };
  if (codes) f.codes = codes;
  if (data) f.data = data;
  return f;
}

/** ICD-10-CM codes are reportable from the first ICD-10 release (2015-10-01); rules without a later start use it. */
export const ICD10_START = '2015-10-01';
