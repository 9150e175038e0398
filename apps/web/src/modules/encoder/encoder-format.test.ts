import { describe, expect, it } from 'vitest';
import type { TabularNote } from '@charta/core';
import { compactCode, groupNotes, levelLabel, moveHighlight, splitCodeRefs, todayIso } from './encoder-format.js';

const note = (kind: TabularNote['kind'], definedAt: string, text = 't'): TabularNote => ({
  kind,
  text,
  refs: [],
  definedAt,
});

describe('groupNotes', () => {
  it('orders groups as a coder reads them and marks notes written at an ancestor as inherited', () => {
    const groups = groupNotes(
      [note('useAdditionalCode', 'J44'), note('inclusionTerm', 'J441'), note('excludes2', 'J40-J4A')],
      'J441',
    );
    expect(groups.map((g) => g.heading)).toEqual(['Inclusion terms', 'Excludes2', 'Use additional code']);
    expect(groups.map((g) => g.notes[0]?.inherited)).toEqual([false, true, true]);
  });

  it('returns no groups for a code without notes', () => {
    expect(groupNotes([], 'A000')).toEqual([]);
  });
});

describe('splitCodeRefs', () => {
  it('links only the codes the server parsed as references', () => {
    const parts = splitCodeRefs('asthma with COPD (J44.-) or J45.9 and B12', [
      { from: 'J44', to: 'J44', subtree: true },
    ]);
    expect(parts).toEqual([
      { text: 'asthma with COPD (' },
      { text: 'J44.-', code: 'J44' },
      { text: ') or J45.9 and B12' },
    ]);
  });

  it('links both ends of a range', () => {
    const parts = splitCodeRefs('(E00-E03.-)', [{ from: 'E00', to: 'E03', subtree: true }]);
    expect(parts).toEqual([
      { text: '(' },
      { text: 'E00', code: 'E00' },
      { text: '-' },
      { text: 'E03.-', code: 'E03' },
      { text: ')' },
    ]);
  });

  it('keeps text without references whole', () => {
    expect(splitCodeRefs('Decompensated COPD', [])).toEqual([{ text: 'Decompensated COPD' }]);
  });
});

describe('small formatters', () => {
  it.each([
    ['J441', 'J44.1'],
    ['J44', 'J44'],
    ['J40-J4A', 'J40-J4A'],
    ['chapter 10', 'chapter 10'],
  ])('shows the level %s as %s', (raw, shown) => {
    expect(levelLabel(raw)).toBe(shown);
  });

  it.each([
    ['j96.0-', 'J960'],
    ['E11.-', 'E11'],
    ['T36.0X1', 'T360X1'],
  ])('compacts %s to %s', (written, compact) => {
    expect(compactCode(written)).toBe(compact);
  });

  it('formats the local date as YYYY-MM-DD', () => {
    expect(todayIso(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });

  it.each([
    [-1, 1, 3, 0],
    [-1, -1, 3, 2],
    [2, 1, 3, 0],
    [0, -1, 3, 2],
    [1, 1, 0, -1],
  ] as const)('moves the highlight from %i by %i over %i rows to %i', (from, delta, count, to) => {
    expect(moveHighlight(from, delta, count)).toBe(to);
  });
});
