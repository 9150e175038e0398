import { randomUUID } from 'node:crypto';
import { CompletionRuleSetHistory, CompletionRuleSetVersion } from '@charta/contracts';
import type {
  DeficiencyList,
  DocumentSignature,
  DocumentSignatures,
  CompletionQueue,
  DocumentVersion,
  EncounterCompletion,
} from '@charta/contracts';
import { testDatabases } from '@charta/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestClient, type TestServer } from '../test-support.js';
import { analyzeChangedEncounters, analyzeEncounters, analyzeStaleEncounters, markAllEncounters } from './analysis.js';

const ATTEST = 'I attest that I reviewed this document and that it is accurate and complete.';

describe.each(testDatabases())('record completion on $name', (kind) => {
  let s: TestServer;
  let manager: TestClient;
  let physician: TestClient;
  let coder: TestClient;
  let patientId: string;
  let drId: string;
  let otherDrId: string;
  let seq = 0;

  beforeAll(async () => {
    s = await createTestServer(kind);
    const db = s.handle.db;
    patientId = randomUUID();
    await db
      .insertInto('patients')
      .values({
        id: patientId,
        org_id: s.orgId,
        mrn: 'CMP1',
        family_name: 'Quill',
        given_name: 'Test',
        birth_date: '1960-02-02',
        sex: 'F',
        address: null,
        phone: null,
        labels: [],
        updated_at: new Date(),
      })
      .execute();
    drId = randomUUID();
    otherDrId = randomUUID();
    await db
      .insertInto('practitioners')
      .values([
        {
          id: drId,
          org_id: s.orgId,
          family_name: 'Vantongeren',
          given_name: 'Priya',
          credentials: 'MD',
          npi: null,
          specialty: null,
          user_id: s.users.physician.id,
          source_key: 'test:dr',
        },
        {
          id: otherDrId,
          org_id: s.orgId,
          family_name: 'Okafor',
          given_name: 'Ben',
          credentials: 'MD',
          npi: null,
          specialty: null,
          user_id: null,
          source_key: 'test:other',
        },
      ])
      .execute();
    await db
      .insertInto('care_relationships')
      .values({ patient_id: patientId, user_id: s.users.physician.id, relationship: 'attending' })
      .execute();
    manager = await s.signIn('him_manager');
    physician = await s.signIn('physician');
    coder = await s.signIn('coder');
  });
  /** Moves the clock and signs in again (sessions expire when the clock jumps past their idle limit). */
  async function at(instant: string): Promise<void> {
    s.clock.set(instant);
    manager = await s.signIn('him_manager');
    physician = await s.signIn('physician');
    coder = await s.signIn('coder');
  }

  afterAll(async () => {
    await s?.close();
  });

  /** An inpatient stay discharged at the given instant, attended by the test physician, with documents. */
  async function stay(
    dischargeAt: string,
    docs: { loinc: string; label: string; authored: string; signed?: string; text?: string; author?: string }[],
  ) {
    const id = randomUUID();
    const db = s.handle.db;
    const discharge = new Date(dischargeAt);
    await db
      .insertInto('encounters')
      .values({
        id,
        org_id: s.orgId,
        patient_id: patientId,
        account_number: `CMP-${++seq}`,
        type: 'inpatient',
        status: 'discharged',
        admit_at: new Date(discharge.getTime() - 3 * 86_400_000),
        discharge_at: discharge,
        discharge_disposition: '01',
        attending_id: drId,
        source_key: `test:enc:${seq}`,
        updated_at: new Date(),
      })
      .execute();
    const ids: string[] = [];
    for (const d of docs) {
      const docId = randomUUID();
      ids.push(docId);
      await db
        .insertInto('documents')
        .values({
          id: docId,
          org_id: s.orgId,
          patient_id: patientId,
          encounter_id: id,
          loinc_code: d.loinc,
          type_label: d.label,
          author_id: d.author ?? drId,
          authored_at: d.authored,
          status: d.signed ? 'final' : 'preliminary',
          authenticated_at: d.signed ?? null,
          authenticated_by: d.signed ? (d.author ?? drId) : null,
          content_type: 'text/plain',
          text: d.text ?? 'PRINCIPAL DIAGNOSIS: Pneumonia.\nDISPOSITION: Home.',
          attachment: null,
          source_key: `test:doc:${docId}`,
          updated_at: new Date(),
        })
        .execute();
    }
    return { id, docs: ids };
  }

  it('seeds the default rule set as version 1 and versions each edit, refusing a stale base', async () => {
    const first = await manager.get('/api/v1/completion/rules');
    expect(first.status).toBe(200);
    const v1 = first.json<CompletionRuleSetVersion>();
    expect(v1.version).toBe(1);
    expect(v1.ruleSet.rules.map((r) => r.id)).toContain('COMPLETION.DS.MISSING');
    const edited = { ...v1.ruleSet, delinquencyDays: 21 };
    const saved = await manager.put('/api/v1/completion/rules', {
      baseVersion: 1,
      note: 'Medical staff bylaws: 21 days',
      ruleSet: edited,
    });
    expect(saved.status).toBe(200);
    expect(saved.json<CompletionRuleSetVersion>().version).toBe(2);
    const stale = await manager.put('/api/v1/completion/rules', {
      baseVersion: 1,
      note: 'Late edit',
      ruleSet: v1.ruleSet,
    });
    expect(stale.status).toBe(409);
    const over = await manager.put('/api/v1/completion/rules', {
      baseVersion: 2,
      note: 'Too long',
      ruleSet: { ...v1.ruleSet, delinquencyDays: 45 },
    });
    expect(over.status).toBe(400);
    expect(over.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('/ruleSet/delinquencyDays');
    const history = await coder.get('/api/v1/completion/rules/versions');
    const versions = CompletionRuleSetHistory.parse(history.json()).versions;
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    const managerUser = await s.handle.db
      .selectFrom('users')
      .select('display_name')
      .where('id', '=', s.users.him_manager.id)
      .executeTakeFirstOrThrow();
    expect(versions[0]).toMatchObject({ createdBy: s.users.him_manager.id, createdByName: managerUser.display_name });
    expect(versions[1]).toMatchObject({ createdBy: null, createdByName: null });
    expect(CompletionRuleSetVersion.parse(saved.json())).toMatchObject({ createdByName: managerUser.display_name });
    expect(
      (await coder.put('/api/v1/completion/rules', { baseVersion: 2, note: 'x', ruleSet: v1.ruleSet })).status,
    ).toBe(403);
    const audited = await s.handle.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'completion.rules.update')
      .execute();
    expect(audited.length).toBeGreaterThanOrEqual(2);
    // Back to 30 days for the tests below.
    expect(
      (await manager.put('/api/v1/completion/rules', { baseVersion: 2, note: 'Back to 30 days', ruleSet: v1.ruleSet }))
        .status,
    ).toBe(200);
  });

  it('opens deficiencies at discharge, ages them with the clock, and closes them when the clinician signs', async () => {
    await at('2026-01-18T00:00:00Z');
    const e = await stay('2026-01-16T15:00:00Z', [
      {
        loinc: '34117-2',
        label: 'History and physical',
        authored: '2026-01-13T16:00:00Z',
        signed: '2026-01-13T17:00:00Z',
      },
      { loinc: '18842-5', label: 'Discharge summary', authored: '2026-01-17T09:00:00Z' },
    ]);
    const ds = e.docs[1] as string;
    const list = await manager.get(`/api/v1/completion/deficiencies?encounterId=${e.id}`);
    expect(list.status).toBe(200);
    const open = list.json<DeficiencyList>().deficiencies;
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      ruleId: 'COMPLETION.DS.MISSING',
      kind: 'unauthenticated',
      documentId: ds,
      practitionerId: drId,
      userId: s.users.physician.id,
      dueAt: '2026-01-30T15:00:00.000Z',
      delinquentAt: '2026-02-15T15:00:00.000Z',
      timing: 'due',
      status: 'open',
    });

    await at('2026-02-05T00:00:00Z');
    const mine = await physician.get('/api/v1/completion/my-deficiencies');
    expect(mine.status).toBe(200);
    const item = mine.json<DeficiencyList>().deficiencies.find((d) => d.documentId === ds);
    expect(item).toMatchObject({ timing: 'overdue', ageDays: 19 });
    await at('2026-02-15T15:00:01Z');
    const delinquent = await manager.get('/api/v1/completion/deficiencies?timing=delinquent');
    expect(delinquent.json<DeficiencyList>().deficiencies.map((d) => d.documentId)).toContain(ds);

    const signingAt = s.clock.now().toISOString();
    const current = await physician.get(`/api/v1/documents/${ds}/signatures`);
    const hash = current.json<DocumentSignatures>().document.versionHash;
    const signed = await physician.post(`/api/v1/documents/${ds}/sign`, { attestation: ATTEST, versionHash: hash });
    expect(signed.status).toBe(201);
    expect(signed.json<DocumentSignature>()).toMatchObject({
      documentId: ds,
      versionHash: hash,
      signerPractitionerId: drId,
      signerUserId: s.users.physician.id,
      signedAt: signingAt,
    });
    const after = await manager.get(`/api/v1/completion/deficiencies?encounterId=${e.id}`);
    expect(after.json<DeficiencyList>().total).toBe(0);
    const closed = await manager.get(`/api/v1/completion/deficiencies?encounterId=${e.id}&status=closed`);
    expect(closed.json<DeficiencyList>().deficiencies[0]).toMatchObject({ documentId: ds, status: 'closed' });
    const analysis = await coder.get(`/api/v1/encounters/${e.id}/completion`);
    expect(analysis.status).toBe(200);
    const body = analysis.json<EncounterCompletion>();
    expect(body.recordStatus).toBe('complete');
    expect(body.items.find((i) => i.ruleId === 'COMPLETION.DS.MISSING')).toMatchObject({
      status: 'compliant',
      late: true,
    });
  });

  it('lets the HIM manager add, reassign and waive deficiencies with a reason, and keeps the choices', async () => {
    await at('2026-04-01T00:00:00Z');
    const e = await stay('2026-03-28T12:00:00Z', [
      {
        loinc: '34117-2',
        label: 'History and physical',
        authored: '2026-03-25T13:00:00Z',
        signed: '2026-03-25T14:00:00Z',
      },
    ]);
    const listed = await manager.get(`/api/v1/completion/deficiencies?encounterId=${e.id}`);
    const missing = listed.json<DeficiencyList>().deficiencies[0];
    expect(missing).toMatchObject({ ruleId: 'COMPLETION.DS.MISSING', kind: 'missing', practitionerId: drId });
    const id = missing?.id as string;
    expect(
      (await manager.post(`/api/v1/completion/deficiencies/${id}/reassign`, { practitionerId: otherDrId })).status,
    ).toBe(400);
    const moved = await manager.post(`/api/v1/completion/deficiencies/${id}/reassign`, {
      practitionerId: otherDrId,
      reason: 'Attending on leave; covering physician completes',
    });
    expect(moved.status).toBe(200);
    expect(moved.json()).toMatchObject({ practitionerId: otherDrId });
    // A later analysis keeps the reassignment.
    await manager.post('/api/v1/completion/analyze');
    const again = await manager.get(`/api/v1/completion/deficiencies?encounterId=${e.id}`);
    expect(again.json<DeficiencyList>().deficiencies[0]).toMatchObject({ id, practitionerId: otherDrId });
    const added = await manager.post('/api/v1/completion/deficiencies', {
      encounterId: e.id,
      kind: 'other',
      title: 'Consent for transfusion missing',
      practitionerId: drId,
      dueAt: '2026-04-05T00:00:00Z',
      reason: 'Found at chart review',
    });
    expect(added.status).toBe(201);
    expect(added.json()).toMatchObject({ source: 'manual', kind: 'other', timing: 'due' });
    expect((await coder.post(`/api/v1/completion/deficiencies/${id}/waive`, { reason: 'No' })).status).toBe(403);
    const waived = await manager.post(`/api/v1/completion/deficiencies/${id}/waive`, {
      reason: 'Patient left against medical advice; summary waived by policy',
    });
    expect(waived.status).toBe(200);
    expect(waived.json()).toMatchObject({ status: 'waived', timing: null });
    await manager.post('/api/v1/completion/analyze');
    const waivedList = await manager.get(`/api/v1/completion/deficiencies?encounterId=${e.id}&status=waived`);
    expect(waivedList.json<DeficiencyList>().deficiencies.map((d) => d.id)).toEqual([id]);
    expect((await manager.post(`/api/v1/completion/deficiencies/${id}/waive`, { reason: 'Twice over' })).status).toBe(
      409,
    );
    const events = await s.handle.db
      .selectFrom('audit_events')
      .select(['action', 'reason'])
      .where('record_id', '=', id)
      .orderBy('seq')
      .execute();
    expect(events.map((x) => x.action)).toEqual([
      'completion.deficiency.reassign',
      'completion.deficiency.waive',
      'completion.deficiency.waive',
    ]);
  });

  it('writes an unsigned document by its author only, refuses empty or placeholder text at signing', async () => {
    await at('2026-04-02T00:00:00Z');
    const e = await stay('2026-03-30T12:00:00Z', [
      {
        loinc: '18842-5',
        label: 'Discharge summary',
        authored: '2026-03-31T09:00:00Z',
        text: 'PRINCIPAL DIAGNOSIS: [pending]',
      },
      { loinc: '11506-3', label: 'Progress note', authored: '2026-03-29T09:00:00Z', author: otherDrId },
    ]);
    const [ds, note] = e.docs as [string, string];
    const incomplete = await physician.post(`/api/v1/documents/${ds}/sign`, { attestation: ATTEST });
    expect(incomplete.status).toBe(422);
    const notAuthor = await physician.put(`/api/v1/documents/${note}/text`, { text: 'Rewritten by someone else.' });
    expect(notAuthor.status).toBe(403);
    const written = await physician.put(`/api/v1/documents/${ds}/text`, {
      text: 'PRINCIPAL DIAGNOSIS: Pneumonia.\nDISPOSITION: Home.\nDISCHARGE DATE: 2026-03-30',
    });
    expect(written.status).toBe(200);
    const stale = await physician.post(`/api/v1/documents/${ds}/sign`, {
      attestation: ATTEST,
      versionHash: '0'.repeat(64),
    });
    expect(stale.status).toBe(409);
    expect((await physician.post(`/api/v1/documents/${ds}/sign`, { attestation: ATTEST })).status).toBe(201);
    // The attending co-signs the other physician's note.
    expect((await physician.post(`/api/v1/documents/${note}/sign`, { attestation: ATTEST })).status).toBe(201);
    const refusals = await s.handle.db
      .selectFrom('audit_events')
      .select(['action', 'outcome'])
      .where('record_id', 'in', [ds, note])
      .where('outcome', '<>', 'success')
      .execute();
    expect(refusals.length).toBeGreaterThanOrEqual(3);
  });

  it('keeps a signed document unchanged through every route that writes documents; an addendum keeps the original', async () => {
    await at('2026-04-03T00:00:00Z');
    const e = await stay('2026-04-01T12:00:00Z', [
      {
        loinc: '18842-5',
        label: 'Discharge summary',
        authored: '2026-04-02T09:00:00Z',
        signed: '2026-04-02T10:00:00Z',
      },
      {
        loinc: '34117-2',
        label: 'History and physical',
        authored: '2026-03-29T13:00:00Z',
        signed: '2026-03-29T14:00:00Z',
      },
    ]);
    const ds = e.docs[0] as string;
    const before = await s.handle.db.selectFrom('documents').selectAll().where('id', '=', ds).executeTakeFirstOrThrow();

    // Each route that writes document content, tried against the signed document.
    expect((await physician.put(`/api/v1/documents/${ds}/text`, { text: 'Changed after signing.' })).status).toBe(409);
    expect((await physician.post(`/api/v1/documents/${ds}/sign`, { attestation: ATTEST })).status).toBe(409);
    // And straight to the database: the trigger refuses a change or a deletion.
    await expect(sql`update documents set text = 'Tampered' where id = ${ds}`.execute(s.handle.db)).rejects.toThrow(
      /signed/u,
    );
    await expect(sql`update documents set status = 'amended' where id = ${ds}`.execute(s.handle.db)).rejects.toThrow(
      /signed/u,
    );
    await expect(sql`delete from documents where id = ${ds}`.execute(s.handle.db)).rejects.toThrow(/signed/u);

    const addendum = await physician.post(`/api/v1/documents/${ds}/addenda`, {
      text: 'Culture grew Streptococcus pneumoniae after discharge.',
    });
    expect(addendum.status).toBe(201);
    const add = addendum.json<DocumentVersion>();
    expect(add).toMatchObject({
      amendsDocumentId: ds,
      status: 'preliminary',
      authorId: drId,
      typeLabel: 'Addendum: Discharge summary',
    });
    // The unsigned addendum is a deficiency of its own until signed.
    const open = await manager.get(`/api/v1/completion/deficiencies?encounterId=${e.id}`);
    expect(open.json<DeficiencyList>().deficiencies).toMatchObject([{ documentId: add.id, kind: 'unauthenticated' }]);
    expect(
      (
        await physician.put(`/api/v1/documents/${add.id}/text`, {
          text: 'Culture grew S. pneumoniae, penicillin sensitive.',
        })
      ).status,
    ).toBe(200);
    expect((await physician.post(`/api/v1/documents/${add.id}/sign`, { attestation: ATTEST })).status).toBe(201);
    expect((await physician.put(`/api/v1/documents/${add.id}/text`, { text: 'Changed.' })).status).toBe(409);
    expect(
      (await physician.post(`/api/v1/documents/${add.id}/addenda`, { text: 'Addendum to an addendum.' })).status,
    ).toBe(409);

    const after = await s.handle.db.selectFrom('documents').selectAll().where('id', '=', ds).executeTakeFirstOrThrow();
    expect(after.text).toBe(before.text);
    expect(after.status).toBe(before.status);
    expect(after.authenticated_at).toEqual(before.authenticated_at);
    const view = await manager.get(`/api/v1/documents/${ds}/signatures`);
    const signatures = view.json<DocumentSignatures>();
    expect(signatures.document.text).toBe(before.text);
    expect(signatures.addenda).toHaveLength(1);
    expect(signatures.addenda[0]).toMatchObject({ id: add.id, status: 'final' });
    expect(
      (await manager.get(`/api/v1/completion/deficiencies?encounterId=${e.id}`)).json<DeficiencyList>().total,
    ).toBe(0);
  });

  it('refuses signing to roles without document:sign and to a physician without access to the patient', async () => {
    await at('2026-04-04T00:00:00Z');
    const e = await stay('2026-04-03T12:00:00Z', [
      { loinc: '18842-5', label: 'Discharge summary', authored: '2026-04-03T13:00:00Z' },
    ]);
    const ds = e.docs[0] as string;
    expect((await manager.post(`/api/v1/documents/${ds}/sign`, { attestation: ATTEST })).status).toBe(403);
    expect((await coder.post(`/api/v1/documents/${ds}/sign`, { attestation: ATTEST })).status).toBe(403);
    expect((await physician.post(`/api/v1/documents/${ds}/sign`, { attestation: 'short' })).status).toBe(400);
    await s.handle.db.deleteFrom('care_relationships').where('patient_id', '=', patientId).execute();
    expect((await physician.post(`/api/v1/documents/${ds}/sign`, { attestation: ATTEST })).status).toBe(403);
    await s.handle.db
      .insertInto('care_relationships')
      .values({ patient_id: patientId, user_id: s.users.physician.id, relationship: 'attending' })
      .execute();
  });
  it('lets the attending write the missing discharge summary from the deficiency, then sign it to close it', async () => {
    await at('2026-05-20T00:00:00Z');
    const e = await stay('2026-05-01T12:00:00Z', [
      {
        loinc: '34117-2',
        label: 'History and physical',
        authored: '2026-04-28T13:00:00Z',
        signed: '2026-04-28T14:00:00Z',
      },
    ]);
    const open = (await physician.get('/api/v1/completion/my-deficiencies')).json<DeficiencyList>().deficiencies;
    const missing = open.find((d) => d.encounterId === e.id);
    expect(missing).toMatchObject({ kind: 'missing', ruleId: 'COMPLETION.DS.MISSING', documentId: null });
    const id = (missing as { id: string }).id;

    // Bad input: an unknown type, neither type nor deficiency, a deficiency of another encounter.
    const unknown = await physician.post(`/api/v1/encounters/${e.id}/documents`, { loincCode: '99999-9', text: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('/loincCode');
    const neither = await physician.post(`/api/v1/encounters/${e.id}/documents`, { text: 'Summary.' });
    expect(neither.status).toBe(400);
    const other = await stay('2026-05-02T12:00:00Z', []);
    const elsewhere = await physician.post(`/api/v1/encounters/${other.id}/documents`, {
      deficiencyId: id,
      text: 'Summary.',
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('/deficiencyId');
    // Only a physician may write, and a coder may not.
    expect((await coder.post(`/api/v1/encounters/${e.id}/documents`, { deficiencyId: id, text: 'x' })).status).toBe(
      403,
    );

    const written = await physician.post(`/api/v1/encounters/${e.id}/documents`, {
      deficiencyId: id,
      text: 'PRINCIPAL DIAGNOSIS: Community-acquired pneumonia.\nDISPOSITION: Home with self-care.',
    });
    expect(written.status).toBe(201);
    const doc = written.json<DocumentVersion>();
    expect(doc).toMatchObject({
      encounterId: e.id,
      loincCode: '18842-5',
      typeLabel: 'Discharge summary',
      authorId: drId,
      status: 'preliminary',
      authenticatedAt: null,
    });
    // The missing item closes; the unsigned summary is now owed a signature.
    const now = (await manager.get(`/api/v1/completion/deficiencies?encounterId=${e.id}`)).json<DeficiencyList>();
    expect(now.deficiencies).toMatchObject([{ kind: 'unauthenticated', documentId: doc.id }]);
    const again = await physician.post(`/api/v1/encounters/${e.id}/documents`, { deficiencyId: id, text: 'Twice.' });
    expect(again.status).toBe(409);

    const signed = await physician.post(`/api/v1/documents/${doc.id}/sign`, {
      attestation: ATTEST,
      versionHash: doc.versionHash,
    });
    expect(signed.status).toBe(201);
    expect(
      (await manager.get(`/api/v1/completion/deficiencies?encounterId=${e.id}`)).json<DeficiencyList>().total,
    ).toBe(0);
    const trail = await s.handle.db
      .selectFrom('audit_events')
      .select(['action', 'outcome'])
      .where('record_id', '=', doc.id)
      .orderBy('seq')
      .execute();
    expect(trail.map((t) => `${t.action}:${t.outcome}`)).toEqual(['document.create:success', 'document.sign:success']);
  });

  it('lists discharged records in the analysis queue by view and takes a record out of "to review" once reviewed', async () => {
    await at('2026-06-20T00:00:00Z');
    const e = await stay('2026-06-18T12:00:00Z', [
      {
        loinc: '34117-2',
        label: 'History and physical',
        authored: '2026-06-15T13:00:00Z',
        signed: '2026-06-15T14:00:00Z',
      },
      { loinc: '18842-5', label: 'Discharge summary', authored: '2026-06-19T09:00:00Z' },
    ]);
    const technician = await s.signIn('him_technician');
    const queue = await technician.get('/api/v1/completion/queue?view=to_review&limit=500');
    expect(queue.status).toBe(200);
    const body = queue.json<CompletionQueue>();
    const row = body.records.find((r) => r.encounterId === e.id);
    expect(row).toMatchObject({
      patientName: 'Test Quill',
      mrn: 'CMP1',
      encounterType: 'inpatient',
      attendingName: 'Priya Vantongeren, MD',
      recordStatus: 'incomplete',
      openDeficiencies: 1,
      delinquentDeficiencies: 0,
      oldestDueAt: '2026-07-02T12:00:00.000Z',
      reviewedAt: null,
    });
    expect(body.counts.toReview).toBeGreaterThanOrEqual(1);
    const incomplete = (
      await technician.get('/api/v1/completion/queue?view=incomplete&limit=500')
    ).json<CompletionQueue>();
    expect(incomplete.records.map((r) => r.encounterId)).toContain(e.id);
    expect(incomplete.total).toBe(body.counts.incomplete);

    const reviewedAt = s.clock.now().toISOString();
    const reviewed = await technician.post(`/api/v1/encounters/${e.id}/completion/review`, {
      note: 'Summary unsigned; attending notified.',
    });
    expect(reviewed.status).toBe(200);
    expect(reviewed.json<EncounterCompletion>().deficiencies).toHaveLength(1);
    const after = (await technician.get('/api/v1/completion/queue?view=to_review&limit=500')).json<CompletionQueue>();
    expect(after.records.map((r) => r.encounterId)).not.toContain(e.id);
    expect(after.counts.toReview).toBe(body.counts.toReview - 1);
    const all = (await technician.get('/api/v1/completion/queue?view=all&limit=500')).json<CompletionQueue>();
    expect(all.records.find((r) => r.encounterId === e.id)).toMatchObject({
      reviewNote: 'Summary unsigned; attending notified.',
      reviewedAt,
    });
    // A coder reads the queue but may not mark a record reviewed; nor may the technician edit the rules.
    expect((await coder.get('/api/v1/completion/queue')).status).toBe(200);
    expect((await coder.post(`/api/v1/encounters/${e.id}/completion/review`, {})).status).toBe(403);
    const rules = (await technician.get('/api/v1/completion/rules')).json<CompletionRuleSetVersion>();
    const edit = await technician.put('/api/v1/completion/rules', {
      baseVersion: rules.version,
      note: 'Technician edit',
      ruleSet: rules.ruleSet,
    });
    expect(edit.status).toBe(403);
  });
  it('keeps a facility’s own rule set apart from the organisation’s default and analyses each encounter by its facility', async () => {
    await at('2026-07-10T00:00:00Z');
    const north = await stay('2026-07-08T12:00:00Z', [
      { loinc: '18842-5', label: 'Discharge summary', authored: '2026-07-09T09:00:00Z' },
    ]);
    const main = await stay('2026-07-08T12:00:00Z', [
      { loinc: '18842-5', label: 'Discharge summary', authored: '2026-07-09T09:00:00Z' },
    ]);
    await s.handle.db.updateTable('encounters').set({ facility: 'North Campus' }).where('id', '=', north.id).execute();
    // Analysed under the organisation's default first: the facility's own set then brings the same deficiency up to
    // date in place (its deadline and the version that set it).
    const before = (await manager.get(`/api/v1/completion/deficiencies?encounterId=${north.id}`))
      .json<DeficiencyList>()
      .deficiencies.find((d) => d.ruleId === 'COMPLETION.DS.MISSING');
    expect(before?.delinquentAt).toBe('2026-08-07T12:00:00.000Z');
    const inherited = (
      await manager.get('/api/v1/completion/rules?facility=North%20Campus')
    ).json<CompletionRuleSetVersion>();
    expect(inherited.facility).toBe('');
    const edited = { ...inherited.ruleSet, delinquencyDays: 14 };
    const stale = await manager.put('/api/v1/completion/rules', {
      facility: 'North Campus',
      baseVersion: inherited.version,
      note: 'North Campus bylaws: 14 days',
      ruleSet: edited,
    });
    expect(stale.status).toBe(409);
    const contradictory = await manager.put('/api/v1/completion/rules', {
      facility: 'North Campus',
      baseVersion: 0,
      note: 'Two deadlines for one summary',
      ruleSet: {
        ...edited,
        rules: [
          ...edited.rules,
          {
            ...edited.rules.find((r) => r.id === 'COMPLETION.DS.MISSING'),
            id: 'SITE.DS.FAST',
            window: { beforeHours: 0, afterHours: 48 },
          },
        ],
      },
    });
    expect(contradictory.status).toBe(400);
    expect(contradictory.json<{ errors: { path: string; message: string }[] }>().errors[0]).toMatchObject({
      path: `/ruleSet/rules/${edited.rules.length}`,
      message: expect.stringMatching(/Contradicts rule COMPLETION\.DS\.MISSING/u),
    });
    const saved = await manager.put('/api/v1/completion/rules', {
      facility: 'North Campus',
      baseVersion: 0,
      note: 'North Campus bylaws: 14 days',
      ruleSet: edited,
    });
    expect(saved.status).toBe(200);
    expect(saved.json<CompletionRuleSetVersion>()).toMatchObject({ facility: 'North Campus', version: 1 });
    const own = (
      await manager.get('/api/v1/completion/rules?facility=North%20Campus')
    ).json<CompletionRuleSetVersion>();
    expect(own).toMatchObject({ facility: 'North Campus', version: 1 });
    expect((await manager.get('/api/v1/completion/rules')).json<CompletionRuleSetVersion>().facility).toBe('');

    const list = (await manager.get('/api/v1/completion/deficiencies?limit=500')).json<DeficiencyList>().deficiencies;
    const northDs = list.find((d) => d.encounterId === north.id && d.ruleId === 'COMPLETION.DS.MISSING');
    const mainDs = list.find((d) => d.encounterId === main.id && d.ruleId === 'COMPLETION.DS.MISSING');
    expect(northDs?.delinquentAt).toBe('2026-07-22T12:00:00.000Z');
    expect(northDs?.id).toBe(before?.id);
    const stored = await s.handle.db
      .selectFrom('deficiencies')
      .select(['rule_set_version', 'status'])
      .where('id', '=', before?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ rule_set_version: 1, status: 'open' });
    expect(mainDs?.delinquentAt).toBe('2026-08-07T12:00:00.000Z');
    const history = await manager.get('/api/v1/completion/rules/versions?facility=North%20Campus');
    expect(history.json<{ facility: string; versions: unknown[] }>()).toMatchObject({
      facility: 'North Campus',
      versions: [{ version: 1, note: 'North Campus bylaws: 14 days' }],
    });
  });
  it('lets analyses of the same encounters run at once without opening a deficiency twice or failing', async () => {
    await at('2026-08-20T00:00:00Z');
    const stays = [];
    for (let i = 0; i < 6; i++) {
      stays.push(
        await stay('2026-08-18T12:00:00Z', [
          { loinc: '18842-5', label: 'Discharge summary', authored: '2026-08-19T09:00:00Z' },
        ]),
      );
    }
    const db = s.handle.db;
    const now = s.clock.now();
    const ids = stays.map((x) => x.id);
    for (let round = 0; round < 3; round++) {
      await db.transaction().execute((tx) => markAllEncounters(tx, s.orgId));
      // A background run, a request's run over flagged records and two analyses of named records, all at once.
      await Promise.all([
        analyzeStaleEncounters(db, s.orgId, now),
        db.transaction().execute((tx) => analyzeChangedEncounters(tx, s.orgId, now)),
        db.transaction().execute((tx) => analyzeEncounters(tx, s.orgId, [...ids].reverse(), now)),
        db.transaction().execute((tx) => analyzeEncounters(tx, s.orgId, ids, now)),
      ]);
    }
    const rows = await db
      .selectFrom('deficiencies')
      .select(['encounter_id', 'analysis_key', 'status'])
      .where('encounter_id', 'in', ids)
      .execute();
    const pairs = rows.map((r) => `${r.encounter_id} ${r.analysis_key}`);
    expect(new Set(pairs).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.encounter_id)).size).toBe(ids.length);
    expect(rows.every((r) => r.status === 'open')).toBe(true);
    const flagged = await db
      .selectFrom('completion_results')
      .select('encounter_id')
      .where('org_id', '=', s.orgId)
      .where('stale', '=', true)
      .execute();
    expect(flagged).toEqual([]);
  });
});
