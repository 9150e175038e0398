import { describe, expect, it } from 'vitest';
import { EMPTY, formatDateTime, formatTime, greetingFor, localIsoDate } from './datetime.js';

// Instants are built from local wall-clock fields, so the expectations hold in any time zone.
const localInstant = (y: number, mo: number, d: number, h: number, mi: number, s: number): string =>
  new Date(y, mo - 1, d, h, mi, s).toISOString();

describe('formatDateTime', () => {
  it('formats an instant as fixed-width local date and time', () => {
    expect(formatDateTime(localInstant(2026, 3, 4, 5, 6, 7))).toBe('2026-03-04 05:06:07');
  });

  it.each([[null], [undefined], [''], ['yesterday']])('renders %j as a dash', (value) => {
    expect(formatDateTime(value)).toBe(EMPTY);
  });
});

describe('formatTime', () => {
  it('formats hours and minutes', () => {
    expect(formatTime(localInstant(2026, 3, 4, 17, 45, 59))).toBe('17:45');
    expect(formatTime(null)).toBe(EMPTY);
  });
});

describe('localIsoDate', () => {
  it('pads month and day', () => {
    expect(localIsoDate(new Date(2026, 0, 2, 3))).toBe('2026-01-02');
  });
});

describe('greetingFor', () => {
  it.each([
    [3, 'Good evening'],
    [8, 'Good morning'],
    [12, 'Good afternoon'],
    [19, 'Good evening'],
  ])('hour %i -> %s', (hour, text) => {
    expect(greetingFor(hour)).toBe(text);
  });
});
