import { describe, expect, it } from 'vitest';
import { dateOf, formatDuration, formatMoney, holdReasonLabel, queueLabel, statusLabel } from './work-format.js';

describe('work-format', () => {
  it('names queues, statuses and hold reasons in words, passing unknown values through', () => {
    expect(queueLabel('skilled_nursing')).toBe('Skilled nursing');
    expect(queueLabel('home_health')).toBe('home health');
    expect(statusLabel('on_hold')).toBe('On hold');
    expect(holdReasonLabel('physician_query')).toBe('Physician query');
    expect(holdReasonLabel(null)).toBe('');
  });

  it('formats amounts and durations', () => {
    expect(formatMoney('12345.5')).toBe('$12,345.50');
    expect(formatMoney(null)).toBe('');
    expect(formatDuration(59 * 60)).toBe('59 min');
    expect(formatDuration(3900)).toBe('1 h 05 min');
  });

  it('keeps plain dates and rejects nonsense', () => {
    expect(dateOf('2026-01-14')).toBe('2026-01-14');
    expect(dateOf('not a date')).toBe('');
    expect(dateOf(null)).toBe('');
  });
});
