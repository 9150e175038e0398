import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../paths.js';
import { batchFormatOf, parseEncounterBatch } from './parse-batch.js';

const good = {
  id: 'enc-1',
  ageYears: 67,
  sex: 'F',
  encounterType: 'inpatient',
  admitDate: '2026-01-10',
  dischargeDate: '2026-01-15',
  dischargeStatus: '01',
  diagnoses: [
    { code: 'K35.80', poa: 'Y' },
    { code: 'i10', poa: 'y' },
  ],
  procedures: [{ code: '0DTJ4ZZ', date: '2026-01-11' }],
};

describe('parseEncounterBatch', () => {
  it('parses a JSON array, normalising codes and giving each row its starting line', () => {
    const text = JSON.stringify([good, { ...good, id: 'enc-2' }], null, 2);
    const { rows, errors } = parseEncounterBatch(text, 'json');
    expect(errors).toEqual([]);
    // Pretty-printed: the second object's '{' is on the line before its "id" line.
    const idLine = text.split('\n').findIndex((l) => l.includes('enc-2')) + 1;
    expect(rows.map((r) => r.line)).toEqual([2, idLine - 1]);
    expect(rows[0]?.encounter.diagnoses).toEqual([
      { code: 'K3580', poa: 'Y' },
      { code: 'I10', poa: 'Y' },
    ]);
    expect(rows[0]?.encounter.procedures).toEqual([{ code: '0DTJ4ZZ', date: '2026-01-11' }]);
  });

  it('reports a bad JSON row by line and field while the other rows still parse', () => {
    const text = `[\n${JSON.stringify(good)},\n${JSON.stringify({ ...good, ageYears: 'old', diagnoses: [{ code: 'E119', poa: 'Q' }] })},\n${JSON.stringify(good)}\n]`;
    const { rows, errors } = parseEncounterBatch(text, 'json');
    expect(rows.map((r) => r.line)).toEqual([2, 4]);
    expect(errors).toEqual([
      { line: 3, field: '/ageYears', message: '"old" is not a whole number' },
      { line: 3, field: '/diagnoses/0/poa', message: '"Q" is not a POA indicator (Y, N, U, W, 1 or blank)' },
    ]);
  });

  it('reports invalid JSON as one error with its line', () => {
    const { rows, errors } = parseEncounterBatch('[\n{"ageYears": 3,\n', 'json');
    expect(rows).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.field).toBe('');
  });

  it('parses NDJSON line by line, skipping blank lines and naming broken ones', () => {
    const text = [
      JSON.stringify(good),
      '',
      '{"ageYears": ',
      JSON.stringify({ ...good, sex: 'X' }),
      JSON.stringify(good),
    ].join('\n');
    const { rows, errors } = parseEncounterBatch(text, 'ndjson');
    expect(rows.map((r) => r.line)).toEqual([1, 5]);
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [3, ''],
      [4, '/sex'],
    ]);
  });

  it('parses CSV with CODE:POA and CODE@DATE lists and quoted fields', () => {
    const text = [
      'id,ageYears,sex,encounterType,admitDate,dischargeDate,dischargeStatus,admitDiagnosis,diagnoses,procedures',
      'a,67,F,inpatient,2026-01-10,2026-01-15,01,R10.9,"K35.80:Y;I10:Y",0DTJ4ZZ@2026-01-11',
      '"b, quoted",4,M,outpatient,2026-02-01,,,,J02.9,',
    ].join('\r\n');
    const { rows, errors } = parseEncounterBatch(text, 'csv');
    expect(errors).toEqual([]);
    expect(rows[0]).toEqual({
      line: 2,
      encounter: {
        id: 'a',
        ageYears: 67,
        sex: 'F',
        encounterType: 'inpatient',
        admitDate: '2026-01-10',
        dischargeDate: '2026-01-15',
        dischargeStatus: '01',
        admitDiagnosis: 'R109',
        diagnoses: [
          { code: 'K3580', poa: 'Y' },
          { code: 'I10', poa: 'Y' },
        ],
        procedures: [{ code: '0DTJ4ZZ', date: '2026-01-11' }],
      },
    });
    expect(rows[1]?.encounter).toMatchObject({
      id: 'b, quoted',
      encounterType: 'outpatient',
      diagnoses: [{ code: 'J029' }],
      procedures: [],
    });
  });

  it('names the CSV line and field of a bad row and keeps the rest', () => {
    const text = [
      'ageYears,sex,encounterType,admitDate,diagnoses',
      '50,F,inpatient,2026-01-10,K3580:Y',
      '50,F,hospice,2026/01/10,K3580:Y',
      '50,F,inpatient',
      '51,M,inpatient,2026-01-12,I10:Y',
    ].join('\n');
    const { rows, errors } = parseEncounterBatch(text, 'csv');
    expect(rows.map((r) => r.line)).toEqual([2, 5]);
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [3, '/encounterType'],
      [3, '/admitDate'],
      [4, ''],
    ]);
  });

  it('rejects a CSV header without the required columns', () => {
    const { rows, errors } = parseEncounterBatch('ageYears,sex\n1,F\n', 'csv');
    expect(rows).toEqual([]);
    expect(errors).toEqual([
      {
        line: 1,
        field: 'encounterType, admitDate, diagnoses',
        message: 'missing column(s): encounterType, admitDate, diagnoses',
      },
    ]);
  });
});

describe('batchFormatOf', () => {
  it.each([
    ['claims.json', 'json'],
    ['claims.NDJSON', 'ndjson'],
    ['claims.jsonl', 'ndjson'],
    ['claims.csv', 'csv'],
    ['claims.txt', undefined],
  ])('reads %s as %s', (file, format) => {
    expect(batchFormatOf(file)).toBe(format);
  });
});

describe('the documented batch examples', () => {
  const readme = readFileSync(join(REPO_ROOT, 'packages', 'core', 'src', 'validation', 'README.md'), 'utf8');
  const block = (lang: string): string => new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(readme)?.[1] ?? '';

  it.each([
    ['json', 1],
    ['csv', 2],
  ] as const)('parse the %s example without errors', (format, count) => {
    const { rows, errors } = parseEncounterBatch(block(format), format);
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(count);
  });
});
