#!/usr/bin/env node
// Launcher for the charta command: runs the built CLI (npm run build builds it).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'main.js');
if (!existsSync(main)) {
  process.stderr.write('charta is not built yet: run "npm run build" in the repository first.\n');
  process.exit(1);
}
await import(pathToFileURL(main).href);
