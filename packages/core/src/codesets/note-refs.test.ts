import { describe, expect, it } from 'vitest';
import { parseNoteRefs, refCovers } from './note-refs.js';

describe('parseNoteRefs', () => {
  it.each([
    ['sleep related bruxism (G47.63)', [{ from: 'G4763', to: 'G4763', subtree: false }]],
    ["Alzheimer's disease (G30.-)", [{ from: 'G30', to: 'G30', subtree: true }]],
    ['thyroid disorders (E00-E03.-)', [{ from: 'E00', to: 'E03', subtree: true }]],
    ['poisoning (T36-T65)', [{ from: 'T36', to: 'T65', subtree: true }]],
    [
      'either (A01.1, B02.-)',
      [
        { from: 'A011', to: 'A011', subtree: false },
        { from: 'B02', to: 'B02', subtree: true },
      ],
    ],
    ['no codes here', []],
  ])('reads %s', (text, refs) => {
    expect(parseNoteRefs(text)).toEqual(refs);
  });
});

describe('refCovers', () => {
  it.each([
    [{ from: 'T36', to: 'T65', subtree: true }, 'T509X1A', true],
    [{ from: 'T36', to: 'T65', subtree: true }, 'T66', false],
    [{ from: 'G30', to: 'G30', subtree: true }, 'G301', true],
    [{ from: 'G4763', to: 'G4763', subtree: false }, 'G4763', true],
    [{ from: 'G4763', to: 'G4763', subtree: false }, 'G47631', false],
  ])('%o covers %s: %s', (ref, code, expected) => {
    expect(refCovers(ref, code)).toBe(expected);
  });
});
