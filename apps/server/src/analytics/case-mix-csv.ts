import type { CaseMixGroup, CaseMixMetrics, CaseMixReport } from '@charta/contracts';

/** Columns of the case-mix CSV, in order. Rates are fractions (0.25 = 25 %); an empty cell means "no cases". */
export const CASE_MIX_CSV_COLUMNS = [
  'dimension',
  'key',
  'label',
  'cases',
  'grouped',
  'ungrouped',
  'total_weight',
  'cmi',
  'medical',
  'surgical',
  'surgical_share',
  'cc_mcc_eligible',
  'cc_mcc_captured',
  'mcc_captured',
  'cc_mcc_capture_rate',
  'mcc_capture_rate',
  'hac_cases',
  'hac_drg_changed',
] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. Text starting with = + - @ or a tab
 * is prefixed with an apostrophe so a spreadsheet does not run it as a formula (OWASP "CSV Injection").
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value;
  return /[",\r\n]/u.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function metricCells(m: CaseMixMetrics): (string | number | null)[] {
  return [
    m.cases,
    m.grouped,
    m.ungrouped,
    m.totalWeight,
    m.cmi,
    m.medical,
    m.surgical,
    m.surgicalShare,
    m.capture.eligible,
    m.capture.captured,
    m.capture.capturedMcc,
    m.capture.rate,
    m.capture.mccRate,
    m.hacCases,
    m.hacDrgChanged,
  ];
}

/**
 * The report as CSV: a header, one row per group of the chosen dimension, and a last row for the whole period
 * (dimension "total"). CRLF line ends (RFC 4180).
 */
export function caseMixCsv(report: CaseMixReport): string {
  const row = (dimension: string, g: Pick<CaseMixGroup, 'key' | 'label'>, m: CaseMixMetrics) =>
    [dimension, g.key, g.label, ...metricCells(m)].map(csvField).join(',');
  const lines = [
    CASE_MIX_CSV_COLUMNS.join(','),
    ...report.groups.map((g) => row(report.by, g, g)),
    row('total', { key: 'total', label: `All discharges ${report.period.from} to ${report.period.to}` }, report.total),
  ];
  return lines.join('\r\n') + '\r\n';
}

/** Download name of the CSV, e.g. case-mix-by-month-2026-01-01-to-2026-03-31.csv. */
export function caseMixCsvFilename(report: Pick<CaseMixReport, 'by' | 'period'>): string {
  return `case-mix-by-${report.by}-${report.period.from}-to-${report.period.to}.csv`;
}
