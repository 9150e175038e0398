import { CompletionReportQuery, type CompletionReport } from '@charta/contracts';
import { appendAudit, defaultReportPeriod, readCompletionReport } from '@charta/server';
import type { Command } from 'commander';
import { output, withDatabase } from '../context.js';
import { CliError } from '../errors.js';

const OPERATOR = 'cli';

const percent = (v: number | null): string => (v === null ? 'n/a' : `${(v * 100).toFixed(1)}%`);

function reportText(r: CompletionReport): string {
  const lines = [
    `Completion report ${r.from} to ${r.to}, at ${r.at} (rule set version ${r.ruleSetVersion})`,
    '',
    'Open deficiencies per clinician:',
    `${'clinician'.padEnd(36)} ${'open'.padStart(5)} ${'due'.padStart(5)} ${'overdue'.padStart(8)} ${'delinq'.padStart(7)} ${'oldest'.padStart(7)}  kinds`,
  ];
  for (const c of r.clinicians) {
    const kinds = Object.entries(c.byKind)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    lines.push(
      `${(c.name ?? c.practitionerId ?? '(unassigned)').slice(0, 36).padEnd(36)} ${String(c.open).padStart(5)} ` +
        `${String(c.byTiming.due).padStart(5)} ${String(c.byTiming.overdue).padStart(8)} ` +
        `${String(c.byTiming.delinquent).padStart(7)} ${`${c.oldestAgeDays}d`.padStart(7)}  ${kinds}`,
    );
  }
  if (r.clinicians.length === 0) lines.push('(none)');
  const d = r.delinquency;
  lines.push(
    '',
    `Delinquency rate: ${percent(d.rate)} = ${d.delinquentRecords} delinquent records / ` +
      `${d.averageMonthlyDischarges.toFixed(2)} average monthly discharges (${d.months.join(', ')}); ` +
      `threshold ${percent(r.threshold)}: ${d.exceedsThreshold ? 'EXCEEDED' : 'within'}`,
  );
  for (const p of r.trend) {
    lines.push(
      `  at ${p.at.slice(0, 10)}: ${percent(p.rate)} (${p.delinquentRecords} / ${p.averageMonthlyDischarges.toFixed(2)})` +
        (p.exceedsThreshold ? ' EXCEEDED' : ''),
    );
  }
  const t = r.timeliness;
  lines.push(
    '',
    `Discharge summaries authenticated within ${t.windowHours / 24} days: ${percent(t.share)} ` +
      `(${t.timely} timely, ${t.late} late, ${t.unauthenticated} not authenticated, ${t.pending} pending, ` +
      `of ${t.discharges} discharges)`,
    `Median days from discharge to authentication: ${t.medianDays === null ? 'n/a' : t.medianDays.toFixed(1)} ` +
      `(authenticated summaries only)`,
  );
  return lines.join('\n');
}

export function registerCompletionCommands(program: Command): void {
  const completion = program.command('completion').description('Record completion');
  completion
    .command('report')
    .description(
      'The completion report: open deficiencies per clinician, the delinquency rate against the average monthly ' +
        'discharges (threshold 50%) and discharge-summary timeliness. Default period: the three months before this ' +
        'one to today.',
    )
    .option('--from <date>', 'first discharge date of the period (YYYY-MM-DD)')
    .option('--to <date>', 'last discharge date of the period (YYYY-MM-DD)')
    .option('--json', 'machine-readable output: the report as the API gives it')
    .action(async (opts: { from?: string; to?: string; json?: boolean }) => {
      const parsed = CompletionReportQuery.safeParse({
        ...(opts.from !== undefined ? { from: opts.from } : {}),
        ...(opts.to !== undefined ? { to: opts.to } : {}),
      });
      if (!parsed.success) {
        throw new CliError(
          parsed.error.issues.map((i) => `--${i.path.join('.') || 'period'}: ${i.message}`).join('; '),
        );
      }
      const now = new Date();
      const defaults = defaultReportPeriod(now);
      const period = { from: parsed.data.from ?? defaults.from, to: parsed.data.to ?? defaults.to };
      if (period.to < period.from) throw new CliError('--to: the period ends before it starts');
      const report = await withDatabase(async (db) => {
        const org = await db.handle.db
          .selectFrom('organizations')
          .select('id')
          .orderBy('created_at')
          .limit(1)
          .executeTakeFirst();
        if (!org)
          throw new CliError('The database has no organisation yet: start the server once, or run charta db migrate');
        return db.handle.db.transaction().execute(async (tx) => {
          const result = await readCompletionReport(tx, org.id, period, now);
          await appendAudit(tx, db.secrets.auditKey, {
            action: 'completion.report.read',
            outcome: 'success',
            occurredAt: now,
            username: OPERATOR,
            detail: {
              from: period.from,
              to: period.to,
              format: opts.json ? 'json' : 'text',
              delinquentRecords: result.delinquency.delinquentRecords,
              discharges: result.timeliness.discharges,
            },
          });
          return result;
        });
      });
      output(Boolean(opts.json), report, () => reportText(report));
    });
}
