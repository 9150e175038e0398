import { describe, expect, it } from 'vitest';
import {
  activeIncrement,
  ageBucket,
  ageInDays,
  ageOn,
  centsToString,
  coreEncounterType,
  editSex,
  perHour,
  toCents,
} from './measures.js';
import { dnfbFromGroups, type DnfbGroup } from './reports.js';

describe('coding work measures', () => {
  it.each([
    [0, '0-3'],
    [3, '0-3'],
    [4, '4-7'],
    [7, '4-7'],
    [8, '8-14'],
    [14, '8-14'],
    [15, '15-30'],
    [30, '15-30'],
    [31, '31+'],
    [400, '31+'],
  ] as const)('puts day %i in bucket %s', (days, bucket) => {
    expect(ageBucket(days)).toBe(bucket);
  });

  it('counts whole days since discharge, never below zero', () => {
    const now = new Date('2026-01-15T09:00:00Z');
    expect(ageInDays(new Date('2026-01-14T09:00:01Z'), now)).toBe(0);
    expect(ageInDays(new Date('2026-01-14T09:00:00Z'), now)).toBe(1);
    expect(ageInDays(new Date('2026-01-16T09:00:00Z'), now)).toBe(0);
  });

  it('keeps money exact in cents', () => {
    expect(toCents('0.1') + toCents('0.2')).toBe(30);
    expect(centsToString(toCents('4500.25'))).toBe('4500.25');
    expect(centsToString(-5)).toBe('-0.05');
    expect(toCents(null)).toBe(0);
  });

  it('caps each gap between workbench reports at the idle cap', () => {
    const t0 = new Date('2026-01-15T09:00:00Z');
    expect(activeIncrement(t0, new Date(t0.getTime() + 60_000))).toBe(60);
    expect(activeIncrement(t0, new Date(t0.getTime() + 3_600_000))).toBe(300);
    expect(activeIncrement(t0, new Date(t0.getTime() - 1_000))).toBe(0);
  });

  it('gives records per coding hour, or null without coding time', () => {
    expect(perHour(2, 960)).toBe(7.5);
    expect(perHour(0, 180)).toBe(0);
    expect(perHour(3, 0)).toBeNull();
  });

  it('computes age at admission in years, and days for infants', () => {
    expect(ageOn('1958-03-02', '2026-01-10')).toEqual({ years: 67, days: expect.any(Number) });
    expect(ageOn('2025-12-31', '2026-01-10')).toEqual({ years: 0, days: 10 });
    expect(ageOn('2026-02-01', '2026-01-10')).toBeUndefined();
  });

  it('maps stored types and sexes to what the edits take', () => {
    expect(coreEncounterType('skilled_nursing')).toBe('skilled-nursing');
    expect(coreEncounterType('behavioral_health')).toBe('behavioral-health');
    expect(coreEncounterType('emergency')).toBe('emergency');
    expect(editSex('female')).toBe('F');
    expect(editSex('M')).toBe('M');
    expect(editSex('other')).toBe('U');
  });
});

describe('DNFB from groups', () => {
  const g = (over: Partial<DnfbGroup>): DnfbGroup => ({
    stage: 'coding',
    days: 1,
    type: 'inpatient',
    payer: 'Medicare',
    holdReason: null,
    count: 1,
    cents: 10_000,
    ...over,
  });

  it('sums counts and charges by bucket, type and payer, per stage, and holds by reason', () => {
    const r = dnfbFromGroups(
      [
        g({}),
        g({ days: 9, type: 'outpatient', payer: null, cents: 2_550 }),
        g({ days: 40, holdReason: 'physician_query', count: 2, cents: 50_000 }),
        g({ stage: 'billing', days: 5, cents: 7_000 }),
      ],
      new Date('2026-01-15T00:00:00Z'),
    );
    expect(r.notFinalCoded.total).toEqual({ count: 4, charges: '625.50' });
    expect(r.notFinalCoded.buckets['0-3']).toEqual({ count: 1, charges: '100.00' });
    expect(r.notFinalCoded.buckets['8-14']).toEqual({ count: 1, charges: '25.50' });
    expect(r.notFinalCoded.buckets['31+']).toEqual({ count: 2, charges: '500.00' });
    expect(r.notFinalCoded.byType.map((t) => [t.key, t.total.count])).toEqual([
      ['inpatient', 3],
      ['outpatient', 1],
    ]);
    expect(r.notFinalCoded.byPayer.map((t) => t.key)).toEqual(['(none)', 'Medicare']);
    expect(r.notFinalBilled.total).toEqual({ count: 1, charges: '70.00' });
    expect(r.notFinalBilled.buckets['4-7'].count).toBe(1);
    expect(r.onHold).toEqual([{ reason: 'physician_query', count: 2, charges: '500.00' }]);
  });
});
