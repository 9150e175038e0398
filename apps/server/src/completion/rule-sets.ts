import { randomUUID } from 'node:crypto';
import { CompletionRuleSetSchema } from '@charta/contracts';
import { DEFAULT_COMPLETION_RULE_SET, type CompletionRuleSet } from '@charta/core';
import type { Database } from '@charta/db';
import type { Transaction } from 'kysely';

/** A parsed rule set as core's type (zod's optional fields admit an explicit undefined, which JSON never holds). */
export function toRuleSet(parsed: CompletionRuleSetSchema): CompletionRuleSet {
  return parsed as CompletionRuleSet;
}

export interface StoredRuleSet {
  /** The facility whose set this is; '' for the organisation's default (also what a facility without its own gets). */
  readonly facility: string;
  readonly version: number;
  readonly ruleSet: CompletionRuleSet;
  readonly createdAt: Date;
  readonly createdBy: string | null;
  /** That user's display name (null for the defaults). */
  readonly createdByName: string | null;
  readonly note: string | null;
}

async function latestOwn(tx: Transaction<Database>, orgId: string, facility: string) {
  return tx
    .selectFrom('completion_rule_sets as r')
    .leftJoin('users as u', 'u.id', 'r.created_by')
    .selectAll('r')
    .select('u.display_name as created_by_name')
    .where('r.org_id', '=', orgId)
    .where('r.facility', '=', facility)
    .orderBy('r.version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * The completion rule set in force for a facility of the organisation: the facility's own newest version, or else the
 * organisation's default (facility ''). An organisation without a default gets version 1, copied from core's
 * defaults and written here so that every later analysis names the version it used. JSONB read back is parsed again.
 */
export async function currentRuleSet(
  tx: Transaction<Database>,
  orgId: string,
  now: Date,
  facility = '',
): Promise<StoredRuleSet> {
  const row = (facility === '' ? undefined : await latestOwn(tx, orgId, facility)) ?? (await latestOwn(tx, orgId, ''));
  if (row) {
    return {
      facility: row.facility,
      version: row.version,
      ruleSet: toRuleSet(CompletionRuleSetSchema.parse(row.rules)),
      createdAt: new Date(row.created_at),
      createdBy: row.created_by,
      createdByName: row.created_by_name,
      note: row.note,
    };
  }
  const note =
    'Charta defaults: CMS Conditions of Participation (42 CFR 482.22, 482.24, 482.51) and The Joint Commission';
  await tx
    .insertInto('completion_rule_sets')
    .values({
      id: randomUUID(),
      org_id: orgId,
      facility: '',
      version: 1,
      rules: JSON.stringify(DEFAULT_COMPLETION_RULE_SET),
      note,
      created_at: now,
      created_by: null,
    })
    .onConflict((oc) => oc.columns(['org_id', 'facility', 'version']).doNothing())
    .execute();
  return {
    facility: '',
    version: 1,
    ruleSet: DEFAULT_COMPLETION_RULE_SET,
    createdAt: now,
    createdBy: null,
    createdByName: null,
    note,
  };
}

/** The rule sets in force for several facilities at once (each read once), keyed by facility ('' for none). */
export async function ruleSetsFor(
  tx: Transaction<Database>,
  orgId: string,
  facilities: Iterable<string>,
  now: Date,
): Promise<Map<string, StoredRuleSet>> {
  const out = new Map<string, StoredRuleSet>();
  for (const f of facilities) if (!out.has(f)) out.set(f, await currentRuleSet(tx, orgId, now, f));
  return out;
}

/** Every version of a facility's own set ('' for the organisation's default), newest first, without the rules. */
export async function ruleSetVersions(tx: Transaction<Database>, orgId: string, facility = '') {
  return tx
    .selectFrom('completion_rule_sets as r')
    .leftJoin('users as u', 'u.id', 'r.created_by')
    .select(['r.version', 'r.created_at', 'r.created_by', 'u.display_name as created_by_name', 'r.note'])
    .where('r.org_id', '=', orgId)
    .where('r.facility', '=', facility)
    .orderBy('r.version', 'desc')
    .execute();
}

/**
 * Adds a version to a facility's own set ('' for the organisation's default). `baseVersion` is the version of that
 * facility's own set the edit started from, 0 when the facility has none yet (it followed the default); returns null
 * when it is no longer the newest (a concurrent edit).
 */
export async function saveRuleSet(
  tx: Transaction<Database>,
  orgId: string,
  facility: string,
  baseVersion: number,
  ruleSet: CompletionRuleSet,
  note: string,
  userId: string,
  now: Date,
): Promise<number | null> {
  if (facility === '') await currentRuleSet(tx, orgId, now);
  const own = await latestOwn(tx, orgId, facility);
  if ((own?.version ?? 0) !== baseVersion) return null;
  const version = baseVersion + 1;
  const inserted = await tx
    .insertInto('completion_rule_sets')
    .values({
      id: randomUUID(),
      org_id: orgId,
      facility,
      version,
      rules: JSON.stringify(ruleSet),
      note,
      created_at: now,
      created_by: userId,
    })
    .onConflict((oc) => oc.columns(['org_id', 'facility', 'version']).doNothing())
    .returning('version')
    .executeTakeFirst();
  return inserted ? version : null;
}
