import { describe, expect, it } from 'vitest';
import { canGroup, toEncounterInput, type CheckForm } from './check-form.js';

const form: CheckForm = {
  ageYears: '67',
  sex: 'F',
  encounterType: 'inpatient',
  admitDate: '2026-01-10',
  dischargeDate: '2026-01-14',
  dischargeStatus: '01',
  diagnoses: [
    { code: 'J44.1', poa: 'Y' },
    { code: 'j96.01 ', poa: '' },
    { code: '', poa: '' },
  ],
  procedures: ['', '0BH17EZ'],
};

describe('toEncounterInput', () => {
  it('builds the encounter from the form: plain codes, no blank rows, no unreported POA', () => {
    const r = toEncounterInput(form);
    expect(r.ok && r.value).toEqual({
      ageYears: 67,
      sex: 'F',
      encounterType: 'inpatient',
      admitDate: '2026-01-10',
      dischargeDate: '2026-01-14',
      dischargeStatus: '01',
      diagnoses: [{ code: 'J441', poa: 'Y' }, { code: 'J9601' }],
      procedures: [{ code: '0BH17EZ' }],
    });
  });

  it.each([
    ['no diagnosis yet', { diagnoses: [{ code: ' ', poa: '' as const }] }, '/diagnoses'],
    ['a missing age', { ageYears: '' }, '/ageYears'],
    ['a one-digit discharge status', { dischargeStatus: '1' }, '/dischargeStatus'],
    ['a code with a symbol', { diagnoses: [{ code: 'J44#1', poa: '' as const }] }, '/diagnoses/0/code'],
  ])('refuses %s', (_name, change, path) => {
    const r = toEncounterInput({ ...form, ...change });
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.errors.map((e) => e.path)).toContain(path);
  });
});

describe('canGroup', () => {
  it.each([
    ['an inpatient stay with a discharge date', {}, true],
    ['an inpatient stay still open', { dischargeDate: '' }, false],
    ['an outpatient visit', { encounterType: 'outpatient' as const }, false],
  ])('groups %s only when it should', (_name, change, expected) => {
    const r = toEncounterInput({ ...form, ...change });
    expect(r.ok && canGroup(r.value)).toBe(expected);
  });
});
