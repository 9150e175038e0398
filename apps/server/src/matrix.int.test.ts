import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_ROLES, permissionMatrixMarkdown, roleMay, ROLE_LABELS, type Role } from '@charta/core';
import { testDatabases } from '@charta/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleRequest } from './route-samples.js';
import { createTestServer, type TestClient, type TestServer } from './test-support.js';

describe.each(testDatabases())('permission matrix on $name', (kind) => {
  let s: TestServer;
  const clients = new Map<Role, TestClient>();
  let patientId: string;

  beforeAll(async () => {
    s = await createTestServer(kind);
    // Emergency access is for designated users only; designate everyone so the matrix shows the role decision.
    await s.handle.db.updateTable('users').set({ emergency_access_designated: true }).execute();
    for (const role of ALL_ROLES) clients.set(role, await s.signIn(role));
    // A patient the demo physician treats, so that "allowed" means allowed for every permitted role.
    const rel = await s.handle.db
      .selectFrom('care_relationships')
      .select('patient_id')
      .where('user_id', '=', s.users.physician.id)
      .executeTakeFirstOrThrow();
    patientId = rel.patient_id;
  });
  afterAll(async () => {
    await s?.close();
  });

  it('documents exactly the matrix the server enforces', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'permissions.md'), 'utf8');
    const table = doc.split('<!-- matrix:start -->')[1]?.split('<!-- matrix:end -->')[0]?.trim();
    expect(table).toBe(permissionMatrixMarkdown(ROLE_LABELS));
  });

  it('gives every route an explicit access rule', () => {
    for (const route of s.routes) expect(['public', 'session', 'permission']).toContain(route.access.kind);
  });

  it('refuses every protected route without a session (401)', async () => {
    for (const route of s.routes.filter((r) => r.access.kind !== 'public')) {
      const sample = route.access.kind === 'permission' ? sampleRequest(route, s, patientId) : { path: route.path };
      const anon = s.client();
      await anon.get('/api/v1/session');
      const res = await anon.request(route.method.toUpperCase(), sample.path, sample.body);
      expect(res.status, `${route.method} ${route.path}`).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('allows or refuses each role on each protected route exactly as documented', async () => {
    const results: string[] = [];
    for (const route of s.routes) {
      if (route.access.kind !== 'permission') continue;
      for (const role of ALL_ROLES) {
        const sample = sampleRequest(route, s, patientId);
        const res = await clients.get(role)!.request(route.method.toUpperCase(), sample.path, sample.body);
        const allowed = roleMay(role, route.access.action);
        const ok = allowed ? res.status !== 403 && res.status !== 401 : res.status === 403;
        if (!ok)
          results.push(
            `${role} ${route.method} ${route.path}: expected ${allowed ? 'allowed' : '403'}, got ${res.status} ${res.text.slice(0, 120)}`,
          );
        if (!allowed) expect(res.json<{ type: string }>().type).toMatch(/forbidden$/u);
      }
    }
    expect(results).toEqual([]);
  });

  it('audits each refusal', async () => {
    const denied = await s.handle.db
      .selectFrom('audit_events')
      .select(['username', 'detail'])
      .where('action', '=', 'access.denied')
      .execute();
    expect(denied.length).toBeGreaterThan(20);
  });

  it('refuses another organisation’s data as not found', async () => {
    const otherOrg = '11111111-1111-4111-8111-111111111111';
    await s.handle.db
      .insertInto('organizations')
      .values({ id: otherOrg, name: 'Elsewhere Clinic (synthetic)' })
      .execute();
    const pid = '22222222-2222-4222-8222-222222222222';
    await s.handle.db
      .insertInto('patients')
      .values({
        id: pid,
        org_id: otherOrg,
        mrn: 'X1',
        family_name: 'Outsider',
        given_name: 'Olive',
        birth_date: '1970-01-01',
        sex: 'F',
        address: null,
        phone: null,
        labels: [],
        updated_at: new Date(),
      })
      .execute();
    const coder = clients.get('coder')!;
    expect((await coder.get(`/api/v1/patients/${pid}`)).status).toBe(404);
    expect((await coder.get('/api/v1/patients?q=Outsider')).json<{ patients: unknown[] }>().patients).toEqual([]);
    expect((await clients.get('administrator')!.patch(`/api/v1/users/${pid}`, { displayName: 'x' })).status).toBe(404);
  });

  it('hides labelled records from users without the label grant', async () => {
    const pid = '33333333-3333-4333-8333-333333333333';
    await s.handle.db
      .insertInto('patients')
      .values({
        id: pid,
        org_id: s.orgId,
        mrn: 'P2-1',
        family_name: 'Labelled',
        given_name: 'Lee',
        birth_date: '1980-02-02',
        sex: 'M',
        address: null,
        phone: null,
        labels: ['42CFRPart2'],
        updated_at: new Date(),
      })
      .execute();
    const coder = clients.get('coder')!;
    expect((await coder.get(`/api/v1/patients/${pid}`)).status).toBe(404);
    expect((await coder.get('/api/v1/patients?q=Labelled')).json<{ patients: unknown[] }>().patients).toEqual([]);
  });
});
