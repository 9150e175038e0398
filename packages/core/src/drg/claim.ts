/**
 * A coded encounter turned into the grouper's integer view: code ids, validity in the chosen version, formed
 * clusters, and which procedure operands the clusters suppress.
 */
import type { CodedEncounter } from '../encounter.js';
import type { Issue } from '../result.js';
import { PR, type Runtime } from './runtime.js';

export interface ClaimSecondary {
  readonly index: number;
  readonly code: string;
  readonly poa: string;
  /** Dx id, or -1 when unknown to the grouper. */
  readonly id: number;
  /** Offset of the code's packed record (Runtime.dxRec), or -1. */
  readonly rec: number;
  /** Filled by the grouper: CC/MCC level (0, 1 CC, 2 MCC) and why it may not count. */
  level: number;
  excludedByPdx: boolean;
  deathExcluded: boolean;
  hacExcluded: boolean;
}

export interface ClaimProcedure {
  readonly index: number;
  readonly code: string;
  /** Pr id, or -1 when unknown to this version. */
  readonly id: number;
  /** Offset of the code's packed record (Runtime.prRec), or -1. */
  readonly rec: number;
  /** MDC bits where this procedure's own operands are suppressed by a formed cluster. */
  suppressed: number;
  /** Names of the formed clusters it belongs to (undefined: none). */
  clusters: string[] | undefined;
}

export interface Claim {
  readonly pdxCode: string;
  readonly pdxPoa: string;
  /** -1 when missing or unknown. */
  readonly pdxId: number;
  /** Offset of the principal's packed record, or -1. */
  readonly pdxRec: number;
  readonly sex: string;
  readonly dischargeStatus: string;
  readonly validDischargeStatus: boolean;
  readonly validAge: boolean;
  readonly sdx: readonly ClaimSecondary[];
  readonly procedures: readonly ClaimProcedure[];
  /** Ids of formed clusters. */
  readonly clusters: readonly number[];
  readonly issues: Issue[];
}

/**
 * UB-04 patient discharge status codes the grouper accepts (README step 3: INVALID_DSTAT is any other value);
 * 02, 05, 66, 82, 85 and 94 are transfers to an acute-care setting (XFRNBA).
 */
const VALID_DSTAT = new Set([
  '01',
  '02',
  '03',
  '04',
  '05',
  '06',
  '07',
  '20',
  '21',
  '30',
  '43',
  '50',
  '51',
  '61',
  '62',
  '63',
  '64',
  '65',
  '66',
  '69',
  '70',
  '81',
  '82',
  '83',
  '84',
  '85',
  '86',
  '87',
  '88',
  '89',
  '90',
  '91',
  '92',
  '93',
  '94',
  '95',
]);
export const TRANSFER_DSTAT = new Set(['02', '05', '66', '82', '85', '94']);

/** Codes travel without dots, upper case; tolerate a dot, spaces or lower case from hand-typed input. */
function normalizeCode(code: unknown): string {
  if (typeof code !== 'string') return '';
  return code.replace(/[.\s]/g, '').toUpperCase();
}

/** The code read by the last {@link lookupId} call (kept outside the return value so the hot path allocates nothing). */
let lookedUp = '';

/**
 * Offset of a code's packed record in an index (-1 if unknown), normalising the spelling only when the code as given
 * is unknown.
 */
function lookupRec(index: ReadonlyMap<string, number>, raw: unknown): number {
  if (typeof raw === 'string') {
    const id = index.get(raw);
    if (id !== undefined) {
      lookedUp = raw;
      return id;
    }
  }
  lookedUp = normalizeCode(raw);
  return lookedUp ? (index.get(lookedUp) ?? -1) : -1;
}

/** The id stored in a packed record (words 0 and 1 of both layouts). */
function recId(rec: Uint16Array, offset: number): number {
  return rec[offset]! | (rec[offset + 1]! << 16);
}

export function buildClaim(encounter: CodedEncounter, rt: Runtime, excludeNewApril: boolean): Claim {
  const issues: Issue[] = [];
  const { pr, clusters } = rt.tables;
  const diagnoses = Array.isArray(encounter.diagnoses) ? encounter.diagnoses : [];
  const procedures = Array.isArray(encounter.procedures) ? encounter.procedures : [];

  const first = diagnoses[0];
  const pdxRec = lookupRec(rt.dxIndex, first?.code);
  const pdxCode = lookedUp;
  const pdxId = pdxRec < 0 ? -1 : recId(rt.dxRec, pdxRec);
  if (!first || !pdxCode) {
    issues.push({
      path: '/diagnoses/0',
      code: 'MSDRG.PDX_MISSING',
      message: 'No principal diagnosis: the first diagnosis is missing.',
    });
  } else if (pdxId < 0) {
    issues.push({
      path: '/diagnoses/0/code',
      code: 'MSDRG.PDX_UNKNOWN',
      message: `Principal diagnosis ${pdxCode} is not a valid ICD-10-CM code for MS-DRG ${rt.tables.release}.`,
    });
  }

  const sdx: ClaimSecondary[] = [];
  for (let i = 1; i < diagnoses.length; i++) {
    const d = diagnoses[i];
    const rec = lookupRec(rt.dxIndex, d?.code);
    const code = lookedUp;
    const id = rec < 0 ? -1 : recId(rt.dxRec, rec);
    if (id < 0) {
      issues.push({
        path: `/diagnoses/${i}/code`,
        code: 'MSDRG.SDX_UNKNOWN',
        message: `Secondary diagnosis ${code || '(blank)'} is not a valid ICD-10-CM code; it is ignored.`,
      });
    }
    sdx.push({
      index: i,
      code,
      poa: typeof d?.poa === 'string' ? d.poa : '',
      id,
      rec,
      level: 0,
      excludedByPdx: false,
      deathExcluded: false,
      hacExcluded: false,
    });
  }

  const procs: ClaimProcedure[] = [];
  let hasClusters = false;
  for (let i = 0; i < procedures.length; i++) {
    let rec = lookupRec(rt.prIndex, procedures[i]?.code);
    const code = lookedUp;
    if (rec >= 0 && excludeNewApril && (rt.prRec[rec + PR.flags]! & 32) === 0) rec = -1;
    const id = rec < 0 ? -1 : recId(rt.prRec, rec);
    if (rec >= 0 && (rt.prRec[rec + PR.flags]! & 16) !== 0) hasClusters = true;
    if (id < 0) {
      issues.push({
        path: `/procedures/${i}/code`,
        code: 'MSDRG.PROC_UNKNOWN',
        message: `Procedure ${code || '(blank)'} is not a valid ICD-10-PCS code for this grouper version; it is ignored.`,
      });
    }
    procs.push({ index: i, code, id, rec, suppressed: 0, clusters: undefined });
  }

  // Clusters (README step 2): formed when every choice has at least one of its codes on the claim.
  const formed: number[] = [];
  for (const p of procs) {
    if (p.id < 0 || !hasClusters) continue;
    for (let k = pr.clusterStart[p.id]!; k < pr.clusterStart[p.id + 1]!; k++) {
      const c = pr.clusterIds[k]!;
      if (formed.includes(c) || (excludeNewApril && clusters.inV430[c] === 0)) continue;
      let all = true;
      for (let ch = clusters.choiceStart[c]!; ch < clusters.choiceStart[c + 1]! && all; ch++) {
        let found = false;
        for (let j = clusters.choiceCodeStart[ch]!; j < clusters.choiceCodeStart[ch + 1]! && !found; j++) {
          const want = clusters.choiceCodes[j]!;
          for (const q of procs) if (q.id === want) found = true;
        }
        all = found;
      }
      if (!all) continue;
      formed.push(c);
      const supp = clusters.suppression[c]!;
      const name = clusters.names[c] ?? String(c);
      for (let ch = clusters.choiceStart[c]!; ch < clusters.choiceStart[c + 1]!; ch++) {
        for (let j = clusters.choiceCodeStart[ch]!; j < clusters.choiceCodeStart[ch + 1]!; j++) {
          const want = clusters.choiceCodes[j]!;
          for (const q of procs) {
            if (q.id === want) {
              q.suppressed |= supp;
              q.clusters ??= [];
              if (!q.clusters.includes(name)) q.clusters.push(name);
            }
          }
        }
      }
    }
  }

  const rawStatus = encounter.dischargeStatus;
  const dischargeStatus = typeof rawStatus === 'string' ? rawStatus.trim().padStart(2, '0') : '';
  const validDischargeStatus = VALID_DSTAT.has(dischargeStatus);
  if (!validDischargeStatus) {
    issues.push({
      path: '/dischargeStatus',
      code: 'MSDRG.DSTAT_INVALID',
      message: `Discharge status ${rawStatus === undefined ? '(missing)' : JSON.stringify(rawStatus)} is not a valid UB-04 patient discharge status.`,
    });
  }
  const age = encounter.ageYears;
  const validAge = typeof age === 'number' && Number.isInteger(age) && age >= 0 && age <= 124;
  if (!validAge) {
    issues.push({
      path: '/ageYears',
      code: 'MSDRG.AGE_INVALID',
      message: `Age ${String(age)} is not a whole number of years from 0 to 124.`,
    });
  }
  if (encounter.encounterType !== 'inpatient') {
    issues.push({
      path: '/encounterType',
      code: 'MSDRG.NOT_INPATIENT',
      message: `MS-DRGs classify inpatient stays; this encounter is ${JSON.stringify(encounter.encounterType)}.`,
    });
  }
  const sex = encounter.sex === 'M' || encounter.sex === 'F' ? encounter.sex : 'U';
  if (encounter.sex !== 'M' && encounter.sex !== 'F' && encounter.sex !== 'U') {
    issues.push({
      path: '/sex',
      code: 'MSDRG.SEX_INVALID',
      message: `Sex ${JSON.stringify(encounter.sex)} is not M, F or U; grouped as unknown.`,
    });
  }
  return {
    pdxCode,
    pdxPoa: typeof first?.poa === 'string' ? first.poa : '',
    pdxId,
    pdxRec,
    sex,
    dischargeStatus,
    validDischargeStatus,
    validAge,
    sdx,
    procedures: procs,
    clusters: formed,
    issues,
  };
}

/** Whether secondary dx `id` is excluded as CC/MCC by exclusion group `group` (binary search of a sorted run). */
export function isExcluded(rt: Runtime, group: number, id: number): boolean {
  if (group <= 0) return false;
  const { start, codes } = rt.tables.ccExclusions;
  let lo = start[group]!;
  let hi = start[group + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = codes[mid]!;
    if (v === id) return true;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
