#!/usr/bin/env node
// Builds data/PROVENANCE.md from the per-folder PROVENANCE.md files, so each folder's rows stay next to its files.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const dataDir = resolve(dirname(new URL(import.meta.url).pathname), '..', 'data');
const parts = readdirSync(dataDir)
  .filter((d) => statSync(join(dataDir, d)).isDirectory() && existsSync(join(dataDir, d, 'PROVENANCE.md')))
  .sort();
const out = [
  '# Provenance of the shipped data',
  '',
  'Every file Charta ships under `data/`: what it is, its release, where it came from, its licence and the SHA-256 of',
  'the shipped file. Code-set, edit and grouper files are US-government works (CMS, CDC/NCHS, VA) in the public domain;',
  'the CMS-HCC tables carry an Apache-2.0 licence for their CSV reformatting. No CPT descriptors are shipped: a site',
  'loads its own licensed CPT file. This page is assembled from the `PROVENANCE.md` of each folder by',
  '`node scripts/provenance.mjs`; edit those, not this.',
  '',
];
for (const part of parts) {
  const text = readFileSync(join(dataDir, part, 'PROVENANCE.md'), 'utf8').trim();
  out.push(`## data/${part}`, '', text.replace(/^# .*\n+/u, '').replace(/^## /gmu, '### '), '');
}
writeFileSync(join(dataDir, 'PROVENANCE.md'), out.join('\n'));
console.log(`data/PROVENANCE.md: ${parts.length} folders (${parts.join(', ')})`);
