import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** packages/testing/golden: golden cases kept in the repository, so the tests that use them always run. */
const goldenRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'golden');

/** Path of a file under packages/testing/golden, e.g. goldenFile('msdrg', 'encounters.tsv'). */
export function goldenFile(...segments: string[]): string {
  return join(goldenRoot, ...segments);
}
