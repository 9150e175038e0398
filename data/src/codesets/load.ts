import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'fflate';
import {
  buildSearchIndex,
  createCodeSetStore,
  type CodeSetStore,
  type CompiledCodeSets,
  type SearchIndex,
} from '@charta/core';
import { cacheDir, dataFile } from '../paths.js';
import { compileSource, mergeParts, type CompiledPart } from './compile.js';
import { readSearchIndexCache, writeSearchIndexCache } from './search-cache.js';
import { SHIPPED_SOURCES, type SourceSpec } from './sources.js';

/** Bumped whenever the compiled shape or a parser changes, so stale caches are ignored. */
const COMPILER_VERSION = 'codesets-1';
/** Bumped whenever the search index layout or its build changes. */
const SEARCH_FORMAT = 'search-1';

export interface LoadCodeSetsOptions {
  /** The site data dir holding imported releases (codesets/releases/...). Defaults to CHARTA_DATA_DIR. */
  readonly dataDir?: string | undefined;
  /** Where to cache the compiled tables. Defaults to cacheDir(). */
  readonly cacheDir?: string | undefined;
}

/** An imported release as stored on disk by importCodeSetFile. */
export interface StoredPart {
  readonly formatVersion: 1;
  readonly importedFrom: string;
  readonly sha256: string;
  readonly part: CompiledPart;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The folder imported releases live under: <dataDir>/codesets/releases. */
export function releasesDir(dataDir: string): string {
  return join(dataDir, 'codesets', 'releases');
}

function siteDataDir(options: LoadCodeSetsOptions): string | undefined {
  const dir = options.dataDir ?? process.env['CHARTA_DATA_DIR'];
  return dir && dir.length > 0 ? dir : undefined;
}

/** Paths of the stored parts of imported releases (<releases>/<system>/<version>/part.json.gz), sorted. */
async function importedPartFiles(dataDir: string | undefined): Promise<string[]> {
  if (!dataDir) return [];
  const root = releasesDir(dataDir);
  if (!existsSync(root)) return [];
  const out: string[] = [];
  for (const system of (await readdir(root)).sort()) {
    if (system.startsWith('.')) continue;
    const sysDir = join(root, system);
    for (const version of (await readdir(sysDir).catch(() => [] as string[])).sort()) {
      if (version.startsWith('.')) continue; // temp folders of an import in progress
      const file = join(sysDir, version, 'part.json.gz');
      if (existsSync(file)) out.push(file);
    }
  }
  return out;
}

/** Reads a stored imported part. */
export async function readStoredPart(file: string): Promise<StoredPart> {
  const bytes = await readFile(file);
  return JSON.parse(new TextDecoder().decode(gunzipSync(bytes))) as StoredPart;
}

/** Compiles every shipped source from scratch (no cache). Used by the cache builder and by tests of the parsers. */
export async function compileShippedParts(): Promise<CompiledPart[]> {
  const parts: CompiledPart[] = [];
  for (const spec of SHIPPED_SOURCES) {
    const bytes = await readFile(dataFile('codesets', spec.file));
    parts.push(compileSource(spec, bytes, spec.file));
  }
  return parts;
}

let memo: { key: string; compiled: CompiledCodeSets } | undefined;

/** Writes a file through a temporary name and a rename, so concurrent readers never see a partial file. */
async function writeAtomically(file: string, content: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, content);
  await rename(tmp, file);
}

/** Keeps the newest merged caches (one per combination of imported releases in use) and removes older ones. */
async function pruneMergedCaches(dir: string, keep: number): Promise<void> {
  const files = (await readdir(dir)).filter((f) => /^(codesets-[0-9a-f]+\.json|search-.*\.bin)$/.test(f));
  const dated = await Promise.all(files.map(async (f) => ({ f, t: (await stat(join(dir, f))).mtimeMs })));
  dated.sort((a, b) => b.t - a.t);
  for (const { f } of dated.slice(keep)) await rm(join(dir, f), { force: true });
}

/**
 * One shipped source compiled, cached on its own checksum: adding an imported release then only re-merges the parts
 * instead of re-parsing every official file.
 */
async function compiledPart(dir: string, spec: SourceSpec, bytes: Uint8Array): Promise<CompiledPart> {
  const file = join(dir, `part-${COMPILER_VERSION}-${sha256(bytes).slice(0, 24)}.json`);
  if (existsSync(file)) {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as CompiledPart;
    } catch {
      // damaged: recompile below
    }
  }
  const part = compileSource(spec, bytes, spec.file);
  await writeAtomically(file, JSON.stringify(part));
  return part;
}

/**
 * The compiled code sets: shipped files plus the site's imported releases. Compiled tables are cached under
 * cacheDir() in a file named by the checksums of every source, so a changed or added file triggers a rebuild and a
 * stale cache is never read. Within a process the result is memoised per key.
 */
export async function loadCompiledCodeSets(options: LoadCodeSetsOptions = {}): Promise<CompiledCodeSets> {
  const shipped = await Promise.all(
    SHIPPED_SOURCES.map(async (s) => ({ spec: s, bytes: await readFile(dataFile('codesets', s.file)) })),
  );
  const imported = await importedPartFiles(siteDataDir(options));
  const importedBytes = await Promise.all(imported.map((f) => readFile(f)));
  const hash = createHash('sha256').update(COMPILER_VERSION);
  for (const s of shipped) hash.update(`${s.spec.file}:${sha256(s.bytes)};`);
  for (const b of importedBytes) hash.update(`imported:${sha256(b)};`);
  const key = hash.digest('hex').slice(0, 24);
  const dir = options.cacheDir ?? cacheDir();
  if (memo?.key === key) {
    cacheKeys.set(memo.compiled, { dir, key });
    return memo.compiled;
  }

  const cacheFile = join(dir, `codesets-${key}.json`);
  let compiled: CompiledCodeSets | undefined;
  if (existsSync(cacheFile)) {
    try {
      compiled = JSON.parse(await readFile(cacheFile, 'utf8')) as CompiledCodeSets;
    } catch {
      compiled = undefined; // a damaged cache is rebuilt
    }
  }
  if (!compiled) {
    await mkdir(dir, { recursive: true });
    const parts: { part: CompiledPart; origin: 'shipped' | 'imported' }[] = [];
    for (const s of shipped) parts.push({ part: await compiledPart(dir, s.spec, s.bytes), origin: 'shipped' });
    for (const b of importedBytes) {
      const stored = JSON.parse(new TextDecoder().decode(gunzipSync(b))) as StoredPart;
      parts.push({ part: stored.part, origin: 'imported' });
    }
    compiled = mergeParts(parts);
    await writeAtomically(cacheFile, JSON.stringify(compiled));
    await pruneMergedCaches(dir, 8);
  }
  memo = { key, compiled };
  cacheKeys.set(compiled, { dir, key });
  return compiled;
}

/** Where and under which key each loaded table set was cached, for the search-index cache next to it. */
const cacheKeys = new WeakMap<CompiledCodeSets, { dir: string; key: string }>();

/** Loads the code sets (shipped + imported, from the cache when fresh) and returns the date-aware store. */
export async function loadCodeSets(options: LoadCodeSetsOptions = {}): Promise<CodeSetStore> {
  return createCodeSetStore(await loadCompiledCodeSets(options));
}

/** The store, the compiled tables (for code detail, PCS builder, Index browsing) and the search index. */
export interface CodeSetServices {
  readonly store: CodeSetStore;
  readonly compiled: CompiledCodeSets;
  readonly search: SearchIndex;
}

/**
 * Loads everything the code-set features need. The search index is read from its cache file beside the compiled
 * tables, or built (a few seconds) and cached on the first call.
 */
export async function loadCodeSetServices(options: LoadCodeSetsOptions = {}): Promise<CodeSetServices> {
  const compiled = await loadCompiledCodeSets(options);
  let services = servicesMemo.get(compiled);
  if (!services) {
    const cached = cacheKeys.get(compiled);
    const file = cached ? join(cached.dir, `${SEARCH_FORMAT}-${cached.key}.bin`) : undefined;
    let search = file ? await readSearchIndexCache(file) : undefined;
    if (!search) {
      search = buildSearchIndex(compiled);
      if (file) await writeSearchIndexCache(file, search).catch(() => undefined); // a cache that cannot be written is only slower
    }
    services = { store: createCodeSetStore(compiled), compiled, search };
    servicesMemo.set(compiled, services);
  }
  return services;
}

/** Services per compiled table set: the same sources in one process share one store and search index. */
const servicesMemo = new WeakMap<CompiledCodeSets, CodeSetServices>();
