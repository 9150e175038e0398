/**
 * The engine's MCE edits against the verdicts of CMS's own MCE 43.1 software on the 200 synthetic encounters of the
 * MS-DRG 43.1 check set (shared samples, test only; skipped when the shared folder is absent).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  validateEncounter,
  type CodedEncounter,
  type PoaIndicator,
  type Sex,
  type ValidationReference,
} from '@charta/core';
import { sharedDataFile } from '@charta/testing';
import { loadValidationReference } from './reference.js';

const encountersFile = sharedDataFile('samples', 'msdrg-golden', 'encounters.tsv');
const expectedFile = sharedDataFile('samples', 'msdrg-golden', 'expected.jsonl.gz');

/** MCE software edit names -> engine rule ids. */
const EDIT_TO_RULE: Readonly<Record<string, string>> = {
  UNSPECIFIED: 'MCE.UNSPECIFIED',
  LIMITED_COVERAGE: 'MCE.LIMITED_COVERAGE',
  NON_COVERED: 'MCE.NONCOVERED',
  AGE_CONFLICT: 'MCE.AGE',
  SEX_CONFLICT: 'MCE.SEX',
  E_CODE_AS_PDX: 'MCE.ECODE_PDX',
  UNACCEPTABLE_PDX: 'MCE.UNACCEPTABLE_PDX',
  QUESTIONABLE_ADMISSION: 'MCE.QADM',
  WRONG_PROCEDURE_PERFORMED: 'MCE.WRONG_PROCEDURE',
  PROCEDURE_INCONSISTENT_WITH_LOS: 'MCE.LOS',
};
const ENGINE_MCE = new Set(Object.values(EDIT_TO_RULE));
const ruleFamily = (id: string): string => (id.startsWith('MCE.AGE.') ? 'MCE.AGE' : id);

interface Case {
  readonly id: string;
  readonly encounter: CodedEncounter;
  readonly expected: string[];
}

function loadCases(): Case[] {
  const lines = readFileSync(encountersFile ?? '', 'utf8')
    .trim()
    .split('\n');
  const header = (lines[0] ?? '').split('\t');
  const expected = gunzipSync(readFileSync(expectedFile ?? ''))
    .toString('utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; mce: { edits: { edit: string; code: string }[] } });
  return lines.slice(1).map((line, i) => {
    const f = Object.fromEntries(line.split('\t').map((v, k) => [header[k], v])) as Record<string, string>;
    const sdx = (f['sdx'] ?? '')
      .split(';')
      .filter(Boolean)
      .map((s) => {
        const [code = '', poa] = s.split(':');
        return poa ? { code, poa: poa as PoaIndicator } : { code };
      });
    const encounter: CodedEncounter = {
      id: f['id'],
      ageYears: Number(f['age']),
      sex: (f['sex'] ?? 'U') as Sex,
      encounterType: 'inpatient',
      admitDate: f['admit_date'] ?? '',
      dischargeDate: f['grouping_date'] || f['discharge_date'],
      dischargeStatus: f['discharge_status'],
      ...(f['admit_dx'] ? { admitDiagnosis: f['admit_dx'] } : {}),
      diagnoses: [{ code: f['pdx'] ?? '', poa: (f['pdx_poa'] || undefined) as PoaIndicator | undefined }, ...sdx],
      procedures: (f['procs'] ?? '')
        .split(';')
        .filter(Boolean)
        .map((code) => ({ code })),
    };
    const exp = expected[i];
    if (exp?.id !== f['id']) throw new Error(`expected.jsonl out of order at ${f['id'] ?? i}`);
    return {
      id: f['id'] ?? '',
      encounter,
      expected: (exp?.mce.edits ?? []).map((e) => `${EDIT_TO_RULE[e.edit] ?? `unmapped:${e.edit}`} ${e.code}`).sort(),
    };
  });
}

describe.skipIf(!encountersFile || !expectedFile)('MCE edits against CMS MCE 43.1 software (MS-DRG check set)', () => {
  let reference: ValidationReference;
  beforeAll(async () => {
    reference = await loadValidationReference();
  }, 300_000);

  it('reports the same MCE edits, on the same codes, for every encounter', () => {
    const mismatches: string[] = [];
    const cases = loadCases();
    for (const c of cases) {
      const got = validateEncounter(c.encounter, { reference })
        .filter(
          (f) => (ENGINE_MCE.has(ruleFamily(f.ruleId)) && f.severity !== 'info') || f.ruleId === 'MCE.UNSPECIFIED',
        )
        .map((f) => `${ruleFamily(f.ruleId)} ${f.codes?.[0] ?? ''}`)
        .sort();
      if (got.join('|') !== c.expected.join('|'))
        mismatches.push(`${c.id}: engine [${got.join(', ')}] MCE [${c.expected.join(', ')}]`);
    }
    expect(cases.length).toBe(200);
    expect(mismatches).toEqual([]);
  });
});
