import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Lets one benchmark module run on its own and print its report as JSON:
 * `node --conditions=source --import tsx bench/src/<name>.ts` (the "source" condition loads the workspace packages
 * from their TypeScript sources, so no build is needed).
 */
export function runIfMain(moduleUrl: string, bench: () => Promise<object>, indent?: number): void {
  if (!process.argv[1] || resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return;
  bench().then(
    (r) => console.log(JSON.stringify(r, null, indent)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
