import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MceFlag, mceAgeRangeOn, mceFlagNames, periodOn } from '@charta/core';
import { dataFile } from '../paths.js';
import { loadMceTablesOrThrow, parseMceCodeTableOrThrow, parseMceSummaryOrThrow } from './load-mce.js';

interface Summary {
  readonly i10dx: { entries: number; distinct_codes: number; flag_counts: Record<string, number> };
  readonly i10sg: { entries: number; distinct_codes: number; flag_counts: Record<string, number> };
}
const summary = JSON.parse(
  gunzipSync(readFileSync(dataFile('mce', 'mce_summary.json.gz'))).toString('utf8'),
) as Summary;

describe('loadMceTablesOrThrow', () => {
  const tables = loadMceTablesOrThrow({ cache: false });

  it.each([
    ['dx', 'i10dx'],
    ['sg', 'i10sg'],
  ] as const)('holds every %s row and list the summary counts', (key, name) => {
    const table = tables[key];
    const expected = summary[name];
    let entries = 0;
    const counts: Record<string, number> = {};
    for (const periods of table.values()) {
      for (const p of periods) {
        entries++;
        const names = mceFlagNames(p.flags);
        if (names.length === 0) counts[''] = (counts[''] ?? 0) + 1;
        for (const n of names) counts[n] = (counts[n] ?? 0) + 1;
      }
    }
    expect(table.size).toBe(expected.distinct_codes);
    expect(entries).toBe(expected.entries);
    expect(counts).toEqual(expected.flag_counts);
  });

  it('reads version 43.1, its end date and the age ranges with their dates', () => {
    expect(tables.version).toBe('43.1');
    expect(tables.validThrough).toBe('2026-09-30');
    expect(mceAgeRangeOn(tables, 'maternity', '2019-09-30')).toMatchObject({ minAge: 12, maxAge: 55 });
    expect(mceAgeRangeOn(tables, 'maternity', '2019-10-01')).toMatchObject({ minAge: 9, maxAge: 64 });
    expect(mceAgeRangeOn(tables, 'newborn', '2026-01-01')).toMatchObject({ minAge: 0, maxAge: 0 });
    expect(mceAgeRangeOn(tables, 'pediatric', '2026-01-01')).toMatchObject({ minAge: 0, maxAge: 17 });
    expect(mceAgeRangeOn(tables, 'adult', '2026-01-01')).toMatchObject({ minAge: 15, maxAge: 124 });
  });

  it('keeps validity periods by date: Z37.0 loses the female list after 2024-09-30', () => {
    const z370 = tables.dx.get('Z370');
    expect(periodOn(z370, '2024-09-30')?.flags).toBe(
      MceFlag.maternity | MceFlag.female | MceFlag.unacceptable | MceFlag.delout,
    );
    expect(periodOn(z370, '2024-10-01')?.flags).toBe(MceFlag.maternity | MceFlag.unacceptable | MceFlag.delout);
    expect(periodOn(z370, '2018-09-30')?.flags).toBe(MceFlag.maternity | MceFlag.female | MceFlag.unacceptable);
  });

  it('reads the same tables back from its cache', () => {
    const first = loadMceTablesOrThrow();
    const again = loadMceTablesOrThrow();
    expect(again.dx.size).toBe(first.dx.size);
    expect(again.dx.get('E119')).toEqual(first.dx.get('E119'));
  });
});

describe('parseMceCodeTableOrThrow', () => {
  it('rejects a list it does not know, so a new release is not misread', () => {
    expect(() =>
      parseMceCodeTableOrThrow('code\tstart_date\tend_date\tflags\nA000\t20151001\t\tnewlist\n', 't'),
    ).toThrow(/unknown list "newlist"/);
  });

  it('rejects an unexpected header', () => {
    expect(() => parseMceCodeTableOrThrow('a\tb\n', 't')).toThrow(/unexpected header/);
  });
});

describe('parseMceSummaryOrThrow', () => {
  it('rejects an unknown age group', () => {
    const json = JSON.stringify({
      version: 431,
      terminationDate: '20260930',
      age_ranges: [{ ageGroup: 'Elderly', startAge: 65, endAge: 124, startDate: '19840301', endDate: '' }],
    });
    expect(() => parseMceSummaryOrThrow(json)).toThrow(/unknown age group/);
  });
});
