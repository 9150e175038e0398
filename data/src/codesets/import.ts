import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { gzipSync } from 'fflate';
import { isIsoDate, type CodeSystem } from '@charta/core';
import { compileSource, cptRelease, type CompiledPart } from './compile.js';
import { releasesDir, type StoredPart } from './load.js';
import { CodeSetParseError } from './parse-error.js';
import { parseCptFile } from './tables-misc.js';
import { decodeText } from './zip.js';

/** The kinds of official (or site-licensed) files a site can import. */
export type ImportKind =
  'icd10cm-order' | 'icd10pcs-order' | 'icd10cm-tabular' | 'icd10cm-index' | 'icd10pcs-tables' | 'hcpcs' | 'cpt';

export interface ImportCodeSetOptions {
  /** The site data dir (CHARTA_DATA_DIR); the release is stored under <dataDir>/codesets/releases/<system>/<version>. */
  readonly dataDir: string;
  readonly kind: ImportKind;
  /** Release label, e.g. 'FY2027', 'FY2026.1', '2026-01', 'CPT2026'. */
  readonly version: string;
  /** First day in force (1 Oct / 1 Apr for ICD-10, the quarter's first day for HCPCS, 1 Jan for CPT). */
  readonly effectiveFrom: string;
  /** Replace an already imported release of the same system and version. Default false. */
  readonly replace?: boolean | undefined;
}

export interface ImportSummary {
  readonly system: CodeSystem | 'ICD-10-CM notes';
  readonly version: string;
  readonly effectiveFrom: string;
  readonly path: string;
  readonly sha256: string;
  /** Codes (releases) or nodes/terms/tables (notes, index, PCS tables). */
  readonly count: number;
}

export type ImportFailure = { readonly file: string; readonly line: number; readonly reason: string };
export type ImportResult =
  { readonly ok: true; readonly value: ImportSummary } | { readonly ok: false; readonly error: ImportFailure };

const FOLDER: Readonly<Record<ImportKind, string>> = {
  'icd10cm-order': 'icd10cm',
  'icd10pcs-order': 'icd10pcs',
  'icd10cm-tabular': 'icd10cm-tabular',
  'icd10cm-index': 'icd10cm-index',
  'icd10pcs-tables': 'icd10pcs-tables',
  hcpcs: 'hcpcs',
  cpt: 'cpt',
};

function compileImport(
  kind: ImportKind,
  bytes: Uint8Array,
  name: string,
  version: string,
  effectiveFrom: string,
): CompiledPart {
  switch (kind) {
    case 'icd10cm-order':
      return compileSource(
        {
          kind: 'order',
          system: 'ICD-10-CM',
          file: name,
          member: /^icd10cm_order_\d{4}\.txt$/,
          version,
          effectiveFrom,
        },
        bytes,
        name,
      );
    case 'icd10pcs-order':
      return compileSource(
        {
          kind: 'order',
          system: 'ICD-10-PCS',
          file: name,
          member: /^icd10pcs_order_\d{4}\.txt$/,
          version,
          effectiveFrom,
        },
        bytes,
        name,
      );
    case 'icd10cm-tabular':
      return compileSource({ kind: 'tabular', file: name, release: version }, bytes, name);
    case 'icd10cm-index':
      return compileSource({ kind: 'index', indexKind: 'index', file: name, release: version }, bytes, name);
    case 'icd10pcs-tables':
      return compileSource({ kind: 'pcs-tables', file: name, release: version }, bytes, name);
    case 'hcpcs':
      return compileSource({ kind: 'hcpcs', file: name, version, effectiveFrom }, bytes, name);
    case 'cpt':
      return {
        kind: 'release',
        release: cptRelease(parseCptFile(decodeText(bytes, name), name), version, effectiveFrom, name),
      };
  }
}

function countOf(part: CompiledPart): number {
  switch (part.kind) {
    case 'release':
      return part.release.codes.length;
    case 'tabular':
      return part.tabular.nodes.length;
    case 'index':
      return part.index.terms.length;
    case 'pcs-tables':
      return part.pcsTables.tables.length;
    case 'pcs-definitions':
      return part.definitions.length;
    case 'conversion':
      return part.rows.length;
    case 'poa-exempt':
      return part.poa.codes.length;
  }
}

/**
 * Imports a newer official file (or a site's licensed CPT file) as a new release under
 * <dataDir>/codesets/releases/<kind>/<version>/part.json.gz. Order files may be the official ZIP (the order member is
 * found inside), other files plain or gzip-compressed. The file is parsed completely first; malformed input is
 * refused with its line and reason and nothing is written. The release is written to a temporary folder and renamed
 * into place, so a reader never sees half a release, and releases already imported stay untouched. The store picks the
 * release up on its next load.
 */
export async function importCodeSetFile(path: string, options: ImportCodeSetOptions): Promise<ImportResult> {
  const name = basename(path);
  if (!isIsoDate(options.effectiveFrom))
    return {
      ok: false,
      error: { file: name, line: 0, reason: `effectiveFrom "${options.effectiveFrom}" is not a YYYY-MM-DD date` },
    };
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/.test(options.version))
    return {
      ok: false,
      error: { file: name, line: 0, reason: `Version "${options.version}" must be letters, digits, '.', '_' or '-'` },
    };
  let part: CompiledPart;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
    part = compileImport(options.kind, bytes, name, options.version, options.effectiveFrom);
  } catch (e) {
    if (e instanceof CodeSetParseError) return { ok: false, error: { file: e.file, line: e.line, reason: e.reason } };
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      return { ok: false, error: { file: name, line: 0, reason: 'File not found' } };
    throw e;
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const folder = join(releasesDir(options.dataDir), FOLDER[options.kind]);
  const target = join(folder, options.version);
  if (existsSync(target) && options.replace !== true) {
    return {
      ok: false,
      error: {
        file: name,
        line: 0,
        reason: `Release ${options.version} of ${FOLDER[options.kind]} is already imported (pass replace to overwrite)`,
      },
    };
  }
  await mkdir(folder, { recursive: true });
  const tmp = join(folder, `.tmp-${options.version}-${randomBytes(6).toString('hex')}`);
  const stored: StoredPart = { formatVersion: 1, importedFrom: name, sha256, part };
  try {
    await mkdir(tmp);
    await writeFile(join(tmp, 'part.json.gz'), gzipSync(new TextEncoder().encode(JSON.stringify(stored))));
    if (existsSync(target)) {
      // Replacing: move the old release aside first so the new one appears in a single rename.
      const old = join(folder, `.old-${options.version}-${randomBytes(6).toString('hex')}`);
      await rename(target, old);
      await rename(tmp, target);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(tmp, target);
    }
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  const system: ImportSummary['system'] =
    part.kind === 'release'
      ? part.release.system
      : options.kind === 'icd10pcs-tables'
        ? 'ICD-10-PCS'
        : 'ICD-10-CM notes';
  return {
    ok: true,
    value: {
      system,
      version: options.version,
      effectiveFrom: options.effectiveFrom,
      path: join(target, 'part.json.gz'),
      sha256,
      count: countOf(part),
    },
  };
}
