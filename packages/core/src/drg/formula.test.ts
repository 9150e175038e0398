import { describe, expect, it } from 'vitest';
import { compileMsDrgFormula, msDrgFormulaOperands, msDrgFormulaWitnesses, parseMsDrgFormula } from './formula.js';

const truthOf = (present: readonly string[]) => (name: string) => present.includes(name);

function evaluate(formula: string, present: readonly string[]): boolean {
  const parsed = parseMsDrgFormula(formula);
  if (!parsed.ok) throw new Error(parsed.error);
  const set = new Set(present);
  return compileMsDrgFormula<Set<string>>(parsed.value, (name) => (s) => s.has(name))(set);
}

describe('parseMsDrgFormula', () => {
  it.each([
    ['a single operand', 'PDX:dxc0505', ['PDX:dxc0505'], true],
    ['& binds tighter than |', 'a | b & c', ['a'], true],
    ['& binds tighter than | (right side needs both)', 'a | b & c', ['b'], false],
    ['parentheses group', '(a | b) & c', ['b', 'c'], true],
    ['~ negates the next term', 'csect & ~steril', ['csect'], true],
    ['~ negates the next term (false when present)', 'csect & ~steril', ['csect', 'steril'], false],
    ['nested negation of a group', '~(a | b)', [], true],
    ['CMS fusion row with deep nesting', '(MCC & (SINGLEFUSIONCTR | (x & y))) | (CC & z)', ['CC', 'z'], true],
  ])('%s: %s', (_n, formula, present, want) => {
    expect(evaluate(formula, present)).toBe(want);
  });

  it.each([
    ['an unclosed parenthesis', '(a & b'],
    ['a dangling operator', 'a &'],
    ['an unknown character', 'a # b'],
    ['an empty formula', ''],
  ])('reports %s as an error, not a throw', (_n, formula) => {
    expect(parseMsDrgFormula(formula).ok).toBe(false);
  });

  it('lists operands once, in order', () => {
    const parsed = parseMsDrgFormula('(MCC | CC) & PDX:dxc0107 & ~CC');
    expect(parsed.ok && msDrgFormulaOperands(parsed.value)).toEqual(['MCC', 'CC', 'PDX:dxc0107']);
  });
});

describe('msDrgFormulaWitnesses', () => {
  const witnesses = (formula: string, present: readonly string[]) => {
    const parsed = parseMsDrgFormula(formula);
    if (!parsed.ok) throw new Error(parsed.error);
    return msDrgFormulaWitnesses(parsed.value, truthOf(present));
  };

  it('names every operand of a true and, and only the first true branch of an or', () => {
    expect(witnesses('(MCC | CC) & PDX:dxc0505', ['CC', 'PDX:dxc0505'])).toEqual([
      { operand: 'CC', negated: false },
      { operand: 'PDX:dxc0505', negated: false },
    ]);
  });

  it('names absent operands under a negation', () => {
    expect(witnesses('csect & ~steril', ['csect'])).toEqual([
      { operand: 'csect', negated: false },
      { operand: 'steril', negated: true },
    ]);
  });

  it('is undefined for a false formula', () => {
    expect(witnesses('a & b', ['a'])).toBeUndefined();
  });
});
