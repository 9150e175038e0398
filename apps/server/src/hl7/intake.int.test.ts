import { connect, type Socket } from 'node:net';
import { getValue, MllpDecoder, mllpEncode, parseHl7 } from '@charta/core';
import { testDatabases } from '@charta/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../test-support.js';
import type { MllpListener } from './mllp-listener.js';
import { receiveHl7Message } from './intake.js';
import { startHl7Listener, systemRequestInfo } from './service.js';

// Synthetic messages only: every name, identifier and facility is made up (after core's synthetic-messages.ts).
function segment(id: string, fields: Readonly<Record<number, string>>): string {
  const last = Math.max(0, ...Object.keys(fields).map(Number));
  const parts = [id];
  for (let n = 1; n <= last; n++) parts.push(fields[n] ?? '');
  return parts.join('|');
}
const hl7 = (...segments: string[]) => segments.join('\r') + '\r';
const EVN = segment('EVN', { 2: '20260105143000', 6: '20260105142500' });
const PID_FIELDS: Readonly<Record<number, string>> = {
  1: '1',
  3: 'MRN000123^^^NWG^MR',
  5: 'TESTPATIENT^ALPHA',
  7: '19800229',
  8: 'F',
  11: '12 Example Way^Apt 4^Springfield^IL^62701^USA^H',
  13: '^PRN^PH^^^217^5550100',
  18: 'ACCT9001',
};
const PV1_FIELDS: Readonly<Record<number, string>> = {
  1: '1',
  2: 'I',
  3: '4W^401^B^NWG',
  7: '1234^DOCTOR^PRIMA^^^^MD',
  10: 'MED',
  19: 'VN55501',
  44: '20260105142500',
};
const MRG = segment('MRG', { 1: 'MRN000999^^^NWG^MR', 3: 'ACCT0001', 5: 'VN00001' });
const FACILITY = 'NORTHWIND GEN';
const VISIT_KEY = `hl7v2:${FACILITY}:VN55501`;

function msh(trigger: string, controlId: string): string {
  return `MSH|^~\\&|SYNTHADT|${FACILITY}|CHARTA|HIM|20260105143000||ADT^${trigger}^ADT_${trigger}|${controlId}|P|2.5.1`;
}
const pid = (fields: Readonly<Record<number, string>> = {}) => segment('PID', { ...PID_FIELDS, ...fields });
const pv1 = (fields: Readonly<Record<number, string>> = {}) => segment('PV1', { ...PV1_FIELDS, ...fields });

/** A client that collects ACKs and lets a test wait for the n-th one, without sleeping. */
class Client {
  readonly acks: string[] = [];
  readonly closed: Promise<void>;
  readonly #decoder = new MllpDecoder({ maxMessageBytes: 1024 * 1024 });
  #waiters: { n: number; resolve: () => void }[] = [];

  constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const e of this.#decoder.push(chunk)) if (e.type === 'message') this.acks.push(e.text);
      this.#waiters = this.#waiters.filter((w) => (this.acks.length >= w.n ? (w.resolve(), false) : true));
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static async open(port: number): Promise<Client> {
    const socket = connect({ port, host: '127.0.0.1' });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new Client(socket);
  }

  /** Sends one message and waits for its ACK. */
  async exchange(text: string): Promise<string> {
    const n = this.acks.length + 1;
    const waiting = new Promise<void>((resolve) => this.#waiters.push({ n, resolve }));
    this.socket.write(mllpEncode(text));
    await waiting;
    return this.acks[n - 1] ?? '';
  }
}

function msa(ack: string): { code: string | undefined; controlId: string | undefined; error: string | undefined } {
  const parsed = parseHl7(ack);
  if (!parsed.ok) throw new Error('ACK does not parse');
  return {
    code: getValue(parsed.value, 'MSA-1'),
    controlId: getValue(parsed.value, 'MSA-2'),
    error: getValue(parsed.value, 'ERR-3.1'),
  };
}

describe.each(testDatabases())('HL7 v2 ADT intake over MLLP on $name', (kind) => {
  let s: TestServer;
  let listener: MllpListener;
  let client: Client;

  beforeAll(async () => {
    s = await createTestServer(kind);
    listener = await startHl7Listener(s.services, { port: 0, host: '127.0.0.1', orgId: s.orgId });
    client = await Client.open(listener.port);
  });
  afterAll(async () => {
    client?.socket.destroy();
    await listener?.close();
    await s?.close();
  });

  const db = () => s.handle.db;
  const encounter = () =>
    db().selectFrom('encounters').selectAll().where('source_key', '=', VISIT_KEY).executeTakeFirstOrThrow();
  const message = (controlId: string) =>
    db().selectFrom('hl7_messages').selectAll().where('control_id', '=', controlId).execute();
  const patientByMrn = async (mrn: string) => {
    const id = await db()
      .selectFrom('patient_identifiers')
      .select('patient_id')
      .where('value', '=', mrn)
      .executeTakeFirst();
    return id ? db().selectFrom('patients').selectAll().where('id', '=', id.patient_id).executeTakeFirst() : undefined;
  };
  /** Compares a stored instant with an HL7 time as the database reads it, whatever its time zone setting. */
  const sameInstant = async (value: Date | null, text: string) => {
    const r = await sql<{ same: boolean }>`select ${value}::timestamptz = ${text}::timestamptz as same`.execute(db());
    return r.rows[0]?.same;
  };

  it('admits: a new patient (source hl7v2, MRN identifier) and an inpatient encounter', async () => {
    const ack = await client.exchange(hl7(msh('A01', 'IT-A01'), EVN, pid(), pv1()));
    expect(msa(ack)).toMatchObject({ code: 'AA', controlId: 'IT-A01' });
    const patient = await patientByMrn('MRN000123');
    expect(patient).toMatchObject({ source: 'hl7v2', family_name: 'TESTPATIENT', given_name: 'ALPHA', sex: 'F' });
    expect(patient?.birth_date).toBe('1980-02-29');
    const ids = await db()
      .selectFrom('patient_identifiers')
      .selectAll()
      .where('patient_id', '=', patient!.id)
      .execute();
    expect(ids.map((i) => [i.system, i.value, i.type])).toEqual([['NWG', 'MRN000123', 'MR']]);
    const e = await encounter();
    expect(e).toMatchObject({
      patient_id: patient!.id,
      type: 'inpatient',
      status: 'in_progress',
      location: '4W/401/B',
      service: 'MED',
      account_number: 'ACCT9001',
      source: 'hl7v2',
    });
    expect(await sameInstant(e.admit_at, '2026-01-05 14:25:00')).toBe(true);
    const attending = await db()
      .selectFrom('practitioners')
      .selectAll()
      .where('id', '=', e.attending_id!)
      .executeTakeFirstOrThrow();
    expect(attending).toMatchObject({ family_name: 'DOCTOR', given_name: 'PRIMA' });
    const [row] = await message('IT-A01');
    expect(row).toMatchObject({ status: 'applied', ack_code: 'AA', patient_id: patient!.id, encounter_id: e.id });
    expect(row?.channel).toBe('mllp');
    const audited = await db()
      .selectFrom('audit_events')
      .select(['action', 'user_id', 'record_id', 'detail'])
      .where('action', 'like', 'hl7.%')
      .execute();
    expect(audited.map((a) => a.action)).toEqual(
      expect.arrayContaining(['hl7.patient.create', 'hl7.encounter.create', 'hl7.apply']),
    );
    expect(audited.every((a) => a.user_id === null)).toBe(true);
    expect(audited.find((a) => a.action === 'hl7.apply')?.detail).toMatchObject({ messageId: row?.id });
  });

  it('transfers: the encounter moves to the new location', async () => {
    const ack = await client.exchange(
      hl7(msh('A02', 'IT-A02'), EVN, pid(), pv1({ 3: '5E^510^A^NWG', 6: '4W^401^B^NWG' })),
    );
    expect(msa(ack)).toMatchObject({ code: 'AA', controlId: 'IT-A02' });
    expect((await encounter()).location).toBe('5E/510/A');
  });

  it('discharges: status, time and disposition', async () => {
    const ack = await client.exchange(hl7(msh('A03', 'IT-A03'), EVN, pid(), pv1({ 36: '01', 45: '20260109101500' })));
    expect(msa(ack)).toMatchObject({ code: 'AA', controlId: 'IT-A03' });
    const e = await encounter();
    expect(e.status).toBe('discharged');
    expect(e.discharge_disposition).toBe('01');
    expect(await sameInstant(e.discharge_at, '2026-01-09 10:15:00')).toBe(true);
    // The discharge starts the record-completion clock at once: the discharge summary is owed.
    const owed = await db()
      .selectFrom('deficiencies')
      .select(['rule_id', 'kind', 'status'])
      .where('encounter_id', '=', e.id)
      .execute();
    expect(owed).toContainEqual({ rule_id: 'COMPLETION.DS.MISSING', kind: 'missing', status: 'open' });
  });

  it('cancels the discharge, and refuses to cancel a discharge that is no longer there (AE)', async () => {
    const ack = await client.exchange(hl7(msh('A13', 'IT-A13'), EVN, pid(), pv1({ 36: '01', 45: '20260109101500' })));
    expect(msa(ack)).toMatchObject({ code: 'AA', controlId: 'IT-A13' });
    const e = await encounter();
    expect(e).toMatchObject({ status: 'in_progress', discharge_at: null, discharge_disposition: null });
    const again = await client.exchange(hl7(msh('A13', 'IT-A13-2'), EVN, pid(), pv1()));
    expect(msa(again)).toMatchObject({ code: 'AE', controlId: 'IT-A13-2' });
    const [row] = await message('IT-A13-2');
    expect(row).toMatchObject({ status: 'error', ack_code: 'AE', error_location: 'PV1^1^19', patient_id: null });
    expect(row?.error_message).toMatch(/not been discharged/u);
  });

  it('updates patient information, and answers AE 204 for a patient it does not know', async () => {
    const ack = await client.exchange(
      hl7(msh('A08', 'IT-A08'), EVN, pid({ 5: 'TESTPATIENT^ALPHA^RIVER', 13: '^PRN^PH^^^217^5550199' }), pv1()),
    );
    expect(msa(ack)).toMatchObject({ code: 'AA', controlId: 'IT-A08' });
    expect(await patientByMrn('MRN000123')).toMatchObject({ middle_name: 'RIVER', phone: '2175550199' });
    const unknown = await client.exchange(
      hl7(msh('A08', 'IT-A08-UNKNOWN'), EVN, pid({ 3: 'MRN404404^^^NWG^MR' }), pv1({ 19: 'VN404' })),
    );
    expect(msa(unknown)).toMatchObject({ code: 'AE', controlId: 'IT-A08-UNKNOWN', error: '204' });
    expect(await patientByMrn('MRN404404')).toBeUndefined();
    expect((await message('IT-A08-UNKNOWN'))[0]).toMatchObject({ status: 'error', error_code: '204' });
  });

  it('cancels the admission', async () => {
    const ack = await client.exchange(hl7(msh('A11', 'IT-A11'), EVN, pid(), pv1()));
    expect(msa(ack)).toMatchObject({ code: 'AA', controlId: 'IT-A11' });
    expect((await encounter()).status).toBe('cancelled');
  });

  it('merges (A40): the merged patient’s encounters move to the survivor; the merged record is kept', async () => {
    const register = await client.exchange(
      hl7(
        msh('A04', 'IT-A04-PRIOR'),
        EVN,
        pid({ 3: 'MRN000999^^^NWG^MR', 5: 'TESTPATIENT^ALPHA', 18: 'ACCT0001' }),
        segment('PV1', { 1: '1', 2: 'O', 3: 'CLINIC2^^^NWG', 19: 'VN00001' }),
      ),
    );
    expect(msa(register).code).toBe('AA');
    const survivor = await patientByMrn('MRN000123');
    const prior = await patientByMrn('MRN000999');
    expect(prior?.id).not.toBe(survivor?.id);
    // The new record met the master patient index: same name and birth date, so the pair is queued for review.
    const pair = [survivor!.id, prior!.id].sort();
    const candidate = () =>
      db()
        .selectFrom('mpi_candidates')
        .select('status')
        .where('patient_a', '=', pair[0]!)
        .where('patient_b', '=', pair[1]!)
        .executeTakeFirst();
    expect(await candidate()).toMatchObject({ status: 'open' });
    const merge = await client.exchange(
      hl7(msh('A40', 'IT-A40'), EVN, segment('PID', { 1: '1', 3: 'MRN000123^^^NWG^MR', 5: 'TESTPATIENT^ALPHA' }), MRG),
    );
    expect(msa(merge)).toMatchObject({ code: 'AA', controlId: 'IT-A40' });
    const moved = await db()
      .selectFrom('encounters')
      .select('patient_id')
      .where('source_key', '=', `hl7v2:${FACILITY}:VN00001`)
      .executeTakeFirstOrThrow();
    expect(moved.patient_id).toBe(survivor?.id);
    const kept = await db().selectFrom('patients').selectAll().where('id', '=', prior!.id).executeTakeFirstOrThrow();
    expect(kept.merged_into).toBe(survivor?.id);
    expect(await candidate()).toMatchObject({ status: 'merged' });
    // The prior MRN now leads to the survivor.
    expect((await patientByMrn('MRN000999'))?.id).toBe(survivor?.id);
  });

  it('rejects malformed HL7 with AR and keeps it with its error', async () => {
    const ack = await client.exchange(
      'MSH|^~\\&|SYNTHADT|NORTHWIND GEN|CHARTA|HIM|20260105||ADT^A01|IT-BAD|P|9.9\rPID|1',
    );
    expect(msa(ack)).toMatchObject({ code: 'AR', controlId: 'IT-BAD' });
    const [row] = await message('IT-BAD');
    expect(row).toMatchObject({ status: 'rejected', ack_code: 'AR', error_code: '203' });
    const garbage = await client.exchange('this is not HL7');
    expect(msa(garbage).code).toBe('AR');
    const kept = await db().selectFrom('hl7_messages').select('status').where('raw', '=', 'this is not HL7').execute();
    expect(kept).toEqual([{ status: 'rejected' }]);
  });

  it('writes nothing for a client that disconnects mid-message, and keeps serving', async () => {
    const quitter = await Client.open(listener.port);
    const frame = mllpEncode(hl7(msh('A01', 'IT-CUT'), EVN, pid({ 3: 'MRN777777^^^NWG^MR' }), pv1({ 19: 'VN777' })));
    quitter.socket.write(frame.subarray(0, frame.length - 40));
    quitter.socket.destroy();
    await quitter.closed;
    const next = await Client.open(listener.port);
    const ack = await next.exchange(hl7(msh('A08', 'IT-AFTER-CUT'), EVN, pid(), pv1()));
    expect(msa(ack)).toMatchObject({ code: 'AA', controlId: 'IT-AFTER-CUT' });
    next.socket.destroy();
    expect(await message('IT-CUT')).toEqual([]);
    expect(await patientByMrn('MRN777777')).toBeUndefined();
  });

  it('answers a resent control id with the original ACK and does not apply it twice', async () => {
    const text = hl7(msh('A04', 'IT-RESEND'), EVN, pid({ 3: 'MRN555555^^^NWG^MR' }), pv1({ 2: 'O', 19: 'VN555' }));
    const first = await client.exchange(text);
    const count = async () =>
      Number(
        (
          await db()
            .selectFrom('audit_events')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const second = await client.exchange(text);
    expect(second).toBe(first);
    expect(msa(second)).toMatchObject({ code: 'AA', controlId: 'IT-RESEND' });
    expect(await count()).toBe(before);
    const rows = await message('IT-RESEND');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ receive_count: 2, attempts: 1, status: 'applied' });
    const ids = await db().selectFrom('patient_identifiers').select('id').where('value', '=', 'MRN555555').execute();
    expect(ids).toHaveLength(1);
  });

  it('refuses a different message under a control id already used (AE 205), never applying it', async () => {
    const ack = await client.exchange(
      hl7(msh('A08', 'IT-RESEND'), EVN, pid({ 3: 'MRN555555^^^NWG^MR', 8: 'M' }), pv1()),
    );
    expect(msa(ack)).toMatchObject({ code: 'AE', controlId: 'IT-RESEND', error: '205' });
    expect((await patientByMrn('MRN555555'))?.sex).toBe('F');
  });

  it('reports to the audit checkpoint only chain heads that were committed', async () => {
    const heads: { seq: number; hash: string }[] = [];
    const services = { ...s.services, onAuditHead: (h: { seq: number; hash: string }) => void heads.push(h) };
    const info = systemRequestInfo(s.services, 'file');
    // The demographics change is audited, then the cancel fails (the visit is not discharged): all rolled back.
    const failing = hl7(
      msh('A13', 'IT-HEAD-1'),
      EVN,
      pid({ 3: 'MRN555555^^^NWG^MR', 13: '^PRN^PH^^^217^5550142' }),
      pv1({ 19: 'VN555' }),
    );
    const r = await receiveHl7Message(services, failing, { orgId: s.orgId, channel: 'file', info });
    expect(r.ackCode).toBe('AE');
    expect((await patientByMrn('MRN555555'))?.phone).not.toBe('2175550142');
    expect(heads.length).toBeGreaterThan(0);
    for (const head of heads) {
      const row = await db().selectFrom('audit_events').select('hash').where('seq', '=', head.seq).executeTakeFirst();
      expect(row?.hash).toBe(head.hash);
    }
  });

  describe('review through the API', () => {
    it('imports a batch file, one ACK per message', async () => {
      const admin = await s.signIn('him_manager');
      const batch = [
        'FHS|^~\\&|SYNTHADT|NORTHWIND GEN',
        'BHS|^~\\&|SYNTHADT|NORTHWIND GEN',
        hl7(msh('A04', 'IT-API-1'), EVN, pid({ 3: 'MRN600001^^^NWG^MR' }), pv1({ 2: 'E', 19: 'VN6001' })).trimEnd(),
        hl7(msh('A08', 'IT-API-2'), EVN, pid({ 3: 'MRN600002^^^NWG^MR' }), pv1({ 19: 'VN6002' })).trimEnd(),
        'BTS|2',
        'FTS|1',
      ].join('\r');
      const res = await admin.post('/api/v1/hl7/messages', batch, { 'content-type': 'application/hl7-v2' });
      expect(res.status).toBe(200);
      const body = res.json<{ messages: { controlId: string; ackCode: string; status: string }[]; counts: object }>();
      expect(body.messages.map((m) => [m.controlId, m.ackCode, m.status])).toEqual([
        ['IT-API-1', 'AA', 'applied'],
        ['IT-API-2', 'AE', 'error'],
      ]);
      const e = await db()
        .selectFrom('encounters')
        .select('type')
        .where('source_key', '=', `hl7v2:${FACILITY}:VN6001`)
        .executeTakeFirstOrThrow();
      expect(e.type).toBe('emergency');
      expect((await admin.post('/api/v1/hl7/messages', '<html>', { 'content-type': 'text/html' })).status).toBe(415);
      const empty = await admin.post('/api/v1/hl7/messages', ' \r\n', { 'content-type': 'text/plain' });
      expect(empty.status).toBe(400);
    });

    it('lists errors without PHI, opens one (audited), reprocesses it once fixed, and dismisses another', async () => {
      const admin = await s.signIn('him_manager');
      const list = await admin.get('/api/v1/hl7/messages?status=error');
      expect(list.status).toBe(200);
      const messages = list.json<{ messages: { id: string; controlId: string; error: { code: string } }[] }>().messages;
      expect(list.text).not.toContain('TESTPATIENT');
      expect(list.text).not.toContain('MRN');
      const failed = messages.find((m) => m.controlId === 'IT-API-2');
      expect(failed?.error.code).toBe('204');

      const opened = await admin.get(`/api/v1/hl7/messages/${failed!.id}`);
      expect(opened.status).toBe(200);
      expect(opened.json<{ raw: string }>().raw).toContain('MRN600002');
      const reads = await db()
        .selectFrom('audit_events')
        .select('record_id')
        .where('action', '=', 'hl7.message.read')
        .execute();
      expect(reads.map((r) => r.record_id)).toContain(failed!.id);

      // Still unknown: reprocessing fails again and the message stays in error.
      const early = await admin.post(`/api/v1/hl7/messages/${failed!.id}/reprocess`);
      expect(early.json<{ status: string }>().status).toBe('error');
      // The patient is registered; the update now applies.
      const reg = await client.exchange(
        hl7(msh('A04', 'IT-API-REG'), EVN, pid({ 3: 'MRN600002^^^NWG^MR' }), pv1({ 2: 'O', 19: 'VN6002' })),
      );
      expect(msa(reg).code).toBe('AA');
      const done = await admin.post(`/api/v1/hl7/messages/${failed!.id}/reprocess`);
      expect(done.status).toBe(200);
      expect(done.json<{ status: string }>().status).toBe('reprocessed');
      expect((await admin.post(`/api/v1/hl7/messages/${failed!.id}/reprocess`)).status).toBe(409);

      const other = messages.find((m) => m.controlId === 'IT-A13-2');
      const dismissed = await admin.post(`/api/v1/hl7/messages/${other!.id}/dismiss`, {
        reason: 'Duplicate cancel from the sender',
      });
      expect(dismissed.status).toBe(204);
      expect((await message('IT-A13-2'))[0]).toMatchObject({ status: 'dismissed' });
      const noReason = await admin.post(`/api/v1/hl7/messages/${failed!.id}/dismiss`, { reason: '' });
      expect(noReason.status).toBe(400);
    });
  });
});
