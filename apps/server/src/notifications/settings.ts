import { randomUUID } from 'node:crypto';
import { EscalationLadderSchema } from '@charta/contracts';
import { DEFAULT_ESCALATION_LADDER, type EscalationLadder } from '@charta/core';
import type { Database } from '@charta/db';
import type { Transaction } from 'kysely';

/** A parsed ladder as core's type. */
export function toLadder(parsed: EscalationLadderSchema): EscalationLadder {
  return parsed as EscalationLadder;
}

export interface EffectiveLadder {
  readonly facility: string;
  readonly source: 'facility' | 'organisation' | 'default';
  /** The facility's own latest version; 0 while it has none. */
  readonly version: number;
  readonly ladder: EscalationLadder;
  readonly createdAt: Date | null;
  readonly createdBy: string | null;
  readonly note: string | null;
}

/** The latest ladder version of each facility of the organisation ('' is the organisation's default). */
async function latestVersions(tx: Transaction<Database>, orgId: string, facility?: string) {
  let q = tx.selectFrom('notification_settings').selectAll().where('org_id', '=', orgId);
  if (facility !== undefined) q = q.where('facility', 'in', [...new Set([facility, ''])]);
  const rows = await q.orderBy('facility').orderBy('version', 'desc').execute();
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!latest.has(r.facility)) latest.set(r.facility, r);
  return latest;
}

/**
 * The ladder that applies to a facility: its own latest version, else the organisation's default, else Charta's
 * defaults. JSONB read back is parsed again.
 */
export async function effectiveLadder(
  tx: Transaction<Database>,
  orgId: string,
  facility: string,
): Promise<EffectiveLadder> {
  const latest = await latestVersions(tx, orgId, facility);
  const own = latest.get(facility);
  const row = own ?? latest.get('');
  const source = own ? (facility === '' ? 'organisation' : 'facility') : row ? 'organisation' : 'default';
  return {
    facility,
    source,
    version: own?.version ?? 0,
    ladder: row ? toLadder(EscalationLadderSchema.parse(row.ladder)) : DEFAULT_ESCALATION_LADDER,
    createdAt: row ? new Date(row.created_at) : null,
    createdBy: row?.created_by ?? null,
    note: row?.note ?? null,
  };
}

/** Every facility's ladder, keyed by facility name ('' for the organisation's default, which is always present). */
export async function laddersOf(tx: Transaction<Database>, orgId: string): Promise<Map<string, EscalationLadder>> {
  const latest = await latestVersions(tx, orgId);
  const out = new Map<string, EscalationLadder>();
  for (const [facility, row] of latest) out.set(facility, toLadder(EscalationLadderSchema.parse(row.ladder)));
  if (!out.has('')) out.set('', DEFAULT_ESCALATION_LADDER);
  return out;
}

/** Adds a version of a facility's ladder; null when `baseVersion` is no longer its latest (a concurrent edit). */
export async function saveLadder(
  tx: Transaction<Database>,
  orgId: string,
  facility: string,
  baseVersion: number,
  ladder: EscalationLadder,
  note: string,
  userId: string,
  now: Date,
): Promise<number | null> {
  const current = await tx
    .selectFrom('notification_settings')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('org_id', '=', orgId)
    .where('facility', '=', facility)
    .executeTakeFirst();
  const latest = Number(current?.version ?? 0);
  if (latest !== baseVersion) return null;
  const inserted = await tx
    .insertInto('notification_settings')
    .values({
      id: randomUUID(),
      org_id: orgId,
      facility,
      version: latest + 1,
      ladder: JSON.stringify(ladder),
      note,
      created_at: now,
      created_by: userId,
    })
    .onConflict((oc) => oc.columns(['org_id', 'facility', 'version']).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1 ? latest + 1 : null;
}
