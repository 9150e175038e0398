import { describe, expect, it } from 'vitest';
import { instantMs, isoFromMs } from './match.js';

describe('instantMs', () => {
  it.each([
    '2026-03-01T08:00:00.000Z',
    '2024-02-29T23:59:59.999Z',
    '2000-02-29T12:00:00.000Z',
    '1900-02-29T12:00:00.000Z',
    '2026-02-29T00:00:00.000Z',
    '2026-04-31T00:00:00.000Z',
    '2026-13-01T00:00:00.000Z',
    '2026-01-01T24:00:00.000Z',
    '2026-01-01T00:00:60.000Z',
    '2026-01-0aT00:00:00.000Z',
    '0050-01-01T00:00:00.000Z',
    '2026-03-01',
    '2026-03-01T08:00:00+02:00',
    'not a date',
  ])('reads %s as Date.parse does', (value) => {
    const parsed = Date.parse(value);
    expect(instantMs(value)).toBe(Number.isNaN(parsed) ? null : parsed);
  });

  it('reads back every instant toISOString writes', () => {
    for (let ms = Date.UTC(1970, 0, 1); ms < Date.UTC(2100, 0, 1); ms += 7_777_777_777 + 123) {
      expect(instantMs(new Date(ms).toISOString())).toBe(ms);
    }
  });

  it('gives null for an absent value', () => {
    expect(instantMs(null)).toBeNull();
    expect(instantMs(undefined)).toBeNull();
    expect(instantMs('')).toBeNull();
  });
});

describe('isoFromMs', () => {
  it('writes what toISOString writes, across four-digit years and beyond them', () => {
    const samples = [0, -1, 1, 951_782_400_000, 4_107_542_399_999, -62_135_596_800_000, 253_402_300_799_999];
    for (let ms = -62_135_596_800_000; ms < 253_402_300_799_999; ms += 86_399_999_937) samples.push(ms);
    for (let ms = Date.UTC(2023, 11, 25); ms < Date.UTC(2029, 2, 5); ms += 3_599_987) samples.push(ms);
    samples.push(-62_135_596_800_001, 253_402_300_800_000, 1.5);
    for (const ms of samples) expect(isoFromMs(ms)).toBe(new Date(ms).toISOString());
  });
});
