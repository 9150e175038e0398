import { describe, expect, it } from 'vitest';
import { isOneEdit, jaro, jaroWinkler, normalizeName, nysiis } from './strings.js';

describe('jaroWinkler', () => {
  // Reference values from Winkler's worked examples (MARTHA/MARHTA, DWAYNE/DUANE, DIXON/DICKSONX).
  it.each([
    ['MARTHA', 'MARHTA', 0.961],
    ['DWAYNE', 'DUANE', 0.84],
    ['DIXON', 'DICKSONX', 0.813],
  ])('scores %s / %s as %f', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3);
  });

  it('is 1 for identical strings and 0 when nothing matches or a side is empty', () => {
    expect(jaroWinkler('SMITH', 'SMITH')).toBe(1);
    expect(jaro('ABC', 'XYZ')).toBe(0);
    expect(jaroWinkler('', '')).toBe(0);
  });

  it('is symmetric', () => {
    expect(jaroWinkler('JOHNSTON', 'JOHNSON')).toBeCloseTo(jaroWinkler('JOHNSON', 'JOHNSTON'), 10);
  });
});

describe('nysiis', () => {
  it.each([
    ['Smith', 'Smith'],
    ['Knight', 'Night'],
    ['Johnson', 'Jonson'],
    ['MacDonald', 'McDonald'],
    ['Phillips', 'Filips'],
    ['Brown', 'Braun'],
  ])('gives %s and %s the same code', (a, b) => {
    expect(nysiis(a)).toBe(nysiis(b));
  });

  it.each([
    ['Smith', 'Jones'],
    ['Garcia', 'Martin'],
  ])('keeps %s and %s apart', (a, b) => {
    expect(nysiis(a)).not.toBe(nysiis(b));
  });

  it('translates the first letters and drops a trailing S', () => {
    expect(nysiis('Smith')).toBe('SNAT');
    expect(nysiis('Knight')).toBe('NAGT');
    expect(nysiis('Phillips')).toBe('FALAP');
    expect(nysiis('')).toBe('');
  });
});

describe('isOneEdit', () => {
  it.each([
    ['KAREN', 'KTREN', true],
    ['KAREN', 'KAREEN', true],
    ['KAREN', 'KARN', true],
    ['KAREN', 'KAERN', true],
    ['KAREN', 'KAREN', false],
    ['KAREN', 'KEVIN', false],
    ['KAREN', 'KA', false],
  ])('%s -> %s is one edit: %s', (a, b, expected) => {
    expect(isOneEdit(a, b)).toBe(expected);
  });
});

describe('normalizeName', () => {
  it('upper-cases, strips accents and punctuation, and tidies hyphens and spaces', () => {
    expect(normalizeName("  José  O'Brien ")).toBe('JOSE OBRIEN');
    expect(normalizeName('García - López')).toBe('GARCIA-LOPEZ');
    expect(normalizeName(undefined)).toBe('');
  });
});
