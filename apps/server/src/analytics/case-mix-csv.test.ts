import { describe, expect, it } from 'vitest';
import { csvField } from './case-mix-csv.js';

describe('csvField', () => {
  it.each([
    ['Cardiology', 'Cardiology'],
    ['Smith, Ann, MD', '"Smith, Ann, MD"'],
    ['say "hi"', '"say ""hi"""'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['-1+1', "'-1+1"],
  ])('writes %s as %s', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('writes numbers as they are and null as an empty cell', () => {
    expect(csvField(1.2345)).toBe('1.2345');
    expect(csvField(null)).toBe('');
  });
});
