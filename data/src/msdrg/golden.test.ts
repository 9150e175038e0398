/**
 * Golden test: 200 synthetic inpatient encounters built to reach every kind of MS-DRG grouping path, with the
 * verdicts of CMS's own MS-DRG 43.1 Java grouper (hospital not POA-exempt). Runs on the copy kept in
 * packages/testing/golden/msdrg and, when present, on the shared original.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { groupMsDrg, parseGroupingTsv } from '@charta/core';
import { goldenFile, sharedDataFile } from '@charta/testing';
import { describe, expect, it } from 'vitest';
import { loadMsDrgTables } from './load.js';

interface ExpectedSdx {
  readonly code: string;
  readonly poa: string;
  readonly poa_error: string;
  readonly severity: string;
  readonly hacs?: readonly { hac: number; status: string }[];
}

interface Expected {
  readonly id: string;
  readonly drg: {
    readonly drg: string;
    readonly initial_drg: string;
    readonly mdc: string;
    readonly initial_mdc: string;
    readonly return_code: string;
    readonly initial_return_code: string;
    readonly med_surg: string;
    readonly severity: string;
    readonly hac_status: string;
    readonly hac_categories: number;
    readonly sdx: readonly ExpectedSdx[];
  };
}

function readGolden(dir: string): { tsv: string; expected: Expected[] } {
  const tsv = readFileSync(join(dir, 'encounters.tsv'), 'utf8');
  const expected = gunzipSync(readFileSync(join(dir, 'expected.jsonl.gz')))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Expected);
  return { tsv, expected };
}

function runGolden(dir: string, generateCode = true): void {
  const { tsv, expected } = readGolden(dir);
  const parsed = parseGroupingTsv(tsv);
  const tables = loadMsDrgTables();

  it('parses all 200 encounters without error', () => {
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toHaveLength(200);
    expect(expected).toHaveLength(200);
  });

  const cases = parsed.rows.map((row, i) => ({ row, want: expected[i]! }));
  it.each(cases.map((c) => [`${c.row.encounter.id ?? ''} (${c.row.scenario ?? ''})`, c] as const))(
    '%s groups as CMS 43.1 does',
    (_name, { row, want }) => {
      expect(row.encounter.id).toBe(want.id);
      const result = groupMsDrg(row.encounter, tables, {
        groupingDate: row.groupingDate,
        explain: false,
        generateCode,
      });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const r = result.value;
      expect({
        drg: r.drg,
        initialDrg: r.initial.drg,
        mdc: r.mdc,
        initialMdc: r.initial.mdc,
        returnCode: r.returnCode,
        initialReturnCode: r.initial.returnCode,
        medSurg: r.medSurg,
        severity: r.level,
        hacStatus: r.hacStatus,
        hacCategories: r.hacCategories,
      }).toEqual({
        drg: want.drg.drg,
        initialDrg: want.drg.initial_drg,
        mdc: want.drg.mdc,
        initialMdc: want.drg.initial_mdc,
        returnCode: want.drg.return_code,
        initialReturnCode: want.drg.initial_return_code,
        medSurg: want.drg.med_surg,
        severity: want.drg.severity,
        hacStatus: want.drg.hac_status,
        hacCategories: want.drg.hac_categories,
      });
      expect(
        r.secondaries.map((s) => ({ code: s.code, severity: s.severity, poa: s.poaVerdict, hacs: s.hacs })),
      ).toEqual(
        want.drg.sdx.map((s) => ({ code: s.code, severity: s.severity, poa: s.poa_error, hacs: s.hacs ?? [] })),
      );
    },
  );
}

describe('MS-DRG golden cases (repository copy)', () => {
  runGolden(dirname(goldenFile('msdrg', 'encounters.tsv')));
});

describe('MS-DRG golden cases with closure-compiled formulas (no generated code)', () => {
  runGolden(dirname(goldenFile('msdrg', 'encounters.tsv')), false);
});

const sharedEncounters = sharedDataFile('samples', 'msdrg-golden', 'encounters.tsv');
describe.skipIf(!sharedEncounters)('MS-DRG golden cases (shared original)', () => {
  if (sharedEncounters) runGolden(dirname(sharedEncounters));
});
