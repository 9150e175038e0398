import type { Page } from 'playwright-core';
import { callApi } from './api.js';
import type { E2eEnvironment } from './support.js';

/** A synthetic discharged inpatient stay as a FHIR collection Bundle, for the record-completion browser tests. */
export interface DischargedStay {
  /** Prefix of the resources' ids inside the Bundle. */
  readonly key: string;
  readonly account: string;
  readonly mrn: string;
  /** The attending's NPI, and name as family, given. */
  readonly npi: string;
  readonly attending: readonly [string, string];
  /** The patient's name as family, given, and sex and birth date. */
  readonly patient: readonly [string, string];
  readonly gender: 'male' | 'female';
  readonly birthDate: string;
  readonly service: string;
  readonly admitAt: Date;
  readonly dischargeAt: Date;
  /** When the history and physical was written, and its text; it is signed by the attending. */
  readonly hpAt: Date;
  readonly hpText: string;
}

/**
 * The stay: practitioner, patient, a finished inpatient encounter with its account number, attending and discharge
 * disposition, and a signed history and physical; no discharge summary.
 */
export function dischargedStayBundle(stay: DischargedStay): Record<string, unknown> {
  const { key } = stay;
  const practitioner = `Practitioner/${key}-prac-1`;
  const patient = `Patient/${key}-pat-1`;
  const encounter = `Encounter/${key}-enc-1`;
  const typeCode = (code: string) => ({
    coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code }],
  });
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      {
        fullUrl: practitioner,
        resource: {
          resourceType: 'Practitioner',
          id: `${key}-prac-1`,
          identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: stay.npi }],
          name: [{ family: stay.attending[0], given: [stay.attending[1]], suffix: ['MD'] }],
        },
      },
      {
        fullUrl: patient,
        resource: {
          resourceType: 'Patient',
          id: `${key}-pat-1`,
          identifier: [{ type: typeCode('MR'), system: 'urn:charta:e2e:mrn', value: stay.mrn }],
          name: [{ family: stay.patient[0], given: [stay.patient[1]] }],
          gender: stay.gender,
          birthDate: stay.birthDate,
        },
      },
      {
        fullUrl: encounter,
        resource: {
          resourceType: 'Encounter',
          id: `${key}-enc-1`,
          status: 'finished',
          class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
          identifier: [{ type: typeCode('AN'), system: 'urn:charta:e2e:account', value: stay.account }],
          serviceType: { text: stay.service },
          subject: { reference: patient },
          participant: [
            {
              type: [
                { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'ATND' }] },
              ],
              individual: { reference: practitioner },
            },
          ],
          period: { start: stay.admitAt.toISOString(), end: stay.dischargeAt.toISOString() },
          hospitalization: {
            dischargeDisposition: {
              coding: [{ system: 'http://terminology.hl7.org/CodeSystem/discharge-disposition', code: 'home' }],
            },
          },
        },
      },
      {
        fullUrl: `DocumentReference/${key}-hp-1`,
        resource: {
          resourceType: 'DocumentReference',
          id: `${key}-hp-1`,
          status: 'current',
          docStatus: 'final',
          type: { coding: [{ system: 'http://loinc.org', code: '34117-2', display: 'History and physical note' }] },
          subject: { reference: patient },
          date: stay.hpAt.toISOString(),
          author: [{ reference: practitioner }],
          authenticator: { reference: practitioner },
          context: { encounter: [{ reference: encounter }] },
          content: [
            { attachment: { contentType: 'text/plain', data: Buffer.from(stay.hpText, 'utf8').toString('base64') } },
          ],
        },
      },
    ],
  };
}

/** The demo physician's user and the practitioner record now linked to it. */
export interface LinkedPhysician {
  readonly userId: string;
  readonly orgId: string;
  readonly practitionerId: string;
}

/**
 * Imports a stay's Bundle through the API as the signed-in page, and links its attending (by NPI) to the demo
 * physician `drpatel`. No API links a practitioner record to a user: the test server's database does.
 */
export async function importStayForDemoPhysician(
  env: E2eEnvironment,
  page: Page,
  bundle: Record<string, unknown>,
  npi: string,
): Promise<LinkedPhysician> {
  const imported = await callApi(page, 'POST', '/api/v1/fhir/import', bundle, 'application/fhir+json');
  if (imported.status !== 200)
    throw new Error(`FHIR import failed: ${imported.status} ${JSON.stringify(imported.body)}`);
  const db = env.server.database.db;
  const user = await db
    .selectFrom('users')
    .select(['id', 'org_id'])
    .where('username', '=', 'drpatel')
    .executeTakeFirstOrThrow();
  const practitioner = await db
    .updateTable('practitioners')
    .set({ user_id: user.id })
    .where('npi', '=', npi)
    .where('org_id', '=', user.org_id)
    .returning('id')
    .executeTakeFirstOrThrow();
  return { userId: user.id, orgId: user.org_id, practitionerId: practitioner.id };
}
