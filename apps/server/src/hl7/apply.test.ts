import { describe, expect, it } from 'vitest';
import { encounterTypeFor, medicalRecordNumbers } from './apply.js';

describe('encounterTypeFor', () => {
  it.each([
    ['I', undefined, 'inpatient'],
    ['E', undefined, 'emergency'],
    ['O', undefined, 'outpatient'],
    ['R', undefined, 'outpatient'],
    ['B', undefined, 'outpatient'],
    ['P', undefined, 'inpatient'],
    ['O', 'OBS', 'observation'],
    ['I', 'obs', 'observation'],
    [undefined, undefined, 'outpatient'],
  ])('maps patient class %s with patient type %s to %s', (patientClass, patientType, type) => {
    expect(encounterTypeFor(patientClass, patientType)).toBe(type);
  });
});

describe('medicalRecordNumbers', () => {
  it('takes the MR-typed identifiers, namespaced by assigning authority', () => {
    const ids = medicalRecordNumbers(
      [
        { id: 'MRN1', assigningAuthority: 'NWG', typeCode: 'MR' },
        { id: 'ACC1', assigningAuthority: 'NWG', typeCode: 'AN' },
      ],
      'NORTHWIND GEN',
    );
    expect(ids).toEqual([{ system: 'NWG', value: 'MRN1', facility: 'NWG' }]);
  });

  it('falls back to untyped identifiers, then the first, and to the sending facility for the namespace', () => {
    expect(medicalRecordNumbers([{ id: 'X1' }, { id: 'S1', typeCode: 'SS' }], 'NWG')).toEqual([
      { system: 'NWG', value: 'X1', facility: 'NWG' },
    ]);
    expect(medicalRecordNumbers([{ id: 'P1', typeCode: 'PI', assigningFacility: 'EAST' }], 'NWG')).toEqual([
      { system: 'EAST', value: 'P1', facility: 'EAST' },
    ]);
  });
});
