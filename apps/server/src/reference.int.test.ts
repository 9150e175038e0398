import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { searchCodes } from '@charta/core';
import { importCodeSetFile } from '@charta/data';
import { afterAll, describe, expect, it } from 'vitest';
import { ReferenceData } from './reference.js';

describe('reference data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'charta-ref-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('picks up a release imported while the server runs, without a restart, and keeps a refused file out', async () => {
    const ref = new ReferenceData({ codeSetDataDir: dir, releaseCheckMs: 0 });
    const before = await ref.codes();
    expect(searchCodes(before.search, '1234Z', { date: '2026-02-01', limit: 5 }).some((h) => h.code === '1234Z')).toBe(
      false,
    );

    const bad = join(dir, 'bad-cpt.txt');
    writeFileSync(bad, 'code\tshort\tlong\n1234Z\tMade-up visit\n99\tbroken line without descriptors\n');
    const refused = await importCodeSetFile(bad, {
      dataDir: dir,
      kind: 'cpt',
      version: 'CPT-BAD',
      effectiveFrom: '2026-01-01',
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.line).toBeGreaterThan(0);

    const good = join(dir, 'site-cpt.txt');
    writeFileSync(
      good,
      'code\tshort\tlong\n1234Z\tMade-up visit\tMade-up office visit, synthetic test code\n5678Z\tMade-up panel\tMade-up laboratory panel, synthetic test code\n',
    );
    const imported = await importCodeSetFile(good, {
      dataDir: dir,
      kind: 'cpt',
      version: 'CPT2026',
      effectiveFrom: '2026-01-01',
    });
    expect(imported.ok).toBe(true);

    // The old tables answer until the new ones are ready, then the new ones take over.
    expect(await ref.codes()).toBe(before);
    await ref.settled();
    const after = await ref.codes();
    expect(after).not.toBe(before);
    expect(after.store.hasCptFile()).toBe(true);
    expect(searchCodes(after.search, '1234Z', { date: '2026-02-01', limit: 5 }).map((h) => h.code)).toContain('1234Z');
  }, 240_000);
});
