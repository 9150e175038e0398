import type { CodeSystem } from './types.js';

/**
 * Format pre-checks, before any release lookup.
 * - ICD-10-CM: 3-7 characters, a letter first [DOMAIN.md §2.1; Guidelines FY2026 §I.A.2-3]. FY2026 added QA0 (letter in
 *   position 2), so positions 2-7 accept letters.
 * - ICD-10-PCS: exactly 7 characters, digits and letters other than O and I [PCS web-based training, lesson 2].
 * - HCPCS Level II: a letter A-V (not the CPT numeric form) and 4 digits [CMS HCPCS Level II file].
 * - CPT: 4 digits plus a digit (Category I), F (Category II) or T (Category III); the made-up test form is 4 digits plus Z,
 *   which no real code uses [DOMAIN.md §1.7].
 */
const FORMATS: Readonly<Record<CodeSystem, RegExp>> = {
  'ICD-10-CM': /^[A-Z][0-9A-Z]{2}[0-9A-Z]{0,4}$/,
  'ICD-10-PCS': /^[0-9A-HJ-NP-Z]{7}$/,
  HCPCS: /^[A-V][0-9]{4}$/,
  CPT: /^[0-9]{4}[0-9FTZ]$/,
};

/** True when a normalized code (no dot, upper case) is well formed for the system. */
export function isWellFormedCode(system: CodeSystem, code: string): boolean {
  return FORMATS[system].test(code);
}

/** Describes why a code is malformed, for an Issue or a not-found reason. */
export function formatProblem(system: CodeSystem, code: string): string | undefined {
  if (isWellFormedCode(system, code)) return undefined;
  switch (system) {
    case 'ICD-10-CM':
      return 'An ICD-10-CM code has 3 to 7 characters and starts with a letter';
    case 'ICD-10-PCS':
      return 'An ICD-10-PCS code has exactly 7 characters: digits and letters other than O and I';
    case 'HCPCS':
      return 'A HCPCS Level II code is a letter A-V followed by 4 digits';
    case 'CPT':
      return 'A CPT code has 4 digits followed by a digit, F or T';
  }
}
