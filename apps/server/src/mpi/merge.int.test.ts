import { randomUUID } from 'node:crypto';
import { testDatabases } from '@charta/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../test-support.js';
import { findDuplicateCandidates } from './intake.js';
import { mergePatients, unmergePatients } from './merge.js';
import { insertPatient, testInfo } from './test-helpers.js';

describe.each(testDatabases())('MPI intake and merge on $name', (kind) => {
  let s: TestServer;
  const now = () => s.clock.now();
  beforeAll(async () => {
    s = await createTestServer(kind);
  }, 300_000);
  afterAll(async () => {
    await s?.close();
  });

  async function pair(family: string) {
    const db = s.handle.db;
    const a = await insertPatient(
      db,
      s.orgId,
      {
        family,
        given: 'Rosalind',
        birth: '1961-04-23',
        phone: '(217) 555-0148',
        addressLine: '41 Larkspur Lane',
        postalCode: '62704',
      },
      now(),
    );
    await findDuplicateCandidates(db, s.orgId, [a], now());
    // The same person registered again, with a typing error in the surname and the address written differently.
    const b = await insertPatient(
      db,
      s.orgId,
      {
        family: family.replace(/r/u, 'rr'),
        given: 'Rosalind',
        birth: '1961-04-23',
        phone: '217-555-0148',
        addressLine: '41 Larkspur Ln',
        postalCode: '62704',
      },
      now(),
    );
    return { a, b };
  }

  it('finds an injected duplicate at intake and stores it once (idempotent)', async () => {
    const { a, b } = await pair('Quintero');
    const stored = await findDuplicateCandidates(s.handle.db, s.orgId, [b], now());
    expect(stored).toBeGreaterThanOrEqual(1);
    const [lo, hi] = a < b ? [a, b] : [b, a];
    const rows = await s.handle.db
      .selectFrom('mpi_candidates')
      .selectAll()
      .where('patient_a', '=', lo)
      .where('patient_b', '=', hi)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe('open');
    expect(rows[0]!.score).toBeGreaterThanOrEqual(12);
    await findDuplicateCandidates(s.handle.db, s.orgId, [a, b], now());
    const again = await s.handle.db
      .selectFrom('mpi_candidates')
      .select('id')
      .where('patient_a', '=', lo)
      .where('patient_b', '=', hi)
      .execute();
    expect(again.map((r) => r.id)).toEqual([rows[0]!.id]);
  });

  it('keeps a "not a duplicate" decision on a re-scan', async () => {
    const { a, b } = await pair('Villaruel');
    await findDuplicateCandidates(s.handle.db, s.orgId, [b], now());
    const [lo, hi] = a < b ? [a, b] : [b, a];
    await s.handle.db
      .updateTable('mpi_candidates')
      .set({ status: 'not-duplicate', decision_reason: 'different people' })
      .where('patient_a', '=', lo)
      .where('patient_b', '=', hi)
      .execute();
    const before = await s.handle.db
      .selectFrom('mpi_candidates')
      .select('updated_at')
      .where('patient_a', '=', lo)
      .where('patient_b', '=', hi)
      .executeTakeFirstOrThrow();
    s.clock.advance(60_000);
    await findDuplicateCandidates(s.handle.db, s.orgId, [a, b], now());
    const row = await s.handle.db
      .selectFrom('mpi_candidates')
      .selectAll()
      .where('patient_a', '=', lo)
      .where('patient_b', '=', hi)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('not-duplicate');
    expect(new Date(row.updated_at).getTime()).toBe(new Date(before.updated_at).getTime());
  });

  it('drops an open pair from the queue when a corrected record no longer matches', async () => {
    const { a, b } = await pair('Ferrandino');
    await findDuplicateCandidates(s.handle.db, s.orgId, [b], now());
    const [lo, hi] = a < b ? [a, b] : [b, a];
    const pairRows = () =>
      s.handle.db
        .selectFrom('mpi_candidates')
        .select('id')
        .where('patient_a', '=', lo)
        .where('patient_b', '=', hi)
        .execute();
    expect(await pairRows()).toHaveLength(1);
    await s.handle.db
      .updateTable('patients')
      .set({
        family_name: 'Abernathy',
        given_name: 'Cornelius',
        birth_date: '1999-12-01',
        phone: null,
        address_line: null,
      })
      .where('id', '=', b)
      .execute();
    await findDuplicateCandidates(s.handle.db, s.orgId, [b], now());
    expect(await pairRows()).toHaveLength(0);
  });

  it('merges moving every row, and unmerges restoring exactly those rows, both audited', async () => {
    const db = s.handle.db;
    const { a: survivor, b: merged } = await pair('Okorafor');
    const survivorEnc = randomUUID();
    const mergedEnc = randomUUID();
    const mergedIdent = randomUUID();
    for (const [id, patient] of [
      [survivorEnc, survivor],
      [mergedEnc, merged],
    ] as const) {
      await db
        .insertInto('encounters')
        .values({
          id,
          org_id: s.orgId,
          patient_id: patient,
          type: 'outpatient',
          status: 'completed',
          source_key: `test-${id}`,
          updated_at: now(),
          facility: null,
          account_number: null,
          admit_at: null,
          discharge_at: null,
          admit_source: null,
          admit_type: null,
          discharge_disposition: null,
          attending_id: null,
          service: null,
          location: null,
          payer: null,
          financial_class: null,
          expected_charges: null,
          billed_at: null,
        })
        .execute();
    }
    await db
      .insertInto('patient_identifiers')
      .values({
        id: mergedIdent,
        org_id: s.orgId,
        patient_id: merged,
        system: 'urn:test:fac-b',
        value: `B-${mergedIdent.slice(0, 6)}`,
        type: 'MR',
        facility: 'FAC-B',
      })
      .execute();
    await db
      .insertInto('care_relationships')
      .values({ patient_id: merged, user_id: s.users.physician.id, relationship: 'attending' })
      .execute();

    const info = testInfo(now());
    const { mergeId } = await db.transaction().execute((tx) =>
      mergePatients(tx, s.services, info, undefined, {
        orgId: s.orgId,
        survivorId: survivor,
        mergedId: merged,
        source: 'api',
        reason: 'Same person registered twice',
      }),
    );
    const mergedRow = await db.selectFrom('patients').selectAll().where('id', '=', merged).executeTakeFirstOrThrow();
    expect(mergedRow.merged_into).toBe(survivor);
    expect(mergedRow.active).toBe(false);
    const encs = await db
      .selectFrom('encounters')
      .select(['id', 'patient_id'])
      .where('id', 'in', [survivorEnc, mergedEnc])
      .execute();
    expect(encs.every((e) => e.patient_id === survivor)).toBe(true);
    const ident = await db
      .selectFrom('patient_identifiers')
      .select('patient_id')
      .where('id', '=', mergedIdent)
      .executeTakeFirstOrThrow();
    expect(ident.patient_id).toBe(survivor);
    const care = await db
      .selectFrom('care_relationships')
      .select('patient_id')
      .where('user_id', '=', s.users.physician.id)
      .where('patient_id', 'in', [survivor, merged])
      .execute();
    expect(care.map((c) => c.patient_id)).toEqual([survivor]);
    const mergeRow = await db.selectFrom('mpi_merges').selectAll().where('id', '=', mergeId).executeTakeFirstOrThrow();
    const moved = (typeof mergeRow.moved === 'string' ? JSON.parse(mergeRow.moved) : mergeRow.moved) as Record<
      string,
      string[]
    >;
    expect(moved['encounters']).toEqual([mergedEnc]);
    expect(moved['patient_identifiers']).toEqual([mergedIdent]);
    expect(moved['care_relationships']).toEqual([s.users.physician.id]);

    // Refusals: already merged, self-merge, across organisations.
    await expect(
      db.transaction().execute((tx) =>
        mergePatients(tx, s.services, info, undefined, {
          orgId: s.orgId,
          survivorId: survivor,
          mergedId: merged,
          source: 'api',
          reason: 'again',
        }),
      ),
    ).rejects.toThrow(/already been merged/u);
    await expect(
      db.transaction().execute((tx) =>
        mergePatients(tx, s.services, info, undefined, {
          orgId: s.orgId,
          survivorId: survivor,
          mergedId: survivor,
          source: 'api',
          reason: 'self',
        }),
      ),
    ).rejects.toThrow(/into itself/u);
    const otherOrg = randomUUID();
    await db.insertInto('organizations').values({ id: otherOrg, name: 'Other Test Org' }).execute();
    const stranger = await insertPatient(
      db,
      otherOrg,
      { family: 'Quintero', given: 'Rosalind', birth: '1961-04-23' },
      now(),
    );
    await expect(
      db.transaction().execute((tx) =>
        mergePatients(tx, s.services, info, undefined, {
          orgId: s.orgId,
          survivorId: survivor,
          mergedId: stranger,
          source: 'api',
          reason: 'x',
        }),
      ),
    ).rejects.toThrow(/different organisations/u);

    await db.transaction().execute((tx) =>
      unmergePatients(tx, s.services, testInfo(now()), undefined, {
        orgId: s.orgId,
        mergeId,
        reason: 'Twins, not one person',
      }),
    );
    const restored = await db.selectFrom('patients').selectAll().where('id', '=', merged).executeTakeFirstOrThrow();
    expect(restored.merged_into).toBeNull();
    expect(restored.active).toBe(true);
    const encs2 = await db
      .selectFrom('encounters')
      .select(['id', 'patient_id'])
      .where('id', 'in', [survivorEnc, mergedEnc])
      .execute();
    expect(Object.fromEntries(encs2.map((e) => [e.id, e.patient_id]))).toEqual({
      [survivorEnc]: survivor,
      [mergedEnc]: merged,
    });
    const ident2 = await db
      .selectFrom('patient_identifiers')
      .select('patient_id')
      .where('id', '=', mergedIdent)
      .executeTakeFirstOrThrow();
    expect(ident2.patient_id).toBe(merged);
    const care2 = await db
      .selectFrom('care_relationships')
      .select('patient_id')
      .where('user_id', '=', s.users.physician.id)
      .where('patient_id', 'in', [survivor, merged])
      .execute();
    expect(care2.map((c) => c.patient_id)).toEqual([merged]);
    await expect(
      db
        .transaction()
        .execute((tx) =>
          unmergePatients(tx, s.services, testInfo(now()), undefined, { orgId: s.orgId, mergeId, reason: 'again' }),
        ),
    ).rejects.toThrow(/already been undone/u);

    const events = await db
      .selectFrom('audit_events')
      .select(['action', 'record_id'])
      .where('record_id', '=', mergeId)
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['mpi.merge', 'mpi.unmerge']);
  });
});
