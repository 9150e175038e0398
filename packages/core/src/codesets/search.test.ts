import { describe, expect, it } from 'vitest';
import type { CompiledCodeSets } from './compiled.js';
import { buildSearchIndex } from './search-index.js';
import { boundedEditDistance, searchCodes } from './search.js';
import { restoreSearchIndex, snapshotSearchIndex } from './search-snapshot.js';

const rows: [code: string, billable: boolean, title: string][] = [
  ['I50', false, 'Heart failure'],
  ['I509', true, 'Heart failure, unspecified'],
  ['I5020', true, 'Unspecified systolic (congestive) heart failure'],
  ['I110', true, 'Hypertensive heart disease with heart failure'],
  ['J44', false, 'Other chronic obstructive pulmonary disease'],
  ['J441', true, 'Chronic obstructive pulmonary disease with (acute) exacerbation'],
  ['J449', true, 'Chronic obstructive pulmonary disease, unspecified'],
  ['J189', true, 'Pneumonia, unspecified organism'],
  ['A0103', true, 'Typhoid pneumonia'],
  ['N200', true, 'Calculus of kidney'],
];

const compiled: CompiledCodeSets = {
  formatVersion: 1,
  strings: rows.map((r) => r[2]),
  releases: [
    {
      system: 'ICD-10-CM',
      version: 'FY2026',
      effectiveFrom: '2025-10-01',
      source: 'synthetic',
      origin: 'shipped',
      codes: rows.map((r) => r[0]),
      billable: rows.map((r) => (r[1] ? '1' : '0')).join(''),
      short: rows.map((_, i) => i),
      long: rows.map((_, i) => i),
    },
  ],
  indexes: [
    {
      kind: 'index',
      release: 'FY2023',
      source: 'synthetic',
      headings: [],
      terms: [
        { parent: -1, level: 0, title: 'Stone(s)' },
        { parent: 0, level: 1, title: 'kidney', code: 'N20.0' },
      ],
    },
  ],
  pcsDefinitions: [],
  poaExempt: [],
  conversion: [],
};
const index = buildSearchIndex(compiled);
const codes = (q: string, limit = 5, date = '2026-01-15'): string[] =>
  searchCodes(index, q, { date, limit }).map((h) => h.code);

describe('searchCodes', () => {
  it.each([
    ['J44.1', 'J441'],
    ['j441', 'J441'],
    ['chf', 'I509'],
    ['copd exacerbation', 'J441'],
    ['exacerbation copd', 'J441'],
    ['pulmonary obstr chronic exac', 'J441'],
    ['kidney stone', 'N200'],
    ['pneumonia', 'J189'],
    ['neumonia', 'J189'],
    ['hart failure', 'I509'],
  ])('ranks the expected code first for "%s"', (query, code) => {
    expect(codes(query)[0]).toBe(code);
  });

  it('lists a code prefix in hierarchy order with headers carrying their path', () => {
    const hits = searchCodes(index, 'J44', { date: '2026-01-15', limit: 5 });
    expect(hits.map((h) => [h.code, h.billable])).toEqual([
      ['J44', false],
      ['J441', true],
      ['J449', true],
    ]);
    expect(hits[1]?.path).toEqual(['J44']);
  });

  it('says how a hit matched', () => {
    expect(searchCodes(index, 'chf', { date: '2026-01-15', limit: 1 })[0]?.matchedOn).toContain('abbreviation');
    expect(searchCodes(index, 'kidney stone', { date: '2026-01-15', limit: 1 })[0]?.matchedOn).toContain('index-term');
    expect(searchCodes(index, 'neumonia', { date: '2026-01-15', limit: 1 })[0]?.matchedOn).toContain('typo');
  });

  it('returns nothing before the release takes effect, for unknown words and for an empty query', () => {
    expect(codes('pneumonia', 5, '2025-09-30')).toEqual([]);
    expect(codes('zzzzzz')).toEqual([]);
    expect(codes('   ')).toEqual([]);
  });
});

describe('boundedEditDistance', () => {
  it.each([
    ['pneumonia', 'neumonia', 2, 1],
    ['failure', 'fialure', 2, 1],
    ['heart', 'heart', 1, 0],
    ['kidney', 'liver', 2, 3],
  ])('%s vs %s (max %i) = %i', (a, b, max, d) => {
    expect(boundedEditDistance(a, b, max)).toBe(d);
  });
});

describe('search index snapshots', () => {
  it('restores an index that answers exactly like the original', () => {
    const restored = restoreSearchIndex(snapshotSearchIndex(index));
    for (const q of ['chf', 'J44', 'kidney stone', 'neumonia', 'copd exacerbation']) {
      expect(searchCodes(restored, q, { date: '2026-01-15', limit: 5 })).toEqual(
        searchCodes(index, q, { date: '2026-01-15', limit: 5 }),
      );
    }
  });
});
