import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMsDrgTables, readMsDrgTables } from './load.js';

describe('MS-DRG table loading', () => {
  const cache = mkdtempSync(join(tmpdir(), 'charta-msdrg-'));
  afterAll(() => rmSync(cache, { recursive: true, force: true }));

  it('holds every table of MS-DRG v43.1 (FY2026)', () => {
    const t = loadMsDrgTables();
    expect({
      drgs: t.drgs.length,
      formulas: t.formulas.length,
      dx: t.dx.codes.length,
      pr: t.pr.codes.length,
      clusters: t.clusters.names.length,
      hacs: t.hacs.length,
      mdcs: Object.keys(t.mdcTitles).length,
      exclusions: t.ccExclusions.codes.length,
    }).toEqual({
      drgs: 772,
      formulas: 828,
      dx: 74_719,
      pr: 79_193,
      clusters: 4_045,
      hacs: 14,
      mdcs: 27,
      exclusions: 162_977,
    });
    expect(t.versions.map((v) => [v.version, v.from, v.to])).toEqual([
      ['43.0', '2025-10-01', '2026-03-31'],
      ['43.1', '2026-04-01', '2026-09-30'],
    ]);
    expect(t.drgs.find((d) => d.drg === '291')).toMatchObject({
      medSurg: 'MED',
      weight: expect.any(Number),
      gmlos: expect.any(Number),
    });
  });

  it('is memoised in-process', () => {
    expect(loadMsDrgTables()).toBe(loadMsDrgTables());
  });

  it('compiles once, caches under a name carrying the source checksum, and reads the cache back unchanged', () => {
    const first = readMsDrgTables({ cacheDir: cache });
    expect(first.from).toBe('sources');
    expect(readdirSync(cache)).toEqual([`msdrg-v431-1-${first.tables.sourceChecksum.slice(0, 16)}.json`]);

    // Load time is measured by the benchmark (bench/src/drg.ts), never asserted: shared machines are noisy.
    const second = readMsDrgTables({ cacheDir: cache });
    expect(second.from).toBe('cache');
    const a = first.tables;
    const b = second.tables;
    expect(b.sourceChecksum).toBe(a.sourceChecksum);
    expect(b.dx.codes).toEqual(a.dx.codes);
    expect(b.formulas).toEqual(a.formulas);
    expect(b.drgs).toEqual(a.drgs);
    for (const [x, y] of [
      [a.dx.attrs, b.dx.attrs],
      [a.dx.severity, b.dx.severity],
      [a.pr.attrStart, b.pr.attrStart],
      [a.clusters.choiceCodes, b.clusters.choiceCodes],
      [a.ccExclusions.codes, b.ccExclusions.codes],
    ] as const) {
      expect(y.constructor).toBe(x.constructor);
      expect(
        Buffer.compare(
          Buffer.from(y.buffer, y.byteOffset, y.byteLength),
          Buffer.from(x.buffer, x.byteOffset, x.byteLength),
        ),
      ).toBe(0);
    }
  }, 60_000); // compiling the TSV files takes about a second, more on a busy machine
});
