/**
 * Loads the Medicare Code Editor 43.1 tables shipped in data/mce/ into the compact form of `@charta/core`'s
 * `MceTables`: per code, its validity periods with the MCE lists as a bit mask; per age group, its ranges and dates.
 *
 * Source layout (data/mce/PROVENANCE.md): `mce_i10dx.tsv.gz` / `mce_i10sg.tsv.gz` with columns
 * `code, start_date, end_date, flags` (dates yyyyMMdd, empty end = open, flags `|`-separated), and `mce_summary.json.gz`
 * with the age ranges per group. The compiled tables are cached under cacheDir() and rebuilt when a source checksum
 * changes.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  MceAgeGroup,
  MceFlag,
  isMceFlagName,
  type MceAgeRange,
  type MceCodeTable,
  type McePeriod,
  type MceTables,
} from '@charta/core';
import { cacheDir, dataFile } from '../paths.js';

export const MCE_FILES = {
  dx: 'mce_i10dx.tsv.gz',
  sg: 'mce_i10sg.tsv.gz',
  summary: 'mce_summary.json.gz',
} as const;

/** Bump when the compiled cache layout changes. */
const CACHE_FORMAT = 1;

/** yyyyMMdd -> YYYY-MM-DD. */
function isoDate(yyyymmdd: string, what: string): string {
  if (!/^\d{8}$/.test(yyyymmdd)) throw new Error(`MCE ${what}: bad date "${yyyymmdd}"`);
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

/**
 * Parses one MCE code table (TSV text with a header row). Throws on an unknown list name, so that a new release with a
 * new edit list is noticed instead of silently dropped.
 */
export function parseMceCodeTableOrThrow(tsv: string, name: string): Map<string, McePeriod[]> {
  const table = new Map<string, McePeriod[]>();
  const lines = tsv.split('\n');
  const header = lines[0]?.trim();
  if (header !== 'code\tstart_date\tend_date\tflags')
    throw new Error(`MCE ${name}: unexpected header "${header ?? ''}"`);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]?.replace(/\r$/, '') ?? '';
    if (line === '') continue;
    const [code, start, end, flagText] = line.split('\t');
    if (!code || !start) throw new Error(`MCE ${name} line ${i + 1}: missing code or start date`);
    let flags = 0;
    for (const f of (flagText ?? '').split('|')) {
      if (f === '') continue;
      if (!isMceFlagName(f)) throw new Error(`MCE ${name} line ${i + 1}: unknown list "${f}"`);
      flags |= MceFlag[f];
    }
    const period: McePeriod = end
      ? { from: isoDate(start, name), to: isoDate(end, name), flags }
      : { from: isoDate(start, name), flags };
    const periods = table.get(code);
    if (periods) periods.push(period);
    else table.set(code, [period]);
  }
  for (const periods of table.values()) periods.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  return table;
}

interface RawSummary {
  readonly version: number;
  readonly terminationDate: string;
  readonly age_ranges: readonly {
    ageGroup: string;
    startAge: number;
    endAge: number;
    startDate: string;
    endDate: string;
  }[];
}

const groupNames: Readonly<Record<string, MceAgeGroup>> = {
  Newborn: MceAgeGroup.newborn,
  Pediatric: MceAgeGroup.pediatric,
  Maternity: MceAgeGroup.maternity,
  Adult: MceAgeGroup.adult,
};

/** Parses mce_summary.json: the version, its termination date and the age ranges per group with their dates. */
export function parseMceSummaryOrThrow(json: string): Pick<MceTables, 'version' | 'validThrough' | 'ageRanges'> {
  const raw = JSON.parse(json) as RawSummary;
  if (typeof raw.version !== 'number' || !Array.isArray(raw.age_ranges))
    throw new Error('MCE summary: unexpected shape');
  const ageRanges: MceAgeRange[] = raw.age_ranges.map((r) => {
    const group = groupNames[r.ageGroup];
    if (!group) throw new Error(`MCE summary: unknown age group "${r.ageGroup}"`);
    const base = { group, minAge: r.startAge, maxAge: r.endAge, from: isoDate(r.startDate, 'summary') };
    return r.endDate ? { ...base, to: isoDate(r.endDate, 'summary') } : base;
  });
  // 431 -> "43.1": the data file numbers versions without the dot.
  const version = `${Math.floor(raw.version / 10)}.${raw.version % 10}`;
  return { version, validThrough: isoDate(raw.terminationDate, 'summary'), ageRanges };
}

/** Compiles MCE tables from the three source buffers (gzip-compressed, as shipped). */
export function compileMceTablesOrThrow(sources: { dx: Uint8Array; sg: Uint8Array; summary: Uint8Array }): MceTables {
  const summary = parseMceSummaryOrThrow(gunzipSync(sources.summary).toString('utf8'));
  return {
    ...summary,
    dx: parseMceCodeTableOrThrow(gunzipSync(sources.dx).toString('utf8'), MCE_FILES.dx),
    sg: parseMceCodeTableOrThrow(gunzipSync(sources.sg).toString('utf8'), MCE_FILES.sg),
  };
}

type CachedRow = [code: string, from: string, to: string | null, flags: number];
interface CachedTables {
  readonly format: number;
  readonly checksum: string;
  readonly version: string;
  readonly validThrough: string;
  readonly ageRanges: readonly MceAgeRange[];
  readonly dx: readonly CachedRow[];
  readonly sg: readonly CachedRow[];
}

function toRows(table: MceCodeTable): CachedRow[] {
  const rows: CachedRow[] = [];
  for (const [code, periods] of table) for (const p of periods) rows.push([code, p.from, p.to ?? null, p.flags]);
  return rows;
}

function fromRows(rows: readonly CachedRow[]): Map<string, McePeriod[]> {
  const table = new Map<string, McePeriod[]>();
  for (const [code, from, to, flags] of rows) {
    const period: McePeriod = to === null ? { from, flags } : { from, to, flags };
    const periods = table.get(code);
    if (periods) periods.push(period);
    else table.set(code, [period]);
  }
  return table;
}

export interface LoadMceOptions {
  /** Folder holding the three MCE files; defaults to the shipped data/mce. */
  readonly dir?: string;
  /** Whether to read and write the compiled cache (default true). */
  readonly cache?: boolean;
}

let memo: { key: string; tables: MceTables } | undefined;

/**
 * Loads the shipped MCE 43.1 tables (memoised per process, cached on disk by source checksum). Throws when a file is
 * missing or malformed: a broken install, not a user error.
 */
export function loadMceTablesOrThrow(options: LoadMceOptions = {}): MceTables {
  const file = (name: string): string => (options.dir ? join(options.dir, name) : dataFile('mce', name));
  const sources = {
    dx: readFileSync(file(MCE_FILES.dx)),
    sg: readFileSync(file(MCE_FILES.sg)),
    summary: readFileSync(file(MCE_FILES.summary)),
  };
  const hash = createHash('sha256');
  for (const buf of [sources.dx, sources.sg, sources.summary]) hash.update(buf);
  const checksum = hash.digest('hex');
  if (memo?.key === checksum) return memo.tables;

  const useCache = options.cache ?? true;
  const cachePath = join(cacheDir(), `mce-${checksum.slice(0, 16)}.json`);
  if (useCache && existsSync(cachePath)) {
    try {
      const cached = JSON.parse(readFileSync(cachePath, 'utf8')) as CachedTables;
      if (cached.format === CACHE_FORMAT && cached.checksum === checksum) {
        const tables: MceTables = {
          version: cached.version,
          validThrough: cached.validThrough,
          ageRanges: cached.ageRanges,
          dx: fromRows(cached.dx),
          sg: fromRows(cached.sg),
        };
        memo = { key: checksum, tables };
        return tables;
      }
    } catch {
      // A corrupt cache is rebuilt below.
    }
  }

  const tables = compileMceTablesOrThrow(sources);
  if (useCache) {
    const cached: CachedTables = {
      format: CACHE_FORMAT,
      checksum,
      version: tables.version,
      validThrough: tables.validThrough,
      ageRanges: tables.ageRanges,
      dx: toRows(tables.dx),
      sg: toRows(tables.sg),
    };
    try {
      mkdirSync(cacheDir(), { recursive: true });
      const tmp = `${cachePath}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(cached));
      renameSync(tmp, cachePath);
    } catch {
      // The cache is an optimisation; a read-only checkout still works.
    }
  }
  memo = { key: checksum, tables };
  return tables;
}
