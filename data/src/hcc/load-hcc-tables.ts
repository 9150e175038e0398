import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildHccTables, err, type HccTables, type Issue, type Result } from '@charta/core';
import { DATA_DIR } from '../paths.js';
import { parseCsvTable, type CsvTable } from './csv.js';

/**
 * Loads the shipped CMS-HCC PY2026 V28 tables (data/hcc, see its PROVENANCE.md) into core's `HccTables`. The files
 * are small (about 9,800 rows in all), so they are parsed on first use and kept in memory rather than compiled into
 * the cache folder.
 */

/** The files of one payment year, in the column layout of the republished CMS tables. */
export const HCC_TABLE_FILES = {
  dxToCc: 'ra_dx_to_cc_2026_v28.csv.gz',
  hierarchies: 'ra_hierarchies_2026_v28.csv.gz',
  coefficients: 'ra_coefficients_2026_v28.csv.gz',
  labels: 'ra_labels_2026_v28.csv.gz',
  dxEdits: 'ra_dx_edits_v28.csv.gz',
} as const;

/** The payment year of the shipped tables. */
export const HCC_SHIPPED_PAYMENT_YEAR = 2026;

export interface LoadHccTablesOptions {
  /** Folder holding the five files (gzip or plain CSV of the same name without .gz); defaults to data/hcc. */
  readonly dir?: string;
  readonly paymentYear?: number;
}

const cache = new Map<string, HccTables>();

/** Reads and builds the V28 tables; a missing or unreadable file gives issues, not a throw. */
export function loadHccTables(options: LoadHccTablesOptions = {}): Result<HccTables, readonly Issue[]> {
  const dir = options.dir ?? join(DATA_DIR, 'hcc');
  const paymentYear = options.paymentYear ?? HCC_SHIPPED_PAYMENT_YEAR;
  const key = `${dir}\u0000${paymentYear}`;
  const cached = cache.get(key);
  if (cached) return { ok: true, value: cached };

  const tables: Partial<Record<keyof typeof HCC_TABLE_FILES, CsvTable>> = {};
  const issues: Issue[] = [];
  for (const [name, file] of Object.entries(HCC_TABLE_FILES) as [keyof typeof HCC_TABLE_FILES, string][]) {
    try {
      tables[name] = parseCsvTable(readTableText(dir, file), `data/hcc/${file}`);
    } catch (e) {
      issues.push({ path: `/${name}`, code: 'HCC.TABLES.FILE', message: e instanceof Error ? e.message : String(e) });
    }
  }
  if (issues.length > 0) return err(issues);

  try {
    const built = buildHccTables({
      paymentYear,
      dxToCc: rowsOf(tables.dxToCc, ['diagnosis_code', 'cc', 'model_name'], HCC_TABLE_FILES.dxToCc),
      hierarchies: rowsOf(tables.hierarchies, ['cc_parent', 'cc_child', 'model_version'], HCC_TABLE_FILES.hierarchies),
      coefficients: rowsOf(
        tables.coefficients,
        ['coefficient', 'value', 'model_version'],
        HCC_TABLE_FILES.coefficients,
      ),
      labels: rowsOf(tables.labels, ['cc', 'label', 'model_version'], HCC_TABLE_FILES.labels),
      dxEdits: rowsOf(
        tables.dxEdits,
        ['icd10', 'edit_type', 'sex', 'age_min', 'age_max', 'action', 'cc_override', 'model_name', 'description'],
        HCC_TABLE_FILES.dxEdits,
      ),
    });
    if (built.ok) cache.set(key, built.value);
    return built;
  } catch (e) {
    return err([{ path: '', code: 'HCC.TABLES.FILE', message: e instanceof Error ? e.message : String(e) }]);
  }
}

/** As `loadHccTables`, throwing when the shipped files are missing or damaged (an installation error). */
export function loadHccTablesOrThrow(options: LoadHccTablesOptions = {}): HccTables {
  const result = loadHccTables(options);
  if (!result.ok) throw new Error(`CMS-HCC tables: ${result.error.map((i) => `${i.path} ${i.message}`).join('; ')}`);
  return result.value;
}

function readTableText(dir: string, file: string): string {
  const gz = join(dir, file);
  if (existsSync(gz)) return gunzipSync(readFileSync(gz)).toString('utf8');
  const plain = join(dir, file.replace(/\.gz$/, ''));
  if (existsSync(plain)) return readFileSync(plain, 'utf8');
  throw new Error(`missing file ${file}`);
}

function rowsOf<K extends string>(
  table: CsvTable | undefined,
  columns: readonly K[],
  file: string,
): Record<K, string>[] {
  if (!table) throw new Error(`${file}: not read`);
  const missing = columns.filter((c) => !table.columns.includes(c));
  if (missing.length > 0) throw new Error(`${file}: missing column(s) ${missing.join(', ')}`);
  return table.records.map((record) => {
    const row = {} as Record<K, string>;
    for (const c of columns) row[c] = record[c] ?? '';
    return row;
  });
}
