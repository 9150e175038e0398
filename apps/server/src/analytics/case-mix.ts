import type {
  CaseMixCapture,
  CaseMixDimension,
  CaseMixDrg,
  CaseMixGroup,
  CaseMixHac,
  CaseMixMetrics,
  CaseMixReport,
} from '@charta/contracts';
import { MsDrgHacStatus, MsDrgHacUsage, type MsDrgLevel, type MsDrgResult, type MsDrgTables } from '@charta/core';

/**
 * Case-mix aggregation over grouped discharges: pure, so the figures are tested without a database. The definitions
 * below are reported with every result (`CASE_MIX_DEFINITIONS`) and shown on the page.
 *
 * - CMI = Σ relative weight ÷ grouped discharges, each discharge weighted by its own DRG under the grouper version
 *   in force on its discharge date (CMS IPPS Table 5 weights; DOMAIN "Relative weight and CMI").
 * - CC/MCC capture rate: see {@link severityMembers}.
 */

export const CASE_MIX_DEFINITIONS: Readonly<Record<string, string>> = {
  cmi: 'Case-mix index: the sum of the MS-DRG relative weights (FY2026 IPPS Table 5) of the grouped discharges divided by their number. Discharges not grouped (no grouper version for the date) or in DRG 998/999 are counted apart as ungrouped.',
  capture:
    'CC/MCC capture rate: among discharges whose MS-DRG belongs to a base-DRG family split by severity (a "with MCC", "with CC" or "with CC/MCC" member beside a "without" member, MS-DRG v43 Definitions Manual), the share grouped to a "with" member because the grouper counted the severity that member requires (an MCC for "with MCC", a CC or MCC for "with CC" and "with CC/MCC"). A case routed to the higher member by another criterion (e.g. "or tPA in 24 Hours") is not captured. MCC rate: the share captured with an MCC.',
  mix: 'Medical/surgical mix: the MS-DRG type (medical or surgical partition) of the final DRG; surgical share = surgical ÷ (medical + surgical).',
  hac: 'HAC cases: discharges with at least one hospital-acquired condition category whose criteria are met (a HAC-list secondary diagnosis with POA N or U, MS-DRG HAC step). "DRG changed": the HAC step changed the final DRG.',
  serviceLine:
    'Service line: the encounter’s service; when it is empty, the MDC of the final DRG ("MDC nn"), or "Unassigned" for an ungrouped case.',
  month: 'Month: the calendar month (UTC) of the discharge date.',
};

/** One discharge as the aggregation sees it: where it falls and what the grouper said. */
export interface CaseMixCase {
  /** YYYY-MM of the discharge date. */
  readonly month: string;
  readonly service: string | null;
  readonly attendingId: string | null;
  readonly attendingName: string | null;
  /** undefined when the grouper could not group it (no version for the discharge date). */
  readonly result: MsDrgResult | undefined;
}

/**
 * A DRG's place in a family split by severity: the member that needs an MCC ("with MCC"), the member that needs a CC
 * or an MCC ("with CC", "with CC/MCC"), or the lowest member ("without MCC", "without CC/MCC").
 */
export type SeverityMember = 'with-mcc' | 'with-cc' | 'without';

/**
 * The DRGs of base-DRG families split by CC/MCC severity with their member kind, read from the MS-DRG titles of the
 * loaded tables (MS-DRG v43 Definitions Manual: a base DRG splits into up to three severity levels). A family counts
 * as split when it has a "with" member and a "without" member; DRGs of other families are absent.
 */
export function severityMembers(tables: MsDrgTables): ReadonlyMap<string, SeverityMember> {
  const cached = membersCache.get(tables);
  if (cached) return cached;
  const byFamily = new Map<string, { drg: string; member: SeverityMember | undefined }[]>();
  for (const row of tables.drgs) {
    const list = byFamily.get(row.baseDrg) ?? [];
    list.push({ drg: row.drg, member: memberOfTitle(row.title) });
    byFamily.set(row.baseDrg, list);
  }
  const out = new Map<string, SeverityMember>();
  for (const members of byFamily.values()) {
    const split =
      members.some((m) => m.member === 'with-mcc' || m.member === 'with-cc') &&
      members.some((m) => m.member === 'without');
    if (!split) continue;
    for (const m of members) if (m.member) out.set(m.drg, m.member);
  }
  membersCache.set(tables, out);
  return out;
}
const membersCache = new WeakMap<MsDrgTables, ReadonlyMap<string, SeverityMember>>();

/**
 * The severity member a DRG title names, from its first "with/without CC, MCC or CC/MCC" phrase: "... with CC or
 * Spinal Neurostimulators" is a with-CC member, "... without MCC" the lowest member.
 */
export function memberOfTitle(title: string): SeverityMember | undefined {
  const m = /\b(with|without) (CC\/MCC|MCC|CC)\b/u.exec(title);
  if (!m) return undefined;
  if (m[1] === 'without') return 'without';
  return m[2] === 'MCC' ? 'with-mcc' : 'with-cc';
}

/**
 * Whether a case in a split family counts as captured: it sits in a "with" member and the grouper saw the severity
 * that member requires. A case routed to the member by another criterion ("with MCC or Acute Cor Pulmonale" reached
 * through cor pulmonale, "with CC or tPA in 24 Hours" through tPA) is not a CC/MCC capture.
 */
export function isCaptured(member: SeverityMember, level: MsDrgLevel): boolean {
  if (member === 'with-mcc') return level === 'MCC';
  if (member === 'with-cc') return level === 'MCC' || level === 'CC';
  return false;
}

/** A running total of one group's figures. */
class Accumulator {
  cases = 0;
  grouped = 0;
  ungrouped = 0;
  totalWeight = 0;
  medical = 0;
  surgical = 0;
  eligible = 0;
  captured = 0;
  capturedMcc = 0;
  hacCases = 0;
  hacDrgChanged = 0;

  add(c: CaseMixCase, members: ReadonlyMap<string, SeverityMember>): void {
    this.cases++;
    const r = c.result;
    if (!r || r.relativeWeight === undefined) this.ungrouped++;
    else {
      this.grouped++;
      this.totalWeight += r.relativeWeight;
    }
    if (!r) return;
    if (r.medSurg === 'MEDICAL') this.medical++;
    else if (r.medSurg === 'SURGICAL') this.surgical++;
    const member = members.get(r.drg);
    if (member !== undefined) {
      this.eligible++;
      if (isCaptured(member, r.level)) {
        this.captured++;
        if (r.level === 'MCC') this.capturedMcc++;
      }
    }
    if (r.hacCategories > 0) this.hacCases++;
    if (r.hacStatus === MsDrgHacStatus.finalDrgChanges) this.hacDrgChanged++;
  }

  metrics(): CaseMixMetrics {
    const capture: CaseMixCapture = {
      eligible: this.eligible,
      captured: this.captured,
      capturedMcc: this.capturedMcc,
      rate: ratio(this.captured, this.eligible),
      mccRate: ratio(this.capturedMcc, this.eligible),
    };
    return {
      cases: this.cases,
      grouped: this.grouped,
      ungrouped: this.ungrouped,
      totalWeight: round(this.totalWeight, 4),
      cmi: this.grouped === 0 ? null : round(this.totalWeight / this.grouped, 4),
      medical: this.medical,
      surgical: this.surgical,
      surgicalShare: ratio(this.surgical, this.medical + this.surgical),
      capture,
      hacCases: this.hacCases,
      hacDrgChanged: this.hacDrgChanged,
    };
  }
}

function ratio(n: number, d: number): number | null {
  return d === 0 ? null : round(n / d, 4);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Calendar months from `from` to `to` (YYYY-MM-DD), as YYYY-MM. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const endY = Number(to.slice(0, 4));
  const endM = Number(to.slice(5, 7));
  while (y < endY || (y === endY && m <= endM)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** Where a case falls along a dimension: the group key and its label. */
function groupOf(c: CaseMixCase, by: CaseMixDimension, tables: MsDrgTables): { key: string; label: string } {
  switch (by) {
    case 'month':
      return { key: c.month, label: c.month };
    case 'service': {
      const service = c.service?.trim();
      if (service) return { key: service, label: service };
      const mdc = c.result?.mdc;
      if (mdc) return { key: `MDC ${mdc}`, label: `MDC ${mdc} ${tables.mdcTitles[mdc] ?? ''}`.trim() };
      return { key: 'unassigned', label: 'Unassigned' };
    }
    case 'attending':
      return c.attendingId
        ? { key: c.attendingId, label: c.attendingName ?? c.attendingId }
        : { key: 'none', label: 'No attending' };
  }
}

/**
 * Aggregates cases incrementally: add batches as they are grouped, then read the report. Memory grows with the
 * number of groups and distinct DRGs, not with the number of cases.
 */
export class CaseMixAggregator {
  readonly #tables: MsDrgTables;
  readonly #by: CaseMixDimension;
  readonly #members: ReadonlyMap<string, SeverityMember>;
  readonly #total = new Accumulator();
  readonly #groups = new Map<string, { label: string; acc: Accumulator }>();
  readonly #drgs = new Map<string, { result: MsDrgResult; cases: number }>();
  readonly #hacs = new Map<number, number>();
  readonly #versions = new Map<string, number>();

  constructor(tables: MsDrgTables, by: CaseMixDimension) {
    this.#tables = tables;
    this.#by = by;
    this.#members = severityMembers(tables);
  }

  add(c: CaseMixCase): void {
    this.#total.add(c, this.#members);
    const g = groupOf(c, this.#by, this.#tables);
    let group = this.#groups.get(g.key);
    if (!group) {
      group = { label: g.label, acc: new Accumulator() };
      this.#groups.set(g.key, group);
    }
    group.acc.add(c, this.#members);
    const r = c.result;
    if (!r) return;
    this.#versions.set(r.version, (this.#versions.get(r.version) ?? 0) + 1);
    const drg = this.#drgs.get(r.drg);
    if (drg) drg.cases++;
    else this.#drgs.set(r.drg, { result: r, cases: 1 });
    // A case counts once per HAC category met, however many codes of that category it carries.
    const met = new Set<number>();
    for (const s of r.secondaries)
      for (const h of s.hacs) if (h.status === MsDrgHacUsage.criteriaMet && h.hac > 0) met.add(h.hac);
    for (const hac of met) this.#hacs.set(hac, (this.#hacs.get(hac) ?? 0) + 1);
  }

  /** The report; `months` fills in the months of the period without discharges when grouping by month. */
  report(args: {
    readonly from: string;
    readonly to: string;
    readonly top: number;
    readonly scope: CaseMixReport['scope'];
  }): CaseMixReport {
    const total = this.#total.metrics();
    let groups: CaseMixGroup[] = [...this.#groups].map(([key, g]) => ({ key, label: g.label, ...g.acc.metrics() }));
    if (this.#by === 'month') {
      const byKey = new Map(groups.map((g) => [g.key, g]));
      groups = monthsBetween(args.from, args.to).map(
        (m) => byKey.get(m) ?? { key: m, label: m, ...new Accumulator().metrics() },
      );
    } else {
      groups.sort((a, b) => b.cases - a.cases || a.label.localeCompare(b.label));
    }
    const drgs: CaseMixDrg[] = [...this.#drgs.values()]
      .sort((a, b) => b.cases - a.cases || a.result.drg.localeCompare(b.result.drg))
      .slice(0, args.top)
      .map(({ result: r, cases }) => ({
        drg: r.drg,
        title: r.title,
        mdc: r.mdc,
        medSurg: r.medSurg,
        relativeWeight: r.relativeWeight ?? null,
        cases,
        share: round(cases / Math.max(1, total.cases), 4),
        totalWeight: round((r.relativeWeight ?? 0) * cases, 4),
      }));
    const hacTitles = new Map(this.#tables.hacs.map((h) => [h.hac, h.title]));
    const hacCategories: CaseMixHac[] = [...this.#hacs]
      .sort((a, b) => a[0] - b[0])
      .map(([hac, cases]) => ({ hac, title: hacTitles.get(hac) ?? `HAC ${hac}`, cases }));
    return {
      period: { from: args.from, to: args.to },
      by: this.#by,
      scope: args.scope,
      grouperVersions: [...this.#versions]
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([version, cases]) => ({ version, cases })),
      total,
      groups,
      drgs,
      distinctDrgs: this.#drgs.size,
      hacCategories,
      definitions: CASE_MIX_DEFINITIONS,
    };
  }
}
