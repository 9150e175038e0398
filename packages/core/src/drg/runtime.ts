/**
 * The grouper's compiled form of a {@link MsDrgTables}: formulas compiled to closures over integer attribute ids,
 * lists per MDC in evaluation order, and scratch arrays reused by every call. Built once per tables object.
 *
 * Operand semantics follow the MS-DRG v43.1 tables' README ("How a claim groups", steps 3-6), checked there against
 * CMS's 43.1 Java grouper.
 */
import {
  compileMsDrgFormula,
  msDrgFormulaOperands,
  parseMsDrgFormula,
  type CompiledMsDrgFormula,
  type MsDrgFormulaNode,
} from './formula.js';
import type { MsDrgFormulaRow, MsDrgRow, MsDrgTables } from './tables.js';

/** Per-call evaluation state; one instance per runtime, overwritten by each call. */
export interface EvalState {
  /** 1 where the principal diagnosis carries the attribute. */
  readonly pdx: Uint8Array;
  /** 1 where some valid secondary diagnosis carries it. */
  readonly sdx: Uint8Array;
  /** Per attribute: bit m set = present and not suppressed in MDC m. */
  readonly any: Int32Array;
  /** Per computed operand: MDC presence mask like `any`. */
  readonly computed: Int32Array;
  /** Bit of the MDC whose list is being evaluated. */
  mdcBit: number;
  /** Severity (0 none, 1 CC, 2 MCC) the current row sees. */
  rowSeverity: number;
}

/** Operands the grouper derives from the claim rather than from code attributes. */
export const COMPUTED = [
  'ALIVE',
  'DIED',
  'AMA',
  'XFRNBA',
  'INVALID_DSTAT',
  'INVALID_PDX',
  'INVALID_SEX',
  'PDX_ECODE',
  'ANYDX',
  'ONLY:incident',
  'MULTST',
  'BILATERAL',
  'FOUR_VESSELS',
  'FOUR_STENTS',
  'SINGLEFUSIONCTR',
  'SGLANTSECTXCTR',
  'SGLPOSTFUSECTR',
  'SGLANTCTR',
  'SGLPOST1CTR',
] as const;
export type ComputedOperand = (typeof COMPUTED)[number];
export const C = Object.fromEntries(COMPUTED.map((n, i) => [n, i])) as Record<ComputedOperand, number>;

/** Control-row operands that end grouping in DRG 999 with a return code (README step 6). */
export const ERROR_OPERANDS: Readonly<Record<string, string>> = {
  INVALID_PDX: 'INVALID_PRINCIPAL_DIAGNOSIS',
  INVALID_DSTAT: 'INVALID_DISCHARGE_STATUS',
  INVALID_SEX: 'INVALID_SEX',
  PDX_ECODE: 'DX_CANNOT_BE_PDX',
};

/**
 * Word offsets in a packed dx record: flags = severity (bits 0-1), mccalive (2), incident (3), significant-trauma
 * sites (8-15); mdc = MDC as principal (bits 0-7) and male MDC (8-15, 255 = not sex-specific); exclGroup = CC-exclusion
 * group (0xffff: read the table); then n attribute ids.
 */
export const DX = {
  idLo: 0,
  idHi: 1,
  flags: 2,
  hacNumbers: 3,
  mdc: 4,
  femaleMdc: 5,
  exclGroup: 6,
  n: 7,
  attrs: 8,
} as const;

/** Word offsets in a packed pr record: flags = O.R. class (bits 0-3), has clusters (4), known to v43.0 (5). */
export const PR = { idLo: 0, idHi: 1, flags: 2, n: 3, attrs: 4 } as const;

export interface CompiledRow {
  readonly source: MsDrgFormulaRow;
  readonly listMdc: number;
  readonly node: MsDrgFormulaNode | undefined;
  readonly test: CompiledMsDrgFormula<EvalState>;
  /** DRG number, or -1 for a control/reroute row. */
  readonly drg: number;
  /** MDC number to reroute to, or -1. */
  readonly reroute: number;
  /** Return code when this control row ends grouping, or '' when a true control row is skipped. */
  readonly errorCode: string;
  /** Index into the runtime's suppression sets, or -1. */
  readonly suppression: number;
}

/** A compiled list: the first deciding row's index, or -1. `sevOf(k)` is the severity under suppression set k. */
export type ListEvaluator = (
  pdx: Uint8Array,
  sdx: Uint8Array,
  any: Int32Array,
  computed: Int32Array,
  bit: number,
  severity: number,
  sevOf: (k: number) => number,
) => number;

export interface CompiledHac {
  readonly hac: number;
  readonly test: CompiledMsDrgFormula<HacState>;
}

export interface HacState {
  /** Attributes (HAC operands) of the secondary diagnosis under test. */
  readonly sdx: Uint8Array;
  /** HAC operands of the principal diagnosis. */
  readonly pdx: Uint8Array;
  /** HAC operands of the claim's procedures. */
  readonly proc: Uint8Array;
}

/** Attribute roles used by the derived counters (README step 3). */
export const ST_SITES = ['sthead', 'stchest', 'stabdom', 'stkidney', 'sturin', 'stpel', 'stuplimb', 'stlolimb'];
export const JOINTS = ['righthip', 'lefthip', 'rightknee', 'leftknee', 'rightankle', 'leftankle'];

export interface Runtime {
  readonly tables: MsDrgTables;
  readonly attrCount: number;
  readonly attrId: ReadonlyMap<string, number>;
  readonly attrNames: readonly string[];
  /**
   * Code -> offset of the code's packed record in `dxRec` / `prRec` (layouts {@link DX} and {@link PR}). A record
   * holds what grouping reads for a code in one place, a cache line or two instead of one per table: with tens of
   * thousands of distinct codes, cache misses are what bounds throughput.
   */
  readonly dxIndex: ReadonlyMap<string, number>;
  readonly prIndex: ReadonlyMap<string, number>;
  readonly dxRec: Uint16Array;
  readonly prRec: Uint16Array;
  /** Lists indexed by MDC number (0..99). */
  readonly lists: readonly (readonly CompiledRow[] | undefined)[];
  /**
   * Per list, the whole list compiled to one generated function returning the index of the first true row that is
   * not a skipped marker row, or -1; undefined where code generation is unavailable (then the closures are used).
   */
  readonly evaluators: readonly (ListEvaluator | undefined)[];
  /** Suppression sets: membership per attribute id. */
  readonly suppressionSets: readonly Uint8Array[];
  /** DRG rows indexed by DRG number. */
  readonly drgByNumber: readonly (MsDrgRow | undefined)[];
  readonly hacs: readonly (CompiledHac | undefined)[];
  /** Per attribute id: bit of its significant-trauma site (0 = none), joint bit, vessel/stent count, fusion role. */
  readonly stSite: Uint8Array;
  readonly joint: Uint8Array;
  readonly vessels: Uint8Array;
  readonly stents: Uint8Array;
  /** Bits: 1 sglantfuse, 2 sglpostfuse, 4 sglantsectXfuse, 8 sglpostfuse1, 16 NORstent/NORdrugstent. */
  readonly procRole: Uint8Array;
  readonly incidentAttr: number;
  readonly mccaliveAttr: number;
  readonly ecodeAttr: number;
  /** For words: per attribute, the title of the first DRG family (or MDC) whose formulas name it. */
  readonly attrLabel: ReadonlyMap<string, string>;
  /** Named leaf predicates, used to explain a true row. */
  readonly leaf: (name: string) => CompiledMsDrgFormula<EvalState>;
  readonly state: EvalState;
  readonly hacState: HacState;
}

const cache = new WeakMap<MsDrgTables, Runtime>();
const closureCache = new WeakMap<MsDrgTables, Runtime>();

/**
 * The compiled runtime of a tables object, built on first use. `generateCode: false` compiles formulas to closures
 * only (no `new Function`), for hosts that forbid runtime code generation; both give the same results.
 */
export function runtimeFor(tables: MsDrgTables, generateCode = true): Runtime {
  const store = generateCode ? cache : closureCache;
  let rt = store.get(tables);
  if (!rt) {
    rt = buildRuntime(tables, generateCode);
    store.set(tables, rt);
  }
  return rt;
}

function buildRuntime(tables: MsDrgTables, generateCode: boolean): Runtime {
  const attrNames = [...tables.attrNames];
  const attrId = new Map<string, number>();
  attrNames.forEach((n, i) => attrId.set(n, i));
  const intern = (name: string): number => {
    let id = attrId.get(name);
    if (id === undefined) {
      id = attrNames.length;
      attrNames.push(name);
      attrId.set(name, id);
    }
    return id;
  };

  // Parse every formula first so that operands only formulas name get ids before the arrays are sized.
  const parsedRows = tables.formulas.map((row) => {
    const parsed = parseMsDrgFormula(row.formula);
    const node = parsed.ok ? parsed.value : undefined;
    if (node) for (const op of msDrgFormulaOperands(node)) intern(stripPrefix(op));
    for (const s of row.suppressionOperands) intern(s);
    return { row, node };
  });
  const parsedHacs = tables.hacs.map((h) => {
    const parsed = parseMsDrgFormula(h.formula);
    const node = parsed.ok ? parsed.value : undefined;
    if (node) for (const op of msDrgFormulaOperands(node)) intern(stripPrefix(op));
    return { h, node };
  });
  for (const n of [...ST_SITES, ...JOINTS, 'incident', 'mccalive', 'ecode']) intern(n);
  const attrCount = attrNames.length;

  const state: EvalState = {
    pdx: new Uint8Array(attrCount),
    sdx: new Uint8Array(attrCount),
    any: new Int32Array(attrCount),
    computed: new Int32Array(COMPUTED.length),
    mdcBit: 0,
    rowSeverity: 0,
  };

  const leafCache = new Map<string, CompiledMsDrgFormula<EvalState>>();
  const leaf = (name: string): CompiledMsDrgFormula<EvalState> => {
    const hit = leafCache.get(name);
    if (hit) return hit;
    let fn: CompiledMsDrgFormula<EvalState>;
    if (name === 'MCC') fn = (s) => s.rowSeverity === 2;
    else if (name === 'CC') fn = (s) => s.rowSeverity === 1;
    else if (name in C) {
      const k = C[name as ComputedOperand];
      fn = (s) => (s.computed[k]! & s.mdcBit) !== 0;
    } else {
      const colon = name.indexOf(':');
      const prefix = colon > 0 ? name.slice(0, colon) : '';
      const a = intern(stripPrefix(name));
      if (a >= attrCount) fn = () => false;
      else if (prefix === 'PDX') fn = (s) => s.pdx[a] === 1;
      else if (prefix === 'SDX') fn = (s) => s.sdx[a] === 1;
      else fn = (s) => (s.any[a]! & s.mdcBit) !== 0;
    }
    leafCache.set(name, fn);
    return fn;
  };

  const suppressionSets: Uint8Array[] = [];
  const suppressionKey = new Map<string, number>();
  const lists: CompiledRow[][] = [];
  const ordered = parsedRows.map((p, i) => ({ ...p, i })).sort((a, b) => a.row.rank - b.row.rank || a.i - b.i);
  for (const { row, node } of ordered) {
    const listMdc = Number(row.mdc);
    const ops = node ? msDrgFormulaOperands(node) : [];
    let suppression = -1;
    if (row.suppressionOperands.length > 0) {
      const key = [...row.suppressionOperands].sort().join(';');
      let id = suppressionKey.get(key);
      if (id === undefined) {
        const set = new Uint8Array(attrCount);
        for (const s of row.suppressionOperands) set[intern(s)] = 1;
        id = suppressionSets.length;
        suppressionSets.push(set);
        suppressionKey.set(key, id);
      }
      suppression = id;
    }
    const errorOp = ops.find((o) => o in ERROR_OPERANDS);
    const compiled: CompiledRow = {
      source: row,
      listMdc,
      node,
      test: node ? compileMsDrgFormula(node, leaf) : () => false,
      drg: row.drg ? Number(row.drg) : -1,
      reroute: row.rerouteMdc ? Number(row.rerouteMdc) : -1,
      errorCode: !row.drg && !row.rerouteMdc && errorOp ? (ERROR_OPERANDS[errorOp] ?? '') : '',
      suppression,
    };
    (lists[listMdc] ??= []).push(compiled);
  }

  const evaluators = generateCode
    ? lists.map((rows) => (rows ? generateEvaluator(rows, attrId, attrCount) : undefined))
    : [];

  const drgByNumber: (MsDrgRow | undefined)[] = [];
  for (const d of tables.drgs) drgByNumber[Number(d.drg)] = d;

  const hacs: (CompiledHac | undefined)[] = [];
  for (const { h, node } of parsedHacs) {
    if (!node) continue;
    const test = compileMsDrgFormula<HacState>(node, (name) => {
      const colon = name.indexOf(':');
      const prefix = colon > 0 ? name.slice(0, colon) : '';
      const a = intern(stripPrefix(name));
      if (a >= attrCount) return () => false;
      if (prefix === 'SDX') return (s) => s.sdx[a] === 1;
      if (prefix === 'PDX') return (s) => s.pdx[a] === 1;
      return (s) => s.proc[a] === 1;
    });
    hacs[h.hac] = { hac: h.hac, test };
  }

  const stSite = new Uint8Array(attrCount);
  ST_SITES.forEach((n, i) => (stSite[intern(n)] = 1 << i));
  const joint = new Uint8Array(attrCount);
  JOINTS.forEach((n, i) => (joint[intern(n)] = 1 << i));
  const vessels = new Uint8Array(attrCount);
  const stents = new Uint8Array(attrCount);
  for (let k = 1; k <= 4; k++) {
    const v = attrId.get(`vessel${k}`);
    if (v !== undefined) vessels[v] = k;
    const s = attrId.get(`stent${k}`);
    if (s !== undefined) stents[s] = k;
  }
  const procRole = new Uint8Array(attrCount);
  const role = (name: string, bit: number): void => {
    const id = attrId.get(name);
    if (id !== undefined) procRole[id]! |= bit;
  };
  role('sglantfuse', 1);
  role('sglpostfuse', 2);
  role('sglantsectXfuse', 4);
  role('sglpostfuse1', 8);
  role('NORstent', 16);
  role('NORdrugstent', 16);

  const attrLabel = new Map<string, string>();
  for (const { row, node } of ordered) {
    if (!node) continue;
    const d = row.drg ? drgByNumber[Number(row.drg)] : undefined;
    const label = d ? d.baseTitle : row.rerouteMdc ? (tables.mdcTitles[row.rerouteMdc] ?? '') : '';
    if (!label) continue;
    for (const op of msDrgFormulaOperands(node)) {
      const a = stripPrefix(op);
      if (!attrLabel.has(a)) attrLabel.set(a, label);
    }
  }

  const incidentAttr = intern('incident');
  const mccaliveAttr = intern('mccalive');
  const { dx, pr } = tables;
  const dxIndex = new Map<string, number>();
  const dxRec = new Uint16Array(dx.codes.length * DX.attrs + dx.attrs.length);
  let o = 0;
  dx.codes.forEach((code, id) => {
    if (!dxIndex.has(code)) dxIndex.set(code, o);
    let flags = dx.severity[id]! & 3;
    let sites = 0;
    const from = dx.attrStart[id]!;
    const to = dx.attrStart[id + 1]!;
    for (let k = from; k < to; k++) {
      const a = dx.attrs[k]!;
      if (a === mccaliveAttr) flags |= 4;
      if (a === incidentAttr) flags |= 8;
      sites |= stSite[a]!;
    }
    const group = dx.exclGroup[id]!;
    dxRec[o + DX.idLo] = id & 0xffff;
    dxRec[o + DX.idHi] = id >>> 16;
    dxRec[o + DX.flags] = flags | (sites << 8);
    dxRec[o + DX.hacNumbers] = dx.hacNumbers[id]!;
    dxRec[o + DX.mdc] = dx.mdc[id]! | (dx.maleMdc[id]! << 8);
    dxRec[o + DX.femaleMdc] = dx.femaleMdc[id]!;
    dxRec[o + DX.exclGroup] = group < 0xffff ? group : 0xffff;
    dxRec[o + DX.n] = to - from;
    dxRec.set(dx.attrs.subarray(from, to), o + DX.attrs);
    o += DX.attrs + to - from;
  });
  const prIndex = new Map<string, number>();
  const prRec = new Uint16Array(pr.codes.length * PR.attrs + pr.attrs.length);
  o = 0;
  pr.codes.forEach((code, id) => {
    if (!prIndex.has(code)) prIndex.set(code, o);
    const from = pr.attrStart[id]!;
    const to = pr.attrStart[id + 1]!;
    const hasClusters = pr.clusterStart[id + 1]! > pr.clusterStart[id]! ? 16 : 0;
    prRec[o + PR.idLo] = id & 0xffff;
    prRec[o + PR.idHi] = id >>> 16;
    prRec[o + PR.flags] = (pr.orClass[id]! & 15) | hasClusters | (pr.inV430[id] === 1 ? 32 : 0);
    prRec[o + PR.n] = to - from;
    prRec.set(pr.attrs.subarray(from, to), o + PR.attrs);
    o += PR.attrs + to - from;
  });

  return {
    tables,
    attrCount,
    attrId,
    attrNames,
    dxIndex,
    prIndex,
    dxRec,
    prRec,
    lists,
    evaluators,
    suppressionSets,
    drgByNumber,
    hacs,
    stSite,
    joint,
    vessels,
    stents,
    procRole,
    incidentAttr,
    mccaliveAttr,
    ecodeAttr: intern('ecode'),
    attrLabel,
    leaf,
    state,
    hacState: { sdx: new Uint8Array(attrCount), pdx: new Uint8Array(attrCount), proc: new Uint8Array(attrCount) },
  };
}

export function stripPrefix(op: string): string {
  const colon = op.indexOf(':');
  return colon > 0 ? op.slice(colon + 1) : op;
}

/**
 * Generates one function per list: each deciding row becomes `if (<expr>) return i;` over the typed arrays, so V8
 * compiles the whole list to straight-line code. Marker rows (true control rows that are skipped) are left out.
 * Returns undefined where runtime code generation is forbidden (e.g. a browser with a strict CSP).
 */
function generateEvaluator(
  rows: readonly CompiledRow[],
  attrId: ReadonlyMap<string, number>,
  attrCount: number,
): ListEvaluator | undefined {
  const leafCode = (name: string, sev: string): string => {
    if (name === 'MCC') return `(${sev} === 2)`;
    if (name === 'CC') return `(${sev} === 1)`;
    if (name in C) return `((computed[${C[name as ComputedOperand]}] & bit) !== 0)`;
    const colon = name.indexOf(':');
    const prefix = colon > 0 ? name.slice(0, colon) : '';
    const a = attrId.get(stripPrefix(name));
    if (a === undefined || a >= attrCount) return 'false';
    if (prefix === 'PDX') return `(pdx[${a}] === 1)`;
    if (prefix === 'SDX') return `(sdx[${a}] === 1)`;
    return `((any[${a}] & bit) !== 0)`;
  };
  const expr = (node: MsDrgFormulaNode, sev: string): string => {
    switch (node.kind) {
      case 'operand':
        return leafCode(node.name, sev);
      case 'not':
        return `!${expr(node.child, sev)}`;
      case 'and':
        return `(${node.children.map((c) => expr(c, sev)).join(' && ')})`;
      case 'or':
        return `(${node.children.map((c) => expr(c, sev)).join(' || ')})`;
    }
  };
  const lines: string[] = [];
  rows.forEach((row, i) => {
    if (!row.node) return;
    if (row.drg < 0 && row.reroute < 0 && !row.errorCode) return;
    const sev = row.suppression >= 0 ? `sevOf(${row.suppression})` : 'severity';
    lines.push(`if (${expr(row.node, sev)}) return ${i};`);
  });
  lines.push('return -1;');
  try {
    return new Function('pdx', 'sdx', 'any', 'computed', 'bit', 'severity', 'sevOf', lines.join('\n')) as ListEvaluator;
  } catch {
    return undefined;
  }
}
