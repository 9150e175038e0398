import { randomUUID } from 'node:crypto';
import type {
  CodingHistory,
  CodingState,
  DnfbReport,
  ProductivityReport,
  WorkItem,
  WorkQueueList,
} from '@charta/contracts';
import { testDatabases } from '@charta/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestClient, type TestServer } from '../test-support.js';

const DAY = 86_400_000;

/** A clean inpatient coding under FY2026 (heart failure with acute respiratory failure: an MCC). */
const CLEAN_INPATIENT = {
  diagnoses: [
    { code: 'I50.23', poa: 'Y' },
    { code: 'J96.01', poa: 'Y' },
  ],
  procedures: [],
};

describe.each(testDatabases())('coding work on $name', (kind) => {
  let s: TestServer;
  let coder: TestClient;
  let manager: TestClient;
  let cdi: TestClient;
  let registrar: TestClient;
  let physician: TestClient;
  let patientId: string;
  let seq = 0;

  async function newPatient(labels: string[] = []): Promise<string> {
    const id = randomUUID();
    await s.handle.db
      .insertInto('patients')
      .values({
        id,
        org_id: s.orgId,
        mrn: `CW${++seq}`,
        family_name: 'Quill',
        given_name: `Test${seq}`,
        birth_date: '1958-03-02',
        sex: 'F',
        address: null,
        phone: null,
        labels,
        updated_at: new Date(),
      })
      .execute();
    return id;
  }

  interface EncounterSeed {
    type?: string;
    status?: string;
    dischargeAt?: Date | null;
    admitAt?: Date | null;
    payer?: string | null;
    service?: string | null;
    expected?: number | null;
    patient?: string;
    labels?: string[];
  }

  function encounterValues(e: EncounterSeed) {
    const id = randomUUID();
    const discharge = e.dischargeAt === undefined ? new Date(s.clock.now().getTime() - DAY) : e.dischargeAt;
    return {
      id,
      org_id: s.orgId,
      patient_id: e.patient ?? patientId,
      account_number: `ACCT-${++seq}`,
      type: e.type ?? 'inpatient',
      status: e.status ?? 'discharged',
      admit_at: e.admitAt ?? (discharge ? new Date(discharge.getTime() - 4 * DAY) : new Date('2026-01-05T10:00:00Z')),
      discharge_at: discharge,
      discharge_disposition: '01',
      service: e.service ?? 'MED',
      payer: e.payer ?? 'Medicare',
      expected_charges: e.expected ?? null,
      labels: e.labels ?? [],
      source: 'test',
      source_key: `enc-${id}`,
      updated_at: new Date(),
    };
  }

  async function newEncounter(e: EncounterSeed = {}): Promise<string> {
    const v = encounterValues(e);
    await s.handle.db.insertInto('encounters').values(v).execute();
    return v.id;
  }

  async function workItem(encounterId: string) {
    return s.handle.db
      .selectFrom('coding_work_items')
      .selectAll()
      .where('encounter_id', '=', encounterId)
      .executeTakeFirst();
  }

  async function addCharge(encounterId: string, amount: string) {
    const id = randomUUID();
    await s.handle.db
      .insertInto('charges')
      .values({ id, org_id: s.orgId, encounter_id: encounterId, amount, units: 1, source_key: `ch-${id}` })
      .execute();
  }

  beforeAll(async () => {
    s = await createTestServer(kind);
    coder = await s.signIn('coder');
    manager = await s.signIn('him_manager');
    cdi = await s.signIn('cdi_specialist');
    registrar = await s.signIn('registrar');
    physician = await s.signIn('physician');
    patientId = await newPatient();
    // Load the reference tables once, before the tests that use them.
    await s.services.reference.validation();
    await s.services.reference.drg();
  }, 300_000);
  afterAll(async () => {
    await s?.close();
  });

  describe('queue entry', () => {
    it('enters an inpatient stay at discharge, once, due three days later', async () => {
      const id = await newEncounter({ status: 'in_progress', dischargeAt: null });
      expect(await workItem(id)).toBeUndefined();
      const discharge = new Date('2026-01-14T15:00:00Z');
      await s.handle.db
        .updateTable('encounters')
        .set({ status: 'discharged', discharge_at: discharge })
        .where('id', '=', id)
        .execute();
      const item = await workItem(id);
      expect(item).toMatchObject({ queue: 'inpatient', status: 'unassigned', priority: 0 });
      expect(new Date(item!.due_at).getTime()).toBe(discharge.getTime() + 3 * DAY);
      // The same status again, and a later completion, leave one item.
      await s.handle.db.updateTable('encounters').set({ status: 'discharged' }).where('id', '=', id).execute();
      await s.handle.db.updateTable('encounters').set({ status: 'completed' }).where('id', '=', id).execute();
      const items = await s.handle.db
        .selectFrom('coding_work_items')
        .select('encounter_id')
        .where('encounter_id', '=', id)
        .execute();
      expect(items).toHaveLength(1);
    });

    it('enters a visit written already completed, due two days later', async () => {
      const done = new Date('2026-01-13T11:00:00Z');
      const id = await newEncounter({ type: 'outpatient', status: 'completed', dischargeAt: done });
      const item = await workItem(id);
      expect(item?.queue).toBe('outpatient');
      expect(new Date(item!.due_at).getTime()).toBe(done.getTime() + 2 * DAY);
    });

    it('enqueues the ended encounters of a bulk insert, and only those', async () => {
      const rows = Array.from({ length: 40 }, (_, i) =>
        encounterValues({
          type: i % 2 === 0 ? 'emergency' : 'observation',
          status: i % 4 === 0 ? 'in_progress' : i % 2 === 0 ? 'completed' : 'discharged',
          dischargeAt: i % 4 === 0 ? null : new Date('2026-01-12T08:00:00Z'),
        }),
      );
      await s.handle.db.insertInto('encounters').values(rows).execute();
      const n = await s.handle.db
        .selectFrom('coding_work_items')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where(
          'encounter_id',
          'in',
          rows.map((r) => r.id),
        )
        .executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(30);
    });

    it('leaves the queue when the discharge is cancelled (A13) or the encounter cancelled, unless final', async () => {
      const a = await newEncounter();
      expect(await workItem(a)).toBeDefined();
      await s.handle.db
        .updateTable('encounters')
        .set({ status: 'in_progress', discharge_at: null })
        .where('id', '=', a)
        .execute();
      expect(await workItem(a)).toBeUndefined();
      const b = await newEncounter({ type: 'emergency', status: 'completed' });
      await s.handle.db.updateTable('encounters').set({ status: 'cancelled' }).where('id', '=', b).execute();
      expect(await workItem(b)).toBeUndefined();
      const c = await newEncounter();
      await s.handle.db
        .updateTable('coding_work_items')
        .set({ status: 'final' })
        .where('encounter_id', '=', c)
        .execute();
      await s.handle.db.updateTable('encounters').set({ status: 'cancelled' }).where('id', '=', c).execute();
      expect((await workItem(c))?.status).toBe('final');
    });

    it('uses the site’s due days once set', async () => {
      const put = await manager.put('/api/v1/coding-queue/settings', { dueDays: { inpatient: 5 } });
      expect(put.status).toBe(200);
      expect(put.json<{ dueDays: Record<string, number> }>().dueDays).toMatchObject({ inpatient: 5, outpatient: 2 });
      const discharge = new Date('2026-01-14T09:00:00Z');
      const id = await newEncounter({ dischargeAt: discharge });
      expect(new Date((await workItem(id))!.due_at).getTime()).toBe(discharge.getTime() + 5 * DAY);
      await manager.put('/api/v1/coding-queue/settings', { dueDays: { inpatient: 3 } });
      expect((await coder.put('/api/v1/coding-queue/settings', { dueDays: { inpatient: 1 } })).status).toBe(403);
    });
  });

  describe('queue API', () => {
    let p2: string;
    let oldOne: string;
    let newOne: string;
    beforeAll(async () => {
      p2 = await newPatient();
      const now = s.clock.now().getTime();
      oldOne = await newEncounter({
        patient: p2,
        type: 'skilled_nursing',
        payer: 'Acme Health',
        service: 'REHAB',
        dischargeAt: new Date(now - 10 * DAY - 3600_000),
      });
      newOne = await newEncounter({
        patient: p2,
        type: 'skilled_nursing',
        payer: 'Acme Health',
        service: 'REHAB',
        dischargeAt: new Date(now - 3600_000),
      });
    });

    it('filters by queue, payer, service and age, sorts by age, and counts per queue', async () => {
      const res = await coder.get('/api/v1/coding-queue?queue=skilled_nursing&payer=acme%20health&sort=age');
      expect(res.status).toBe(200);
      const list = res.json<WorkQueueList>();
      expect(list.items.map((i) => i.encounterId)).toEqual([oldOne, newOne]);
      expect(list.total).toBe(2);
      expect(list.items[0]).toMatchObject({ ageDays: 10, overdue: true, mrn: expect.any(String), familyName: 'Quill' });
      expect(list.items[1]).toMatchObject({ ageDays: 0, overdue: false });
      const snf = list.counts.find((c) => c.queue === 'skilled_nursing');
      expect(snf).toMatchObject({ open: 2, unassigned: 2, overdue: 1 });

      const aged = await coder.get('/api/v1/coding-queue?queue=skilled_nursing&minAgeDays=5&maxAgeDays=20');
      expect(aged.json<WorkQueueList>().items.map((i) => i.encounterId)).toEqual([oldOne]);
      const young = await coder.get('/api/v1/coding-queue?queue=skilled_nursing&maxAgeDays=0');
      expect(young.json<WorkQueueList>().items.map((i) => i.encounterId)).toEqual([newOne]);
      const overdue = await coder.get('/api/v1/coding-queue?queue=skilled_nursing&due=overdue');
      expect(overdue.json<WorkQueueList>().items.map((i) => i.encounterId)).toEqual([oldOne]);
      const service = await coder.get('/api/v1/coding-queue?service=rehab&queue=skilled_nursing&sort=age&order=desc');
      expect(service.json<WorkQueueList>().items.map((i) => i.encounterId)).toEqual([newOne, oldOne]);
    });

    it('audits the list read with the patients shown', async () => {
      await coder.get('/api/v1/coding-queue?queue=skilled_nursing');
      const ev = await s.handle.db
        .selectFrom('audit_events')
        .select(['detail', 'username'])
        .where('action', '=', 'coding-queue.list')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(ev.username).toBe(s.users.coder.username);
      expect((ev.detail as { patientIds: string[] }).patientIds).toContain(p2);
    });

    it('takes, refuses a second taker, releases, holds, resumes; assigns and prioritises for managers only', async () => {
      const take = await coder.post(`/api/v1/coding-queue/${oldOne}/take`);
      expect(take.status).toBe(200);
      expect(take.json<WorkItem>()).toMatchObject({ status: 'assigned', assignee: { id: s.users.coder.id } });
      expect((await cdi.post(`/api/v1/coding-queue/${oldOne}/take`)).status).toBe(409);
      expect((await cdi.post(`/api/v1/coding-queue/${oldOne}/release`)).status).toBe(403);
      const mine = await coder.get('/api/v1/coding-queue?assignee=me');
      expect(mine.json<WorkQueueList>().items.map((i) => i.encounterId)).toEqual([oldOne]);

      const held = await coder.post(`/api/v1/coding-queue/${oldOne}/hold`, {
        reason: 'physician_query',
        note: 'Query sent on acuity',
      });
      expect(held.json<WorkItem>()).toMatchObject({ status: 'on_hold', holdReason: 'physician_query' });
      expect((await coder.post(`/api/v1/coding-queue/${oldOne}/hold`, { reason: 'later' })).status).toBe(400);
      const onHold = await coder.get('/api/v1/coding-queue?status=on_hold&holdReason=physician_query');
      expect(onHold.json<WorkQueueList>().items.map((i) => i.encounterId)).toEqual([oldOne]);
      expect((await coder.post(`/api/v1/coding-queue/${oldOne}/resume`)).json<WorkItem>().status).toBe('assigned');
      expect((await coder.post(`/api/v1/coding-queue/${oldOne}/resume`)).status).toBe(409);
      expect((await coder.post(`/api/v1/coding-queue/${oldOne}/release`)).json<WorkItem>().status).toBe('unassigned');

      expect((await coder.patch(`/api/v1/coding-queue/${newOne}`, { priority: 5 })).status).toBe(403);
      const assign = await manager.patch(`/api/v1/coding-queue/${newOne}`, {
        priority: 7,
        assigneeId: s.users.cdi_specialist.id,
      });
      expect(assign.status).toBe(200);
      expect(assign.json<WorkItem>()).toMatchObject({ priority: 7, status: 'assigned' });
      const bad = await manager.patch(`/api/v1/coding-queue/${newOne}`, { assigneeId: s.users.registrar.id });
      expect(bad.status).toBe(400);
      const top = await coder.get('/api/v1/coding-queue?queue=skilled_nursing&sort=priority');
      expect(top.json<WorkQueueList>().items[0]?.encounterId).toBe(newOne);
      expect((await registrar.get('/api/v1/coding-queue')).status).toBe(403);
      expect((await coder.post(`/api/v1/coding-queue/${randomUUID()}/take`)).status).toBe(404);
    });

    it('leaves out patients whose labels the coder may not see', async () => {
      const hidden = await newPatient(['42CFRPart2']);
      const e = await newEncounter({ patient: hidden, type: 'behavioral_health' });
      const list = await coder.get('/api/v1/coding-queue?queue=behavioral_health');
      expect(list.json<WorkQueueList>().items.map((i) => i.encounterId)).not.toContain(e);
      expect((await coder.post(`/api/v1/coding-queue/${e}/take`)).status).toBe(404);
      expect((await coder.get(`/api/v1/encounters/${e}`)).status).toBe(404);
    });
  });

  describe('record reads', () => {
    it('lists a patient’s encounters and opens one with documents, EHR codes, coding and charges; audited', async () => {
      const pid = await newPatient();
      const e = await newEncounter({ patient: pid, expected: 1500 });
      const docId = randomUUID();
      await s.handle.db
        .insertInto('documents')
        .values({
          id: docId,
          org_id: s.orgId,
          patient_id: pid,
          encounter_id: e,
          loinc_code: '18842-5',
          type_label: 'Discharge summary',
          status: 'final',
          text: 'Synthetic discharge summary text.',
          source_key: `doc-${docId}`,
          updated_at: new Date(),
        })
        .execute();
      await s.handle.db
        .insertInto('ehr_codes')
        .values({
          id: randomUUID(),
          org_id: s.orgId,
          patient_id: pid,
          encounter_id: e,
          kind: 'condition',
          system: 'ICD-10-CM',
          code: 'I50.9',
          source_key: `ehr-${e}`,
        })
        .execute();
      await addCharge(e, '250.00');

      const list = await coder.get(`/api/v1/patients/${pid}/encounters`);
      expect(list.status).toBe(200);
      expect(list.json<{ encounters: { id: string; codingStatus: string }[] }>().encounters).toEqual([
        expect.objectContaining({ id: e, codingStatus: 'unassigned' }),
      ]);
      const detail = await coder.get(`/api/v1/encounters/${e}`);
      expect(detail.status).toBe(200);
      const body = detail.json<Record<string, unknown>>();
      expect(body).toMatchObject({
        id: e,
        patient: { id: pid },
        ageAtAdmission: 67,
        documents: [{ id: docId, typeLabel: 'Discharge summary', hasText: true }],
        ehrCodes: [{ code: 'I50.9', kind: 'condition' }],
        charges: [{ amount: '250.00' }],
        totalCharges: '250.00',
        workItem: { queue: 'inpatient', status: 'unassigned' },
      });
      expect(JSON.stringify(body)).not.toContain('Synthetic discharge summary text');
      const doc = await coder.get(`/api/v1/documents/${docId}`);
      expect(doc.json<{ text: string }>().text).toBe('Synthetic discharge summary text.');
      const actions = await s.handle.db
        .selectFrom('audit_events')
        .select(['action', 'record_id'])
        .where('patient_id', '=', pid)
        .execute();
      expect(actions.map((a) => a.action)).toEqual(
        expect.arrayContaining(['encounter.list', 'encounter.read', 'document.read']),
      );
      // The demo physician has no care relationship with this patient.
      expect((await physician.get(`/api/v1/encounters/${e}`)).status).toBe(403);
      expect((await coder.get(`/api/v1/documents/${randomUUID()}`)).status).toBe(404);
    });
  });

  describe('workbench', () => {
    it('saves, reports findings and the DRG, refuses to finalise with errors, finalises, locks, re-opens with a reason', async () => {
      const e = await newEncounter();
      const first = await coder.put(`/api/v1/encounters/${e}/coding`, {
        diagnoses: [
          { code: 'I50', poa: 'Y' },
          { code: 'J96.01', poa: 'Y' },
        ],
        procedures: [],
      });
      expect(first.status).toBe(200);
      const state = first.json<CodingState>();
      expect(state.status).toBe('in_progress');
      expect(state.revision).toBe(1);
      expect(state.findings.some((f) => f.ruleId === 'CM.HEADER_CODE' && f.path === '/diagnoses/0/code')).toBe(true);
      expect(state.summary.errors).toBeGreaterThan(0);

      const refused = await coder.post(`/api/v1/encounters/${e}/coding/finalize`);
      expect(refused.status).toBe(422);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.json<{ errors: { code: string; path: string }[] }>().errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ code: 'CM.HEADER_CODE', path: '/diagnoses/0/code' })]),
      );

      const stale = await coder.put(`/api/v1/encounters/${e}/coding`, { ...CLEAN_INPATIENT, revision: 0 });
      expect(stale.status).toBe(409);
      const fixed = await coder.put(`/api/v1/encounters/${e}/coding`, { ...CLEAN_INPATIENT, revision: 1 });
      const good = fixed.json<CodingState>();
      expect(good.summary.errors).toBe(0);
      expect(good.coding.diagnoses.map((d) => d.code)).toEqual(['I5023', 'J9601']);
      expect(good.drg).toMatchObject({ drg: expect.stringMatching(/^\d{3}$/u) });
      expect(good.drg?.relativeWeight).toBeGreaterThan(0);

      expect((await cdi.post(`/api/v1/encounters/${e}/coding/finalize`)).status).toBe(403);
      const fin = await coder.post(`/api/v1/encounters/${e}/coding/finalize`);
      expect(fin.status).toBe(200);
      expect(fin.json<CodingState>()).toMatchObject({ status: 'final', version: 1 });
      expect((await workItem(e))?.status).toBe('final');
      expect((await coder.post(`/api/v1/encounters/${e}/coding/finalize`)).status).toBe(409);

      const noReason = await coder.put(`/api/v1/encounters/${e}/coding`, CLEAN_INPATIENT);
      expect(noReason.status).toBe(409);
      const changed = await coder.put(`/api/v1/encounters/${e}/coding`, {
        diagnoses: [...CLEAN_INPATIENT.diagnoses, { code: 'E11.9', poa: 'Y' }],
        procedures: [],
        reason: 'Late documentation of diabetes',
      });
      expect(changed.status).toBe(200);
      expect(changed.json<CodingState>()).toMatchObject({ status: 'in_progress', version: 1 });
      const refin = await coder.post(`/api/v1/encounters/${e}/coding/finalize`);
      expect(refin.json<CodingState>()).toMatchObject({ status: 'final', version: 2 });

      const hist = (await coder.get(`/api/v1/encounters/${e}/coding/versions`)).json<CodingHistory>();
      expect(hist.versions.map((v) => [v.kind, v.version, v.reason])).toEqual([
        ['final', 1, null],
        ['reopen', 1, 'Late documentation of diabetes'],
        ['final', 2, null],
      ]);
      expect(hist.versions[0]?.coding.diagnoses).toHaveLength(2);
      expect(hist.versions[2]?.coding.diagnoses).toHaveLength(3);
      expect(hist.versions[0]?.by.username).toBe(s.users.coder.username);

      const reopened = await manager.post(`/api/v1/encounters/${e}/coding/reopen`, { reason: 'Audit correction' });
      expect(reopened.json<CodingState>().status).toBe('in_progress');
      expect((await manager.post(`/api/v1/encounters/${e}/coding/reopen`, { reason: 'Again' })).status).toBe(409);

      const audited = await s.handle.db
        .selectFrom('audit_events')
        .select(['action', 'outcome'])
        .where('record_id', '=', e)
        .execute();
      const names = audited.map((a) => `${a.action}:${a.outcome}`);
      expect(names).toEqual(
        expect.arrayContaining([
          'coding.save:success',
          'coding.finalize:failure',
          'coding.finalize:success',
          'coding.reopen:success',
        ]),
      );
    });

    it('keeps, changes, adds and removes charge lines; refuses a foreign charge id', async () => {
      const e = await newEncounter({ type: 'outpatient', status: 'completed' });
      await addCharge(e, '100.00');
      const [existing] = await s.handle.db.selectFrom('charges').select('id').where('encounter_id', '=', e).execute();
      const saved = await coder.put(`/api/v1/encounters/${e}/coding`, {
        diagnoses: [{ code: 'J44.1' }],
        procedures: [{ system: 'CPT', code: '99999', modifiers: ['25'], date: '2026-01-14' }],
        charges: [
          {
            id: existing!.id,
            code: '99999',
            codeSystem: 'CPT',
            modifiers: ['25'],
            amount: '120.50',
            revenueCode: '0510',
          },
          { codeSystem: 'HCPCS', code: 'J1100', units: 2, amount: 30 },
        ],
      });
      expect(saved.status).toBe(200);
      const body = saved.json<CodingState>();
      expect(body.drg).toBeNull();
      expect(body.charges.map((c) => [c.code, c.amount, c.units])).toEqual(
        expect.arrayContaining([
          ['99999', '120.50', '1.00'],
          ['J1100', '30.00', '2.00'],
        ]),
      );
      const foreign = await coder.put(`/api/v1/encounters/${e}/coding`, {
        diagnoses: [],
        procedures: [],
        charges: [{ id: randomUUID(), amount: 1 }],
      });
      expect(foreign.status).toBe(400);
      expect(foreign.text).toContain('/charges/0/id');
      expect(
        await s.handle.db.selectFrom('coded_diagnoses').select('code').where('encounter_id', '=', e).execute(),
      ).toEqual([{ code: 'J441' }]);
      const bad = await coder.put(`/api/v1/encounters/${e}/coding`, {
        diagnoses: [{ code: 'J44.1', poa: 'X' }],
        procedures: [],
      });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('/diagnoses/0/poa');
      const notQueued = await newEncounter({ status: 'in_progress', dischargeAt: null });
      expect((await coder.put(`/api/v1/encounters/${notQueued}/coding`, CLEAN_INPATIENT)).status).toBe(409);
      expect((await registrar.put(`/api/v1/encounters/${e}/coding`, CLEAN_INPATIENT)).status).toBe(403);
    });
  });

  describe('DNFB and billed', () => {
    it('counts by age bucket with expected charges; finalising and billing move and drop an encounter', async () => {
      const payer = `DNFB Payer ${randomUUID().slice(0, 8)}`;
      const now = s.clock.now().getTime();
      const ages = [2, 5, 10, 20, 40];
      const ids: string[] = [];
      for (const [i, age] of ages.entries()) {
        const id = await newEncounter({ payer, dischargeAt: new Date(now - age * DAY - 60_000), expected: 1000 });
        if (i === 1) {
          await addCharge(id, '300.00');
          await addCharge(id, '200.25');
        }
        ids.push(id);
      }
      const get = async () => {
        const res = await coder.get(`/api/v1/dnfb?payer=${encodeURIComponent(payer)}`);
        expect(res.status).toBe(200);
        return res.json<DnfbReport>();
      };
      let r = await get();
      expect(r.notFinalCoded.total).toEqual({ count: 5, charges: '4500.25' });
      expect(r.notFinalCoded.buckets).toEqual({
        '0-3': { count: 1, charges: '1000.00' },
        '4-7': { count: 1, charges: '500.25' },
        '8-14': { count: 1, charges: '1000.00' },
        '15-30': { count: 1, charges: '1000.00' },
        '31+': { count: 1, charges: '1000.00' },
      });
      expect(r.notFinalCoded.byPayer).toEqual([expect.objectContaining({ key: payer })]);
      expect(r.notFinalCoded.byType.map((t) => t.key)).toEqual(['inpatient']);
      expect(r.notFinalBilled.total.count).toBe(0);

      await coder.post(`/api/v1/coding-queue/${ids[4]}/hold`, { reason: 'awaiting_documentation' });
      r = await get();
      expect(r.onHold).toEqual([{ reason: 'awaiting_documentation', count: 1, charges: '1000.00' }]);

      const target = ids[1]!;
      expect((await manager.post(`/api/v1/encounters/${target}/billed`)).status).toBe(409);
      await coder.put(`/api/v1/encounters/${target}/coding`, CLEAN_INPATIENT);
      expect((await coder.post(`/api/v1/encounters/${target}/coding/finalize`)).status).toBe(200);
      r = await get();
      expect(r.notFinalCoded.total).toEqual({ count: 4, charges: '4000.00' });
      expect(r.notFinalCoded.buckets['4-7']).toEqual({ count: 0, charges: '0.00' });
      expect(r.notFinalBilled.total).toEqual({ count: 1, charges: '500.25' });
      expect(r.notFinalBilled.buckets['4-7']).toEqual({ count: 1, charges: '500.25' });

      expect((await coder.post(`/api/v1/encounters/${target}/billed`)).status).toBe(403);
      const billed = await manager.post(`/api/v1/encounters/${target}/billed`);
      expect(billed.status).toBe(200);
      expect(billed.json<WorkItem>().billedAt).toBe(s.clock.now().toISOString());
      expect((await manager.post(`/api/v1/encounters/${target}/billed`)).status).toBe(409);
      r = await get();
      expect(r.notFinalBilled.total).toEqual({ count: 0, charges: '0.00' });
      expect(r.notFinalCoded.total.count).toBe(4);
      expect((await registrar.get('/api/v1/dnfb')).status).toBe(403);
    });
  });

  describe('productivity', () => {
    it('reports records finalised per hour of capped coding time, by coder and type', async () => {
      // A fresh day, so that earlier tests' finalisations fall outside the range.
      s.clock.set('2026-02-02T08:00:00Z');
      const c = await s.signIn('coder');
      const cap = 300;
      const a = await newEncounter();
      const b = await newEncounter();
      const o = await newEncounter({ type: 'outpatient', status: 'completed' });
      const step = async (enc: string, action: string, advanceMs: number) => {
        s.clock.advance(advanceMs);
        const res = await c.post(`/api/v1/encounters/${enc}/coding/session`, { action });
        expect(res.status).toBe(200);
        return res.json<{ activeSeconds: number }>();
      };
      // Encounter a: reports at 0, +4 min, +14 min (a 10-minute gap: capped), +16 min.
      const gapsA = [4 * 60, 10 * 60, 2 * 60];
      await step(a, 'start', 0);
      await step(a, 'heartbeat', gapsA[0]! * 1000);
      await step(a, 'heartbeat', gapsA[1]! * 1000);
      const endA = await step(a, 'stop', gapsA[2]! * 1000);
      await c.put(`/api/v1/encounters/${a}/coding`, CLEAN_INPATIENT);
      expect((await c.post(`/api/v1/encounters/${a}/coding/finalize`)).status).toBe(200);
      // Encounter b: start, 7 minutes later stop (capped at 5).
      const gapsB = [7 * 60];
      await step(b, 'start', 60_000);
      await step(b, 'stop', gapsB[0]! * 1000);
      await c.put(`/api/v1/encounters/${b}/coding`, CLEAN_INPATIENT);
      expect((await c.post(`/api/v1/encounters/${b}/coding/finalize`)).status).toBe(200);
      // Outpatient o: 3 minutes of coding, not finalised.
      const gapsO = [3 * 60];
      await step(o, 'start', 60_000);
      await step(o, 'stop', gapsO[0]! * 1000);
      expect((await c.post(`/api/v1/encounters/${o}/coding/session`, { action: 'stop' })).status).toBe(409);

      const capped = (gaps: number[]) => gaps.reduce((sum, g) => sum + Math.min(g, cap), 0);
      expect(endA.activeSeconds).toBe(capped(gapsA));
      const inpatientSeconds = capped(gapsA) + capped(gapsB);
      const outpatientSeconds = capped(gapsO);

      // Earlier sessions went idle when the clock moved on: sign the manager in again.
      const m = await s.signIn('him_manager');
      const res = await m.get('/api/v1/coding-productivity?from=2026-02-02&to=2026-02-02');
      expect(res.status).toBe(200);
      const rep = res.json<ProductivityReport>();
      const mine = rep.rows.filter((r) => r.coder.id === s.users.coder.id);
      const inp = mine.find((r) => r.encounterType === 'inpatient');
      const out = mine.find((r) => r.encounterType === 'outpatient');
      expect(inp).toMatchObject({ finalized: 2, codingSeconds: inpatientSeconds });
      expect(inp?.perHour).toBeCloseTo(2 / (inpatientSeconds / 3600), 2);
      expect(out).toMatchObject({ finalized: 0, codingSeconds: outpatientSeconds, perHour: 0 });
      const total = rep.byCoder.find((r) => r.coder.id === s.users.coder.id);
      expect(total?.perHour).toBeCloseTo(2 / ((inpatientSeconds + outpatientSeconds) / 3600), 2);
      const outside = await m.get('/api/v1/coding-productivity?from=2026-02-03&to=2026-02-04');
      expect(outside.json<ProductivityReport>().rows).toEqual([]);
      expect((await m.get('/api/v1/coding-productivity?from=2026-02-04&to=2026-02-03')).status).toBe(400);
    });
  });
});
