import { describe, expect, it } from 'vitest';
import { parseHccInput } from './parse-hcc-input.js';

const ALICE = {
  id: 'SYN-001',
  sex: 'F',
  dateOfBirth: '1953-06-15',
  medicaidDual: 'non',
  segment: 'community',
  diagnoses: ['E11.9', { code: 'i50.22', date: '2025-03-02' }],
};

describe('parseHccInput', () => {
  it('reads a JSON array and records the line where each person starts', () => {
    const text = `[\n  ${JSON.stringify(ALICE)},\n\n  {\n    "sex": "M", "ageYears": 70, "medicaidDual": "full",\n    "segment": "institutional", "diagnoses": []\n  }\n]\n`;
    const { persons, errors } = parseHccInput(text);
    expect(errors).toEqual([]);
    expect(persons).toEqual([
      {
        line: 2,
        id: 'SYN-001',
        sex: 'F',
        dateOfBirth: '1953-06-15',
        medicaidDual: 'non',
        originallyDisabled: false,
        segment: 'community',
        diagnoses: [{ code: 'E119' }, { code: 'I5022', date: '2025-03-02' }],
      },
      {
        line: 4,
        sex: 'M',
        ageYears: 70,
        medicaidDual: 'full',
        originallyDisabled: false,
        segment: 'institutional',
        diagnoses: [],
      },
    ]);
  });

  it('reads NDJSON, skipping blank lines, and reports bad lines by number', () => {
    const text = [JSON.stringify(ALICE), '', '{"sex": "F"', JSON.stringify({ ...ALICE, id: 7, sex: 'X' })].join('\n');
    const { persons, errors } = parseHccInput(text);
    expect(persons.map((p) => [p.line, p.id])).toEqual([[1, 'SYN-001']]);
    expect(errors.map((e) => e.line)).toEqual([3, 4]);
    expect(errors[1]?.message).toBe('person "7": "sex" must be "M", "F" or "U".');
  });

  it.each([
    {
      what: 'a missing dual status',
      patch: { medicaidDual: undefined },
      message: '"medicaidDual" must be "full", "partial" or "non".',
    },
    { what: 'an unknown segment', patch: { segment: 'hospice' }, message: '"segment" must be one of' },
    { what: 'no age or birth date', patch: { dateOfBirth: undefined }, message: 'Give "dateOfBirth" or "ageYears".' },
    {
      what: 'a non-boolean originallyDisabled',
      patch: { originallyDisabled: 'yes' },
      message: '"originallyDisabled" must be true or false.',
    },
    {
      what: 'a diagnosis without a code',
      patch: { diagnoses: [{ date: '2025-01-01' }] },
      message: 'diagnoses[0]: "code" must be a non-empty string',
    },
    { what: 'diagnoses that are not a list', patch: { diagnoses: 'E119' }, message: '"diagnoses" must be an array' },
  ])('rejects a person with $what', ({ patch, message }) => {
    const { persons, errors } = parseHccInput(JSON.stringify({ ...ALICE, ...patch }));
    expect(persons).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain(message);
  });

  it('reports broken JSON arrays, non-object elements and empty input without throwing', () => {
    expect(parseHccInput('[\n  {"sex": "F",\n  oops\n]').errors).toMatchObject([{ line: 3 }]);
    expect(parseHccInput('[1, null]').errors.map((e) => e.message)).toEqual([
      'Each person must be a JSON object.',
      'Each person must be a JSON object.',
    ]);
    expect(parseHccInput('  \n').errors).toEqual([{ line: 1, message: 'The input holds no persons.' }]);
  });
});
