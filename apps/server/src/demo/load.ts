/**
 * Loads the synthetic demo records into an organisation through the FHIR importer, as any other FHIR import would be
 * written: mapped, resolved, audited (`records.import`, by the system) and offered to the master patient index.
 */
import type { Database } from '@charta/db';
import type { Kysely } from 'kysely';
import { importFhir } from '../records/import.js';
import { generateDemoData } from './generate.js';

/** People in the demo set loaded on first start: enough for full work queues, few enough to start quickly. */
export const DEMO_RECORD_PATIENTS = 250;
/** The demo set's seed: every installation starts with the same invented patients. */
export const DEMO_RECORD_SEED = 20_260_115;

export interface LoadDemoRecordsOptions {
  readonly orgId: string;
  readonly auditKey: Buffer;
  /** The present moment of the data: discharges fall in the 45 days before it. */
  readonly now: Date;
  readonly patients?: number;
  readonly seed?: number;
  /** Earlier hospital stays to add (see DemoDataOptions.history). */
  readonly history?: { readonly until: Date; readonly patients: number };
  readonly onAuditHead?: (head: { seq: number; hash: string }) => void;
}

export interface LoadDemoRecordsResult {
  readonly patients: number;
  readonly resources: number;
  readonly imported: number;
  readonly rejected: number;
  readonly milliseconds: number;
}

/** Generates the demo set and imports it, one transaction per patient bundle. Call it outside any transaction. */
export async function loadDemoRecords(
  db: Kysely<Database>,
  options: LoadDemoRecordsOptions,
): Promise<LoadDemoRecordsResult> {
  const started = performance.now();
  const data = generateDemoData({
    seed: options.seed ?? DEMO_RECORD_SEED,
    now: options.now,
    patients: options.patients ?? DEMO_RECORD_PATIENTS,
    ...(options.history ? { history: options.history } : {}),
  });
  const result = await importFhir(
    db,
    {
      orgId: options.orgId,
      now: options.now,
      auditKey: options.auditKey,
      actor: { userId: null, username: 'system', role: null },
      ...(options.onAuditHead ? { onAuditHead: options.onAuditHead } : {}),
    },
    data.bundles.map((bundle, i) => ({ kind: 'bundle' as const, name: `demo-${i + 1}`, content: bundle })),
  );
  return {
    patients: data.stats.patients,
    resources: data.stats.resources,
    // Organisations and practitioners repeat across bundles: the first import writes them, the rest find them.
    imported: result.totals.imported + result.totals.updated + result.totals.unchanged,
    rejected: result.totals.rejected,
    milliseconds: Math.round(performance.now() - started),
  };
}
