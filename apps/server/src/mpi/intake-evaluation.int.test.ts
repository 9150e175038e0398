import { randomUUID } from 'node:crypto';
import { orderMpiPair, type MpiRecord } from '@charta/core';
import { generateMpiEvaluationSet, testDatabases } from '@charta/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../test-support.js';
import { findDuplicateCandidates } from './intake.js';

const BATCH = 200;

/** Stores a synthetic record as a patient; identifiers a duplicate shares with its original are skipped (unique). */
async function store(s: TestServer, r: MpiRecord, dbId: string, now: Date): Promise<void> {
  await s.handle.db
    .insertInto('patients')
    .values({
      id: dbId,
      org_id: s.orgId,
      mrn: `E${dbId.slice(0, 12)}`,
      family_name: r.familyName ?? '',
      given_name: r.givenName ?? '',
      middle_name: r.middleName ?? null,
      previous_family_names: [...(r.previousFamilyNames ?? [])],
      birth_date: r.birthDate ?? '1900-01-01',
      sex: r.sex ?? 'U',
      address: null,
      address_line: r.address?.line ?? null,
      city: r.address?.city ?? null,
      state: r.address?.state ?? null,
      postal_code: r.address?.postalCode ?? null,
      phone: r.phones?.[0] ?? null,
      email: r.email ?? null,
      labels: [],
      updated_at: now,
    })
    .execute();
  for (const i of r.identifiers ?? []) {
    const ssn = i.system === 'SSN';
    await s.handle.db
      .insertInto('patient_identifiers')
      .values({
        id: randomUUID(),
        org_id: s.orgId,
        patient_id: dbId,
        system: ssn ? 'http://hl7.org/fhir/sid/us-ssn' : `urn:test:${i.system}`,
        value: i.value,
        type: ssn ? 'SS' : 'MR',
        facility: ssn ? null : i.system.replace(/^MRN:/u, ''),
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

describe.each(testDatabases())('findDuplicateCandidates on a labelled synthetic set, through $name', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await createTestServer(kind);
  }, 300_000);
  afterAll(async () => {
    await s?.close();
  });

  it('stores the injected duplicates in the review queue with high precision and recall', async () => {
    const set = generateMpiEvaluationSet(424242, 1000);
    // Records without a valid birth date cannot be stored (the column is a required date; a keyed-in "1990-39-04" is
    // refused at registration), so pairs involving them are left out.
    const validDate = (d: string | undefined) =>
      d !== undefined &&
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) &&
      new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
    const usable = set.records.filter((r) => validDate(r.birthDate));
    const dbIds = new Map(usable.map((r) => [r.id, randomUUID()]));
    const truth = new Set(
      set.truePairs
        .filter(([a, b]) => dbIds.has(a) && dbIds.has(b))
        .map(([a, b]) => orderMpiPair(dbIds.get(a)!, dbIds.get(b)!).join('|')),
    );
    const now = s.clock.now();
    let stored = 0;
    let elapsed = 0;
    for (let i = 0; i < usable.length; i += BATCH) {
      const batch = usable.slice(i, i + BATCH);
      await s.handle.db.transaction().execute(async (tx) => {
        for (const r of batch)
          await store({ ...s, handle: { ...s.handle, db: tx } } as TestServer, r, dbIds.get(r.id)!, now);
        const t = performance.now();
        stored += await findDuplicateCandidates(
          tx,
          s.orgId,
          batch.map((r) => dbIds.get(r.id)!),
          now,
        );
        elapsed += performance.now() - t;
      });
    }
    const rows = await s.handle.db
      .selectFrom('mpi_candidates')
      .select(['patient_a', 'patient_b'])
      .where('org_id', '=', s.orgId)
      .execute();
    const mine = new Set<string>(dbIds.values());
    const found = rows.filter((r) => mine.has(r.patient_a) && mine.has(r.patient_b));
    const tp = found.filter((r) => truth.has(`${r.patient_a}|${r.patient_b}`)).length;
    const precision = found.length === 0 ? 1 : tp / found.length;
    const recall = truth.size === 0 ? 1 : tp / truth.size;
    console.log(
      `MPI intake through ${kind.name}: ${usable.length} records in batches of ${BATCH}, ${truth.size} true pairs, ` +
        `${found.length} stored; precision ${precision.toFixed(4)} recall ${recall.toFixed(4)}; ` +
        `findDuplicateCandidates ${(elapsed / Math.ceil(usable.length / BATCH)).toFixed(0)} ms per batch (informative)`,
    );
    expect(stored).toBeGreaterThanOrEqual(found.length);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  }, 600_000);
});
