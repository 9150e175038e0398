/**
 * The MS-DRG v43 grouper: assigns the DRG of an inpatient claim from CMS's MS-DRG v43.1 (FY2026) definitions.
 *
 * Procedure, step by step (MS-DRG v43.1 tables README, "How a claim groups", verified there against CMS's 43.1 Java
 * grouper; CMS MS-DRG Definitions Manual v43.1 for the concepts):
 * 1. the principal diagnosis (PDX) gives the MDC (sex-specific for 73 codes);
 * 2. procedure clusters form when every choice is on the claim, and suppress their components' operands;
 * 3. the claim's operand set: attributes of PDX, secondary diagnoses (SDX), procedures and clusters, and derived
 *    operands (discharge status, multiple trauma, bilateral joints, stent/vessel and fusion counters);
 * 4. each formula row sees the highest CC/MCC among SDX not excluded by the PDX, the row's suppression operands,
 *    death (mccalive) or, in the final pass, the HAC step;
 * 5-6. pre-MDC rows first, then the PDX's MDC; reroutes to MDC 24, 25, 11 and 29 (981-989);
 * 7. HAC: HAC-list SDX not present on admission whose HAC formula holds are left out of severity and the claim is
 *    grouped again (the first pass is the initial DRG).
 */
import type { CodedEncounter } from '../encounter.js';
import { err, ok, type Issue, type Result } from '../result.js';
import { buildClaim, isExcluded, TRANSFER_DSTAT, type Claim } from './claim.js';
import { explainPass } from './explain.js';
import type { MatchedRow, PassOutcome } from './pass.js';
import { msDrgFormulaWitnesses } from './formula.js';
import { C, DX, PR, runtimeFor, type CompiledRow, type Runtime } from './runtime.js';
import { msDrgMdcBit, MSDRG_NO_SEX_MDC, type MsDrgTables, type MsDrgVersionSpan } from './tables.js';
import {
  MsDrgHacStatus,
  MsDrgHacUsage,
  MsDrgPoaVerdict,
  MsDrgReturnCode,
  MsDrgSeverityFlag,
  type MsDrgAssignment,
  type MsDrgGroupOptions,
  type MsDrgHacVerdict,
  type MsDrgLevel,
  type MsDrgMedSurg,
  type MsDrgOrRole,
  type MsDrgProcedureRole,
  type MsDrgResult,
  type MsDrgSecondaryRole,
} from './types.js';

const ALL = -1;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The grouper version in force on a date, or undefined. */
export function msDrgVersionFor(tables: MsDrgTables, date: string): MsDrgVersionSpan | undefined {
  for (const v of tables.versions) if (v.from <= date && date <= v.to) return v;
  return undefined;
}

/** Per-SDX facts the passes and the roles share. */
interface SdxFacts {
  level: number;
  excludedByPdx: boolean;
  deathExcluded: boolean;
  hacExcluded: boolean;
}

/**
 * Groups one encounter. Returns an error (never throws) only when no loaded grouper version covers the grouping
 * date; every other problem (invalid principal diagnosis, sex conflict, invalid discharge status, HAC with a missing
 * POA...) is a DRG 999 or a return code, and ignored codes are listed in `issues`.
 */
export function groupMsDrg(
  encounter: CodedEncounter,
  tables: MsDrgTables,
  options: MsDrgGroupOptions = {},
): Result<MsDrgResult, readonly Issue[]> {
  const rt = runtimeFor(tables, options.generateCode !== false);
  const date = options.groupingDate ?? encounter.dischargeDate ?? encounter.admitDate;
  let version: MsDrgVersionSpan | undefined;
  if (typeof date === 'string' && ISO_DATE.test(date)) {
    version = msDrgVersionFor(tables, date);
  }
  if (!version) return err([noVersionIssue(tables, options, encounter, date)]);
  const explain = options.explain !== false;
  const claim = buildClaim(encounter, rt, version.excludeNewApril);
  const facts = sdxFacts(rt, claim);
  const pdxMdc = principalMdc(rt, claim);
  buildMask(rt, claim);

  const initial = runPass(rt, claim, facts, pdxMdc, false, explain);

  // Step 7: HAC (hospitals that report POA).
  let onHacList = false;
  for (const s of claim.sdx) if (s.rec >= 0 && rt.dxRec[s.rec + DX.hacNumbers] !== 0) onHacList = true;
  let hacVerdicts: (MsDrgHacVerdict[] | undefined)[] | undefined;
  let poaVerdicts: (MsDrgPoaVerdict | undefined)[] | undefined;
  let hacCategories = 0;
  let final = initial;
  let hacStatus: MsDrgHacStatus = MsDrgHacStatus.notApplicable;
  if (onHacList) {
    hacVerdicts = [];
    poaVerdicts = [];
    if (options.poaExempt === true) exemptHacs(rt, claim, hacVerdicts, poaVerdicts);
    else {
      const met = evaluateHacs(rt, claim, facts, hacVerdicts, poaVerdicts);
      hacCategories = popcount(met);
      if (met !== 0) {
        // A HAC-list code without a usable POA (blank, 1, invalid) makes the final DRG 999 (README step 7).
        let missingPoa = false;
        for (const s of claim.sdx) {
          if (
            s.id >= 0 &&
            rt.dxRec[s.rec + DX.hacNumbers] !== 0 &&
            s.poa !== 'Y' &&
            s.poa !== 'W' &&
            s.poa !== 'N' &&
            s.poa !== 'U'
          )
            missingPoa = true;
        }
        if (missingPoa) {
          final = {
            drg: 999,
            returnCode: MsDrgReturnCode.hacMissingOnePoa,
            mdc: 0,
            level: 0,
            row: undefined,
            matched: NO_ROWS,
          };
          hacStatus = MsDrgHacStatus.finalDrgInvalid;
        } else {
          final = runPass(rt, claim, facts, pdxMdc, true, explain);
          hacStatus = final.drg === initial.drg ? MsDrgHacStatus.finalDrgNoChange : MsDrgHacStatus.finalDrgChanges;
        }
      }
    }
  }

  const finalAssignment = assignment(rt, claim, final, explain);
  const initialAssignment = final === initial ? finalAssignment : assignment(rt, claim, initial, explain);

  const secondaries: MsDrgSecondaryRole[] = [];
  for (let i = 0; i < claim.sdx.length; i++) {
    const s = claim.sdx[i]!;
    const f = facts[i]!;
    const finalFlag = severityFlag(rt, s.id, f, final, true);
    secondaries.push({
      index: s.index,
      code: s.code,
      poa: s.poa,
      valid: s.id >= 0,
      level: f.level === 2 ? 'MCC' : f.level === 1 ? 'CC' : 'NON_CC',
      severity: finalFlag,
      initialSeverity: final === initial ? finalFlag : severityFlag(rt, s.id, f, initial, false),
      excludedBy: excludedBy(rt, s.id, f, final),
      poaVerdict: poaVerdicts?.[i] ?? MsDrgPoaVerdict.notChecked,
      hacs: hacVerdicts?.[i] ?? NO_HACS,
    });
  }
  const procedures: MsDrgProcedureRole[] = [];
  for (const p of claim.procedures) {
    const cls = p.id >= 0 ? rt.prRec[p.rec + PR.flags]! & 15 : 0;
    const orRole: MsDrgOrRole =
      cls === 1 ? 'extensive-or' : cls === 2 ? 'non-extensive-or' : cls === 3 ? 'non-or' : 'none';
    procedures.push({
      index: p.index,
      code: p.code,
      valid: p.id >= 0,
      orRole,
      isOr: cls === 1 || cls === 2,
      clusters: p.clusters ?? NO_CLUSTERS,
    });
  }
  const clusterNames: string[] = [];
  for (const c of claim.clusters) clusterNames.push(tables.clusters.names[c] ?? String(c));

  // Explicit fields, not a spread: V8 builds a literal of known shape much faster than a spread plus extra keys.
  return ok({
    drg: finalAssignment.drg,
    mdc: finalAssignment.mdc,
    returnCode: finalAssignment.returnCode,
    medSurg: finalAssignment.medSurg,
    title: finalAssignment.title,
    relativeWeight: finalAssignment.relativeWeight,
    gmlos: finalAssignment.gmlos,
    level: finalAssignment.level,
    explanation: finalAssignment.explanation,
    version: version.version,
    groupingDate: date as string,
    initial: initialAssignment,
    hacStatus,
    hacCategories,
    principal: {
      code: claim.pdxCode,
      valid: claim.pdxId >= 0,
      mdc: claim.pdxId >= 0 ? pad2(pdxMdc) : '',
      poa: claim.pdxPoa,
      poaVerdict: MsDrgPoaVerdict.notChecked,
    },
    secondaries,
    procedures,
    clusters: clusterNames,
    issues: claim.issues ?? NO_ISSUES,
  });
}

const NO_ROWS: MatchedRow[] = [];
const NO_HACS: readonly MsDrgHacVerdict[] = Object.freeze([]);
const NO_CLUSTERS: readonly string[] = Object.freeze([]);
const NO_ISSUES: readonly Issue[] = Object.freeze([]);

function noVersionIssue(
  tables: MsDrgTables,
  options: MsDrgGroupOptions,
  encounter: CodedEncounter,
  date: unknown,
): Issue {
  const known = tables.versions.map((v) => `v${v.version} ${v.from}..${v.to}`).join(', ');
  return {
    path:
      options.groupingDate !== undefined ? '/groupingDate' : encounter.dischargeDate ? '/dischargeDate' : '/admitDate',
    code: 'MSDRG.NO_VERSION',
    message: `No loaded MS-DRG version covers ${typeof date === 'string' && date ? `the date ${date}` : 'a missing date'} (loaded: ${known}).`,
  };
}

/** POA-exempt hospitals: the HAC step does not apply (CMS HOSPITAL_EXEMPT). */
function exemptHacs(
  rt: Runtime,
  claim: Claim,
  verdicts: (MsDrgHacVerdict[] | undefined)[],
  poa: (MsDrgPoaVerdict | undefined)[],
): void {
  const { dx } = rt.tables;
  claim.sdx.forEach((s, i) => {
    const nums = s.id >= 0 ? dx.hacNumbers[s.id]! : 0;
    if (nums === 0) return;
    poa[i] = MsDrgPoaVerdict.hospitalExempt;
    verdicts[i] = hacList(nums).map((hac) => ({ hac, status: MsDrgHacUsage.notApplicableExempt }));
  });
}

/** Fills each secondary's CC/MCC level and the exclusions that do not depend on the formula row. */
function sdxFacts(rt: Runtime, claim: Claim): readonly SdxFacts[] {
  const { dx } = rt.tables;
  const packed = claim.pdxRec >= 0 ? rt.dxRec[claim.pdxRec + DX.exclGroup]! : 0;
  const group = packed === 0xffff ? dx.exclGroup[claim.pdxId]! : packed;
  const died = claim.dischargeStatus === '20';
  const rec = rt.dxRec;
  for (const s of claim.sdx) {
    const flags = s.rec >= 0 ? rec[s.rec + DX.flags]! : 0;
    const level = flags & 3;
    s.level = level;
    s.excludedByPdx = level > 0 && isExcluded(rt, group, s.id);
    s.deathExcluded = level > 0 && died && (flags & 4) !== 0;
  }
  return claim.sdx;
}

/** Step 1: the principal's MDC; for sex-specific codes the one for the patient's sex. */
function principalMdc(rt: Runtime, claim: Claim): number {
  if (claim.pdxRec < 0) return -1;
  const word = rt.dxRec[claim.pdxRec + DX.mdc]!;
  const male = word >>> 8;
  if (male !== MSDRG_NO_SEX_MDC) {
    if (claim.sex === 'M') return male;
    if (claim.sex === 'F') return rt.dxRec[claim.pdxRec + DX.femaleMdc]!;
  }
  return word & 0xff;
}

/** Whether the principal's MDC depends on the patient's sex. */
function sexSpecificPrincipal(rt: Runtime, claim: Claim): boolean {
  return claim.pdxRec >= 0 && rt.dxRec[claim.pdxRec + DX.mdc]! >>> 8 !== MSDRG_NO_SEX_MDC;
}

/** Step 3: the operand set of the claim, with per-MDC suppression, and the derived operands. */
function buildMask(rt: Runtime, claim: Claim): void {
  const s = rt.state;
  s.pdx.fill(0);
  s.sdx.fill(0);
  s.any.fill(0);
  s.computed.fill(0);
  const { clusters } = rt.tables;
  const dxRec = rt.dxRec;
  let stSites = 0;
  let allIncident = claim.pdxRec >= 0;
  if (claim.pdxRec >= 0) {
    const o = claim.pdxRec;
    const flags = dxRec[o + DX.flags]!;
    stSites |= flags >>> 8;
    if ((flags & 8) === 0) allIncident = false;
    for (let k = o + DX.attrs, end = k + dxRec[o + DX.n]!; k < end; k++) {
      const a = dxRec[k]!;
      s.pdx[a] = 1;
      s.any[a] = ALL;
    }
  }
  for (const d of claim.sdx) {
    const o = d.rec;
    if (o < 0) continue;
    const flags = dxRec[o + DX.flags]!;
    stSites |= flags >>> 8;
    if ((flags & 8) === 0) allIncident = false;
    for (let k = o + DX.attrs, end = k + dxRec[o + DX.n]!; k < end; k++) {
      const a = dxRec[k]!;
      s.sdx[a] = 1;
      s.any[a] = ALL;
    }
  }
  let suppressedMdcs = 0;
  const prRec = rt.prRec;
  for (const p of claim.procedures) {
    const o = p.rec;
    if (o < 0) continue;
    const keep = ~p.suppressed;
    suppressedMdcs |= p.suppressed;
    for (let k = o + PR.attrs, end = k + prRec[o + PR.n]!; k < end; k++) s.any[prRec[k]!]! |= keep;
  }
  for (const c of claim.clusters) {
    for (let k = clusters.attrStart[c]!; k < clusters.attrStart[c + 1]!; k++) s.any[clusters.attrs[k]!] = ALL;
  }

  const cp = s.computed;
  const st = claim.dischargeStatus;
  if (st !== '20') cp[C.ALIVE] = ALL;
  if (st === '20') cp[C.DIED] = ALL;
  if (st === '07') cp[C.AMA] = ALL;
  if (TRANSFER_DSTAT.has(st)) cp[C.XFRNBA] = ALL;
  if (!claim.validDischargeStatus) cp[C.INVALID_DSTAT] = ALL;
  if (claim.pdxId < 0) cp[C.INVALID_PDX] = ALL;
  if (sexSpecificPrincipal(rt, claim) && claim.sex !== 'M' && claim.sex !== 'F') {
    cp[C.INVALID_SEX] = ALL;
  }
  const first = claim.pdxCode.charCodeAt(0);
  if (first >= 86 && first <= 89) cp[C.PDX_ECODE] = ALL; // V, W, X, Y
  cp[C.ANYDX] = ALL;
  if (allIncident) cp[C['ONLY:incident']] = ALL;
  if (popcount(stSites) >= 2) cp[C.MULTST] = ALL;

  // Procedure counters: computed once when no cluster suppresses anything, else per suppressed MDC.
  if (claim.procedures.length > 0) {
    applyCounters(cp, procCounters(rt, claim, 0), ~suppressedMdcs);
    for (let bit = 0; bit < 31; bit++) {
      const m = 1 << bit;
      if ((suppressedMdcs & m) !== 0) applyCounters(cp, procCounters(rt, claim, m), m);
    }
  }
}

const COUNTERS = [
  C.BILATERAL,
  C.FOUR_VESSELS,
  C.FOUR_STENTS,
  C.SINGLEFUSIONCTR,
  C.SGLANTSECTXCTR,
  C.SGLPOSTFUSECTR,
  C.SGLANTCTR,
  C.SGLPOST1CTR,
];

function applyCounters(cp: Int32Array, truth: number, mask: number): void {
  for (let i = 0; i < COUNTERS.length; i++) if (truth & (1 << i)) cp[COUNTERS[i]!]! |= mask;
}

/** Accumulators of the procedure counters: joints, vessels, stents, single, antSectX, post, ant, post1. */
const counters = new Int32Array(8);

function countInstance(rt: Runtime, start: Uint32Array, attrs: Uint16Array, id: number): void {
  let roles = 0;
  let stentCount = 0;
  for (let k = start[id]!; k < start[id + 1]!; k++) {
    const a = attrs[k]!;
    counters[0]! |= rt.joint[a]!;
    counters[1]! += rt.vessels[a]!;
    stentCount += rt.stents[a]!;
    roles |= rt.procRole[a]!;
  }
  if (roles & 16) counters[2]! += stentCount;
  if (roles & 3) counters[3]!++;
  if (roles & 4) counters[4]!++;
  if (roles & 2) counters[5]!++;
  if (roles & 1) counters[6]!++;
  if (roles & 8) counters[7]!++;
}

/** The derived procedure counters (README step 3) over instances not suppressed in MDC bit m; bit i = COUNTERS[i]. */
function procCounters(rt: Runtime, claim: Claim, m: number): number {
  const { pr, clusters } = rt.tables;
  counters.fill(0);
  for (const p of claim.procedures) {
    if (p.id < 0 || (p.suppressed & m) !== 0) continue;
    countInstance(rt, pr.attrStart, pr.attrs, p.id);
  }
  for (const c of claim.clusters) countInstance(rt, clusters.attrStart, clusters.attrs, c);
  let out = 0;
  if (popcount(counters[0]!) >= 2) out |= 1; // BILATERAL: two or more of the six lower-limb joints
  if (counters[1]! >= 4) out |= 2; // FOUR_VESSELS
  if (counters[2]! >= 4) out |= 4; // FOUR_STENTS: stents on procedures that place a stent
  if (counters[3]! >= 3) out |= 8; // SINGLEFUSIONCTR
  if (counters[4]! > 1) out |= 16; // SGLANTSECTXCTR
  if (counters[5]! > 1) out |= 32; // SGLPOSTFUSECTR
  if (counters[6]! >= 2) out |= 64; // SGLANTCTR
  if (counters[7]! >= 2) out |= 128; // SGLPOST1CTR
  return out;
}

/**
 * Scratch for one pass, reused by every call (grouping is synchronous, so one instance is enough): the CC/MCC
 * candidates and the per-suppression-set severity cache.
 */
class PassScratch {
  candSdx = new Int32Array(32);
  candIds = new Int32Array(32);
  candLevel = new Uint8Array(32);
  n = 0;
  base = 0;
  suppCache = new Int8Array(64);
  sets: readonly Uint8Array[] = [];
  dxAttrStart: Uint32Array = new Uint32Array(1);
  dxAttrs: Uint16Array = new Uint16Array(0);

  reset(rt: Runtime, size: number): void {
    if (size > this.candIds.length) {
      this.candSdx = new Int32Array(size * 2);
      this.candIds = new Int32Array(size * 2);
      this.candLevel = new Uint8Array(size * 2);
    }
    if (rt.suppressionSets.length > this.suppCache.length)
      this.suppCache = new Int8Array(rt.suppressionSets.length * 2);
    this.suppCache.fill(-1);
    this.sets = rt.suppressionSets;
    this.dxAttrStart = rt.tables.dx.attrStart;
    this.dxAttrs = rt.tables.dx.attrs;
    this.n = 0;
    this.base = 0;
  }

  /** Whether candidate j carries an attribute of suppression set `set`. */
  suppressed(j: number, set: Uint8Array): boolean {
    const id = this.candIds[j]!;
    for (let k = this.dxAttrStart[id]!; k < this.dxAttrStart[id + 1]!; k++)
      if (set[this.dxAttrs[k]!] === 1) return true;
    return false;
  }

  /** The severity a row with suppression set k sees (cached per pass). */
  readonly sevOf = (k: number): number => {
    const hit = this.suppCache[k]!;
    if (hit >= 0) return hit;
    let level = 0;
    if (this.base > 0) {
      const set = this.sets[k]!;
      for (let j = 0; j < this.n; j++) {
        const l = this.candLevel[j]!;
        if (l > level && !this.suppressed(j, set)) level = l;
      }
    }
    this.suppCache[k] = level;
    return level;
  };
}

const scratch = new PassScratch();

function rowSeverity(row: CompiledRow): number {
  return row.suppression < 0 ? scratch.base : scratch.sevOf(row.suppression);
}

/** The codes that give a row its CC/MCC level (for the explanation). */
function countedCodes(claim: Claim, row: CompiledRow, level: number): string[] {
  const out: string[] = [];
  if (level === 0) return out;
  const set = row.suppression >= 0 ? scratch.sets[row.suppression] : undefined;
  for (let j = 0; j < scratch.n; j++) {
    if (scratch.candLevel[j] !== level || (set && scratch.suppressed(j, set))) continue;
    out.push(claim.sdx[scratch.candSdx[j]!]!.code);
  }
  return out;
}

/** Evaluates one list: the first true row that decides (marker rows are skipped), or undefined. */
function evalList(rt: Runtime, claim: Claim, list: number, matched: MatchedRow[] | undefined): CompiledRow | undefined {
  const rows = rt.lists[list];
  if (!rows) return undefined;
  const state = rt.state;
  state.mdcBit = msDrgMdcBit(list);
  let found: CompiledRow | undefined;
  const gen = rt.evaluators[list];
  if (gen) {
    const i = gen(state.pdx, state.sdx, state.any, state.computed, state.mdcBit, scratch.base, scratch.sevOf);
    found = i >= 0 ? rows[i] : undefined;
  } else {
    for (let r = 0; r < rows.length && !found; r++) {
      const row = rows[r]!;
      state.rowSeverity = rowSeverity(row);
      if (row.test(state) && (row.drg >= 0 || row.reroute >= 0 || row.errorCode)) found = row;
    }
  }
  if (!found) return undefined;
  state.rowSeverity = rowSeverity(found);
  if (matched) {
    const leaf = rt.leaf;
    const witnesses = found.node ? (msDrgFormulaWitnesses(found.node, (n) => leaf(n)(state)) ?? []) : [];
    matched.push({
      row: found,
      witnesses,
      severity: state.rowSeverity,
      severityCodes: countedCodes(claim, found, state.rowSeverity),
    });
  }
  return found;
}

/** Steps 4-6: one pass over the formula lists. `final` leaves the HAC codes out of severity. */
export function runPass(
  rt: Runtime,
  claim: Claim,
  facts: readonly SdxFacts[],
  pdxMdc: number,
  final: boolean,
  explain: boolean,
): PassOutcome {
  const outcome = runLists(rt, claim, facts, pdxMdc, final, explain);
  if (!final) return outcome;
  const { drg, returnCode, mdc, level, row, matched } = outcome;
  return { drg, returnCode, mdc, level, row, matched, final };
}

function runLists(
  rt: Runtime,
  claim: Claim,
  facts: readonly SdxFacts[],
  pdxMdc: number,
  final: boolean,
  explain: boolean,
): PassOutcome {
  const matched: MatchedRow[] = explain ? [] : NO_ROWS;
  if (!claim.validAge)
    return { drg: 999, returnCode: MsDrgReturnCode.invalidAge, mdc: 0, level: 0, row: undefined, matched };
  if (claim.pdxId >= 0 && pdxMdc === 0) {
    // An external-cause code (MDC 00 in the dx table) cannot be principal: DRG 999 before any formula.
    return { drg: 999, returnCode: MsDrgReturnCode.dxCannotBePdx, mdc: 0, level: 0, row: undefined, matched };
  }
  // Candidates for CC/MCC: valid SDX not excluded by the PDX, by death, or (final pass) by the HAC step.
  scratch.reset(rt, facts.length);
  for (let i = 0; i < facts.length; i++) {
    const f = facts[i]!;
    if (f.level === 0 || f.excludedByPdx || f.deathExcluded || (final && f.hacExcluded)) continue;
    const j = scratch.n++;
    scratch.candSdx[j] = i;
    scratch.candIds[j] = claim.sdx[i]!.id;
    scratch.candLevel[j] = f.level;
    if (f.level > scratch.base) scratch.base = f.level;
  }
  const sink = explain ? matched : undefined;
  let list = 0;
  let reportMdc = pdxMdc;
  let hops = 0;
  for (;;) {
    const row = evalList(rt, claim, list, sink);
    if (!row) {
      if (list === 0 && pdxMdc > 0) {
        list = pdxMdc;
        continue;
      }
      return {
        drg: 999,
        returnCode: MsDrgReturnCode.ungroupable,
        mdc: 0,
        level: scratch.base,
        row: undefined,
        matched,
      };
    }
    const level = rt.state.rowSeverity;
    if (row.errorCode) {
      return { drg: 999, returnCode: row.errorCode as MsDrgReturnCode, mdc: 0, level, row, matched };
    }
    if (row.drg >= 0) {
      return { drg: row.drg, returnCode: MsDrgReturnCode.ok, mdc: reportMdc, level, row, matched };
    }
    if (++hops > 2) return { drg: 999, returnCode: MsDrgReturnCode.ungroupable, mdc: 0, level, row, matched };
    if (list === 0) reportMdc = row.reroute;
    list = row.reroute;
  }
}

/** Step 7: HAC verdicts per SDX; returns the bit set of HAC categories whose criteria are met. */
function evaluateHacs(
  rt: Runtime,
  claim: Claim,
  facts: readonly SdxFacts[],
  verdicts: (MsDrgHacVerdict[] | undefined)[],
  poa: (MsDrgPoaVerdict | undefined)[],
): number {
  const { dx, pr } = rt.tables;
  const hs = rt.hacState;
  hs.pdx.fill(0);
  hs.proc.fill(0);
  if (claim.pdxId >= 0)
    for (let k = dx.hacOpStart[claim.pdxId]!; k < dx.hacOpStart[claim.pdxId + 1]!; k++) hs.pdx[dx.hacOps[k]!] = 1;
  for (const p of claim.procedures) {
    if (p.id < 0) continue;
    for (let k = pr.hacOpStart[p.id]!; k < pr.hacOpStart[p.id + 1]!; k++) hs.proc[pr.hacOps[k]!] = 1;
  }
  let met = 0;
  for (let i = 0; i < claim.sdx.length; i++) {
    const s = claim.sdx[i]!;
    const nums = s.rec >= 0 ? rt.dxRec[s.rec + DX.hacNumbers]! : 0;
    if (nums === 0) continue;
    const yes = s.poa === 'Y' || s.poa === 'W';
    const no = s.poa === 'N' || s.poa === 'U';
    poa[i] = yes
      ? MsDrgPoaVerdict.recognizedYesPoa
      : no
        ? MsDrgPoaVerdict.recognizedNotPoa
        : MsDrgPoaVerdict.notRecognized;
    // A code present on admission is not a HAC whatever else holds (CMS reports it as category 0, criteria not met).
    if (!yes && facts[i]!.excludedByPdx) {
      const list: MsDrgHacVerdict[] = [];
      for (const hac of hacList(nums)) list.push({ hac, status: MsDrgHacUsage.notApplicableExclusion });
      verdicts[i] = list;
      continue;
    }
    const out: MsDrgHacVerdict[] = [];
    if (!yes) {
      for (let k = dx.hacOpStart[s.id]!; k < dx.hacOpStart[s.id + 1]!; k++) hs.sdx[dx.hacOps[k]!] = 1;
      for (const hac of hacList(nums)) {
        const compiled = rt.hacs[hac];
        if (compiled && compiled.test(hs)) {
          out.push({ hac, status: MsDrgHacUsage.criteriaMet });
          met |= 1 << hac;
        }
      }
      for (let k = dx.hacOpStart[s.id]!; k < dx.hacOpStart[s.id + 1]!; k++) hs.sdx[dx.hacOps[k]!] = 0;
    }
    if (out.length === 0) out.push(NOT_MET);
    else if (no) facts[i]!.hacExcluded = true;
    verdicts[i] = out;
  }
  return met;
}

const NOT_MET: MsDrgHacVerdict = Object.freeze({ hac: 0, status: MsDrgHacUsage.criteriaNotMet });

function hacList(bits: number): number[] {
  const out: number[] = [];
  for (let n = 1; n <= 15; n++) if (bits & (1 << n)) out.push(n);
  return out;
}

function severityFlag(rt: Runtime, id: number, f: SdxFacts, pass: PassOutcome, final: boolean): MsDrgSeverityFlag {
  if (id < 0 || f.level === 0) return MsDrgSeverityFlag.neither;
  const mcc = f.level === 2;
  if (f.excludedByPdx) return mcc ? MsDrgSeverityFlag.mccExcluded : MsDrgSeverityFlag.ccExcluded;
  if (final && f.hacExcluded) return MsDrgSeverityFlag.neither;
  if (f.deathExcluded || suppressedByRow(rt, id, pass))
    return mcc ? MsDrgSeverityFlag.mccExcludedByDrgLogic : MsDrgSeverityFlag.ccExcludedByDrgLogic;
  return mcc ? MsDrgSeverityFlag.mcc : MsDrgSeverityFlag.cc;
}

/** Why a CC/MCC did not count toward the final DRG, if it did not. */
function excludedBy(rt: Runtime, id: number, f: SdxFacts, pass: PassOutcome): MsDrgSecondaryRole['excludedBy'] {
  if (id < 0 || f.level === 0) return undefined;
  if (f.excludedByPdx) return 'principal-exclusion';
  if (f.hacExcluded && pass.final) return 'hac';
  if (f.deathExcluded) return 'death';
  return suppressedByRow(rt, id, pass) ? 'drg-logic' : undefined;
}

function suppressedByRow(rt: Runtime, id: number, pass: PassOutcome): boolean {
  const supp = pass.row?.suppression ?? -1;
  if (supp < 0) return false;
  const set = rt.suppressionSets[supp]!;
  const { attrStart, attrs } = rt.tables.dx;
  for (let k = attrStart[id]!; k < attrStart[id + 1]!; k++) if (set[attrs[k]!] === 1) return true;
  return false;
}

function assignment(rt: Runtime, claim: Claim, pass: PassOutcome, explain: boolean): MsDrgAssignment {
  const d = rt.drgByNumber[pass.drg];
  const medSurg: MsDrgMedSurg = d?.medSurg === 'SURG' ? 'SURGICAL' : d?.medSurg === 'MED' ? 'MEDICAL' : 'NONE';
  const level: MsDrgLevel = pass.level === 2 ? 'MCC' : pass.level === 1 ? 'CC' : 'NON_CC';
  return {
    drg: pad3(pass.drg),
    mdc: pad2(pass.mdc),
    returnCode: pass.returnCode,
    medSurg,
    title: d?.title ?? '',
    relativeWeight: d?.weight,
    gmlos: d?.gmlos,
    level,
    explanation: explain ? explainPass(rt, claim, pass) : undefined,
  };
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v; v &= v - 1) n++;
  return n;
}

export function pad2(n: number): string {
  return n < 0 ? '' : n < 10 ? `0${n}` : String(n);
}

export function pad3(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n);
}
