import type { NotificationList, NotificationRunResult, NotificationSettings, SuspensionList } from '@charta/contracts';
import { DEFAULT_ESCALATION_LADDER } from '@charta/core';
import { testDatabases } from '@charta/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestClient, type TestServer } from '../test-support.js';
import { runNotifications } from './run.js';
import { CLINICIAN_EMAIL, PATIENT, stayWithoutSummary } from './test-fixtures.js';
import { recipientHash } from './transport.js';

const FACILITY = 'North Campus (synthetic)';
const DISCHARGE = '2026-01-10T12:00:00.000Z';
/** The default rule set: discharge summary due 14 days after discharge, the record delinquent after 30. */
const DUE = '2026-01-24T12:00:00.000Z';
const DELINQUENT = '2026-02-09T12:00:00.000Z';
const DAY = 86_400_000;
const after = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY).toISOString();

/** The facility's ladder: the defaults, with the chair and the medical staff office told by e-mail. */
const LADDER = {
  ...DEFAULT_ESCALATION_LADDER,
  steps: DEFAULT_ESCALATION_LADDER.steps.map((step) => ({
    ...step,
    recipients:
      step.id === 'chair'
        ? ['clinician', 'department_chair']
        : step.id === 'suspension'
          ? ['clinician', 'medical_staff_office']
          : ['clinician'],
  })),
  contacts: {
    departmentChairs: [{ specialty: null, email: 'chair.medicine@example.org' }],
    medicalStaffOffice: 'medical.staff@example.org',
  },
};

describe.each(testDatabases())('deficiency notifications and the escalation ladder on $name', (kind) => {
  let s: TestServer;
  let manager: TestClient;
  let physician: TestClient;
  let coder: TestClient;
  let practitionerId: string;

  async function at(instant: string): Promise<void> {
    s.clock.set(instant);
    manager = await s.signIn('him_manager');
    physician = await s.signIn('physician');
    coder = await s.signIn('coder');
  }
  async function runNow(): Promise<NotificationRunResult> {
    const res = await manager.post('/api/v1/notifications/run');
    expect(res.status, res.text).toBe(200);
    return res.json<NotificationRunResult>();
  }
  async function rows() {
    return s.handle.db
      .selectFrom('notifications')
      .selectAll()
      .where('org_id', '=', s.orgId)
      .orderBy('created_at')
      .orderBy('recipient_kind')
      .orderBy('channel')
      .execute();
  }
  async function inbox(): Promise<NotificationList> {
    const res = await physician.get('/api/v1/notifications');
    expect(res.status, res.text).toBe(200);
    return res.json<NotificationList>();
  }

  beforeAll(async () => {
    s = await createTestServer(kind);
    s.clock.set('2026-01-12T09:00:00Z');
    ({ practitionerId } = await stayWithoutSummary(s, {
      facility: FACILITY,
      account: 'NTF-1',
      dischargeAt: DISCHARGE,
    }));
    manager = await s.signIn('him_manager');
    physician = await s.signIn('physician');
    coder = await s.signIn('coder');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('starts with the defaults and versions a facility’s ladder, refusing contradictions with their paths', async () => {
    const initial = await coder.get(`/api/v1/notifications/settings?facility=${encodeURIComponent(FACILITY)}`);
    expect(initial.status).toBe(200);
    expect(initial.json<NotificationSettings>()).toMatchObject({ source: 'default', version: 0 });

    const saved = await manager.put('/api/v1/notifications/settings', {
      facility: FACILITY,
      baseVersion: 0,
      note: 'Medical staff bylaws: chair at delinquency',
      ladder: LADDER,
    });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json<NotificationSettings>()).toMatchObject({ source: 'facility', version: 1 });

    const [reminder, second, chair, suspension] = LADDER.steps;
    const refusals: [unknown, string][] = [
      [{ ...LADDER, steps: [second, reminder, chair, suspension] }, '/ladder/steps/1/id'],
      [{ ...LADDER, steps: [reminder, second, second, suspension] }, '/ladder/steps/2/id'],
      [{ ...LADDER, contacts: { ...LADDER.contacts, departmentChairs: [] } }, '/ladder/steps/2/recipients/1'],
      [{ ...LADDER, steps: [reminder, { ...second, afterDays: -3 }, chair, suspension] }, '/ladder/steps/1/afterDays'],
      [
        { ...LADDER, steps: [reminder, { ...second, channels: ['pager'] }, chair, suspension] },
        '/ladder/steps/1/channels/0',
      ],
      [
        { ...LADDER, steps: [reminder, second, chair, { ...suspension, anchor: 'due', afterDays: 40 }] },
        '/ladder/steps/3/anchor',
      ],
    ];
    for (const [ladder, path] of refusals) {
      const res = await manager.put('/api/v1/notifications/settings', {
        facility: FACILITY,
        baseVersion: 1,
        note: 'Contradictory edit',
        ladder,
      });
      expect(res.status, res.text).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain(path);
    }
    const stale = await manager.put('/api/v1/notifications/settings', {
      facility: FACILITY,
      baseVersion: 0,
      note: 'Late edit',
      ladder: DEFAULT_ESCALATION_LADDER,
    });
    expect(stale.status).toBe(409);
    expect(
      (
        await coder.put('/api/v1/notifications/settings', {
          facility: FACILITY,
          baseVersion: 1,
          note: 'x',
          ladder: LADDER,
        })
      ).status,
    ).toBe(403);

    const kept = (
      await coder.get(`/api/v1/notifications/settings?facility=${encodeURIComponent(FACILITY)}`)
    ).json<NotificationSettings>();
    expect(kept).toMatchObject({ source: 'facility', version: 1 });
    expect(kept.ladder.contacts.departmentChairs).toEqual(LADDER.contacts.departmentChairs);
    const other = (await coder.get('/api/v1/notifications/settings?facility=Elsewhere')).json<NotificationSettings>();
    expect(other).toMatchObject({ source: 'default', version: 0 });
    const audited = await s.handle.db
      .selectFrom('audit_events')
      .select(['outcome'])
      .where('action', '=', 'notification.settings.update')
      .execute();
    expect(audited.map((a) => a.outcome).sort()).toEqual(['failure', 'success']);
  });

  it('sends nothing before the due date', async () => {
    await at(after(DUE, -1));
    expect(await runNow()).toMatchObject({ digests: 0, escalated: 0 });
    expect(await rows()).toEqual([]);
  });

  it('reminds the clinician at the due date, in the application and by e-mail, once', async () => {
    await at(DUE);
    const run = await runNow();
    expect(run).toMatchObject({ digests: 1, inApp: 1, emailsQueued: 1, escalated: 1, delivered: 1, failed: 0 });
    const written = await rows();
    expect(written.map((r) => [r.step, r.recipient_kind, r.channel, r.status])).toEqual([
      ['reminder', 'clinician', 'email', 'sent'],
      ['reminder', 'clinician', 'in_app', 'sent'],
    ]);
    expect(written[0]?.recipient_email).toBe(CLINICIAN_EMAIL);
    const list = await inbox();
    expect(list.unread).toBe(1);
    expect(list.notifications[0]).toMatchObject({ step: 'reminder', deficiencyCount: 1, readAt: null });
    expect(list.notifications[0]?.body).toContain('NTF-1');
    for (const r of written) {
      for (const text of [r.subject, r.body]) {
        expect(text).not.toContain(PATIENT.family);
        expect(text).not.toContain(PATIENT.mrn);
      }
    }
    expect(written.find((r) => r.channel === 'email')?.body).not.toContain('NTF-1');

    expect(await runNow()).toMatchObject({ digests: 0, escalated: 0 });
    await at(after(DUE, 3));
    expect(await runNotifications(s.services, { now: s.clock.now() })).toMatchObject({ digests: 0 });
    expect(await rows()).toHaveLength(2);
  });

  it('logs the e-mail without the body, the address or anything about the patient', () => {
    const lines = s.logLines.filter((l) => l.includes('notification.'));
    expect(lines.length).toBeGreaterThan(0);
    const line = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(line).toMatchObject({ event: 'notification.reminder', count: 1, userId: s.users.physician.id });
    expect(String(line['msg'])).toContain(recipientHash(CLINICIAN_EMAIL));
    const all = s.logLines.join('\n');
    for (const secret of [PATIENT.family, PATIENT.given, PATIENT.mrn, 'NTF-1', CLINICIAN_EMAIL, 'Reminder: records'])
      expect(all).not.toContain(secret);
  });

  it('lets the clinician mark an in-app notification read, and nobody else', async () => {
    const [first] = (await inbox()).notifications;
    expect(first).toBeDefined();
    expect((await manager.post(`/api/v1/notifications/${first!.id}/read`)).status).toBe(404);
    const read = await physician.post(`/api/v1/notifications/${first!.id}/read`);
    expect(read.status, read.text).toBe(200);
    expect(read.json<{ readAt: string }>().readAt).toBe(s.clock.now().toISOString());
    expect((await inbox()).unread).toBe(0);
    expect((await manager.get('/api/v1/notifications')).json<NotificationList>().notifications).toEqual([]);
  });

  it('sends a second notice a week after the due date', async () => {
    await at(after(DUE, 7));
    expect(await runNow()).toMatchObject({ digests: 1, inApp: 1, emailsQueued: 1 });
    expect((await inbox()).notifications.map((n) => n.step)).toEqual(['second_notice', 'reminder']);
  });

  it('tells the department chair at delinquency, naming the suspension date', async () => {
    await at(DELINQUENT);
    expect(await runNow()).toMatchObject({ digests: 2, inApp: 1, emailsQueued: 2, delivered: 2 });
    const chair = (await rows()).find((r) => r.recipient_kind === 'department_chair');
    expect(chair).toMatchObject({ step: 'chair', channel: 'email', recipient_email: 'chair.medicine@example.org' });
    expect(chair?.body).toContain('Priya Vantongeren, MD: 1 open');
    expect(chair?.body).toContain('2026-02-19');
    expect(chair?.body).not.toContain(PATIENT.family);
    expect((await inbox()).notifications[0]?.subject).toContain('Delinquent records');
    const list = (await coder.get('/api/v1/notifications/suspension-list')).json<SuspensionList>();
    expect(list.clinicians).toEqual([]);
  });

  it('puts the clinician on the suspension list and tells the medical staff office', async () => {
    await at(after(DELINQUENT, 10));
    expect(await runNow()).toMatchObject({ digests: 2 });
    const office = (await rows()).find((r) => r.recipient_kind === 'medical_staff_office');
    expect(office).toMatchObject({ step: 'suspension', recipient_email: 'medical.staff@example.org', status: 'sent' });
    const res = await coder.get('/api/v1/notifications/suspension-list');
    expect(res.status).toBe(200);
    const list = res.json<SuspensionList>();
    expect(list.clinicians).toHaveLength(1);
    expect(list.clinicians[0]).toMatchObject({
      practitionerId,
      name: 'Priya Vantongeren, MD',
      specialty: 'Cardiology',
    });
    expect(list.clinicians[0]?.deficiencies.map((d) => d.accountNumber)).toEqual(['NTF-1']);
    expect((await physician.get('/api/v1/notifications/suspension-list')).status).toBe(403);
  });

  it('has sent each step once, and repeats the last one weekly to the clinician only', async () => {
    const sent = (await rows()).filter((r) => r.channel === 'in_app').map((r) => r.step);
    expect(sent).toEqual(['reminder', 'second_notice', 'chair', 'suspension']);
    await at(after(DELINQUENT, 16));
    expect(await runNow()).toMatchObject({ digests: 0 });
    await at(after(DELINQUENT, 17));
    expect(await runNow()).toMatchObject({ digests: 1, inApp: 1, emailsQueued: 1 });
    const repeat = (await rows()).filter((r) => r.repeat);
    expect(repeat.map((r) => [r.step, r.recipient_kind])).toEqual([
      ['suspension', 'clinician'],
      ['suspension', 'clinician'],
    ]);
  });

  it('takes the clinician off the suspension list once the record is complete', async () => {
    await s.handle.db
      .updateTable('deficiencies')
      .set({ status: 'waived', reason: 'Test: completed on paper', closed_at: s.clock.now() })
      .where('practitioner_id', '=', practitionerId)
      .execute();
    expect((await coder.get('/api/v1/notifications/suspension-list')).json<SuspensionList>().clinicians).toEqual([]);
  });

  it('audits every run and read', async () => {
    const actions = await s.handle.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', 'like', 'notification.%')
      .execute();
    const names = new Set(actions.map((a) => a.action));
    for (const a of [
      'notification.run',
      'notification.deliver',
      'notification.list',
      'notification.read',
      'notification.settings.read',
      'notification.settings.update',
      'notification.suspension-list.read',
    ])
      expect(names).toContain(a);
  });
});
