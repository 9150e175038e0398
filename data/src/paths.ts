import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The data/ folder of the repository (this module lives in data/src or data/dist). */
export const DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The repository root. */
export const REPO_ROOT = resolve(DATA_DIR, '..');

/**
 * Where compiled code-set tables are cached: CHARTA_CACHE_DIR, or .charta/cache under the repository. The cache is
 * rebuilt when a source file's checksum changes, so it can always be deleted.
 */
export function cacheDir(): string {
  const fromEnv = process.env['CHARTA_CACHE_DIR'];
  return fromEnv && fromEnv.length > 0 ? resolve(fromEnv) : join(REPO_ROOT, '.charta', 'cache');
}

/** Absolute path of a shipped data file, e.g. dataFile('icd10cm', 'order-fy2026.txt.gz'). */
export function dataFile(...segments: string[]): string {
  const path = join(DATA_DIR, ...segments);
  if (!existsSync(path)) throw new Error(`Shipped data file is missing: data/${segments.join('/')}`);
  return path;
}
