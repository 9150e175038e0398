import { describe, expect, it } from 'vitest';
import type { CompiledPcsAxis, CompiledPcsTables, PcsLabel } from './compiled.js';
import { expandPcsTables, pcsBuilderOptions, pcsCharacterMeanings } from './detail.js';

const axis = (pos: number, title: string, labels: PcsLabel[]): CompiledPcsAxis => ({ pos, title, labels });

/** Table 10D as in FY2026 (abridged): qualifier 1 exists only in the open row [DOMAIN.md §3]. */
const tables: CompiledPcsTables = {
  release: 'FY2026',
  source: 'synthetic',
  tables: [
    {
      axes: [
        axis(1, 'Section', [['1', 'Obstetrics']]),
        axis(2, 'Body System', [['0', 'Pregnancy']]),
        axis(3, 'Operation', [['D', 'Extraction']]),
      ],
      rows: [
        [
          axis(4, 'Body Part', [['0', 'Products of Conception']]),
          axis(5, 'Approach', [['0', 'Open']]),
          axis(6, 'Device', [['Z', 'No Device']]),
          axis(7, 'Qualifier', [
            ['0', 'High'],
            ['1', 'Low'],
            ['2', 'Extraperitoneal'],
          ]),
        ],
        [
          axis(4, 'Body Part', [['0', 'Products of Conception']]),
          axis(5, 'Approach', [['7', 'Via Natural or Artificial Opening']]),
          axis(6, 'Device', [['Z', 'No Device']]),
          axis(7, 'Qualifier', [
            ['3', 'Low Forceps'],
            ['4', 'Mid Forceps'],
          ]),
        ],
      ],
    },
  ],
};

describe('pcsBuilderOptions', () => {
  it('offers each axis in turn, restricted to rows that still match', () => {
    expect(pcsBuilderOptions(tables, '').options.map((o) => o.value)).toEqual(['1']);
    expect(pcsBuilderOptions(tables, '10D0').options.map((o) => [o.value, o.axis])).toEqual([
      ['0', 'Approach'],
      ['7', 'Approach'],
    ]);
    expect(pcsBuilderOptions(tables, '10D07Z').options.map((o) => o.value)).toEqual(['3', '4']);
    expect(pcsBuilderOptions(tables, '10D00Z').options.map((o) => o.value)).toEqual(['0', '1', '2']);
  });

  it('marks complete codes and never completes a combination split across rows', () => {
    expect(pcsBuilderOptions(tables, '10D00Z1').complete).toBe(true);
    expect(pcsBuilderOptions(tables, '10D07Z1').complete).toBe(false);
  });
});

describe('expandPcsTables and pcsCharacterMeanings', () => {
  it('expands rows as Cartesian products', () => {
    expect(expandPcsTables(tables)).toEqual(['10D00Z0', '10D00Z1', '10D00Z2', '10D07Z3', '10D07Z4']);
  });

  it('explains each character from the matching row', () => {
    expect(pcsCharacterMeanings(tables, '10D07Z3')?.map((m) => m.label)).toEqual([
      'Obstetrics',
      'Pregnancy',
      'Extraction',
      'Products of Conception',
      'Via Natural or Artificial Opening',
      'No Device',
      'Low Forceps',
    ]);
    expect(pcsCharacterMeanings(tables, '10D07Z1')).toBeUndefined();
  });
});
