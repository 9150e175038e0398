import { describe, expect, it } from 'vitest';
import type { DnfbSection } from '@charta/contracts';
import { bucketCharges, bucketCounts, bucketLabel, daysBefore } from './dnfb-view.js';

const section: DnfbSection = {
  total: { count: 3, charges: '3000.00' },
  buckets: {
    '0-3': { count: 1, charges: '1000.00' },
    '4-7': { count: 0, charges: '0.00' },
    '8-14': { count: 2, charges: '2000.00' },
    '15-30': { count: 0, charges: '0.00' },
    '31+': { count: 0, charges: '0.00' },
  },
  byType: [],
  byPayer: [],
};

describe('dnfb-view', () => {
  it('labels buckets in days', () => {
    expect(bucketLabel('0-3')).toBe('0–3 days');
    expect(bucketLabel('31+')).toBe('31+ days');
  });

  it('reads counts and charges in bucket order', () => {
    expect(bucketCounts(section, ['8-14', '0-3'])).toEqual([2, 1]);
    expect(bucketCharges(section, ['0-3', '31+'])).toEqual([1000, 0]);
  });

  it('counts back whole days across a month end', () => {
    expect(daysBefore('2026-03-02', 30)).toBe('2026-01-31');
  });
});
