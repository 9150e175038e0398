import { describe, expect, it } from 'vitest';
import { isCaptured, memberOfTitle, monthsBetween } from './case-mix.js';

describe('memberOfTitle', () => {
  it.each([
    ['Heart Failure and Shock with MCC', 'with-mcc'],
    ['Heart Failure and Shock with CC', 'with-cc'],
    ['Autologous Bone Marrow Transplant with CC/MCC', 'with-cc'],
    ['Heart Failure and Shock without CC/MCC', 'without'],
    ['Seizures without MCC', 'without'],
    ['Spinal Procedures with CC or Spinal Neurostimulators', 'with-cc'],
    ['Pulmonary Embolism with MCC or Acute Cor Pulmonale', 'with-mcc'],
    ['Transient Ischemia without Thrombolytic', undefined],
    ['Lung Transplant', undefined],
  ])('reads "%s" as %s', (title, member) => {
    expect(memberOfTitle(title)).toBe(member);
  });
});

describe('isCaptured', () => {
  it.each([
    ['with-mcc', 'MCC', true],
    ['with-mcc', 'CC', false],
    ['with-cc', 'CC', true],
    ['with-cc', 'MCC', true],
    ['with-cc', 'NON_CC', false],
    ['without', 'MCC', false],
  ] as const)('a %s member at level %s is captured: %s', (member, level, captured) => {
    expect(isCaptured(member, level)).toBe(captured);
  });
});

describe('monthsBetween', () => {
  it('lists the calendar months of a period across a year end', () => {
    expect(monthsBetween('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03-01', '2026-03-31')).toEqual(['2026-03']);
  });
});
