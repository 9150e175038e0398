/**
 * Which code drives the payment: the DRG and relative weight of the claim without each secondary diagnosis and each
 * procedure in turn, so a reviewer sees which codes the DRG depends on.
 */
import type { CodedEncounter } from '../encounter.js';
import { err, ok, type Issue, type Result } from '../result.js';
import { groupMsDrg } from './group.js';
import type { MsDrgTables } from './tables.js';
import type { MsDrgCodeImpact, MsDrgGroupOptions, MsDrgImpact } from './types.js';

/**
 * Regroups the encounter once without each secondary diagnosis and once without each procedure. Fails only as
 * {@link groupMsDrg} does (no grouper version for the date).
 */
export function drgImpact(
  encounter: CodedEncounter,
  tables: MsDrgTables,
  options: Omit<MsDrgGroupOptions, 'explain'> = {},
): Result<MsDrgImpact, readonly Issue[]> {
  const quiet = { ...options, explain: false };
  const full = groupMsDrg(encounter, tables, quiet);
  if (!full.ok) return err(full.error);
  const weight = full.value.relativeWeight;
  const codes: MsDrgCodeImpact[] = [];
  const record = (role: MsDrgCodeImpact['role'], index: number, code: string, without: CodedEncounter): void => {
    const r = groupMsDrg(without, tables, quiet);
    if (!r.ok) return;
    const w = r.value.relativeWeight;
    codes.push({
      role,
      index,
      code,
      drgWithout: r.value.drg,
      weightWithout: w,
      weightDelta: weight !== undefined && w !== undefined ? round4(weight - w) : undefined,
      changesDrg: r.value.drg !== full.value.drg,
    });
  };
  encounter.diagnoses.forEach((d, i) => {
    if (i === 0) return;
    record('secondary', i, d.code, { ...encounter, diagnoses: encounter.diagnoses.filter((_, j) => j !== i) });
  });
  encounter.procedures.forEach((p, i) => {
    record('procedure', i, p.code, { ...encounter, procedures: encounter.procedures.filter((_, j) => j !== i) });
  });
  return ok({ drg: full.value.drg, relativeWeight: weight, codes });
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}
