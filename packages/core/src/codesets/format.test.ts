import { describe, expect, it } from 'vitest';
import { fiscalYearOf, isIsoDate } from './dates.js';
import { isWellFormedCode } from './format.js';
import { displayCode, normalizeCode } from './types.js';

describe('isWellFormedCode', () => {
  it.each([
    ['ICD-10-CM', 'E119', true],
    ['ICD-10-CM', 'QA00101', true],
    ['ICD-10-CM', 'E1', false],
    ['ICD-10-CM', '1E11', false],
    ['ICD-10-PCS', '0DTJ4ZZ', true],
    ['ICD-10-PCS', '0DTJ4ZO', false],
    ['ICD-10-PCS', '0DTJ4Z', false],
    ['HCPCS', 'A0021', true],
    ['HCPCS', 'XS', false],
    ['CPT', '1234Z', true],
    ['CPT', '1234F', true],
    ['CPT', 'A1234', false],
  ] as const)('%s %s -> %s', (system, code, expected) => {
    expect(isWellFormedCode(system, code)).toBe(expected);
  });
});

describe('code notation and dates', () => {
  it('normalizes and displays ICD-10-CM codes with the dot after the 3rd character', () => {
    expect(normalizeCode(' e11.9 ')).toBe('E119');
    expect(displayCode('ICD-10-CM', 'E119')).toBe('E11.9');
    expect(displayCode('ICD-10-CM', 'E11')).toBe('E11');
    expect(displayCode('ICD-10-PCS', '0DTJ4ZZ')).toBe('0DTJ4ZZ');
  });

  it('maps dates to fiscal years starting 1 October', () => {
    expect(fiscalYearOf('2025-09-30')).toBe(2025);
    expect(fiscalYearOf('2025-10-01')).toBe(2026);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
  });
});
