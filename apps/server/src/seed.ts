import { randomBytes, randomUUID } from 'node:crypto';
import { ALL_ROLES, type Role } from '@charta/core';
import type { Database } from '@charta/db';
import type { Kysely } from 'kysely';
import { appendAudit } from './audit/store.js';
import { hashPassword } from './auth/password.js';
import { newUserRow } from './auth/users.js';
import { codeDemoHistory, demoHistoryUntil, type DemoHistoryResult } from './demo/history.js';
import { loadDemoRecords, type LoadDemoRecordsResult } from './demo/load.js';
import type { Services } from './http/context.js';

/** Synthetic staff of the demo organisation, one per role. No real person. */
export const DEMO_USERS: readonly { username: string; displayName: string; role: Role; emergency?: boolean }[] = [
  { username: 'admin', displayName: 'Avery Admin', role: 'administrator' },
  { username: 'hmanager', displayName: 'Harper Quinlan', role: 'him_manager', emergency: true },
  { username: 'hit', displayName: 'Taylor Brennan', role: 'him_technician' },
  { username: 'coder', displayName: 'Casey Morales', role: 'coder' },
  { username: 'cdi', displayName: 'Devon Achebe', role: 'cdi_specialist' },
  { username: 'roi', displayName: 'Rowan Feldt', role: 'roi_specialist' },
  { username: 'auditor', displayName: 'Addison Kettering', role: 'auditor' },
  { username: 'drpatel', displayName: 'Dr. Priya Vantongeren', role: 'physician', emergency: true },
  { username: 'registrar', displayName: 'Reese Okonkwo', role: 'registrar' },
  { username: 'analyst', displayName: 'Jordan Lindqvist', role: 'public_health_analyst' },
];

/** Synthetic patients for the foundation's patient search and emergency-access flows. */
const DEMO_PATIENTS = [
  {
    mrn: 'MRN100001',
    family: 'Alvarez',
    given: 'Marisol',
    birth: '1958-03-14',
    sex: 'F',
    address: '12 Quarry Lane, Riverside, ST 00001',
    phone: '555-0101',
  },
  {
    mrn: 'MRN100002',
    family: 'Brennan',
    given: 'Thaddeus',
    birth: '1947-11-02',
    sex: 'M',
    address: '880 Orchard Row, Riverside, ST 00002',
    phone: '555-0102',
  },
  {
    mrn: 'MRN100003',
    family: 'Chowdhury',
    given: 'Anika',
    birth: '1989-06-30',
    sex: 'F',
    address: '4 Millpond Court, Riverside, ST 00003',
    phone: '555-0103',
  },
  {
    mrn: 'MRN100004',
    family: 'Delacroix',
    given: 'Emile',
    birth: '2012-01-19',
    sex: 'M',
    address: '301 Larch Street, Riverside, ST 00004',
    phone: '555-0104',
  },
  {
    mrn: 'MRN100005',
    family: 'Eriksen',
    given: 'Solveig',
    birth: '1972-09-08',
    sex: 'F',
    address: '77 Harbor View, Riverside, ST 00005',
    phone: '555-0105',
  },
  {
    mrn: 'MRN100006',
    family: 'Fontaine',
    given: 'Bartholomew',
    birth: '1965-04-21',
    sex: 'M',
    address: '19 Cedar Bend, Riverside, ST 00006',
    phone: '555-0106',
  },
];

export const DEMO_ORG_NAME = 'Riverside Community Hospital (demo)';

/** A readable random password: 4 groups of 4 from an unambiguous alphabet (about 80 bits). */
export function generateDemoPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

export interface SeedResult {
  readonly orgId: string;
  readonly users: readonly { username: string; role: Role; id: string }[];
}

/** Whether the database holds an organisation already. */
export async function isSeeded(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('organizations').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Creates the demo organisation with one user per role (all sharing the given password) and a few patients, in one
 * transaction, each creation audited as done by the system.
 */
export async function seedDemo(
  db: Kysely<Database>,
  auditKey: Buffer,
  password: string,
  now: Date,
): Promise<SeedResult> {
  const hashed = await hashPassword(password);
  return db.transaction().execute(async (tx) => {
    const orgId = randomUUID();
    await tx.insertInto('organizations').values({ id: orgId, name: DEMO_ORG_NAME }).execute();
    await tx
      .insertInto('security_policy')
      .values({ org_id: orgId, mfa_required_roles: [...ALL_ROLES], updated_at: now, updated_by: null })
      .execute();
    const users: { username: string; role: Role; id: string }[] = [];
    for (const u of DEMO_USERS) {
      const id = randomUUID();
      await tx
        .insertInto('users')
        .values(
          newUserRow({
            id,
            orgId,
            username: u.username,
            displayName: u.displayName,
            role: u.role,
            passwordHash: hashed,
            emergencyAccessDesignated: u.emergency,
            now,
          }),
        )
        .execute();
      await appendAudit(tx, auditKey, {
        action: 'user.create',
        outcome: 'success',
        occurredAt: now,
        username: 'system',
        recordType: 'user',
        recordId: id,
        detail: { username: u.username, role: u.role, source: 'demo seed' },
      });
      users.push({ username: u.username, role: u.role, id });
    }
    const physician = users.find((u) => u.role === 'physician');
    for (const [i, p] of DEMO_PATIENTS.entries()) {
      const id = randomUUID();
      await tx
        .insertInto('patients')
        .values({
          id,
          org_id: orgId,
          mrn: p.mrn,
          family_name: p.family,
          given_name: p.given,
          birth_date: p.birth,
          sex: p.sex,
          address: p.address,
          phone: p.phone,
          labels: [],
          updated_at: now,
        })
        .execute();
      await appendAudit(tx, auditKey, {
        action: 'patient.create',
        outcome: 'success',
        occurredAt: now,
        username: 'system',
        patientId: id,
        recordType: 'patient',
        recordId: id,
        detail: { source: 'demo seed' },
      });
      // The demo physician treats the first half of the patients; the rest need emergency access.
      if (physician && i < DEMO_PATIENTS.length / 2) {
        await tx
          .insertInto('care_relationships')
          .values({ patient_id: id, user_id: physician.id, relationship: 'attending' })
          .execute();
      }
    }
    return { orgId, users };
  });
}

/** Earlier, coded and billed hospital stays in the demo set, for the case-mix history. */
const DEMO_HISTORY_PATIENTS = 120;

/**
 * Loads the synthetic demo records (patients across care settings, encounters, notes, coverage and claims) into the
 * demo organisation through the FHIR importer, so that a first start opens with work queues to look at. Run once,
 * after seedDemo on an empty database; test servers skip it (tests that need records call loadDemoRecords).
 */
export async function seedDemoRecords(
  services: Pick<Services, 'db' | 'secrets' | 'clock' | 'onAuditHead' | 'reference'>,
): Promise<(LoadDemoRecordsResult & { readonly history: DemoHistoryResult }) | undefined> {
  const org = await services.db
    .selectFrom('organizations')
    .select('id')
    .where('name', '=', DEMO_ORG_NAME)
    .executeTakeFirst();
  if (!org) return undefined;
  const now = services.clock.now();
  const drg = await services.reference.drg();
  const groupableUntil = drg.versions.reduce((last, v) => (v.to > last ? v.to : last), '0000-00-00');
  const until = demoHistoryUntil(now, groupableUntil);
  const loaded = await loadDemoRecords(services.db, {
    orgId: org.id,
    auditKey: services.secrets.auditKey,
    now,
    history: { until, patients: DEMO_HISTORY_PATIENTS },
    onAuditHead: services.onAuditHead,
  });
  const coder = await services.db
    .selectFrom('users')
    .select('id')
    .where('org_id', '=', org.id)
    .where('role', '=', 'coder')
    .orderBy('created_at')
    .executeTakeFirst();
  const history = coder
    ? await codeDemoHistory(services, { orgId: org.id, until, coderId: coder.id })
    : { finalised: 0, leftInQueue: 0 };
  await linkDemoPhysician(services.db, org.id);
  return { ...loaded, history };
}

/**
 * Gives the demo physician a clinical identity: the practitioner who attends the most demo stays becomes theirs, with
 * care relationships to those patients, so that they see their patients and their record-completion work.
 */
async function linkDemoPhysician(db: Kysely<Database>, orgId: string): Promise<void> {
  const physician = await db
    .selectFrom('users')
    .select('id')
    .where('org_id', '=', orgId)
    .where('role', '=', 'physician')
    .orderBy('created_at')
    .executeTakeFirst();
  const busiest = await db
    .selectFrom('encounters')
    .select(['attending_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('org_id', '=', orgId)
    .where('attending_id', 'is not', null)
    .groupBy('attending_id')
    .orderBy('n', 'desc')
    .orderBy('attending_id')
    .executeTakeFirst();
  if (!physician || !busiest?.attending_id) return;
  const practitionerId = busiest.attending_id;
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('practitioners').set({ user_id: physician.id }).where('id', '=', practitionerId).execute();
    const patients = await tx
      .selectFrom('encounters')
      .select('patient_id')
      .distinct()
      .where('attending_id', '=', practitionerId)
      .execute();
    if (patients.length > 0)
      await tx
        .insertInto('care_relationships')
        .values(patients.map((p) => ({ patient_id: p.patient_id, user_id: physician.id, relationship: 'attending' })))
        .onConflict((oc) => oc.doNothing())
        .execute();
  });
}
