import { CaseMixQuery, CaseMixReport } from '@charta/contracts';
import { caseMixCsv, caseMixCsvFilename } from '../analytics/case-mix-csv.js';
import { computeCaseMix } from '../analytics/case-mix-query.js';
import { audit } from '../http/audit.js';
import type { Principal } from '../http/context.js';
import { defineRoute } from '../http/route.js';

/** CSV when asked by `format=csv`, or by an Accept header that names text/csv (and no `format=json`). */
function wantsCsv(format: 'json' | 'csv' | undefined, accept: string | undefined): boolean {
  if (format !== undefined) return format === 'csv';
  return (accept ?? '').split(',').some((part) => part.split(';')[0]?.trim().toLowerCase() === 'text/csv');
}

const caseMix = defineRoute({
  method: 'get',
  path: '/api/v1/analytics/case-mix',
  summary:
    'Case-mix analytics over the discharged inpatient encounters of a period, grouped with the MS-DRG grouper in force on each discharge date: CMI, DRG distribution, CC/MCC capture rate, medical/surgical mix and HAC counts, by month, service line or attending physician. JSON, or CSV with Accept: text/csv or format=csv.',
  tag: 'Analytics',
  access: { kind: 'permission', action: 'analytics:read' },
  query: CaseMixQuery,
  responses: {
    200: {
      description:
        'The case-mix report (aggregates only); as text/csv, one row per group and a total row (columns in analytics/case-mix-csv.ts)',
      schema: CaseMixReport,
    },
  },
  handler: async ({ query, principal, services, info, c }) => {
    const p = principal as Principal;
    const csv = wantsCsv(query.format, c.req.header('accept'));
    const tables = await services.reference.drg();
    const report = await computeCaseMix(services.db, tables, {
      orgId: p.orgId,
      from: query.from,
      to: query.to,
      by: query.by,
      top: query.top,
    });
    // Aggregates only, but who looked at which period is still on record; a CSV is an export.
    await audit(services.db, services, info, p, {
      action: csv ? 'analytics.case-mix.export' : 'analytics.case-mix.query',
      detail: {
        from: query.from,
        to: query.to,
        by: query.by,
        top: query.top,
        format: csv ? 'csv' : 'json',
        cases: report.total.cases,
        scope: report.scope,
      },
    });
    if (!csv) return { body: report };
    return c.body(caseMixCsv(report), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${caseMixCsvFilename(report)}"`,
    });
  },
});

export const caseMixRoutes = [caseMix];
