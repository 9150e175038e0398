import { describe, expect, it } from 'vitest';
import { defaultPeriod, formatCmi, formatRate } from './case-mix-format.js';

describe('case-mix formatting', () => {
  it('prints CMI to four decimals and rates as percentages, a dash when there is nothing', () => {
    expect(formatCmi(1.23456)).toBe('1.2346');
    expect(formatRate(0.4567)).toBe('45.7%');
    expect([formatCmi(null), formatRate(null)]).toEqual(['—', '—']);
  });

  it('defaults to twelve calendar months ending today', () => {
    expect(defaultPeriod('2026-11-30')).toEqual({ from: '2025-12-01', to: '2026-11-30' });
    expect(defaultPeriod('2026-01-15')).toEqual({ from: '2025-02-01', to: '2026-01-15' });
  });
});
