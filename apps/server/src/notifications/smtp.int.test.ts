import type { OutboxList, OutboxNotification } from '@charta/contracts';
import { testDatabases } from '@charta/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestClient, type TestServer } from '../test-support.js';
import { runNotifications } from './run.js';
import { CLINICIAN_EMAIL, PATIENT, startFakeSmtp, stayWithoutSummary, type FakeSmtp } from './test-fixtures.js';
import { closeNotificationTransport } from './transport.js';

const DISCHARGE = '2026-01-10T12:00:00.000Z';
const DUE = '2026-01-24T12:00:00.000Z';
const DELINQUENT = '2026-02-09T12:00:00.000Z';
const MINUTE = 60_000;
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

describe.each(testDatabases())('notification e-mail through an SMTP server on $name', (kind) => {
  let smtp: FakeSmtp;
  let s: TestServer;
  let manager: TestClient;

  async function at(instant: string) {
    s.clock.set(instant);
    manager = await s.signIn('him_manager');
    return runNotifications(s.services, { now: s.clock.now() });
  }
  async function outbox(status = 'all'): Promise<OutboxList> {
    const res = await manager.get(`/api/v1/notifications/outbox?status=${status}`);
    expect(res.status, res.text).toBe(200);
    return res.json<OutboxList>();
  }
  const byStep = async (step: string): Promise<OutboxNotification> => {
    const found = (await outbox()).notifications.find((n) => n.step === step && n.recipientKind === 'clinician');
    expect(found).toBeDefined();
    return found as OutboxNotification;
  };

  beforeAll(async () => {
    smtp = await startFakeSmtp();
    s = await createTestServer(kind, {
      config: {
        notify: {
          transport: 'smtp',
          smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
          from: 'charta@example.org',
          intervalMinutes: 0,
          maxAttempts: 3,
        },
      },
    });
    s.clock.set('2026-01-12T09:00:00Z');
    await stayWithoutSummary(s, { facility: 'South Campus (synthetic)', account: 'NTF-S1', dischargeAt: DISCHARGE });
  });
  afterAll(async () => {
    if (s) closeNotificationTransport(s.services);
    await s?.close();
    await smtp?.close();
  });

  it('delivers the reminder through the SMTP server, with counts and no patient details', async () => {
    smtp.mode = 'ok';
    const run = await at(DUE);
    expect(run).toMatchObject({ emailsQueued: 1, delivered: 1, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.from).toBe('charta@example.org');
    expect(mail.to).toEqual([CLINICIAN_EMAIL]);
    expect(mail.data).toContain('Subject: Charta: Reminder: records to complete (1)');
    expect(mail.data).toContain('1 missing documents');
    for (const secret of [PATIENT.family, PATIENT.given, PATIENT.mrn, 'NTF-S1'])
      expect(mail.data).not.toContain(secret);
    expect(await byStep('reminder')).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
  });

  it('keeps an e-mail the server defers (451) or cuts off, retries it with backoff, and delivers it once the server recovers', async () => {
    smtp.mode = 'tempfail';
    const deferred = await at(plus(DUE, 7 * 1440 * MINUTE));
    expect(deferred).toMatchObject({ emailsQueued: 1, delivered: 0, failed: 1 });
    let n = await byStep('second_notice');
    expect(n).toMatchObject({ status: 'failed', attempts: 1 });
    expect(n.lastError).toContain('451');
    expect(n.lastError).not.toContain(CLINICIAN_EMAIL);
    expect(n.nextAttemptAt).toBe(plus(s.clock.now().toISOString(), 5 * MINUTE));
    expect((await outbox('failed')).counts).toMatchObject({ failed: 1, sent: 1 });

    smtp.mode = 'drop';
    expect(await at(n.nextAttemptAt!)).toMatchObject({ digests: 0, delivered: 0, failed: 1 });
    n = await byStep('second_notice');
    expect(n).toMatchObject({ status: 'failed', attempts: 2 });
    expect(n.lastError).toMatch(/conn|clos|socket/iu);
    expect(n.nextAttemptAt).toBe(plus(s.clock.now().toISOString(), 10 * MINUTE));

    smtp.mode = 'ok';
    expect(await at(plus(s.clock.now().toISOString(), 9 * MINUTE))).toMatchObject({ delivered: 0, failed: 0 });
    expect(await at(n.nextAttemptAt!)).toMatchObject({ delivered: 1, failed: 0 });
    expect(await byStep('second_notice')).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    expect(smtp.received.map((m) => /Subject: (.*)/u.exec(m.data)?.[1])).toEqual([
      'Charta: Reminder: records to complete (1)',
      'Charta: Second notice: records to complete (1)',
    ]);
  });

  it('stops automatic retries of a refused e-mail (554) after the maximum, keeps it in the outbox, and sends it on a manual retry', async () => {
    smtp.mode = 'reject';
    expect(await at(DELINQUENT)).toMatchObject({ failed: 1 });
    let n = await byStep('chair');
    expect(n.lastError).toContain('554');
    await at(n.nextAttemptAt!);
    n = await byStep('chair');
    await at(n.nextAttemptAt!);
    n = await byStep('chair');
    expect(n).toMatchObject({ status: 'failed', attempts: 3, nextAttemptAt: null });
    expect(await at(plus(DELINQUENT, 1440 * MINUTE))).toMatchObject({ delivered: 0, failed: 0 });
    const failed = await outbox();
    expect(failed.counts.failed).toBe(1);

    smtp.mode = 'ok';
    const technician = await s.signIn('him_technician');
    const retried = await technician.post(`/api/v1/notifications/${n.id}/retry`);
    expect(retried.status, retried.text).toBe(200);
    expect(retried.json<OutboxNotification>()).toMatchObject({ status: 'sent', attempts: 4, lastError: null });
    expect((await technician.post(`/api/v1/notifications/${n.id}/retry`)).status).toBe(409);
    expect((await (await s.signIn('coder')).post(`/api/v1/notifications/${n.id}/retry`)).status).toBe(403);
    expect(smtp.received).toHaveLength(3);
    const audited = await s.handle.db
      .selectFrom('audit_events')
      .select(['outcome'])
      .where('action', '=', 'notification.deliver')
      .execute();
    expect(audited.filter((a) => a.outcome === 'failure').length).toBeGreaterThanOrEqual(4);
  });

  it('writes no address or server secret to the log', () => {
    const all = s.logLines.join('\n');
    expect(all).not.toContain(CLINICIAN_EMAIL);
    expect(all).not.toContain(PATIENT.family);
  });
});
