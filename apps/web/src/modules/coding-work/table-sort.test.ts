import { describe, expect, it } from 'vitest';
import { compareCells, nextSort, sortRows } from './table-sort.js';

describe('compareCells', () => {
  it('puts blanks last in both directions', () => {
    expect(compareCells(null, 3, 'asc')).toBeGreaterThan(0);
    expect(compareCells(null, 3, 'desc')).toBeGreaterThan(0);
    expect(compareCells('', undefined, 'asc')).toBe(0);
  });

  it('orders numbers by value and text with numbers inside it in order', () => {
    expect(compareCells(9, 10, 'asc')).toBeLessThan(0);
    expect(compareCells('A9', 'A10', 'asc')).toBeLessThan(0);
    expect(compareCells('A9', 'A10', 'desc')).toBeGreaterThan(0);
  });
});

describe('sortRows', () => {
  const rows = [
    { id: 1, age: 5 },
    { id: 2, age: null },
    { id: 3, age: 12 },
    { id: 4, age: 5 },
  ];

  it('sorts descending with blanks last and ties kept in their order', () => {
    const sorted = sortRows(rows, { column: 'age', direction: 'desc' }, (r) => r.age);
    expect(sorted.map((r) => r.id)).toEqual([3, 1, 4, 2]);
  });
});

describe('nextSort', () => {
  it('flips the same column and starts a new one ascending', () => {
    expect(nextSort({ column: 'age', direction: 'asc' }, 'age')).toEqual({ column: 'age', direction: 'desc' });
    expect(nextSort({ column: 'age', direction: 'desc' }, 'due')).toEqual({ column: 'due', direction: 'asc' });
  });
});
