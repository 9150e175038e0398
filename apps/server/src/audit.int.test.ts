import { sql } from 'kysely';
import { testDatabases } from '@charta/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH, chainHash } from './audit/chain.js';
import { chainHead, verifyAuditChain, type AuditCheckpoint } from './audit/store.js';
import { checkpointMac } from './audit/chain.js';
import { createTestServer, type TestServer } from './test-support.js';

describe.each(testDatabases())('audit trail on $name', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await createTestServer(kind);
    const coder = await s.signIn('coder');
    await coder.get('/api/v1/patients?q=Alvarez');
    const admin = await s.signIn('administrator');
    await admin.get('/api/v1/users');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('refuses UPDATE, DELETE and TRUNCATE on audit events in the database itself', async () => {
    const db = s.handle.db;
    await expect(
      db.updateTable('audit_events').set({ outcome: 'denied' }).where('seq', '=', 1).execute(),
    ).rejects.toThrow(/append-only/u);
    await expect(db.deleteFrom('audit_events').where('seq', '=', 1).execute()).rejects.toThrow(/append-only/u);
    await expect(sql`truncate audit_events`.execute(db)).rejects.toThrow(/append-only/u);
    expect((await verifyAuditChain(db, s.services.secrets.auditKey)).ok).toBe(true);
  });

  it('records who, what, when, where and the outcome of sign-ins and PHI reads', async () => {
    const rows = await s.handle.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', 'in', ['auth.login', 'patient.search'])
      .execute();
    const search = rows.find((r) => r.action === 'patient.search');
    expect(search).toMatchObject({ username: 'coder', role: 'coder', outcome: 'success', user_agent: 'charta-test' });
    expect((search?.detail as { patientIds: string[] }).patientIds.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.action === 'auth.login' && r.username === 'admin')).toBe(true);
  });

  describe('tampering', () => {
    // Each case tampers with a copy of the chain as a database superuser would (triggers off), then verifies.
    let pristine: { seq: number; hash: string };
    let checkpoint: AuditCheckpoint;
    const key = () => s.services.secrets.auditKey;

    beforeAll(async () => {
      await sql`create table audit_backup as select * from audit_events`.execute(s.handle.db);
      pristine = (await chainHead(s.handle.db))!;
      checkpoint = { ...pristine, mac: checkpointMac(key(), pristine.seq, pristine.hash) };
    });
    beforeEach(async () => {
      await sql`alter table audit_events disable trigger user`.execute(s.handle.db);
      await sql`delete from audit_events`.execute(s.handle.db);
      await sql`insert into audit_events select * from audit_backup`.execute(s.handle.db);
    });
    afterAll(async () => {
      await sql`alter table audit_events enable trigger user`.execute(s.handle.db);
      await sql`drop table audit_backup`.execute(s.handle.db);
    });

    it('passes the untouched chain', async () => {
      const r = await verifyAuditChain(s.handle.db, key(), checkpoint);
      expect(r).toMatchObject({ ok: true, checked: pristine.seq });
    });

    it('names an altered event', async () => {
      await sql`update audit_events set outcome = 'denied' where seq = 5`.execute(s.handle.db);
      const r = await verifyAuditChain(s.handle.db, key(), checkpoint);
      expect(r.ok).toBe(false);
      expect(r.firstBad?.seq).toBe(5);
      expect(r.firstBad?.problem).toMatch(/altered/u);
    });

    it('names a deleted event', async () => {
      await sql`delete from audit_events where seq = 7`.execute(s.handle.db);
      const r = await verifyAuditChain(s.handle.db, key(), checkpoint);
      expect(r.firstBad?.seq).toBe(7);
      expect(r.firstBad?.problem).toMatch(/missing/u);
    });

    it('names an inserted event, even one whose hash was recomputed without the key', async () => {
      await sql`update audit_events set seq = seq + 100000 where seq > 3`.execute(s.handle.db);
      await sql`update audit_events set seq = seq - 99999 where seq > 100000`.execute(s.handle.db);
      const prev = await s.handle.db
        .selectFrom('audit_events')
        .select('hash')
        .where('seq', '=', 3)
        .executeTakeFirstOrThrow();
      const forged = {
        seq: 4,
        id: '44444444-4444-4444-8444-444444444444',
        occurredAt: new Date('2026-01-15T09:00:00Z'),
        userId: null,
        username: 'intruder',
        role: null,
        action: 'patient.read',
        outcome: 'success',
        patientId: null,
        recordType: null,
        recordId: null,
        reason: null,
        emergency: false,
        sourceIp: null,
        userAgent: null,
        traceId: null,
        detail: null,
      };
      const fakeHash = chainHash(Buffer.alloc(32, 7), prev.hash, forged);
      await sql`insert into audit_events (seq, id, occurred_at, username, action, outcome, emergency, prev_hash, hash)
        values (4, ${forged.id}, ${forged.occurredAt}, 'intruder', 'patient.read', 'success', false, ${prev.hash}, ${fakeHash})`.execute(
        s.handle.db,
      );
      const r = await verifyAuditChain(s.handle.db, key(), checkpoint);
      expect(r.firstBad?.seq).toBe(4);
    });

    it('names reordered events', async () => {
      await sql`update audit_events set seq = -1 where seq = 6`.execute(s.handle.db);
      await sql`update audit_events set seq = 6 where seq = 8`.execute(s.handle.db);
      await sql`update audit_events set seq = 8 where seq = -1`.execute(s.handle.db);
      const r = await verifyAuditChain(s.handle.db, key(), checkpoint);
      expect(r.firstBad?.seq).toBe(6);
    });

    it('catches a truncated tail through the checkpoint', async () => {
      await sql`delete from audit_events where seq > ${pristine.seq - 2}`.execute(s.handle.db);
      const withoutCheckpoint = await verifyAuditChain(s.handle.db, key());
      expect(withoutCheckpoint.ok).toBe(true);
      const r = await verifyAuditChain(s.handle.db, key(), checkpoint);
      expect(r.ok).toBe(false);
      expect(r.firstBad?.seq).toBe(pristine.seq - 1);
      expect(r.firstBad?.problem).toMatch(/truncated/u);
    });

    it('rejects a forged checkpoint', async () => {
      const r = await verifyAuditChain(s.handle.db, key(), {
        ...checkpoint,
        seq: checkpoint.seq + 5,
        mac: GENESIS_HASH,
      });
      expect(r.ok).toBe(false);
      expect(r.firstBad?.problem).toMatch(/checkpoint/u);
    });
  });

  it('serves the audit report and a FHIR AuditEvent export, each itself audited', async () => {
    const auditor = await s.signIn('auditor');
    const page = await auditor.get('/api/v1/audit/events?user=coder&action=patient');
    expect(page.status).toBe(200);
    const events = page.json<{ events: { action: string; username: string }[] }>().events;
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.username === 'coder' && e.action.startsWith('patient'))).toBe(true);
    const exported = await auditor.get('/api/v1/audit/export?action=auth.login');
    expect(exported.headers.get('content-type')).toContain('application/fhir+ndjson');
    const lines = exported.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatchObject({ resourceType: 'AuditEvent', action: 'E', outcome: '0' });
    const self = await s.handle.db
      .selectFrom('audit_events')
      .select('action')
      .where('username', '=', 'auditor')
      .execute();
    expect(self.map((r) => r.action)).toEqual(expect.arrayContaining(['audit.query', 'audit.export']));
  });

  it('lists everyone who opened a patient’s record, including emergency access with its reason', async () => {
    const physician = await s.signIn('physician');
    const untreated = await s.handle.db
      .selectFrom('patients')
      .select('id')
      .where(
        'id',
        'not in',
        s.handle.db.selectFrom('care_relationships').select('patient_id').where('user_id', '=', s.users.physician.id),
      )
      .executeTakeFirstOrThrow();
    const refused = await physician.get(`/api/v1/patients/${untreated.id}`);
    expect(refused.status).toBe(403);
    expect(refused.json<{ type: string }>().type).toMatch(/emergency-access-available$/u);
    expect(
      (await physician.post(`/api/v1/patients/${untreated.id}/emergency-access`, { reason: 'short' })).status,
    ).toBe(400);
    const grant = await physician.post(`/api/v1/patients/${untreated.id}/emergency-access`, {
      reason: 'Unresponsive in ED, need allergy history',
    });
    expect(grant.status).toBe(201);
    const opened = await physician.get(`/api/v1/patients/${untreated.id}`);
    expect(opened.json<{ access: string }>().access).toBe('emergency');
    // Limited in time: after the grant's 60 minutes the record is closed again.
    s.clock.advance(61 * 60_000);
    const again = await s.signIn('physician');
    expect((await again.get(`/api/v1/patients/${untreated.id}`)).status).toBe(403);
    // Not designated: refused, and audited.
    const coder = await s.signIn('coder');
    expect(
      (
        await coder.post(`/api/v1/patients/${untreated.id}/emergency-access`, {
          reason: 'Curious about this patient record',
        })
      ).status,
    ).toBe(403);
    const manager = await s.signIn('him_manager');
    const report = (await manager.get(`/api/v1/patients/${untreated.id}/access-report`)).json<{
      entries: { username: string; emergency: boolean; action: string; reason: string | null; outcome: string }[];
    }>();
    expect(
      report.entries.some(
        (e) => e.username === 'drpatel' && e.emergency && e.action === 'patient.read' && e.reason?.includes('allergy'),
      ),
    ).toBe(true);
    expect(report.entries.some((e) => e.username === 'drpatel' && e.outcome === 'denied')).toBe(true);
    const review = (await manager.get('/api/v1/emergency-access')).json<{
      grants: { id: string; username: string; reviewedAt: string | null }[];
    }>();
    const pending = review.grants.find((g) => g.username === 'drpatel' && g.reviewedAt === null);
    expect(pending).toBeDefined();
    expect(
      (await manager.post(`/api/v1/emergency-access/${pending!.id}/review`, { note: 'Appropriate: ED presentation' }))
        .status,
    ).toBe(200);
    const flagged = await manager.get('/api/v1/audit/events?emergency=true');
    expect(flagged.json<{ events: { action: string }[] }>().events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['emergency-access.grant', 'patient.read']),
    );
  });
});
