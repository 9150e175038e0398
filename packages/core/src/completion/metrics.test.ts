import { describe, expect, it } from 'vitest';
import { completionMetrics, delinquencyAt, type MetricsDeficiency, type MetricsDischarge } from './metrics.js';

const at = (day: string, time = '00:00') => `2026-${day}T${time}:00.000Z`;
const discharge = (id: string, when: string): MetricsDischarge => ({
  encounterId: id,
  dischargeAt: when,
  service: 'Medicine',
  attendingId: null,
});
const discharges: MetricsDischarge[] = [
  discharge('e1', at('01-05')),
  discharge('e2', at('01-20')),
  discharge('e3', at('01-25')),
  discharge('e4', at('02-03', '12:00')),
  discharge('e5', at('02-10')),
  discharge('e6', at('02-20')),
  discharge('e7', at('03-01')),
  discharge('e8', at('03-05')),
  discharge('e9', at('03-10')),
  discharge('e10', at('03-15')),
  discharge('e11', at('03-28')),
  discharge('e12', at('03-30')),
];
const def = (
  encounterId: string,
  practitionerId: string | null,
  kind: string,
  dueAt: string,
  delinquentAt: string,
  openedAt: string,
  closedAt: string | null,
): MetricsDeficiency => ({ encounterId, practitionerId, kind, dueAt, delinquentAt, openedAt, closedAt });
const deficiencies: MetricsDeficiency[] = [
  def('e1', 'P1', 'missing', at('01-19'), at('02-04'), at('01-20'), null),
  def('e1', 'P1', 'unauthenticated', at('01-19'), at('02-04'), at('01-20'), null),
  def('e4', 'P2', 'unauthenticated', at('02-17', '12:00'), at('03-05', '12:00'), at('02-18'), at('03-20')),
  def('e5', 'P2', 'missing', at('02-24'), at('03-12'), at('02-25'), null),
  def('e2', 'P1', 'incomplete', at('02-03'), at('02-19'), at('01-21'), at('03-15')),
  def('e10', null, 'missing', at('03-29'), at('04-14'), at('03-16'), null),
  def('e12', 'P1', 'unauthenticated', at('04-13'), at('04-29'), at('03-31'), null),
];
const summary = (encounterId: string, authenticatedAt: string | null) => ({
  encounterId,
  authoredAt: authenticatedAt,
  authenticatedAt,
});
const summaries = [
  summary('e1', at('01-10')),
  summary('e4', at('02-05', '12:00')),
  summary('e6', at('03-20')),
  summary('e7', at('03-11')),
  summary('e7', at('03-05')),
  summary('e8', at('03-19')),
  summary('e9', null),
  summary('e12', at('04-20')),
];

describe('completionMetrics', () => {
  const now = new Date(at('04-10'));
  const input = {
    from: '2026-02-01',
    to: '2026-03-31',
    now,
    summaryWindowHours: 14 * 24,
    discharges,
    deficiencies,
    summaries,
  };
  const report = completionMetrics(input);

  it('counts open deficiencies per clinician by kind and timing, with the oldest age', () => {
    expect(report.clinicians).toEqual([
      {
        practitionerId: 'P1',
        open: 3,
        byKind: { missing: 1, unauthenticated: 2 },
        byTiming: { due: 1, overdue: 0, delinquent: 2 },
        oldestAgeDays: 80,
      },
      {
        practitionerId: 'P2',
        open: 1,
        byKind: { missing: 1 },
        byTiming: { due: 0, overdue: 0, delinquent: 1 },
        oldestAgeDays: 44,
      },
      {
        practitionerId: null,
        open: 1,
        byKind: { missing: 1 },
        byTiming: { due: 0, overdue: 1, delinquent: 0 },
        oldestAgeDays: 25,
      },
    ]);
  });

  it('divides delinquent records by the average monthly discharges of the 3 full months before now', () => {
    // e1 and e5 are delinquent on 10 April; January to March hold 12 discharges, 4 a month: 2 / 4, not above 50%.
    expect(report.delinquency).toEqual({
      at: at('04-10'),
      delinquentRecords: 2,
      months: ['2026-01', '2026-02', '2026-03'],
      averageMonthlyDischarges: 4,
      rate: 0.5,
      exceedsThreshold: false,
    });
  });

  it('leaves records outside the discharges’ population out of the rate, not out of the clinicians’ counts', () => {
    const outpatient: MetricsDeficiency = {
      ...def('x1', 'P1', 'missing', at('01-19'), at('02-04'), at('01-20'), null),
      inRatePopulation: false,
    };
    const point = delinquencyAt(Date.parse(at('04-10')), discharges, [...deficiencies, outpatient]);
    expect(point.delinquentRecords).toBe(2);
    const withIt = completionMetrics({ ...input, deficiencies: [...deficiencies, outpatient] });
    expect(withIt.clinicians.find((c) => c.practitionerId === 'P1')?.open).toBe(
      (report.clinicians.find((c) => c.practitionerId === 'P1')?.open ?? 0) + 1,
    );
  });

  it('breaks the period’s discharges down by service, with their completion and timeliness', () => {
    expect(report.services).toHaveLength(1);
    const medicine = report.services[0];
    expect(medicine).toMatchObject({ service: 'Medicine', discharges: report.timeliness.discharges });
    expect(medicine?.timeliness).toEqual(report.timeliness);
    // February and March discharges with a deficiency open on 10 April: e5 (delinquent), e10 and e12 (not yet).
    expect(medicine).toMatchObject({ incomplete: 3, delinquent: 1, complete: report.timeliness.discharges - 3 });
    const split = completionMetrics({
      ...input,
      discharges: discharges.map((d) => (d.encounterId === 'e10' ? { ...d, service: 'Surgery' } : d)),
    });
    expect(split.services.map((x) => [x.service, x.discharges, x.incomplete])).toEqual([
      ['Medicine', report.timeliness.discharges - 1, 2],
      ['Surgery', 1, 1],
    ]);
  });

  it('gives the rate at each month end of the period, from the deficiencies as they stood', () => {
    // 1 March: e1 and e2 (waived on 15 March) delinquent, December to February 6 discharges: 2 / 2.
    // 1 April: e1 and e5 (delinquent from 12 March); e4 closed 20 March; January to March: 2 / 4.
    expect(report.trend.map((p) => [p.at, p.delinquentRecords, p.averageMonthlyDischarges, p.rate])).toEqual([
      [at('03-01'), 2, 2, 1],
      [at('04-01'), 2, 4, 0.5],
    ]);
    expect(report.trend.map((p) => p.exceedsThreshold)).toEqual([true, false]);
    expect(report.trend[0]?.months).toEqual(['2025-12', '2026-01', '2026-02']);
  });

  it('measures discharge-summary timeliness over the period', () => {
    // 9 discharges: timely e4 (2 d), e7 (4 d, the earlier of two), e8 (14 d exactly); late e6 (28 d);
    // unauthenticated with the window closed e5, e9, e10; pending e11 and e12 (signed after now: not yet).
    expect(report.timeliness).toEqual({
      windowHours: 336,
      discharges: 9,
      timely: 3,
      late: 1,
      unauthenticated: 3,
      pending: 2,
      share: 3 / 7,
      medianDays: 9,
    });
  });

  it('gives no rate without discharges and no trend point after now', () => {
    const empty = delinquencyAt(Date.parse(at('01-15')), discharges, deficiencies);
    expect(empty.rate).toBeNull();
    expect(empty.exceedsThreshold).toBe(false);
    expect(empty.months).toEqual(['2025-10', '2025-11', '2025-12']);
    const early = completionMetrics({
      from: '2026-02-01',
      to: '2026-04-30',
      now: new Date(at('03-20')),
      summaryWindowHours: 336,
      discharges,
      deficiencies,
      summaries: [],
    });
    expect(early.trend.map((p) => p.at)).toEqual([at('03-01')]);
    expect(early.timeliness.share).toBe(0);
    expect(early.timeliness.medianDays).toBeNull();
  });
});
