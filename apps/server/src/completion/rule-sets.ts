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
  readonly version: number;
  readonly ruleSet: CompletionRuleSet;
  readonly createdAt: Date;
  readonly createdBy: string | null;
  readonly note: string | null;
}

/**
 * The organisation's current completion rule set. A facility without one gets version 1, copied from core's
 * defaults, written here so that every later analysis names the version it used. JSONB read back is parsed again.
 */
export async function currentRuleSet(tx: Transaction<Database>, orgId: string, now: Date): Promise<StoredRuleSet> {
  const row = await tx
    .selectFrom('completion_rule_sets')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (row) {
    return {
      version: row.version,
      ruleSet: toRuleSet(CompletionRuleSetSchema.parse(row.rules)),
      createdAt: new Date(row.created_at),
      createdBy: row.created_by,
      note: row.note,
    };
  }
  const note = 'Defaults (DOMAIN.md section 7)';
  await tx
    .insertInto('completion_rule_sets')
    .values({
      id: randomUUID(),
      org_id: orgId,
      version: 1,
      rules: JSON.stringify(DEFAULT_COMPLETION_RULE_SET),
      note,
      created_at: now,
      created_by: null,
    })
    .onConflict((oc) => oc.columns(['org_id', 'version']).doNothing())
    .execute();
  return { version: 1, ruleSet: DEFAULT_COMPLETION_RULE_SET, createdAt: now, createdBy: null, note };
}

/** Every version, newest first, without the rules themselves. */
export async function ruleSetVersions(tx: Transaction<Database>, orgId: string) {
  return tx
    .selectFrom('completion_rule_sets')
    .select(['version', 'created_at', 'created_by', 'note'])
    .where('org_id', '=', orgId)
    .orderBy('version', 'desc')
    .execute();
}

/** Adds a version; returns null when `baseVersion` is no longer the current one (a concurrent edit). */
export async function saveRuleSet(
  tx: Transaction<Database>,
  orgId: string,
  baseVersion: number,
  ruleSet: CompletionRuleSet,
  note: string,
  userId: string,
  now: Date,
): Promise<number | null> {
  const current = await currentRuleSet(tx, orgId, now);
  if (current.version !== baseVersion) return null;
  const version = current.version + 1;
  await tx
    .insertInto('completion_rule_sets')
    .values({
      id: randomUUID(),
      org_id: orgId,
      version,
      rules: JSON.stringify(ruleSet),
      note,
      created_at: now,
      created_by: userId,
    })
    .execute();
  return version;
}
