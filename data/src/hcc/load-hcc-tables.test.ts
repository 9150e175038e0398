import { readFileSync } from 'node:fs';
import { buildHccTables, scoreHcc, type HccTables } from '@charta/core';
import { sharedDataFile } from '@charta/testing';
import { describe, expect, it } from 'vitest';
import { parseCsvTable } from './csv.js';
import { loadHccTables, loadHccTablesOrThrow } from './load-hcc-tables.js';

describe('loadHccTables (shipped data/hcc)', () => {
  it('loads every V28 row of the PY2026 tables', () => {
    const result = loadHccTables();
    expect(result.ok).toBe(true);
    const t = loadHccTablesOrThrow();
    // 8,183 mapping rows (7,903 codes, 280 of them mapping to two CCs) onto 115 payment HCCs.
    expect([...t.dxToCc.values()].reduce((n, ccs) => n + ccs.length, 0)).toBe(8183);
    expect(t.dxToCc.size).toBe(7903);
    expect(new Set([...t.dxToCc.values()].flat()).size).toBe(115);
    expect(t.labels.size).toBe(115);
    expect(t.coefficients.size).toBe(1237);
    expect([...t.hierarchy.values()].reduce((n, c) => n + c.length, 0)).toBe(149);
    expect([...t.dxEdits.values()].reduce((n, e) => n + e.length, 0)).toBe(107);
  });

  it('has a label and a coefficient in every continuing-enrollee segment for every mapped HCC', () => {
    const t = loadHccTablesOrThrow();
    const missing: string[] = [];
    for (const hcc of new Set([...t.dxToCc.values()].flat())) {
      if (!t.labels.has(hcc)) missing.push(`label ${hcc}`);
      for (const prefix of ['CNA', 'CND', 'CFA', 'CFD', 'CPA', 'CPD', 'INS']) {
        if (!t.coefficients.has(`${prefix}_HCC${hcc}`)) missing.push(`${prefix}_HCC${hcc}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('scores the worked example of the domain notes to 1.033', () => {
    // Woman, 72, community non-dual aged: E11.9 (HCC 38), E11.40 (HCC 37), I50.22 (HCC 226), I10 (none).
    // CNA_F70_74 0.395 + CNA_HCC37 0.166 + CNA_HCC226 0.360 + CNA_DIABETES_HF_V28 0.112 + CNA_D2 0 = 1.033
    const result = scoreHcc(
      {
        sex: 'F',
        dateOfBirth: '1953-06-15',
        medicaidDual: 'non',
        originallyDisabled: false,
        segment: 'community',
        diagnoses: [{ code: 'E119' }, { code: 'E1140' }, { code: 'I5022' }, { code: 'I10' }],
      },
      loadHccTablesOrThrow(),
      { paymentYear: 2026, normalizationFactor: 1, codingIntensityAdjustment: 0 },
    );
    expect(result.ok && result.value.rawScore).toBe(1.033);
  });

  // The core tests' worked examples use a few copied rows; the same persons give the same scores on the full tables.
  it.each([
    { sex: 'M' as const, age: 68, segment: 'community' as const, codes: ['I509', 'N184', 'N1832'], raw: 1.382 },
    {
      sex: 'F' as const,
      age: 72,
      segment: 'community' as const,
      codes: ['E1122', 'I5022', 'J449', 'N184', 'I480'],
      raw: 2.546,
    },
    { sex: 'F' as const, age: 72, segment: 'community' as const, codes: ['T8640', 'I8500', 'G931'], raw: 0.771 },
    { sex: 'F' as const, age: 72, segment: 'community' as const, codes: ['Z95811'], raw: 0.395 },
    { sex: 'M' as const, age: 17, segment: 'community' as const, codes: ['J449'], raw: 0.106 },
    { sex: 'F' as const, age: 70, segment: 'community' as const, codes: ['D66'], raw: 0.845 },
    { sex: 'F' as const, age: 49, segment: 'community' as const, codes: ['C50911'], raw: 0.706 },
    { sex: 'M' as const, age: 60, segment: 'institutional' as const, codes: ['I5022'], raw: 1.622 },
  ])(
    'scores $codes for $sex aged $age ($segment) to $raw on the shipped tables',
    ({ sex, age, segment, codes, raw }) => {
      const result = scoreHcc(
        {
          sex,
          ageYears: age,
          medicaidDual: 'non',
          originallyDisabled: false,
          segment,
          diagnoses: codes.map((code) => ({ code })),
        },
        loadHccTablesOrThrow(),
        { paymentYear: 2026, normalizationFactor: 1, codingIntensityAdjustment: 0 },
      );
      expect(result.ok && result.value.rawScore).toBe(raw);
    },
  );

  it('reports a missing folder as issues, not a throw', () => {
    const result = loadHccTables({ dir: 'no-such-folder' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.map((i) => i.code)).toContain('HCC.TABLES.FILE');
  });
});

const shared = {
  dxToCc: sharedDataFile('codesets', 'hcc', 'ra_dx_to_cc_2026.csv'),
  hierarchies: sharedDataFile('codesets', 'hcc', 'ra_hierarchies_2026.csv'),
  coefficients: sharedDataFile('codesets', 'hcc', 'ra_coefficients_2026.csv'),
  labels: sharedDataFile('codesets', 'hcc', 'ra_labels_2026.csv'),
  dxEdits: sharedDataFile('codesets', 'hcc', 'ra_dx_edits.csv'),
};
const allShared = Object.values(shared).every((f) => f !== undefined);

describe.skipIf(!allShared)('shipped V28 extract against the full official tables', () => {
  it('builds the same tables from the full files (all models) as from the shipped V28 extract', () => {
    const read = (file: string | undefined) => parseCsvTable(readFileSync(file ?? '', 'utf8'), file ?? '').records;
    type Rows = Parameters<typeof buildHccTables>[0];
    const rows = {
      paymentYear: 2026,
      dxToCc: read(shared.dxToCc),
      hierarchies: read(shared.hierarchies),
      coefficients: read(shared.coefficients),
      labels: read(shared.labels),
      dxEdits: read(shared.dxEdits),
    } as unknown as Rows;
    const full = buildHccTables(rows);
    expect(full.ok).toBe(true);
    const fromFull = (full.ok ? full.value : undefined) as HccTables;
    const shipped = loadHccTablesOrThrow();
    // Compared as JSON text: a deep equality over 8,000 map entries is slow for no gain.
    const text = (t: HccTables) =>
      JSON.stringify([t.dxToCc, t.hierarchy, t.coefficients, t.labels, t.dxEdits].map((m) => [...m]));
    expect(text(fromFull)).toBe(text(shipped));
  });
});
