/**
 * npm run bench: every benchmark in one run, peers side by side, ratios printed. Targets are printed beside the
 * figures for reading, never asserted: these machines are shared and noisy.
 *
 *   code search      in-process p50/p99, MiniSearch and PostgreSQL FTS + pg_trgm on the same codes, top-10 recall,
 *                    over HTTP through the real server, and server start to first search
 *   validation       encounters per second on one core
 *   MS-DRG grouping  encounters per second on one core, table memory and load time
 *   patient matching master-patient-index build time and candidate lookups per second over 100,000 records
 *   FHIR import      resources per second through the full import path (bundles and NDJSON) into PGlite and
 *                    PostgreSQL, beside raw JSONB inserts of the same resources
 *   patient search   p50/p99 of the patient search query over 100,000 patients, PGlite and PostgreSQL
 *   completion       deficiency analysis throughput (records per second) over 100,000 encounters, PostgreSQL and
 *                    PGlite, beside the rule evaluation alone
 */
import { loadavg, cpus } from 'node:os';
import { benchCompletion } from './completion.js';
import { benchDrg } from './drg.js';
import { benchFhirImport } from './fhir-import.js';
import { benchSearchHttp } from './http.js';
import { benchMpi } from './mpi.js';
import { benchPatientSearch } from './patient-search.js';
import { benchSearch } from './search.js';
import { benchValidate } from './validate.js';

const only = new Set(process.argv.slice(2));
const want = (name: string) => only.size === 0 || only.has(name);

function line(label: string, value: unknown): void {
  process.stdout.write(`${label.padEnd(44)} ${typeof value === 'object' ? JSON.stringify(value) : String(value)}\n`);
}

async function main(): Promise<void> {
  process.stdout.write(`Charta benchmarks: ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(2)}\n\n`);
  const report: Record<string, unknown> = {};
  if (want('search')) {
    const s = (await benchSearch()) as Record<string, unknown>;
    report['search'] = s;
    process.stdout.write('== Code search (same query mix for every peer) ==\n');
    for (const peer of ['charta', 'minisearch', 'postgres']) line(`  ${peer}`, s[peer]);
    line('  ratios', s['ratios']);
    line('  targets', s['targets']);
    const h = await benchSearchHttp();
    report['search_http'] = h;
    line('  over HTTP (real server)', h);
  }
  if (want('validate')) {
    const v = await benchValidate();
    report['validate'] = v;
    process.stdout.write('\n== Validation ==\n');
    line('  result', v);
  }
  if (want('drg')) {
    const d = await benchDrg();
    report['drg'] = d;
    process.stdout.write('\n== MS-DRG grouping ==\n');
    line('  result', d);
  }
  if (want('mpi')) {
    const m = await benchMpi();
    report['mpi'] = m;
    process.stdout.write('\n== Patient matching (MPI) ==\n');
    line('  result', m);
  }
  if (want('fhir-import')) {
    const f = await benchFhirImport();
    report['fhir_import'] = f;
    process.stdout.write('\n== FHIR import (full path vs raw JSONB rows) ==\n');
    line('  PGlite', f['pglite']);
    line('  PostgreSQL', f['postgres']);
    line('  target', f['target']);
  }
  if (want('patient-search')) {
    const p = await benchPatientSearch();
    report['patient_search'] = p;
    process.stdout.write('\n== Patient search (the search endpoint query) ==\n');
    line('  PGlite', p['pglite']);
    line('  PostgreSQL', p['postgres']);
  }
  if (want('completion')) {
    const c = await benchCompletion();
    report['completion'] = c;
    process.stdout.write('\n== Record completion (deficiency analysis) ==\n');
    line('  PostgreSQL', c['postgres']);
    line('  PGlite', c['pglite']);
    line('  rules alone (in memory)', c['core_rules_only']);
    line('  ratios', c['ratios']);
    line('  target', c['target']);
  }
  process.stdout.write('\n' + JSON.stringify(report) + '\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
