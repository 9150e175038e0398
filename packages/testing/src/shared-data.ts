import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * The shared folder of official files and samples that sits beside the repository (../shared), or CHARTA_SHARED_DIR.
 * Undefined when absent: tests and benchmarks that need it skip cleanly.
 */
export function sharedDir(): string | undefined {
  const fromEnv = process.env['CHARTA_SHARED_DIR'];
  const dir = fromEnv && fromEnv.length > 0 ? resolve(fromEnv) : join(repoRoot, '..', 'shared');
  return existsSync(join(dir, 'data')) ? dir : undefined;
}

/** A file under the shared data folder, or undefined when the shared folder or the file is absent. */
export function sharedDataFile(...segments: string[]): string | undefined {
  const dir = sharedDir();
  if (!dir) return undefined;
  const path = join(dir, 'data', ...segments);
  return existsSync(path) ? path : undefined;
}
