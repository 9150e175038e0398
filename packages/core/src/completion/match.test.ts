import { describe, expect, it } from 'vitest';
import { instantMs } from './match.js';

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
