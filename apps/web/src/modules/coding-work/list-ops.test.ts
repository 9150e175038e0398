import { describe, expect, it } from 'vitest';
import { moveItem, removeAt, replaceAt } from './list-ops.js';

describe('moveItem', () => {
  it.each([
    [1, -1, ['b', 'a', 'c']],
    [0, 1, ['b', 'a', 'c']],
    [2, -2, ['c', 'a', 'b']],
    [0, 5, ['b', 'c', 'a']],
  ])('moves index %i by %i', (index, delta, expected) => {
    expect(moveItem(['a', 'b', 'c'], index, delta)).toEqual(expected);
  });

  it('returns the same list when the item is already at the end it moves towards', () => {
    const list = ['a', 'b'];
    expect(moveItem(list, 0, -1)).toBe(list);
    expect(moveItem(list, 1, 1)).toBe(list);
    expect(moveItem(list, 4, 1)).toBe(list);
  });
});

describe('removeAt and replaceAt', () => {
  it('leave the input untouched', () => {
    const list = ['a', 'b', 'c'];
    expect(removeAt(list, 1)).toEqual(['a', 'c']);
    expect(replaceAt(list, 2, 'z')).toEqual(['a', 'b', 'z']);
    expect(list).toEqual(['a', 'b', 'c']);
  });
});
