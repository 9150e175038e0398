/**
 * Explanations of MS-DRG results in a coder's words: the formula rows that were true, the operands that made them
 * true, and the codes that carry those operands.
 */
import type { Claim } from './claim.js';
import type { MsDrgFormulaWitness } from './formula.js';
import type { MatchedRow, PassOutcome } from './pass.js';
import { C, stripPrefix, type Runtime } from './runtime.js';
import { msDrgMdcBit } from './tables.js';
import type { MsDrgExplanation, MsDrgMatchedRow, MsDrgReason } from './types.js';

/** Words for operands whose meaning is not a DRG family title. */
const FIXED_LABELS: Readonly<Record<string, string>> = {
  d468: 'extensive O.R. procedure',
  d477: 'non-extensive O.R. procedure',
  nonor: 'non-O.R. procedure',
};

const DSTAT_WORDS: Readonly<Record<string, string>> = {
  ALIVE: 'the patient was discharged alive',
  DIED: 'the patient expired',
  AMA: 'the patient left against medical advice',
  XFRNBA: 'the patient was transferred to an acute-care setting',
};

const COUNTER_WORDS: Readonly<Record<string, string>> = {
  FOUR_VESSELS: 'four or more vessels treated',
  FOUR_STENTS: 'four or more stents inserted',
  SINGLEFUSIONCTR: 'three or more single-level spinal fusions',
  SGLANTSECTXCTR: 'more than one single-level anterior fusion of a different section',
  SGLPOSTFUSECTR: 'more than one single-level posterior fusion',
  SGLANTCTR: 'two or more single-level anterior fusions',
  SGLPOST1CTR: 'two or more single-level posterior fusions (posterior approach)',
};

/** Words the rows that decided one pass (initial or final) of a grouping. */
export function explainPass(rt: Runtime, claim: Claim, pass: PassOutcome): MsDrgExplanation {
  const t = rt.tables;
  const pdx = claim.pdxCode || '(missing)';
  const drg = pass.drg < 100 ? String(pass.drg).padStart(3, '0') : String(pass.drg);
  const d = rt.drgByNumber[pass.drg];
  const head = pass.returnCode === 'OK' ? `DRG ${drg} (${d?.title ?? ''})` : `DRG ${drg} (${pass.returnCode})`;
  const rows: MsDrgMatchedRow[] = pass.matched.map((m) => ({
    list: pad2(m.row.listMdc),
    rank: m.row.source.rank,
    formula: m.row.source.formula,
    drg: m.row.source.drg,
    rerouteMdc: m.row.source.rerouteMdc,
    reasons: m.witnesses.map((w) => reason(rt, claim, m, w)),
  }));

  if (pass.matched.length === 0) {
    let why: string;
    switch (pass.returnCode) {
      case 'INVALID_AGE':
        why = 'the age is not a whole number of years from 0 to 124';
        break;
      case 'DX_CANNOT_BE_PDX':
        why = `principal ${pdx} is an external-cause code, which cannot be a principal diagnosis`;
        break;
      case 'HAC_MISSING_ONE_POA':
        why =
          'a hospital-acquired condition meets its criteria but a HAC-list secondary diagnosis has no valid POA indicator (Y, N, U or W)';
        break;
      case 'OK':
      case 'UNGROUPABLE':
      case 'INVALID_PRINCIPAL_DIAGNOSIS':
      case 'INVALID_SEX':
      case 'INVALID_DISCHARGE_STATUS':
        why = `no formula row of the pre-MDC list or of the principal's MDC holds for principal ${pdx}`;
        break;
    }
    return { rows, text: `${head} because ${why}.` };
  }

  const parts: string[] = [];
  const pdxMdc = claim.pdxId >= 0 ? pdxMdcOf(rt, claim) : -1;
  if (pdxMdc > 0) parts.push(`principal ${pdx} is in MDC ${pad2(pdxMdc)} (${t.mdcTitles[pad2(pdxMdc)] ?? ''})`);
  for (const [i, m] of pass.matched.entries()) {
    const r = rows[i]!;
    const where = m.row.listMdc === 0 ? 'pre-MDC' : `MDC ${r.list}`;
    const because = r.reasons.map((x) => x.text).join('; ');
    if (m.row.reroute >= 0) {
      const target = pad2(m.row.reroute);
      const name =
        m.row.reroute === 29
          ? 'unrelated O.R. procedures (DRGs 981-989)'
          : `MDC ${target} (${t.mdcTitles[target] ?? ''})`;
      parts.push(`${where} row ${r.rank} "${r.formula}" sends the claim to ${name}: ${because}`);
    } else {
      parts.push(`${where} row ${r.rank} "${r.formula}" holds: ${because}`);
    }
  }
  let hac = '';
  if (pass.final) {
    const left = claim.sdx.filter((s) => s.hacExcluded).map((s) => s.code);
    if (left.length > 0) {
      hac = ` Hospital-acquired condition: ${left.join(', ')}, not present on admission, ${left.length > 1 ? 'are' : 'is'} left out of the CC/MCC count.`;
    }
  }
  return { rows, text: `${head} because ${parts.join(', and ')}.${hac}` };
}

function pdxMdcOf(rt: Runtime, claim: Claim): number {
  const { dx } = rt.tables;
  const male = dx.maleMdc[claim.pdxId]!;
  if (male !== 255 && claim.sex === 'M') return male;
  if (male !== 255 && claim.sex === 'F') return dx.femaleMdc[claim.pdxId]!;
  return dx.mdc[claim.pdxId]!;
}

function reason(rt: Runtime, claim: Claim, m: MatchedRow, w: MsDrgFormulaWitness): MsDrgReason {
  const op = w.operand;
  const codes: string[] = [];
  let text: string;
  const { dx } = rt.tables;
  if (op === 'MCC' || op === 'CC') {
    const want = op === 'MCC' ? 2 : 1;
    if (m.severity === want) codes.push(...m.severityCodes);
    const noun = op === 'MCC' ? 'an MCC' : 'a CC';
    if (w.negated) text = `no secondary diagnosis counts as ${noun}`;
    else if (m.severity === want && codes.length > 0)
      text = `secondary ${codes.join(', ')} ${codes.length > 1 ? 'are' : 'is'} ${noun}`;
    else text = `the claim counts ${noun}`;
    return { operand: op, negated: w.negated, codes, text };
  }
  if (op in DSTAT_WORDS) {
    text = `${w.negated ? 'not: ' : ''}${DSTAT_WORDS[op] ?? op} (discharge status ${claim.dischargeStatus || 'missing'})`;
    return { operand: op, negated: w.negated, codes, text };
  }
  switch (op) {
    case 'INVALID_DSTAT':
      text = `discharge status ${claim.dischargeStatus ? `"${claim.dischargeStatus}"` : '(missing)'} is ${w.negated ? '' : 'not '}valid`;
      return { operand: op, negated: w.negated, codes, text };
    case 'INVALID_PDX':
      text = `principal diagnosis ${claim.pdxCode || '(missing)'} is ${w.negated ? '' : 'not '}a valid ICD-10-CM code`;
      return { operand: op, negated: w.negated, codes: claim.pdxCode ? [claim.pdxCode] : [], text };
    case 'INVALID_SEX':
      text = `principal ${claim.pdxCode}'s MDC depends on the patient's sex, which is not given as M or F`;
      return { operand: op, negated: w.negated, codes: [claim.pdxCode], text };
    case 'PDX_ECODE':
      text = `principal ${claim.pdxCode} is an external-cause code`;
      return { operand: op, negated: w.negated, codes: [claim.pdxCode], text };
    case 'ANYDX':
      return { operand: op, negated: w.negated, codes, text: 'the claim has a diagnosis' };
    case 'ONLY:incident':
      text = `every diagnosis is ${w.negated ? 'not ' : ''}one that is incidental to a newborn stay`;
      return { operand: op, negated: w.negated, codes, text };
    case 'MULTST': {
      const sites = collect(rt, claim, (a) => rt.stSite[a] !== 0, m.row.listMdc, false);
      text = `significant trauma in two or more body sites (${sites.join(', ')})`;
      return { operand: op, negated: w.negated, codes: sites, text };
    }
    case 'BILATERAL': {
      const procs = collect(rt, claim, (a) => rt.joint[a] !== 0, m.row.listMdc, true);
      text = `${w.negated ? 'no ' : ''}procedures on two or more lower-limb joints (${procs.join(', ')})`;
      return { operand: op, negated: w.negated, codes: procs, text };
    }
  }
  if (op in COUNTER_WORDS) {
    const procs = collect(
      rt,
      claim,
      (a) => rt.procRole[a] !== 0 || rt.vessels[a] !== 0 || rt.stents[a] !== 0,
      m.row.listMdc,
      true,
    );
    text = `${w.negated ? 'not: ' : ''}${COUNTER_WORDS[op] ?? op} (${procs.join(', ')})`;
    return { operand: op, negated: w.negated, codes: procs, text };
  }
  if (op in C) return { operand: op, negated: w.negated, codes, text: op };

  const colon = op.indexOf(':');
  const prefix = colon > 0 ? op.slice(0, colon) : '';
  const name = stripPrefix(op);
  const a = rt.attrId.get(name) ?? -1;
  // Words for the operand: the DRG family of the deciding row (what the operand means there), the MDC a diagnosis
  // attribute reroutes to, else (and for an absent operand) the first DRG family whose formulas name it.
  const rowDrg = m.row.drg >= 0 ? rt.drgByNumber[m.row.drg] : undefined;
  const rerouteTitle = prefix && m.row.reroute >= 0 ? rt.tables.mdcTitles[pad2(m.row.reroute)] : undefined;
  const label =
    FIXED_LABELS[name] ?? (w.negated ? undefined : (rowDrg?.baseTitle ?? rerouteTitle)) ?? rt.attrLabel.get(name);
  const named = label ? `${name} (${label})` : name;
  const verb = name.startsWith('dxc') ? 'is in' : 'carries';
  if (prefix === 'PDX') {
    if (w.negated) text = `principal ${claim.pdxCode} ${verb === 'is in' ? 'is not in' : 'does not carry'} ${named}`;
    else {
      codes.push(claim.pdxCode);
      text = `principal ${claim.pdxCode} ${verb} ${named}`;
    }
    return { operand: op, negated: w.negated, codes, text };
  }
  if (prefix === 'SDX') {
    if (a >= 0) for (const s of claim.sdx) if (s.id >= 0 && has(dx.attrStart, dx.attrs, s.id, a)) codes.push(s.code);
    text = w.negated ? `no secondary diagnosis carries ${named}` : `secondary ${codes.join(', ')} ${verb} ${named}`;
    return { operand: op, negated: w.negated, codes, text };
  }
  const carriers = a >= 0 ? collect(rt, claim, (x) => x === a, m.row.listMdc, false) : [];
  text = w.negated
    ? `no code on the claim carries ${named}`
    : `${carriers.join(', ')} ${carriers.length > 1 ? 'carry' : 'carries'} ${named}`;
  return { operand: op, negated: w.negated, codes: carriers, text };
}

/** Codes carrying an attribute that passes `test`, with their role; procedures suppressed in the list's MDC are left out. */
function collect(
  rt: Runtime,
  claim: Claim,
  test: (a: number) => boolean,
  listMdc: number,
  proceduresOnly: boolean,
): string[] {
  const { dx, pr, clusters } = rt.tables;
  const out: string[] = [];
  const any = (start: Uint32Array, attrs: Uint16Array, id: number): boolean => {
    for (let k = start[id]!; k < start[id + 1]!; k++) if (test(attrs[k]!)) return true;
    return false;
  };
  if (!proceduresOnly) {
    if (claim.pdxId >= 0 && any(dx.attrStart, dx.attrs, claim.pdxId)) out.push(`principal ${claim.pdxCode}`);
    for (const s of claim.sdx) if (s.id >= 0 && any(dx.attrStart, dx.attrs, s.id)) out.push(`secondary ${s.code}`);
  }
  const bit = msDrgMdcBit(listMdc);
  for (const p of claim.procedures) {
    if (p.id >= 0 && (p.suppressed & bit) === 0 && any(pr.attrStart, pr.attrs, p.id)) out.push(`procedure ${p.code}`);
  }
  for (const c of claim.clusters) {
    if (any(clusters.attrStart, clusters.attrs, c)) out.push(`cluster ${clusters.names[c] ?? c}`);
  }
  return out;
}

function has(start: Uint32Array, attrs: Uint16Array, id: number, a: number): boolean {
  for (let k = start[id]!; k < start[id + 1]!; k++) if (attrs[k] === a) return true;
  return false;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
