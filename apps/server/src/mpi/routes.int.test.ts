import { testDatabases } from '@charta/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestClient, type TestServer } from '../test-support.js';
import { findDuplicateCandidates } from './intake.js';
import { insertPatient, type TestPatient } from './test-helpers.js';

interface ListBody {
  total: number;
  candidates: { id: string; score: number; summary: string; a: { id: string }; b: { id: string } }[];
}

describe.each(testDatabases())('MPI review API on $name', (kind) => {
  let s: TestServer;
  let registrar: TestClient;
  const now = () => s.clock.now();

  beforeAll(async () => {
    s = await createTestServer(kind);
    registrar = await s.signIn('registrar');
  }, 300_000);
  afterAll(async () => {
    await s?.close();
  });

  /** Two registrations of one invented person; returns the ids and the stored candidate's id. */
  async function duplicate(family: string, extra: Partial<TestPatient> = {}) {
    const base: TestPatient = {
      family,
      given: 'Margaret',
      birth: '1979-08-14',
      phone: '(608) 555-0171',
      addressLine: '7 Juniper Court',
      postalCode: '53703',
      ...extra,
    };
    const first = await insertPatient(s.handle.db, s.orgId, base, now());
    const second = await insertPatient(
      s.handle.db,
      s.orgId,
      { ...base, given: 'Peggy', addressLine: '7 Juniper Ct' },
      now(),
    );
    await findDuplicateCandidates(s.handle.db, s.orgId, [first, second], now());
    const [a, b] = first < second ? [first, second] : [second, first];
    const row = await s.handle.db
      .selectFrom('mpi_candidates')
      .select('id')
      .where('patient_a', '=', a)
      .where('patient_b', '=', b)
      .executeTakeFirstOrThrow();
    return { first, second, candidateId: row.id };
  }

  it('lists the queue and opens a pair side by side with agreement levels and weights (audited)', async () => {
    const { first, second, candidateId } = await duplicate('Marchetti');
    const list = await registrar.get('/api/v1/mpi/candidates');
    expect(list.status).toBe(200);
    const body = list.json<ListBody>();
    const item = body.candidates.find((c) => c.id === candidateId);
    expect(item?.score).toBeGreaterThanOrEqual(12);
    expect(item?.summary).toMatch(/date of birth/iu);

    const detail = await registrar.get(`/api/v1/mpi/candidates/${candidateId}`);
    expect(detail.status).toBe(200);
    const d = detail.json<{
      fields: { field: string; agreement: string; weight: number }[];
      a: { id: string };
      score: number;
    }>();
    expect(d.fields.find((f) => f.field === 'givenName')?.agreement).toBe('nickname');
    expect(d.fields.find((f) => f.field === 'birthDate')).toMatchObject({ agreement: 'exact' });
    const sum = d.fields.reduce((t, f) => t + f.weight, 0);
    expect(Math.abs(sum - d.score)).toBeLessThan(0.05);
    expect([first, second]).toContain(d.a.id);
    const events = await s.handle.db
      .selectFrom('audit_events')
      .select(['action'])
      .where('record_id', '=', candidateId)
      .execute();
    expect(events.map((e) => e.action)).toContain('mpi.review');
  });

  it('hides pairs with a record the user may not see', async () => {
    const { candidateId } = await duplicate('Brennagh', { labels: ['PSY'] });
    const list = (await registrar.get('/api/v1/mpi/candidates?limit=200')).json<ListBody>();
    expect(list.candidates.map((c) => c.id)).not.toContain(candidateId);
    expect((await registrar.get(`/api/v1/mpi/candidates/${candidateId}`)).status).toBe(404);
  });

  it('refuses callers without mpi:review', async () => {
    const coder = await s.signIn('coder');
    expect((await coder.get('/api/v1/mpi/candidates')).status).toBe(403);
  });

  it('keeps "not a duplicate" through a re-scan, and refuses to decide twice', async () => {
    const { first, candidateId } = await duplicate('Haldorsen');
    const bad = await registrar.post(`/api/v1/mpi/candidates/${candidateId}/not-duplicate`, { reason: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('/reason');
    const ok = await registrar.post(`/api/v1/mpi/candidates/${candidateId}/not-duplicate`, {
      reason: 'Mother and daughter with the same name',
    });
    expect(ok.status).toBe(204);
    const scan = await registrar.post('/api/v1/mpi/scan', { patientId: first });
    expect(scan.status).toBe(200);
    const all = await registrar.post('/api/v1/mpi/scan', {});
    expect(all.status).toBe(200);
    expect(all.json<{ scanned: number }>().scanned).toBeGreaterThan(1);
    const row = await s.handle.db
      .selectFrom('mpi_candidates')
      .select('status')
      .where('id', '=', candidateId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('not-duplicate');
    const again = await registrar.post(`/api/v1/mpi/candidates/${candidateId}/not-duplicate`, {
      reason: 'again, twice',
    });
    expect(again.status).toBe(409);
  });

  it('merges from the queue, hides the merged record from search, shows where it went, and unmerges', async () => {
    const { first, second, candidateId } = await duplicate('Szczepanik');
    const wrong = await registrar.post(`/api/v1/mpi/candidates/${candidateId}/merge`, {
      survivorId: s.users.registrar.id,
      reason: 'Same person',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('/survivorId');
    const merged = await registrar.post(`/api/v1/mpi/candidates/${candidateId}/merge`, {
      survivorId: first,
      reason: 'Same person registered at two desks',
    });
    expect(merged.status).toBe(200);
    const { mergeId, mergedId } = merged.json<{ mergeId: string; mergedId: string }>();
    expect(mergedId).toBe(second);

    const search = await registrar.get('/api/v1/patients?q=Szczepanik');
    expect(search.json<{ patients: { id: string }[] }>().patients.map((p) => p.id)).toEqual([first]);
    const opened = await registrar.get(`/api/v1/patients/${second}`);
    expect(opened.status).toBe(200);
    expect(opened.json<{ mergedInto: string; merge: { id: string } }>()).toMatchObject({
      mergedInto: first,
      merge: { id: mergeId },
    });
    const twice = await registrar.post(`/api/v1/mpi/candidates/${candidateId}/merge`, {
      survivorId: first,
      reason: 'again',
    });
    expect(twice.status).toBe(409);
    expect(twice.headers.get('content-type')).toContain('application/problem+json');

    const merges = await registrar.get(`/api/v1/mpi/merges?patientId=${second}`);
    expect(merges.json<{ merges: { id: string }[] }>().merges.map((m) => m.id)).toEqual([mergeId]);
    const undo = await registrar.post(`/api/v1/mpi/merges/${mergeId}/unmerge`, {
      reason: 'Different people after all',
    });
    expect(undo.status).toBe(200);
    const search2 = await registrar.get('/api/v1/patients?q=Szczepanik');
    expect(
      search2
        .json<{ patients: { id: string }[] }>()
        .patients.map((p) => p.id)
        .sort(),
    ).toEqual([first, second].sort());
    const undo2 = await registrar.post(`/api/v1/mpi/merges/${mergeId}/unmerge`, {
      reason: 'Different people after all',
    });
    expect(undo2.status).toBe(409);
    expect(undo2.text).toContain('/mergeId');
    const events = await s.handle.db
      .selectFrom('audit_events')
      .select(['action', 'outcome'])
      .where('action', 'like', 'mpi.%')
      .execute();
    const seen = events.map((e) => `${e.action}:${e.outcome}`);
    for (const e of [
      'mpi.merge:success',
      'mpi.unmerge:success',
      'mpi.merge:failure',
      'mpi.unmerge:failure',
      'mpi.queue:success',
    ])
      expect(seen).toContain(e);
  });
});
