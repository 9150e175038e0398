import { describe, expect, it } from 'vitest';
import { ageOn, editSex } from '../coding-work/measures.js';
import { codedEncounterFromStored } from './encounter-input.js';

describe('codedEncounterFromStored', () => {
  it('builds the grouper input: age at admission, sex, status, diagnoses in sequence with POA, PCS procedures', () => {
    const input = codedEncounterFromStored({
      id: 'e1',
      admitAt: new Date('2026-01-10T14:00:00Z'),
      dischargeAt: new Date('2026-01-15T10:30:00Z'),
      dischargeDisposition: '01',
      birthDate: '1958-01-11',
      sex: 'female',
      diagnoses: [
        { seq: 2, code: 'j96.01', poa: 'y' },
        { seq: 1, code: 'I50.23', poa: 'Y' },
        { seq: 3, code: 'E11.9', poa: 'X' },
      ],
      procedures: [
        { seq: 2, system: 'CPT', code: '99223', performedOn: null },
        { seq: 1, system: 'ICD-10-PCS', code: '5a1955z', performedOn: '2026-01-11' },
      ],
    });
    expect(input).toEqual({
      id: 'e1',
      ageYears: 67,
      sex: 'F',
      encounterType: 'inpatient',
      admitDate: '2026-01-10',
      dischargeDate: '2026-01-15',
      dischargeStatus: '01',
      diagnoses: [{ code: 'I5023', poa: 'Y' }, { code: 'J9601', poa: 'Y' }, { code: 'E119' }],
      procedures: [{ code: '5A1955Z', date: '2026-01-11' }],
    });
  });

  it('gives a newborn its age in days and uses the discharge date when the admission time is missing', () => {
    const input = codedEncounterFromStored({
      id: 'e2',
      admitAt: null,
      dischargeAt: new Date('2026-02-03T08:00:00Z'),
      dischargeDisposition: null,
      birthDate: '2026-01-31',
      sex: 'M',
      diagnoses: [{ seq: 1, code: 'Z38.00', poa: 'Y' }],
      procedures: [],
    });
    expect(input.admitDate).toBe('2026-02-03');
    expect(input.ageYears).toBe(0);
    expect(input.ageDays).toBe(3);
    expect(input.dischargeStatus).toBeUndefined();
  });
});

describe('age and sex as the grouper input takes them (shared with the workbench)', () => {
  it('counts a birthday only once reached', () => {
    expect(ageOn('1960-03-15', '2026-03-14')?.years).toBe(65);
    expect(ageOn('1960-03-15', '2026-03-15')?.years).toBe(66);
  });
  it('maps stored sex values', () => {
    expect([editSex('M'), editSex('Female'), editSex('other')]).toEqual(['M', 'F', 'U']);
  });
});
