import { randomUUID } from 'node:crypto';
import type { Database } from '@charta/db';
import type { Kysely } from 'kysely';
import type { RequestInfo } from '../http/context.js';

/** Synthetic patients and request context for the MPI integration tests (no real data). */
export interface TestPatient {
  family: string;
  given: string;
  birth: string;
  sex?: string;
  phone?: string | null;
  addressLine?: string | null;
  postalCode?: string | null;
  labels?: string[];
  middle?: string | null;
}

export async function insertPatient(db: Kysely<Database>, orgId: string, p: TestPatient, now: Date): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('patients')
    .values({
      id,
      org_id: orgId,
      mrn: `T${id.slice(0, 8)}`,
      family_name: p.family,
      given_name: p.given,
      middle_name: p.middle ?? null,
      birth_date: p.birth,
      sex: p.sex ?? 'F',
      address: null,
      address_line: p.addressLine ?? null,
      postal_code: p.postalCode ?? null,
      phone: p.phone ?? null,
      labels: p.labels ?? [],
      updated_at: now,
    })
    .execute();
  return id;
}

export function testInfo(now: Date): RequestInfo {
  return { traceId: randomUUID(), ip: null, userAgent: 'charta-test', now, method: 'POST', route: '/test' };
}
