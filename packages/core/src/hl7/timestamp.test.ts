import { describe, expect, it } from 'vitest';
import { hl7TimestampToIso } from './timestamp.js';

describe('hl7TimestampToIso', () => {
  it.each([
    ['2026', '2026'],
    ['202601', '2026-01'],
    ['20260105', '2026-01-05'],
    ['202601051432', '2026-01-05T14:32'],
    ['20260105143015', '2026-01-05T14:30:15'],
    ['20260105143015.1234', '2026-01-05T14:30:15.1234'],
    ['202601051432-0500', '2026-01-05T14:32-05:00'],
    ['20260105143015+0130', '2026-01-05T14:30:15+01:30'],
    ['20240229', '2024-02-29'],
  ])('converts %s to %s', (ts, iso) => {
    expect(hl7TimestampToIso(ts)).toBe(iso);
  });

  it.each([
    ['empty', ''],
    ['letters', '2026O105'],
    ['month 13', '20261305'],
    ['day 0', '20260100'],
    ['29 February in a common year', '20250229'],
    ['hour 24', '202601052400'],
    ['minute 60', '202601051460'],
    ['an hour without minutes', '2026010514'],
    ['an odd digit count', '202601051'],
    ['an offset on a date', '20260105-0500'],
    ['ISO input', '2026-01-05'],
  ])('refuses %s', (_name, ts) => {
    expect(hl7TimestampToIso(ts)).toBeUndefined();
  });
});
