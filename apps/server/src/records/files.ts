import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { gunzipSync, createGunzip } from 'node:zlib';
import { importRank } from '@charta/core';
import type { ImportSource } from './import.js';

/** A file the FHIR import reads: a Bundle (.json) or bulk NDJSON (.ndjson), either possibly gzipped (.gz). */
export interface FhirFile {
  readonly path: string;
  readonly kind: 'bundle' | 'ndjson';
  /** The resource type an NDJSON file holds, from its name (`Patient.000.ndjson`), for the import order. */
  readonly type: string | null;
}

/** FHIR Bulk Data's export log (`log.ndjson`) describes the export, not resources: it is not imported. */
const isBulkLog = (name: string) => /^log\.ndjson(\.gz)?$/iu.test(name);

function classify(path: string): FhirFile | null {
  const name = basename(path);
  if (isBulkLog(name)) return null;
  if (/\.(nd)?jsonl?(\.gz)?$/iu.test(name) && /\.ndjson|\.jsonl/iu.test(name)) {
    const type = /^([A-Z][A-Za-z]+)[.-]/u.exec(name)?.[1] ?? null;
    return { path, kind: 'ndjson', type };
  }
  if (/\.json(\.gz)?$/iu.test(name)) return { path, kind: 'bundle', type: null };
  return null;
}

/**
 * Expands files and folders (one level deep, in name order) into the files to import, NDJSON ordered by resource
 * type so that references find their targets (Organization, Practitioner, Patient, Coverage, Encounter, the rest),
 * bundles after them. Names that are neither JSON nor NDJSON are listed in `skipped`.
 */
export function listFhirFiles(paths: readonly string[]): { files: FhirFile[]; skipped: string[] } {
  const files: FhirFile[] = [];
  const skipped: string[] = [];
  for (const p of paths) {
    const entries = statSync(p).isDirectory()
      ? readdirSync(p)
          .sort()
          .map((n) => join(p, n))
          .filter((f) => statSync(f).isFile())
      : [p];
    for (const f of entries) {
      const c = classify(f);
      if (c) files.push(c);
      else skipped.push(f);
    }
  }
  const rank = (f: FhirFile) => (f.kind === 'bundle' ? 1000 : importRank(f.type ?? ''));
  files.sort((a, b) => rank(a) - rank(b));
  return { files, skipped };
}

async function* linesOf(path: string): AsyncGenerator<string> {
  const input = createReadStream(path);
  const stream = path.endsWith('.gz') ? input.pipe(createGunzip()) : input;
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  for await (const line of rl) yield line;
}

/** Import sources for files, read one at a time: a bundle whole (it is one unit), NDJSON streamed line by line. */
export function* fhirFileSources(files: readonly FhirFile[]): Generator<ImportSource> {
  for (const f of files) {
    const name = basename(f.path);
    if (f.kind === 'ndjson') {
      yield { kind: 'ndjson', name, lines: linesOf(f.path) };
      continue;
    }
    const raw = readFileSync(f.path);
    yield { kind: 'bundle', name, content: (f.path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8') };
  }
}
