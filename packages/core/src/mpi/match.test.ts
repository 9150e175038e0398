import { describe, expect, it } from 'vitest';
import { buildMpiIndex, findCandidates, findDuplicatePairs } from './match.js';
import type { MpiRecord } from './types.js';
import { DEFAULT_MPI_SETTINGS } from './weights.js';

const william: MpiRecord = {
  id: 'A1',
  identifiers: [{ system: 'MRN:FAC-A', value: '5001' }],
  familyName: 'Okonkwo',
  givenName: 'William',
  middleName: 'James',
  sex: 'M',
  birthDate: '1961-07-04',
  address: { line: '14 Lantern Street', city: 'Fernhaven', state: 'OH', postalCode: '43701' },
  phones: ['614-555-0142'],
};

const records: MpiRecord[] = [
  william,
  // Same man registered at another facility as "Bill", day and month exchanged, suffix abbreviated.
  {
    id: 'B7',
    familyName: 'OKONKWO',
    givenName: 'Bill',
    sex: 'M',
    birthDate: '1961-04-07',
    address: { line: '14 LANTERN ST', postalCode: '43701' },
    phones: ['(614) 555-0142'],
  },
  // His twin brother: same surname, birth date, address and phone.
  {
    id: 'A2',
    familyName: 'Okonkwo',
    givenName: 'Thomas',
    sex: 'M',
    birthDate: '1961-07-04',
    address: { line: '14 Lantern Street', postalCode: '43701' },
    phones: ['614-555-0142'],
  },
  // Unrelated person.
  { id: 'C3', familyName: 'Lindqvist', givenName: 'Astrid', sex: 'F', birthDate: '1988-12-30' },
];

describe('findCandidates', () => {
  const index = buildMpiIndex(records);

  it('finds the nickname + transposed-date duplicate and explains why', () => {
    const [first] = findCandidates(index, william, DEFAULT_MPI_SETTINGS);
    expect(first?.id).toBe('B7');
    expect(first?.verdict).not.toBe('non-match');
    const agreements = Object.fromEntries((first?.reasons ?? []).map((r) => [r.field, r.agreement]));
    expect(agreements).toMatchObject({ givenName: 'nickname', birthDate: 'day-month-swapped', address: 'exact' });
    expect(first?.reasons.find((r) => r.field === 'givenName')?.text).toMatch(/BILL \/ WILLIAM|WILLIAM \/ BILL/);
    const sum = (first?.reasons ?? []).reduce((s, r) => s + r.weight, 0);
    expect(first?.score).toBeCloseTo(sum, 1);
  });

  it('does not link twins, and says why', () => {
    const all = findCandidates(index, william, DEFAULT_MPI_SETTINGS, { includeNonMatches: true });
    const twin = all.find((c) => c.id === 'A2');
    expect(twin?.verdict).toBe('non-match');
    expect(twin?.reasons.map((r) => r.field)).toContain('multipleBirth');
  });

  it('skips the query record itself and records sharing no blocking key', () => {
    const ids = findCandidates(index, william, DEFAULT_MPI_SETTINGS, { includeNonMatches: true }).map((c) => c.id);
    expect(ids).not.toContain('A1');
    expect(ids).not.toContain('C3');
  });

  it('puts a pair in review between the thresholds', () => {
    const settings = { ...DEFAULT_MPI_SETTINGS, thresholds: { match: 1000, review: 0 } };
    expect(findCandidates(index, william, settings)[0]?.verdict).toBe('review');
  });
});

describe('findCandidates across name changes', () => {
  const maiden: MpiRecord = {
    id: 'M1',
    familyName: 'Haverford',
    givenName: 'Margaret',
    sex: 'F',
    birthDate: '1979-02-11',
    identifiers: [{ system: 'SSN', value: '900-55-1234' }],
  };

  it.each([
    [
      'a married name with the maiden name recorded',
      { familyName: 'Quist', previousFamilyNames: ['Haverford'] },
      'previous-name',
    ],
    ['a hyphenated married name', { familyName: 'Haverford-Quist' }, 'compound'],
    ['given and family names swapped', { familyName: 'Margaret', givenName: 'Haverford' }, 'swapped'],
  ])('finds the same woman under %s', (_, change, level) => {
    const later: MpiRecord = { ...maiden, id: 'M2', identifiers: [{ system: 'SSN', value: '1234' }], ...change };
    const [first] = findCandidates(buildMpiIndex([maiden]), later, DEFAULT_MPI_SETTINGS);
    expect(first?.id).toBe('M1');
    expect(first?.reasons.find((r) => r.field === 'familyName')?.agreement).toBe(level);
  });
});

describe('findDuplicatePairs', () => {
  it('reports each duplicate pair once', () => {
    const pairs = findDuplicatePairs(buildMpiIndex(records), DEFAULT_MPI_SETTINGS);
    expect(pairs.map((p) => [p.a, p.b])).toEqual([['A1', 'B7']]);
  });
});
