import type { MpiCandidateDetail, MpiPatientView } from '@charta/contracts';
import { describe, expect, it } from 'vitest';
import { comparisonRows, formatWeight, scoreBand, toneOf } from './mpi-view.js';

const person = (id: string, over: Partial<MpiPatientView> = {}): MpiPatientView => ({
  id,
  mrn: `M-${id}`,
  familyName: 'OKAFOR',
  givenName: 'WILLIAM',
  birthDate: '1970-03-12',
  sex: 'M',
  middleName: null,
  previousFamilyNames: [],
  address: '12 Birch Rd',
  postalCode: '62704',
  phone: null,
  email: null,
  identifiers: [],
  active: true,
  mergedInto: null,
  encounters: 2,
  documents: 1,
  ...over,
});

const detail: MpiCandidateDetail = {
  id: 'c1',
  score: 17.2,
  verdict: 'review',
  status: 'open',
  thresholds: { match: 20, review: 12 },
  a: person('a'),
  b: person('b', { givenName: 'BILL' }),
  fields: [
    { field: 'familyName', agreement: 'exact', weight: 6.36, text: 'Same family name' },
    { field: 'givenName', agreement: 'nickname', weight: 4.91, text: 'Nicknames' },
    { field: 'address', agreement: 'disagree', weight: -1.95, text: 'Different addresses' },
  ],
  decidedAt: null,
  decidedBy: null,
  decisionReason: null,
  updatedAt: '2026-01-15T09:00:00.000Z',
};

describe('MPI comparison view', () => {
  it('classifies agreement levels by weight and kind', () => {
    expect(toneOf({ agreement: 'exact', weight: 6 })).toBe('agree');
    expect(toneOf({ agreement: 'nickname', weight: 4.9 })).toBe('partial');
    expect(toneOf({ agreement: 'disagree', weight: -2 })).toBe('disagree');
    expect(toneOf(undefined)).toBe('none');
  });

  it('lists every field with both values, marking fields missing on a side as not compared', () => {
    const rows = comparisonRows(detail);
    const given = rows.find((r) => r.key === 'givenName');
    expect(given).toMatchObject({ a: 'WILLIAM', b: 'BILL', tone: 'partial', weight: 4.91 });
    expect(rows.find((r) => r.key === 'phone')).toMatchObject({ a: '—', b: '—', tone: 'none', weight: null });
    expect(rows[0]?.key).toBe('mrn');
    expect(rows.at(-1)?.a).toBe('2 / 1');
  });

  it('formats weights and bands', () => {
    expect(formatWeight(4.914)).toBe('+4.91');
    expect(formatWeight(-1.95)).toBe('−1.95');
    expect(scoreBand(21, detail.thresholds)).toBe('likely');
    expect(scoreBand(13, detail.thresholds)).toBe('possible');
  });
});
