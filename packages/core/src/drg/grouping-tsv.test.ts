import { describe, expect, it } from 'vitest';
import { parseGroupingTsv } from './grouping-tsv.js';

const HEADER =
  'id\tage\tsex\tdischarge_status\tadmit_date\tdischarge_date\tadmit_dx\tpdx\tpdx_poa\tsdx\tprocs\tgrouping_date\tscenario';
const row = (fields: Partial<Record<string, string>>): string =>
  HEADER.split('\t')
    .map(
      (h) =>
        fields[h] ??
        {
          id: 'x',
          age: '60',
          sex: 'F',
          discharge_status: '01',
          admit_date: '2026-01-10',
          discharge_date: '2026-01-15',
          pdx: 'I5023',
          pdx_poa: 'Y',
        }[h] ??
        '',
    )
    .join('\t');

describe('parseGroupingTsv', () => {
  it('reads a golden-layout row into a coded encounter', () => {
    const text = `${HEADER}\n${row({ id: 'val-1', sdx: 'J9601:Y;E871:N', procs: '0270346;0SR9019', grouping_date: '2026-01-15', scenario: 'medical' })}\n`;
    const { rows, errors } = parseGroupingTsv(text);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        groupingDate: '2026-01-15',
        scenario: 'medical',
        encounter: {
          id: 'val-1',
          ageYears: 60,
          sex: 'F',
          encounterType: 'inpatient',
          admitDate: '2026-01-10',
          dischargeDate: '2026-01-15',
          dischargeStatus: '01',
          admitDiagnosis: undefined,
          diagnoses: [
            { code: 'I5023', poa: 'Y' },
            { code: 'J9601', poa: 'Y' },
            { code: 'E871', poa: 'N' },
          ],
          procedures: [{ code: '0270346' }, { code: '0SR9019' }],
        },
      },
    ]);
  });

  it('ignores unknown extra columns and accepts columns in any order', () => {
    const text = 'extra\tpdx\tsex\tage\tadmit_date\nfoo\tI50.23\tM\t70\t2026-02-01\n';
    const { rows, errors } = parseGroupingTsv(text);
    expect(errors).toEqual([]);
    expect(rows[0]?.encounter).toMatchObject({
      sex: 'M',
      ageYears: 70,
      diagnoses: [{ code: 'I5023' }],
      dischargeStatus: undefined,
    });
  });

  it.each([
    ['age', { age: 'old' }, 'age "old" is not a whole number'],
    ['sex', { sex: 'Q' }, 'sex "Q" is not M, F or U'],
    ['discharge status', { discharge_status: 'home' }, 'discharge_status "home" is not a two-digit code'],
    ['date', { discharge_date: '15/01/2026' }, 'discharge_date "15/01/2026" is not a YYYY-MM-DD date'],
    ['principal', { pdx: '' }, 'pdx is empty'],
    ['principal code', { pdx: '12345' }, 'pdx "12345" is not an ICD-10-CM code'],
    ['POA', { pdx_poa: 'X' }, 'pdx_poa "X" is not Y, N, U, W or 1'],
    ['secondary entry', { sdx: 'J9601:Y:Z' }, 'sdx entry "J9601:Y:Z" is not CODE:POA'],
    ['procedure', { procs: '02703' }, 'procedure "02703" is not a 7-character ICD-10-PCS code'],
  ])('reports a malformed %s with its line number while other rows still parse', (_n, fields, message) => {
    const text = [HEADER, row({ id: 'good-1' }), row(fields), row({ id: 'good-2' })].join('\n');
    const { rows, errors } = parseGroupingTsv(text);
    expect(errors).toEqual([{ line: 3, message }]);
    expect(rows.map((r) => [r.line, r.encounter.id])).toEqual([
      [2, 'good-1'],
      [4, 'good-2'],
    ]);
  });

  it('reports a row with more fields than the header', () => {
    const { errors } = parseGroupingTsv(`${HEADER}\n${row({})}\textra`);
    expect(errors).toEqual([{ line: 2, message: '14 fields but the header has 13' }]);
  });

  it('reports a header without a pdx column, and an empty file', () => {
    expect(parseGroupingTsv('id\tage\n1\t2').errors).toEqual([
      { line: 1, message: 'header has no "pdx" column (columns: id, age)' },
    ]);
    expect(parseGroupingTsv('').errors).toEqual([{ line: 1, message: 'empty file: a header line is required' }]);
  });

  it('skips blank lines and accepts CRLF line ends', () => {
    const { rows, errors } = parseGroupingTsv(`${HEADER}\r\n\r\n${row({ id: 'a' })}\r\n`);
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.line, r.encounter.id])).toEqual([[3, 'a']]);
  });
});
