import { randomUUID } from 'node:crypto';
import type { CodingSaveRequest, WorkingDrg } from '@charta/contracts';
import { normalizeCode } from '@charta/core';
import type { Database } from '@charta/db';
import type { Transaction } from 'kysely';
import { Conflict, NotFound, ValidationError } from '../http/errors.js';
import type { EncounterContext } from './record.js';
import { loadCharges, loadCodedRecord } from './record.js';

type Tx = Transaction<Database>;

export interface LockedItem {
  readonly status: string;
  readonly assignee_id: string | null;
  readonly revision: number;
  readonly version: number;
  readonly final_at: Date | string | null;
  readonly final_by: string | null;
  readonly hold_reason: string | null;
}

/** The encounter's work item, locked for the rest of the transaction; 409 when the encounter is not in the queue. */
export async function lockWorkItem(tx: Tx, encounterId: string): Promise<LockedItem> {
  const item = await tx
    .selectFrom('coding_work_items')
    .select(['status', 'assignee_id', 'revision', 'version', 'final_at', 'final_by', 'hold_reason'])
    .where('encounter_id', '=', encounterId)
    .forUpdate()
    .executeTakeFirst();
  if (!item) throw new Conflict('The encounter is not in the coding queue: it has not been discharged or completed');
  return item;
}

/** Checks the charge ids of a save against the encounter's charge lines before anything is written. */
export async function checkChargeIds(tx: Tx, encounterId: string, body: CodingSaveRequest): Promise<Set<string>> {
  const existing = new Set(
    (await tx.selectFrom('charges').select('id').where('encounter_id', '=', encounterId).execute()).map((r) => r.id),
  );
  const seen = new Set<string>();
  body.charges?.forEach((c, i) => {
    if (c.id === undefined) return;
    if (!existing.has(c.id) || seen.has(c.id))
      throw new ValidationError('A charge line names an id that is not one of this encounter’s charges', [
        { path: `/charges/${i}/id`, code: 'unknown_charge', message: 'Not a charge of this encounter' },
      ]);
    seen.add(c.id);
  });
  return existing;
}

/** Replaces the coded record (and, when given, the charge list) of an encounter. */
export async function writeCoding(
  tx: Tx,
  enc: EncounterContext,
  body: CodingSaveRequest,
  existingCharges: ReadonlySet<string>,
  userId: string,
  now: Date,
): Promise<void> {
  await tx.deleteFrom('coded_diagnoses').where('encounter_id', '=', enc.id).execute();
  await tx.deleteFrom('coded_procedures').where('encounter_id', '=', enc.id).execute();
  if (body.diagnoses.length > 0)
    await tx
      .insertInto('coded_diagnoses')
      .values(
        body.diagnoses.map((d, i) => ({
          encounter_id: enc.id,
          seq: i + 1,
          code: normalizeCode(d.code),
          poa: d.poa ?? null,
          coder_id: userId,
          updated_at: now,
        })),
      )
      .execute();
  if (body.procedures.length > 0)
    await tx
      .insertInto('coded_procedures')
      .values(
        body.procedures.map((p, i) => ({
          encounter_id: enc.id,
          seq: i + 1,
          system: p.system,
          code: normalizeCode(p.code),
          modifiers: p.modifiers.map((m) => m.toUpperCase()),
          performed_on: p.date ?? null,
          practitioner_id: null,
          coder_id: userId,
          updated_at: now,
        })),
      )
      .execute();
  if (!body.charges) return;
  const kept = new Set<string>();
  for (const c of body.charges) {
    const values = {
      service_date: c.serviceDate ?? null,
      revenue_code: c.revenueCode ?? null,
      code_system: c.codeSystem ?? null,
      code: c.code ? normalizeCode(c.code) : null,
      modifiers: c.modifiers.map((m) => m.toUpperCase()),
      units: c.units,
      amount: c.amount.toFixed(2),
      description: c.description ?? null,
    };
    if (c.id) {
      kept.add(c.id);
      await tx.updateTable('charges').set(values).where('id', '=', c.id).where('encounter_id', '=', enc.id).execute();
    } else {
      const id = randomUUID();
      await tx
        .insertInto('charges')
        .values({
          ...values,
          id,
          org_id: enc.orgId,
          encounter_id: enc.id,
          source: 'coding',
          source_key: `coding:${id}`,
        })
        .execute();
    }
  }
  const removed = [...existingCharges].filter((id) => !kept.has(id));
  if (removed.length > 0) await tx.deleteFrom('charges').where('id', 'in', removed).execute();
}

/** Stores a version row: a final snapshot, or a re-opening with its reason. */
export async function recordVersion(
  tx: Tx,
  enc: EncounterContext,
  entry: {
    version: number;
    kind: 'final' | 'reopen';
    userId: string;
    reason: string | null;
    drg: WorkingDrg | null;
    now: Date;
  },
): Promise<void> {
  const coding = await loadCodedRecord(tx, enc.id);
  const charges = await loadCharges(tx, enc.id);
  await tx
    .insertInto('coding_versions')
    .values({
      id: randomUUID(),
      org_id: enc.orgId,
      encounter_id: enc.id,
      version: entry.version,
      kind: entry.kind,
      at: entry.now,
      user_id: entry.userId,
      reason: entry.reason,
      encounter_type: enc.type,
      snapshot: JSON.stringify({ coding, charges, drg: entry.drg }),
    })
    .execute();
}

/** The status a work item returns to when it leaves a hold or is re-opened. */
export function workingStatus(item: Pick<LockedItem, 'assignee_id' | 'revision'>): string {
  if (!item.assignee_id) return 'unassigned';
  return item.revision > 0 ? 'in_progress' : 'assigned';
}

export function assertExists<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new NotFound(`No such ${what}`);
  return value;
}
