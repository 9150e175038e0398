import { describe, expect, it } from 'vitest';
import type { CompiledCodeSets, CompiledRelease } from './compiled.js';
import { createCodeSetStore } from './store.js';

/** A tiny synthetic compiled code set: two fiscal years, one code turned into a header, one deleted. */
function release(
  version: string,
  effectiveFrom: string,
  rows: [code: string, billable: boolean, title: number][],
): CompiledRelease {
  return {
    system: 'ICD-10-CM',
    version,
    effectiveFrom,
    source: `synthetic ${version}`,
    origin: 'shipped',
    codes: rows.map((r) => r[0]),
    billable: rows.map((r) => (r[1] ? '1' : '0')).join(''),
    short: rows.map((r) => r[2]),
    long: rows.map((r) => r[2]),
  };
}

const compiled: CompiledCodeSets = {
  formatVersion: 1,
  strings: [
    'Other acariasis',
    'Infestation by Demodex mites',
    'Made-up retired code',
    'Acariasis category',
    'Made-up revised title',
  ],
  releases: [
    release('FY2025', '2024-10-01', [
      ['B88', false, 3],
      ['B880', true, 0],
      ['B881', true, 2],
    ]),
    release('FY2026', '2025-10-01', [
      ['B88', false, 3],
      ['B880', false, 4],
      ['B8801', true, 1],
      ['B8809', true, 0],
    ]),
  ],
  tabular: {
    release: 'FY2023',
    source: 'synthetic',
    nodes: [
      {
        kind: 'chapter',
        id: '1',
        title: 'Chapter 1',
        parent: -1,
        notes: [['useAdditionalCode', 'code to identify resistance (Z16.-)']],
      },
      { kind: 'block', id: 'B85-B89', title: 'Block', parent: 0, notes: [] },
      {
        kind: 'code',
        id: 'B88',
        title: 'Other infestations',
        parent: 1,
        notes: [['excludes2', 'made-up condition (B86)']],
        seventh: { note: 'made-up', values: [['A', 'initial']] },
      },
      {
        kind: 'code',
        id: 'B880',
        title: 'Other acariasis',
        parent: 2,
        notes: [['inclusionTerm', 'Acarine dermatitis']],
      },
    ],
  },
  indexes: [],
  pcsDefinitions: [],
  poaExempt: [{ version: 'FY2026', effectiveFrom: '2025-10-01', source: 'synthetic', codes: ['B8809'] }],
  conversion: [
    { code: 'B8801', effective: '2026', previous: ['B880'] },
    { code: 'B8809', effective: '2026', previous: ['B880'] },
  ],
};

const store = createCodeSetStore(compiled);

describe('createCodeSetStore', () => {
  it('picks the release in force on the date, with 1 October boundaries', () => {
    expect(store.release('ICD-10-CM', '2025-09-30')?.version).toBe('FY2025');
    expect(store.release('ICD-10-CM', '2025-10-01')?.version).toBe('FY2026');
    expect(store.release('ICD-10-CM', '2024-09-30')).toBeUndefined();
    expect(store.releases('ICD-10-CM')[0]?.effectiveTo).toBe('2025-09-30');
  });

  it('tells where a date stands relative to the loaded releases', () => {
    expect(store.releaseStatus('ICD-10-CM', '2026-09-30').kind).toBe('in-force');
    expect(store.releaseStatus('ICD-10-CM', '2026-10-01').kind).toBe('beyond-newest');
    expect(store.releaseStatus('ICD-10-CM', '2020-01-01').kind).toBe('before-oldest');
    expect(store.releaseStatus('HCPCS', '2026-01-01').kind).toBe('none-loaded');
  });

  it.each([
    ['B88.0', '2025-09-30', 'ok'],
    ['B88.0', '2025-10-01', 'header'],
    ['B881', '2025-10-01', 'deleted'],
    ['B88.01', '2025-09-30', 'not-yet-valid'],
    ['B8802', '2026-01-15', 'unknown'],
    ['B88', '2026-01-15', 'header'],
    ['1B88', '2026-01-15', 'invalid-format'],
    ['B880', '2020-01-01', 'no-release'],
  ])('looks up %s on %s: %s', (code, date, expected) => {
    const r = store.lookup('ICD-10-CM', code, date);
    expect(r.ok ? 'ok' : r.error.reason).toBe(expected);
  });

  it('reports a header with its billable descendants, and when a billable code became one, its replacements', () => {
    const r = store.lookup('ICD-10-CM', 'B880', '2026-01-15');
    expect(r).toMatchObject({
      ok: false,
      error: {
        reason: 'header',
        billableChildren: ['B8801', 'B8809'],
        becameHeaderOn: '2025-10-01',
        replacedBy: ['B8801', 'B8809'],
      },
    });
    const category = store.lookup('ICD-10-CM', 'B88', '2026-01-15');
    expect(category.ok ? undefined : category.error).not.toHaveProperty('becameHeaderOn');
  });

  it('builds the hierarchy from the Tabular and the order file', () => {
    expect(store.entry('ICD-10-CM', 'B8801', '2026-01-15')).toMatchObject({
      display: 'B88.01',
      billable: true,
      hierarchy: {
        chapter: { id: '1' },
        block: { id: 'B85-B89' },
        category: { id: 'B88', title: 'Acariasis category' },
        ancestors: ['B88', 'B880'],
      },
    });
  });

  it('inherits notes from every ancestor, nearest first, and marks codes newer than the Tabular', () => {
    const notes = store.notesFor('B88.01');
    expect(notes?.inTabular).toBe(false);
    expect(notes?.notes.map((n) => [n.kind, n.definedAt])).toEqual([
      ['inclusionTerm', 'B880'],
      ['excludes2', 'B88'],
      ['useAdditionalCode', 'chapter 1'],
    ]);
    expect(notes?.notes[1]?.refs).toEqual([{ from: 'B86', to: 'B86', subtree: true }]);
    expect(notes?.seventh?.definedAt).toBe('B88');
  });

  it('records additions, revisions, deletions and headers across releases', () => {
    expect(store.history('ICD-10-CM', 'B880')).toEqual([
      { version: 'FY2026', effectiveFrom: '2025-10-01', change: 'became-header', replacedBy: ['B8801', 'B8809'] },
      {
        version: 'FY2026',
        effectiveFrom: '2025-10-01',
        change: 'revised',
        from: 'Other acariasis',
        to: 'Made-up revised title',
      },
    ]);
    expect(store.history('ICD-10-CM', 'B8801')).toEqual([
      { version: 'FY2026', effectiveFrom: '2025-10-01', change: 'added' },
    ]);
    expect(store.history('ICD-10-CM', 'B881')).toEqual([
      { version: 'FY2026', effectiveFrom: '2025-10-01', change: 'deleted', replacedBy: [] },
    ]);
  });

  it('answers POA exemption from the list in force', () => {
    expect(store.isPoaExempt('B88.09', '2026-01-15')).toBe(true);
    expect(store.isPoaExempt('B88.01', '2026-01-15')).toBe(false);
  });

  it('checks CPT codes for format only when no CPT file is loaded', () => {
    expect(store.hasCptFile()).toBe(false);
    expect(store.lookup('CPT', '1234Z', '2026-01-15')).toMatchObject({ ok: true, value: { basis: 'format-only' } });
    expect(store.lookup('CPT', '1234', '2026-01-15')).toMatchObject({ ok: false, error: { reason: 'invalid-format' } });
  });
});
