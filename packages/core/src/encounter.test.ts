import { describe, expect, it } from 'vitest';
import { releaseDateOf } from './encounter.js';

describe('releaseDateOf', () => {
  it('uses the discharge date for an inpatient stay', () => {
    expect(releaseDateOf({ encounterType: 'inpatient', admitDate: '2025-09-28', dischargeDate: '2025-10-02' })).toBe(
      '2025-10-02',
    );
  });
  it('uses the date of service for an outpatient visit', () => {
    expect(releaseDateOf({ encounterType: 'outpatient', admitDate: '2025-09-30', dischargeDate: '2025-10-01' })).toBe(
      '2025-09-30',
    );
  });
});
