import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCodeSetFile } from './import.js';
import { loadCodeSets, releasesDir } from './load.js';

// Made-up CPT codes only (four digits + Z): no real CPT code has this form [DOMAIN.md §1.7].
const CPT_FILE =
  'code\tshort\tlong\n1234Z\tMade-up visit\tMade-up office visit, synthetic test code\n5678Z\tMade-up panel\tMade-up laboratory panel, synthetic test code\n';

let root: string;
let dataDir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'charta-codesets-'));
  dataDir = join(root, 'data');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function listReleases(): Promise<string[]> {
  const out: string[] = [];
  for (const system of await readdir(releasesDir(dataDir)).catch(() => [] as string[])) {
    for (const v of await readdir(join(releasesDir(dataDir), system))) out.push(`${system}/${v}`);
  }
  return out.sort();
}

describe('importCodeSetFile', () => {
  it('checks CPT codes for format only until a CPT file is imported, then against the file', async () => {
    const before = await loadCodeSets({ dataDir });
    expect(before.hasCptFile()).toBe(false);
    expect(before.lookup('CPT', '1234Z', '2026-03-01')).toMatchObject({ ok: true, value: { basis: 'format-only' } });
    expect(before.lookup('CPT', '123', '2026-03-01')).toMatchObject({ ok: false, error: { reason: 'invalid-format' } });

    const file = join(root, 'site-cpt.tsv');
    await writeFile(file, CPT_FILE);
    const result = await importCodeSetFile(file, {
      dataDir,
      kind: 'cpt',
      version: 'CPT2026',
      effectiveFrom: '2026-01-01',
    });
    expect(result).toMatchObject({ ok: true, value: { system: 'CPT', version: 'CPT2026', count: 2 } });

    const after = await loadCodeSets({ dataDir });
    expect(after.hasCptFile()).toBe(true);
    expect(after.lookup('CPT', '1234Z', '2026-03-01')).toMatchObject({
      ok: true,
      value: { basis: 'release', entry: { shortTitle: 'Made-up visit' } },
    });
    expect(after.lookup('CPT', '9999Z', '2026-03-01')).toMatchObject({ ok: false, error: { reason: 'unknown' } });
    expect(after.lookup('CPT', '1234Z', '2025-12-31')).toMatchObject({ ok: false, error: { reason: 'no-release' } });
  }, 60_000);

  it('refuses a malformed order file with its line and leaves imported releases untouched', async () => {
    const before = await listReleases();
    const stored = await readFile(join(releasesDir(dataDir), 'cpt', 'CPT2026', 'part.json.gz'));
    const good = `00001 Q00     0 ${'Made-up category'.padEnd(60)} Made-up category`;
    const truncated = '00002 Q001    1 Made-up';
    const zip = zipSync({ 'icd10cm_order_2099.txt': new TextEncoder().encode(`${good}\r\n${truncated}\r\n`) });
    const file = join(root, 'order-2099.zip');
    await writeFile(file, zip);
    const result = await importCodeSetFile(file, {
      dataDir,
      kind: 'icd10cm-order',
      version: 'FY2099',
      effectiveFrom: '2098-10-01',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.line).toBe(2);
      expect(result.error.reason).toMatch(/Truncated record/);
    }
    expect(await listReleases()).toEqual(before);
    expect(await readFile(join(releasesDir(dataDir), 'cpt', 'CPT2026', 'part.json.gz'))).toEqual(stored);
  });

  it.each([
    [
      'a DTD',
      '<?xml version="1.0"?>\n<!DOCTYPE ICD10CM.tabular [<!ENTITY x SYSTEM "file:///etc/hostname">]>\n<ICD10CM.tabular>&x;</ICD10CM.tabular>',
      2,
      /DTD/,
    ],
    ['bad XML', '<ICD10CM.tabular>\n<chapter>\n</ICD10CM.tabular>', 3, /does not match/],
  ])('refuses a Tabular file with %s', async (_name, xml, line, reason) => {
    const file = join(root, 'tabular.xml');
    await writeFile(file, xml);
    const result = await importCodeSetFile(file, {
      dataDir,
      kind: 'icd10cm-tabular',
      version: 'FY2099',
      effectiveFrom: '2098-10-01',
    });
    expect(result).toMatchObject({ ok: false, error: { line } });
    if (!result.ok) expect(result.error.reason).toMatch(reason);
  });

  it('refuses to overwrite an imported release unless asked to replace it', async () => {
    const file = join(root, 'site-cpt.tsv');
    const again = await importCodeSetFile(file, {
      dataDir,
      kind: 'cpt',
      version: 'CPT2026',
      effectiveFrom: '2026-01-01',
    });
    expect(again).toMatchObject({ ok: false, error: { reason: expect.stringMatching(/already imported/) } });
    const replaced = await importCodeSetFile(file, {
      dataDir,
      kind: 'cpt',
      version: 'CPT2026',
      effectiveFrom: '2026-01-01',
      replace: true,
    });
    expect(replaced.ok).toBe(true);
    expect((await listReleases()).filter((r) => r.startsWith('cpt/'))).toEqual(['cpt/CPT2026']);
  });

  it('refuses a bad effective date before reading the file', async () => {
    const result = await importCodeSetFile(join(root, 'missing.tsv'), {
      dataDir,
      kind: 'cpt',
      version: 'CPT2027',
      effectiveFrom: '2027-02-30',
    });
    expect(result).toMatchObject({ ok: false, error: { reason: expect.stringMatching(/not a YYYY-MM-DD date/) } });
  });
});
