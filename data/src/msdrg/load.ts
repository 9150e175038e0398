/**
 * Loads the shipped MS-DRG v43.1 (FY2026) tables (data/msdrg/*.tsv.gz, decoded from CMS's MS-DRG 43.1 grouper data;
 * see data/msdrg/PROVENANCE.md) into the compact form the pure grouper in @charta/core reads.
 *
 * Compiling the TSV files takes about a second, so the compiled form is cached under cacheDir() as one JSON file
 * (typed arrays as base64) whose name carries the checksum of the source files: a changed source file gives a new
 * name, so a stale cache is never read. Loading from the cache takes a small fraction of a second.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type {
  MsDrgClusterTable,
  MsDrgDxTable,
  MsDrgFormulaRow,
  MsDrgHacRow,
  MsDrgPrTable,
  MsDrgRow,
  MsDrgTables,
  MsDrgVersionSpan,
} from '@charta/core';
import { cacheDir, DATA_DIR } from '../paths.js';

/** The shipped source files, in data/msdrg/. */
export const MSDRG_SOURCE_FILES = [
  'msdrg_v431_drg.tsv.gz',
  'msdrg_v431_mdc.tsv.gz',
  'msdrg_v431_formulas.tsv.gz',
  'msdrg_v431_dx.tsv.gz',
  'msdrg_v431_cc_exclusions.tsv.gz',
  'msdrg_v431_pr.tsv.gz',
  'msdrg_v431_clusters.tsv.gz',
  'msdrg_v431_hac.tsv.gz',
  'msdrg_v431_operands.tsv.gz',
] as const;

/**
 * Grouper versions and their discharge dates (MS-DRG v43.1 tables README, "Versions"): v43.0 for discharges
 * 2025-10-01..2026-03-31, v43.1 from 2026-04-01 to the end of FY2026. v43.0 does not know the 80 ICD-10-PCS codes
 * and 68 clusters new on 2026-04-01.
 */
export const MSDRG_VERSIONS: readonly MsDrgVersionSpan[] = [
  { version: '43.0', from: '2025-10-01', to: '2026-03-31', excludeNewApril: true },
  { version: '43.1', from: '2026-04-01', to: '2026-09-30', excludeNewApril: false },
];

const CACHE_FORMAT = 1;

export interface LoadMsDrgOptions {
  /** Folder holding the msdrg_v431_*.tsv.gz files; default data/msdrg of this repository. */
  readonly sourceDir?: string;
  /** Cache folder; default cacheDir(). `false` disables the on-disk cache. */
  readonly cacheDir?: string | false;
}

const loaded = new Map<string, MsDrgTables>();

/**
 * The MS-DRG tables (synchronous). Memoised per process and source checksum; compiled once and cached on disk.
 * Throws only when a shipped source file is missing or unreadable (an installation fault, not bad input).
 */
export function loadMsDrgTables(options: LoadMsDrgOptions = {}): MsDrgTables {
  const { sources, checksum } = readSources(options);
  const memo = loaded.get(checksum);
  if (memo) return memo;
  const tables = readOrCompile(options, sources, checksum);
  loaded.set(checksum, tables);
  return tables;
}

/**
 * Like {@link loadMsDrgTables} without the in-process memo: reads the on-disk cache when it matches the sources,
 * else compiles the TSV files and writes the cache. Also says which of the two happened.
 */
export function readMsDrgTables(options: LoadMsDrgOptions = {}): { tables: MsDrgTables; from: 'cache' | 'sources' } {
  const { sources, checksum } = readSources(options);
  let from: 'cache' | 'sources' = 'sources';
  const tables = readOrCompile(options, sources, checksum, () => (from = 'cache'));
  return { tables, from };
}

function readSources(options: LoadMsDrgOptions): { sources: Buffer[]; checksum: string } {
  const dir = options.sourceDir ?? join(DATA_DIR, 'msdrg');
  const sources = MSDRG_SOURCE_FILES.map((f) => {
    const path = join(dir, f);
    if (!existsSync(path)) throw new Error(`MS-DRG source file is missing: ${f} (expected in data/msdrg)`);
    return readFileSync(path);
  });
  const hash = createHash('sha256');
  for (const buf of sources) hash.update(createHash('sha256').update(buf).digest());
  return { sources, checksum: hash.digest('hex') };
}

function readOrCompile(
  options: LoadMsDrgOptions,
  sources: readonly Buffer[],
  checksum: string,
  onCacheHit?: () => void,
): MsDrgTables {
  const cacheRoot = options.cacheDir === false ? undefined : (options.cacheDir ?? cacheDir());
  const cachePath = cacheRoot ? join(cacheRoot, `msdrg-v431-${CACHE_FORMAT}-${checksum.slice(0, 16)}.json`) : undefined;
  if (cachePath && existsSync(cachePath)) {
    try {
      const tables = decodeTables(readFileSync(cachePath, 'utf8'));
      if (tables.sourceChecksum === checksum) {
        onCacheHit?.();
        return tables;
      }
    } catch {
      // A damaged cache is rebuilt below.
    }
  }
  const tables = compileMsDrgTables(
    sources.map((b) => gunzipSync(b).toString('utf8')),
    checksum,
  );
  if (cachePath && cacheRoot) {
    try {
      mkdirSync(cacheRoot, { recursive: true });
      const tmp = `${cachePath}.${process.pid}.tmp`;
      writeFileSync(tmp, encodeTables(tables));
      renameSync(tmp, cachePath);
    } catch {
      // A read-only cache folder only costs the compile time on the next load.
    }
  }
  return tables;
}

/** Splits a TSV text into header-keyed records. */
function readTsv(text: string): { header: string[]; rows: string[][] } {
  const lines = text.split('\n');
  const header = (lines[0] ?? '').replace(/\r$/, '').split('\t');
  const rows: string[][] = [];
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (l === '') continue;
    rows.push(l.replace(/\r$/, '').split('\t'));
  }
  return { header, rows };
}

function columns(header: readonly string[], names: readonly string[]): number[] {
  return names.map((n) => {
    const i = header.indexOf(n);
    if (i < 0) throw new Error(`MS-DRG table lacks column ${n}`);
    return i;
  });
}

const list = (s: string | undefined): string[] => (s ? s.split(';').filter((x) => x !== '') : []);

/** Bit of an MDC in suppression masks (99 -> bit 30), as in @charta/core's mdcBit. */
function mdcBit(mdc: number): number {
  return mdc === 99 ? 1 << 30 : mdc >= 0 && mdc < 30 ? 1 << mdc : 0;
}

/** Builds the compact tables from the nine decompressed TSV texts (in {@link MSDRG_SOURCE_FILES} order). */
export function compileMsDrgTables(texts: readonly string[], checksum: string): MsDrgTables {
  const [drgT, mdcT, formulaT, dxT, exclT, prT, clusterT, hacT] = texts.map(readTsv);
  if (!drgT || !mdcT || !formulaT || !dxT || !exclT || !prT || !clusterT || !hacT)
    throw new Error('MS-DRG tables incomplete');

  const attrNames: string[] = [];
  const attrIds = new Map<string, number>();
  const attr = (name: string): number => {
    let id = attrIds.get(name);
    if (id === undefined) {
      id = attrNames.length;
      attrNames.push(name);
      attrIds.set(name, id);
    }
    return id;
  };

  // DRGs
  const [cDrg, cFm, cT5, cMs, cTitle, cBase, cBaseTitle, cW, cG] = columns(drgT.header, [
    'drg',
    'formula_mdc',
    'table5_mdc',
    'med_surg',
    'title',
    'base_drg',
    'base_drg_title',
    'weight_fy2026',
    'gmlos_fy2026',
  ]) as [number, number, number, number, number, number, number, number, number];
  const num = (s: string | undefined): number | undefined => (s && s.trim() !== '' ? Number(s) : undefined);
  const medSurg = (s: string | undefined): 'MED' | 'SURG' | '' => (s === 'MED' || s === 'SURG' ? s : '');
  const drgs: MsDrgRow[] = drgT.rows.map((r) => ({
    drg: r[cDrg] ?? '',
    formulaMdc: r[cFm] ?? '',
    table5Mdc: r[cT5] ?? '',
    medSurg: medSurg(r[cMs]),
    title: r[cTitle] ?? '',
    baseDrg: r[cBase] ?? '',
    baseTitle: r[cBaseTitle] ?? '',
    weight: num(r[cW]),
    gmlos: num(r[cG]),
  }));

  const mdcTitles: Record<string, string> = {};
  const [cMdc, cMdcTitle] = columns(mdcT.header, ['mdc', 'title']) as [number, number];
  for (const r of mdcT.rows) mdcTitles[r[cMdc] ?? ''] = r[cMdcTitle] ?? '';

  const fc = columns(formulaT.header, [
    'mdc',
    'rank',
    'drg',
    'base_drg',
    'med_surg',
    'reroute_mdc',
    'suppression_operands',
    'formula',
  ]);
  const formulas: MsDrgFormulaRow[] = formulaT.rows.map((r) => ({
    mdc: r[fc[0]!] ?? '',
    rank: Number(r[fc[1]!] ?? 0),
    drg: r[fc[2]!] ?? '',
    baseDrg: r[fc[3]!] ?? '',
    medSurg: medSurg(r[fc[4]!]),
    rerouteMdc: r[fc[5]!] ?? '',
    suppressionOperands: list(r[fc[6]!]),
    formula: r[fc[7]!] ?? '',
  }));

  const hc = columns(hacT.header, ['hac', 'title', 'formula']);
  const hacs: MsDrgHacRow[] = hacT.rows.map((r) => ({
    hac: Number(r[hc[0]!]),
    title: r[hc[1]!] ?? '',
    formula: r[hc[2]!] ?? '',
  }));

  // Diagnoses
  const dc = columns(dxT.header, [
    'code',
    'mdc',
    'severity',
    'cc_excl_group',
    'dx_attrs',
    'dxcat_attrs',
    'hac_attrs',
    'hac_operands',
    'hac_numbers',
    'male_mdc',
    'female_mdc',
  ]);
  const nDx = dxT.rows.length;
  const dxCodes: string[] = new Array<string>(nDx);
  const dxIndex = new Map<string, number>();
  const dxMdc = new Uint8Array(nDx);
  const dxSev = new Uint8Array(nDx);
  const dxGroup = new Uint32Array(nDx);
  const dxAttrStart = new Uint32Array(nDx + 1);
  const dxAttrs: number[] = [];
  const dxHacStart = new Uint32Array(nDx + 1);
  const dxHacOps: number[] = [];
  const dxHacNumbers = new Uint16Array(nDx);
  const maleMdc = new Uint8Array(nDx).fill(255);
  const femaleMdc = new Uint8Array(nDx).fill(255);
  dxT.rows.forEach((r, i) => {
    const code = r[dc[0]!] ?? '';
    dxCodes[i] = code;
    dxIndex.set(code, i);
    dxMdc[i] = Number(r[dc[1]!] || 0);
    const sev = r[dc[2]!];
    dxSev[i] = sev === 'MCC' ? 2 : sev === 'CC' ? 1 : 0;
    dxGroup[i] = Number(r[dc[3]!] || 0);
    const attrs = new Set([...list(r[dc[4]!]), ...list(r[dc[5]!]), ...list(r[dc[6]!])]);
    for (const a of attrs) dxAttrs.push(attr(a));
    dxAttrStart[i + 1] = dxAttrs.length;
    for (const a of new Set(list(r[dc[7]!]))) dxHacOps.push(attr(a));
    dxHacStart[i + 1] = dxHacOps.length;
    let bits = 0;
    for (const n of list(r[dc[8]!])) bits |= 1 << Number(n);
    dxHacNumbers[i] = bits;
    const m = r[dc[9]!];
    const f = r[dc[10]!];
    if (m) maleMdc[i] = Number(m);
    if (f) femaleMdc[i] = Number(f);
  });
  const dx: MsDrgDxTable = {
    codes: dxCodes,
    mdc: dxMdc,
    severity: dxSev,
    exclGroup: dxGroup,
    attrStart: dxAttrStart,
    attrs: Uint16Array.from(dxAttrs),
    hacOpStart: dxHacStart,
    hacOps: Uint16Array.from(dxHacOps),
    hacNumbers: dxHacNumbers,
    maleMdc,
    femaleMdc,
  };

  // CC exclusions: group -> sorted dx ids.
  const [cGroup, cExcl] = columns(exclT.header, ['cc_excl_group', 'excluded_code']) as [number, number];
  const byGroup = new Map<number, number[]>();
  let maxGroup = 0;
  for (const r of exclT.rows) {
    const g = Number(r[cGroup]);
    const id = dxIndex.get(r[cExcl] ?? '');
    if (id === undefined) continue;
    if (g > maxGroup) maxGroup = g;
    let arr = byGroup.get(g);
    if (!arr) byGroup.set(g, (arr = []));
    arr.push(id);
  }
  for (const g of dxGroup) if (g > maxGroup) maxGroup = g;
  const exclStart = new Uint32Array(maxGroup + 2);
  const exclCodes: number[] = [];
  for (let g = 0; g <= maxGroup; g++) {
    exclStart[g] = exclCodes.length;
    const ids = byGroup.get(g);
    if (ids) exclCodes.push(...[...new Set(ids)].sort((a, b) => a - b));
  }
  exclStart[maxGroup + 1] = exclCodes.length;

  // Clusters: names first, so procedure rows can refer to their ids.
  const cc = columns(clusterT.header, [
    'cluster_id',
    'suppression_mdcs',
    'cluster_attrs',
    'choice',
    'codes',
    'in_v430',
  ]);
  const clusterNames: string[] = [];
  const clusterIndex = new Map<string, number>();
  const clusterRows = new Map<number, string[][]>();
  for (const r of clusterT.rows) {
    const name = r[cc[0]!] ?? '';
    let id = clusterIndex.get(name);
    if (id === undefined) {
      id = clusterNames.length;
      clusterNames.push(name);
      clusterIndex.set(name, id);
      clusterRows.set(id, []);
    }
    clusterRows.get(id)!.push(r);
  }

  // Procedures
  const pc = columns(prT.header, ['code', 'or_class', 'pr_attrs', 'hac_operands', 'cluster_ids', 'in_v430']);
  const nPr = prT.rows.length;
  const prCodes: string[] = new Array<string>(nPr);
  const prIndex = new Map<string, number>();
  const orClass = new Uint8Array(nPr);
  const prAttrStart = new Uint32Array(nPr + 1);
  const prAttrs: number[] = [];
  const prHacStart = new Uint32Array(nPr + 1);
  const prHacOps: number[] = [];
  const prClusterStart = new Uint32Array(nPr + 1);
  const prClusterIds: number[] = [];
  const prV430 = new Uint8Array(nPr);
  prT.rows.forEach((r, i) => {
    const code = r[pc[0]!] ?? '';
    prCodes[i] = code;
    prIndex.set(code, i);
    const cls = r[pc[1]!];
    orClass[i] = cls === 'extensive_or' ? 1 : cls === 'non_extensive_or' ? 2 : cls === 'non_or' ? 3 : 0;
    for (const a of new Set(list(r[pc[2]!]))) prAttrs.push(attr(a));
    prAttrStart[i + 1] = prAttrs.length;
    for (const a of new Set(list(r[pc[3]!]))) prHacOps.push(attr(a));
    prHacStart[i + 1] = prHacOps.length;
    for (const c of new Set(list(r[pc[4]!]))) {
      const id = clusterIndex.get(c);
      if (id !== undefined) prClusterIds.push(id);
    }
    prClusterStart[i + 1] = prClusterIds.length;
    prV430[i] = r[pc[5]!] === 'N' ? 0 : 1;
  });
  const pr: MsDrgPrTable = {
    codes: prCodes,
    orClass,
    attrStart: prAttrStart,
    attrs: Uint16Array.from(prAttrs),
    hacOpStart: prHacStart,
    hacOps: Uint16Array.from(prHacOps),
    clusterStart: prClusterStart,
    clusterIds: Uint32Array.from(prClusterIds),
    inV430: prV430,
  };

  const nCl = clusterNames.length;
  const suppression = new Uint32Array(nCl);
  const clAttrStart = new Uint32Array(nCl + 1);
  const clAttrs: number[] = [];
  const choiceStart = new Uint32Array(nCl + 1);
  const choiceCodeStart: number[] = [0];
  const choiceCodes: number[] = [];
  const clV430 = new Uint8Array(nCl);
  for (let id = 0; id < nCl; id++) {
    const rows = clusterRows.get(id) ?? [];
    let supp = 0;
    const attrs = new Set<string>();
    let v430 = 1;
    const choices = new Map<string, number[]>();
    for (const r of rows) {
      for (const m of list(r[cc[1]!])) supp |= mdcBit(Number(m));
      for (const a of list(r[cc[2]!])) attrs.add(a);
      if (r[cc[5]!] === 'N') v430 = 0;
      const key = r[cc[3]!] ?? '';
      let codes = choices.get(key);
      if (!codes) choices.set(key, (codes = []));
      for (const c of list(r[cc[4]!])) {
        const pid = prIndex.get(c);
        if (pid !== undefined) codes.push(pid);
      }
    }
    // MDC 99 in the suppression list means "no MDC" (README, clusters): it never matches a list the grouper evaluates.
    suppression[id] = supp & ~mdcBit(99);
    for (const a of attrs) clAttrs.push(attr(a));
    clAttrStart[id + 1] = clAttrs.length;
    for (const codes of choices.values()) {
      choiceCodes.push(...codes);
      choiceCodeStart.push(choiceCodes.length);
    }
    choiceStart[id + 1] = choiceCodeStart.length - 1;
    clV430[id] = v430;
  }
  const clusters: MsDrgClusterTable = {
    names: clusterNames,
    suppression,
    attrStart: clAttrStart,
    attrs: Uint16Array.from(clAttrs),
    choiceStart,
    choiceCodeStart: Uint32Array.from(choiceCodeStart),
    choiceCodes: Uint32Array.from(choiceCodes),
    inV430: clV430,
  };

  if (attrNames.length > 65535) throw new Error('too many MS-DRG attributes for 16-bit ids');
  return {
    release: 'MS-DRG v43.1 (FY2026)',
    sourceChecksum: checksum,
    versions: MSDRG_VERSIONS,
    attrNames,
    mdcTitles,
    drgs,
    formulas,
    hacs,
    dx,
    pr,
    clusters,
    ccExclusions: { start: exclStart, codes: Uint32Array.from(exclCodes) },
  };
}

// ---- cache encoding: JSON, typed arrays as base64, code lists as one joined string -------------------------------

type Typed = Uint8Array | Uint16Array | Uint32Array;
const TYPED: Record<string, new (buffer: ArrayBuffer) => Typed> = {
  u8: Uint8Array,
  u16: Uint16Array,
  u32: Uint32Array,
};

function tag(a: Typed): string {
  return a instanceof Uint8Array ? 'u8' : a instanceof Uint16Array ? 'u16' : 'u32';
}

function encodeTables(t: MsDrgTables): string {
  return JSON.stringify({ format: CACHE_FORMAT, tables: t }, (key, value: unknown) => {
    if (value instanceof Uint8Array || value instanceof Uint16Array || value instanceof Uint32Array) {
      return { $t: tag(value), b64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
    }
    if ((key === 'codes' || key === 'names') && Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      return { $lines: (value as string[]).join('\n') };
    }
    return value;
  });
}

function decodeTables(text: string): MsDrgTables {
  const parsed = JSON.parse(text, (_key, value: unknown) => {
    if (value && typeof value === 'object' && '$t' in value && 'b64' in value) {
      const v = value as { $t: string; b64: string };
      const buf = Buffer.from(v.b64, 'base64');
      const copy = new ArrayBuffer(buf.byteLength);
      new Uint8Array(copy).set(buf);
      const Ctor = TYPED[v.$t];
      if (!Ctor) throw new Error(`unknown typed array ${v.$t}`);
      return new Ctor(copy);
    }
    if (value && typeof value === 'object' && '$lines' in value) {
      const s = (value as { $lines: string }).$lines;
      return s === '' ? [] : s.split('\n');
    }
    return value;
  }) as { format: number; tables: MsDrgTables };
  if (parsed.format !== CACHE_FORMAT) throw new Error('cache format changed');
  return parsed.tables;
}
