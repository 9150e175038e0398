import { describe, expect, it } from 'vitest';
import { categoryNumber, compileCodeMatchers, letterBit, matchesAny } from './matchers.js';

const check = (ranges: Parameters<typeof compileCodeMatchers>[0], code: string): boolean =>
  matchesAny(compileCodeMatchers(ranges), code, categoryNumber(code));

describe('categoryNumber', () => {
  it('sorts categories as their text sorts, letters in position 3 included', () => {
    const cats = ['A00', 'A09', 'A0A', 'A10', 'C4A', 'C50', 'Q00', 'QA0', 'Z99'];
    const numbers = cats.map(categoryNumber);
    expect([...numbers].sort((a, b) => a - b)).toEqual(numbers);
  });

  it('is -1 for what is not a category', () => {
    expect(categoryNumber('0DT')).toBe(-1);
    expect(categoryNumber('E1')).toBe(-1);
    expect(categoryNumber('e11')).toBe(-1);
  });
});

describe('matchesAny', () => {
  it.each([
    ['one code', [{ from: 'G4763', to: 'G4763' }], 'G4763', true],
    ['one code, sibling', [{ from: 'G4763', to: 'G4763' }], 'G4762', false],
    ['a subtree (G30.-)', [{ from: 'G30', to: 'G30' }], 'G309', true],
    ['a range of categories (E00-E03.-), inside', [{ from: 'E00', to: 'E03' }], 'E039', true],
    ['a range of categories, upper bound category', [{ from: 'T36', to: 'T65' }], 'T659XXA', true],
    ['a range of categories, outside', [{ from: 'T36', to: 'T65' }], 'T66XXXA', false],
    ['a range of subcategories (S32.1-S32.9)', [{ from: 'S321', to: 'S329' }], 'S3210XA', true],
    ['a range of subcategories, below', [{ from: 'S321', to: 'S329' }], 'S32009A', false],
    [
      'a 7th-character qualifier (S62.- with 7th character B), matching',
      [{ from: 'S62', to: 'S62', seventh: 'B' }],
      'S62001B',
      true,
    ],
    ['a 7th-character qualifier, other 7th character', [{ from: 'S62', to: 'S62', seventh: 'B' }], 'S62001A', false],
    ['a wide range with a 7th-character qualifier', [{ from: 'S32', to: 'S39', seventh: 'BC' }], 'S35001C', true],
    [
      'a wide range with a 7th-character qualifier, other',
      [{ from: 'S32', to: 'S39', seventh: 'BC' }],
      'S35001A',
      false,
    ],
  ] as const)('%s', (_name, ranges, code, expected) => {
    expect(check(ranges, code)).toBe(expected);
  });

  it('records the first letters its ranges reach', () => {
    const set = compileCodeMatchers([
      { from: 'P10', to: 'P15' },
      { from: 'O70', to: 'O71' },
    ]);
    expect(set.letters).toBe(letterBit('P') | letterBit('O'));
    expect(compileCodeMatchers([{ from: 'A00', to: 'B99' }]).letters).toBe(letterBit('A') | letterBit('B'));
  });

  it('ignores bounds that are not code prefixes', () => {
    expect(compileCodeMatchers([{ from: 'x', to: 'y' }]).matchers).toEqual([]);
  });
});
