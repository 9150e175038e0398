import { beforeAll, describe, expect, it } from 'vitest';
import {
  ABBREVIATIONS,
  browseIndex,
  codeDetail,
  expandPcsTables,
  pcsBuilderOptions,
  pcsCharacterMeanings,
  searchCodes,
  tableLookup,
  type CodeSetStore,
  type CompiledCodeSets,
  type CompiledRelease,
  type SearchIndex,
} from '@charta/core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCodeSetServices } from './load.js';
import { readSearchIndexCache, writeSearchIndexCache } from './search-cache.js';

// Acceptance tests over the shipped, compiled data (data/codesets). The first run compiles the official files into the
// cache (a few seconds); later runs read the cache.
let store: CodeSetStore;
let compiled: CompiledCodeSets;
let search: SearchIndex;

beforeAll(async () => {
  ({ store, compiled, search } = await loadCodeSetServices());
}, 120_000);

function release(system: string, version: string): CompiledRelease {
  const r = compiled.releases.find((x) => x.system === system && x.version === version);
  if (!r) throw new Error(`release ${system} ${version} not loaded`);
  return r;
}
const billableCodes = (r: CompiledRelease): string[] => r.codes.filter((_, i) => r.billable[i] === '1');
const headerCodes = (r: CompiledRelease): string[] => r.codes.filter((_, i) => r.billable[i] === '0');

describe('ICD-10-CM FY2026 order file', () => {
  it('yields exactly 74,719 billable codes and 23,467 headers', () => {
    const r = release('ICD-10-CM', 'FY2026');
    expect(billableCodes(r)).toHaveLength(74_719);
    expect(headerCodes(r)).toHaveLength(23_467);
  });

  it('finds every billable code by exact code search and reports it valid on 2026-01-15', () => {
    const misses: string[] = [];
    for (const code of billableCodes(release('ICD-10-CM', 'FY2026'))) {
      const hit = searchCodes(search, code, { system: 'ICD-10-CM', date: '2026-01-15', limit: 1 })[0];
      const found = store.lookup('ICD-10-CM', code, '2026-01-15');
      if (hit?.code !== code || !hit.billable || !found.ok) misses.push(code);
    }
    expect(misses).toEqual([]);
  }, 30_000);

  it('reports every header code as not billable', () => {
    const wrong = headerCodes(release('ICD-10-CM', 'FY2026')).filter((code) => {
      const r = store.lookup('ICD-10-CM', code, '2026-01-15');
      return r.ok || r.error.reason !== 'header';
    });
    expect(wrong).toEqual([]);
  });

  it('reports codes deleted for FY2026 as valid on 2025-09-30 and deleted on 2025-10-01', () => {
    const fy26 = new Set(release('ICD-10-CM', 'FY2026').codes);
    const deleted = billableCodes(release('ICD-10-CM', 'FY2025')).filter((c) => !fy26.has(c));
    expect(deleted.length).toBeGreaterThan(0);
    for (const code of deleted) {
      expect(store.lookup('ICD-10-CM', code, '2025-09-30').ok).toBe(true);
      const after = store.lookup('ICD-10-CM', code, '2025-10-01');
      expect(after.ok).toBe(false);
      if (!after.ok) {
        expect(after.error.reason).toBe('deleted');
        if (after.error.reason === 'deleted') expect(after.error.deletedOn).toBe('2025-10-01');
      }
    }
  });

  it('reports B88.0 as billable in FY2025 and a header in FY2026, replaced by B88.01 and B88.09', () => {
    expect(store.lookup('ICD-10-CM', 'B88.0', '2025-09-30').ok).toBe(true);
    const after = store.lookup('ICD-10-CM', 'B88.0', '2025-10-01');
    expect(after).toMatchObject({ ok: false, error: { reason: 'header', becameHeaderOn: '2025-10-01' } });
    expect(store.replacementsOf('B880')).toEqual(expect.arrayContaining(['B8801', 'B8809']));
    expect(store.history('ICD-10-CM', 'B880')).toEqual([
      expect.objectContaining({ version: 'FY2026', change: 'became-header' }),
    ]);
    const added = store.lookup('ICD-10-CM', 'B88.01', '2025-09-30');
    expect(added.ok ? undefined : added.error.reason).toBe('not-yet-valid');
  });

  it.each([
    ['Z37.0', true],
    ['Q21.0', true],
    ['Y92.009', true],
    ['E11.9', false],
    ['W19.XXXA', false],
  ])('POA exemption of %s on 2026-01-15 is %s', (code, exempt) => {
    expect(store.isPoaExempt(code, '2026-01-15')).toBe(exempt);
  });
});

describe('Tabular notes (FY2023 Tabular)', () => {
  it('inherits notes and the 7th-character definition from category S52', () => {
    const notes = store.notesFor('S52.001A');
    expect(notes?.notesRelease).toBe('FY2023');
    expect(notes?.seventh?.definedAt).toBe('S52');
    expect(notes?.seventh?.values.map((v) => v.char)).toEqual([
      'A',
      'B',
      'C',
      'D',
      'E',
      'F',
      'G',
      'H',
      'J',
      'K',
      'M',
      'N',
      'P',
      'Q',
      'R',
      'S',
    ]);
    expect(notes?.notes).toContainEqual(
      expect.objectContaining({
        kind: 'excludes1',
        definedAt: 'S52',
        refs: [{ from: 'S58', to: 'S58', subtree: true }],
      }),
    );
  });

  it('says which release the notes come from and that newer codes carry only parent notes', () => {
    const detail = codeDetail(store, compiled, 'ICD-10-CM', 'B88.01', '2026-01-15');
    expect(detail.notes?.inTabular).toBe(false);
    expect(detail.notesDisclaimer).toMatch(/FY2023.*only the notes of its parent codes/);
  });
});

describe('ICD-10-PCS', () => {
  it('expands the FY2026 Tables into exactly the codes of the FY2026 order file', () => {
    const order = billableCodes(release('ICD-10-PCS', 'FY2026'));
    expect(order).toHaveLength(79_115);
    const expanded = expandPcsTables(compiled.pcsTables ?? { release: '', source: '', tables: [] });
    expect(new Set(expanded).size).toBe(expanded.length);
    expect([...expanded].sort()).toEqual([...order].sort());
  });

  it('builder offers only values that complete to valid codes, and reaches every code', () => {
    const tables = compiled.pcsTables ?? { release: '', source: '', tables: [] };
    const valid = new Set(billableCodes(release('ICD-10-PCS', 'FY2026')));
    const reached: string[] = [];
    const deadEnds: string[] = [];
    const walk = (prefix: string): void => {
      const step = pcsBuilderOptions(tables, prefix);
      if (prefix.length === 7) {
        if (step.complete) reached.push(prefix);
        else deadEnds.push(prefix);
        return;
      }
      if (step.options.length === 0) deadEnds.push(prefix);
      for (const o of step.options) walk(prefix + o.value);
    };
    walk('');
    expect(deadEnds).toEqual([]);
    expect(reached.filter((c) => !valid.has(c))).toEqual([]);
    expect(reached).toHaveLength(valid.size);
  }, 30_000);

  it('refuses 10D07Z1: qualifier 1 exists only in the open row of table 10D', () => {
    const tables = compiled.pcsTables ?? { release: '', source: '', tables: [] };
    expect(pcsBuilderOptions(tables, '10D07Z').options.map((o) => o.value)).not.toContain('1');
    expect(pcsBuilderOptions(tables, '10D00Z').options.map((o) => o.value)).toContain('1');
    expect(store.lookup('ICD-10-PCS', '10D07Z1', '2026-01-15').ok).toBe(false);
  });

  it('explains each character of 0DTJ4ZZ (laparoscopic appendectomy)', () => {
    const meanings = pcsCharacterMeanings(compiled.pcsTables ?? { release: '', source: '', tables: [] }, '0DTJ4ZZ');
    expect(meanings?.map((m) => m.label)).toEqual([
      'Medical and Surgical',
      'Gastrointestinal System',
      'Resection',
      'Appendix',
      'Percutaneous Endoscopic',
      'No Device',
      'No Qualifier',
    ]);
  });
});

describe('search over the shipped code sets', () => {
  it.each([
    ['copd exacerbation', 'J441', 3],
    ['chf', 'I509', 1],
    ['uti', 'N390', 1],
    ['afib', 'I4891', 1],
    ['htn', 'I10', 1],
    ['dm2', 'E119', 1],
    ['E11.9', 'E119', 1],
    ['pneumonia', 'J189', 3],
    ['neumonia', 'J189', 10],
    ['laparoscopic appendectomy', '0DTJ4ZZ', 3],
  ])('"%s" finds %s in the top %i', (query, code, top) => {
    const hits = searchCodes(search, query, { date: '2026-01-15', limit: top });
    expect(hits.map((h) => h.code)).toContain(code);
  });

  it('ranks billable codes before headers for a code prefix, headers carrying their ancestors', () => {
    const hits = searchCodes(search, 'E11.6', { date: '2026-01-15', limit: 5 });
    expect(hits[0]).toMatchObject({ code: 'E116', billable: false, path: ['E11'] });
  });

  it('reads back a cached index that answers like the built one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'charta-search-'));
    try {
      await writeSearchIndexCache(join(dir, 'search.bin'), search);
      const restored = await readSearchIndexCache(join(dir, 'search.bin'));
      for (const q of ['copd exacerbation', 'E11.6', '0DTJ', 'gallstones', 'dipslaced fracture']) {
        expect(restored && searchCodes(restored, q, { date: '2026-01-15', limit: 10 })).toEqual(
          searchCodes(search, q, { date: '2026-01-15', limit: 10 }),
        );
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('uses the release in force on the date', () => {
    expect(searchCodes(search, 'B88.01', { date: '2025-09-30', limit: 5 }).map((h) => h.code)).not.toContain('B8801');
    expect(searchCodes(search, 'B88.01', { date: '2025-10-01', limit: 5 }).map((h) => h.code)).toContain('B8801');
  });
});

describe('abbreviation table', () => {
  it('points every default code at a billable FY2026 code', () => {
    const wrong = ABBREVIATIONS.filter(
      (a) => a.defaultCode !== undefined && !store.lookup(a.system, a.defaultCode, '2026-01-15').ok,
    ).map((a) => a.abbr);
    expect(wrong).toEqual([]);
  });
});

describe('Index and tables', () => {
  it('browses main terms with see references', () => {
    const [entry] = browseIndex(compiled, 'index', 'Abdominalgia');
    expect(entry?.see).toBe('Pain, abdominal');
  });

  it('looks up the Neoplasm Table by site', () => {
    const entry = tableLookup(compiled, 'neoplasm', ['Neoplasm, neoplastic', 'abdomen, abdominal']);
    expect(entry?.cells?.['Malignant Primary']).toBe('C76.2');
  });

  it('looks up the Table of Drugs and Chemicals by substance', () => {
    const entry = tableLookup(compiled, 'drug', ['1-propanol']);
    expect(entry?.cells?.['Poisoning Accidental (unintentional)']).toBe('T51.3X1');
  });
});
