import type { CompletionReport } from '@charta/contracts';
import {
  AMD_MONTHS,
  completionMetrics,
  type CompletionRule,
  type CompletionRuleSet,
  type MetricsDischarge,
} from '@charta/core';
import type { Database } from '@charta/db';
import type { Transaction } from 'kysely';
import { analyzeChangedEncounters } from './analysis.js';
import { currentRuleSet } from './rule-sets.js';
import { practitionerName } from '../records/names.js';

const DAY = 86_400_000;
const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

/** The rule that asks for the discharge summary: enabled, anchored at discharge, naming a discharge-summary type. */
export function dischargeSummaryRule(ruleSet: CompletionRuleSet): CompletionRule | undefined {
  const types = new Set(ruleSet.documentTypes.dischargeSummary);
  return ruleSet.rules.find(
    (r) =>
      r.enabled &&
      r.anchor === 'discharge' &&
      r.scope === 'encounter' &&
      r.documents.loincCodes.some((c) => types.has(c)),
  );
}

/** The default period: from the first day of the third month before `now`'s month to `now`'s day (UTC). */
export function defaultReportPeriod(now: Date): { from: string; to: string } {
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 3, 1));
  return { from: from.toISOString().slice(0, 10), to: now.toISOString().slice(0, 10) };
}

export const COMPLETION_REPORT_DEFINITIONS: Readonly<Record<string, string>> = {
  delinquentRecords:
    'Records with at least one deficiency open and past its delinquency instant (the rule set’s delinquency days after discharge) at the instant measured, among encounters of the types (and services) the discharge-summary rule applies to, the same population as the average monthly discharges.',
  averageMonthlyDischarges: `Discharges (of the encounter types the discharge-summary rule applies to) in the ${AMD_MONTHS} full calendar months before the month of the instant measured, divided by ${AMD_MONTHS}.`,
  rate: 'delinquentRecords / averageMonthlyDischarges; above 50% is out of compliance (the accreditation threshold: delinquent records at most half the average monthly discharges).',
  trend:
    'The rate at each month end of the period (the first instant of the next month), from the deficiencies as they stand: a deficiency counts from its delinquency instant until closed or waived.',
  timeliness:
    'Discharges of the period whose discharge summary was authenticated within the rule set’s discharge-summary window; those without one count as not timely once the window has closed and are left out while it is open (pending).',
  medianDays: 'Median days from discharge to the first authentication of a summary, over authenticated summaries only.',
  clinicians: 'Every open deficiency of the organisation at the instant measured, whatever the period.',
  services:
    'The period’s discharges (of the encounter types the discharge-summary rule applies to) by the encounter’s service: records complete (no open deficiency), incomplete and delinquent at the instant measured, and their discharge-summary timeliness.',
};

/**
 * Reads and computes the completion report of one organisation at `now`, inside the caller's transaction: analyses
 * the encounters flagged since their last analysis first (as the deficiency reads do), then reads the discharges
 * (the period and the months the averages need), the deficiencies, the discharge summaries and the clinicians' names.
 */
export async function readCompletionReport(
  tx: Transaction<Database>,
  orgId: string,
  period: { from: string; to: string },
  now: Date,
): Promise<CompletionReport> {
  await analyzeChangedEncounters(tx, orgId, now);
  const { version, ruleSet } = await currentRuleSet(tx, orgId, now);
  const rule = dischargeSummaryRule(ruleSet);
  const windowHours = rule?.window.afterHours ?? ruleSet.delinquencyDays * 24;
  const types = rule?.appliesTo.encounterTypes ?? [];
  const services = rule?.appliesTo.services ?? [];

  const fromMs = Date.parse(`${period.from}T00:00:00Z`);
  const fromDate = new Date(fromMs);
  const nowMonthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - AMD_MONTHS, 1);
  const lower = new Date(
    Math.min(Date.UTC(fromDate.getUTCFullYear(), fromDate.getUTCMonth() - AMD_MONTHS + 1, 1), nowMonthStart),
  );
  const upper = new Date(Math.max(now.getTime(), Date.parse(`${period.to}T00:00:00Z`) + DAY));

  let q = tx
    .selectFrom('encounters')
    .select(['id', 'discharge_at', 'service', 'attending_id', 'type'])
    .where('org_id', '=', orgId)
    .where('status', 'in', ['discharged', 'completed'])
    .where('discharge_at', '>=', lower)
    .where('discharge_at', '<', upper);
  if (types.length > 0) q = q.where('type', 'in', [...types]);
  const rows = await q.execute();
  const wanted = services.map((s) => s.toLowerCase());
  /** The discharge-summary rule's population: the discharges averaged, and the records the rate counts. */
  const inPopulation = (type: string, service: string | null) =>
    (types.length === 0 || types.includes(type)) &&
    (wanted.length === 0 || (service !== null && wanted.includes(service.toLowerCase())));
  const discharges: MetricsDischarge[] = rows
    .filter((r) => inPopulation(r.type, r.service))
    .map((r) => ({
      encounterId: r.id,
      dischargeAt: iso(r.discharge_at) as string,
      service: r.service,
      attendingId: r.attending_id,
    }));

  const deficiencies = await tx
    .selectFrom('deficiencies as f')
    .innerJoin('encounters as e', 'e.id', 'f.encounter_id')
    .select([
      'f.encounter_id',
      'f.practitioner_id',
      'f.kind',
      'f.due_at',
      'f.delinquent_at',
      'f.created_at',
      'f.closed_at',
      'e.type',
      'e.service',
    ])
    .where('f.org_id', '=', orgId)
    .where((eb) => eb.or([eb('f.closed_at', 'is', null), eb('f.closed_at', '>', lower)]))
    .execute();

  const summaryTypes = [...ruleSet.documentTypes.dischargeSummary];
  const ids = discharges.map((d) => d.encounterId);
  const summaries =
    ids.length === 0 || summaryTypes.length === 0
      ? []
      : await tx
          .selectFrom('documents')
          .select(['encounter_id', 'authored_at', 'authenticated_at'])
          .where('encounter_id', 'in', ids)
          .where('loinc_code', 'in', summaryTypes)
          .where('status', '!=', 'entered-in-error')
          .where('amends_document_id', 'is', null)
          .execute();

  const metrics = completionMetrics({
    from: period.from,
    to: period.to,
    now,
    summaryWindowHours: windowHours,
    discharges,
    deficiencies: deficiencies.map((d) => ({
      encounterId: d.encounter_id,
      practitionerId: d.practitioner_id,
      kind: d.kind,
      dueAt: iso(d.due_at),
      delinquentAt: iso(d.delinquent_at),
      openedAt: iso(d.created_at) as string,
      closedAt: iso(d.closed_at),
      inRatePopulation: inPopulation(d.type, d.service),
    })),
    summaries: summaries.map((s) => ({
      encounterId: s.encounter_id as string,
      authoredAt: iso(s.authored_at),
      authenticatedAt: iso(s.authenticated_at),
    })),
  });

  const practitionerIds = metrics.clinicians.map((c) => c.practitionerId).filter((id): id is string => id !== null);
  const names = new Map<string, string>();
  if (practitionerIds.length > 0) {
    const people = await tx
      .selectFrom('practitioners')
      .select(['id', 'given_name', 'family_name', 'credentials'])
      .where('org_id', '=', orgId)
      .where('id', 'in', practitionerIds)
      .execute();
    for (const p of people) {
      names.set(p.id, practitionerName(p.family_name, p.given_name, p.credentials));
    }
  }

  return {
    from: metrics.from,
    to: metrics.to,
    at: metrics.at,
    threshold: metrics.threshold,
    ruleSetVersion: version,
    clinicians: metrics.clinicians.map((c) => ({
      practitionerId: c.practitionerId,
      name: c.practitionerId === null ? null : (names.get(c.practitionerId) ?? null),
      open: c.open,
      byKind: { ...c.byKind },
      byTiming: { ...c.byTiming },
      oldestAgeDays: c.oldestAgeDays,
    })),
    delinquency: { ...metrics.delinquency, months: [...metrics.delinquency.months] },
    trend: metrics.trend.map((p) => ({ ...p, months: [...p.months] })),
    timeliness: { ...metrics.timeliness },
    services: metrics.services.map((x) => ({ ...x, timeliness: { ...x.timeliness } })),
    definitions: { ...COMPLETION_REPORT_DEFINITIONS },
  };
}

function csvCell(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/u.test(s) || /^[=+\-@]/u.test(s) ? `"${s.replace(/^([=+\-@])/u, "'$1").replaceAll('"', '""')}"` : s;
}

/** The per-clinician table as CSV: one row per clinician (open deficiencies by kind and timing, oldest age). */
export function completionReportCsv(report: CompletionReport): string {
  const kinds = ['missing', 'incomplete', 'unauthenticated', 'other'];
  const header = ['practitioner_id', 'name', 'open', ...kinds, 'due', 'overdue', 'delinquent', 'oldest_age_days'].join(
    ',',
  );
  const lines = report.clinicians.map((c) =>
    [
      c.practitionerId,
      c.name ?? (c.practitionerId === null ? '(unassigned)' : null),
      c.open,
      ...kinds.map((k) => c.byKind[k] ?? 0),
      c.byTiming.due,
      c.byTiming.overdue,
      c.byTiming.delinquent,
      c.oldestAgeDays,
    ]
      .map(csvCell)
      .join(','),
  );
  return [header, ...lines].join('\r\n') + '\r\n';
}

/** Completion by service as CSV: one row per service (discharges, complete, incomplete, delinquent, timeliness). */
export function completionServicesCsv(report: CompletionReport): string {
  const header = [
    'service',
    'discharges',
    'complete',
    'incomplete',
    'delinquent',
    'summaries_timely',
    'summaries_late',
    'summaries_unauthenticated',
    'summaries_pending',
    'timely_share',
    'median_days',
  ].join(',');
  const lines = report.services.map((x) =>
    [
      x.service ?? '(none)',
      x.discharges,
      x.complete,
      x.incomplete,
      x.delinquent,
      x.timeliness.timely,
      x.timeliness.late,
      x.timeliness.unauthenticated,
      x.timeliness.pending,
      x.timeliness.share === null ? null : Number(x.timeliness.share.toFixed(4)),
      x.timeliness.medianDays === null ? null : Number(x.timeliness.medianDays.toFixed(2)),
    ]
      .map(csvCell)
      .join(','),
  );
  return [header, ...lines].join('\r\n') + '\r\n';
}
