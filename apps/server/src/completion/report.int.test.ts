import { randomUUID } from 'node:crypto';
import type { CompletionReport } from '@charta/contracts';
import { DEFAULT_COMPLETION_RULE_SET } from '@charta/core';
import { testDatabases } from '@charta/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoRecords } from '../demo/load.js';
import { createTestServer, type TestClient, type TestServer } from '../test-support.js';

/** The demo data's present: its discharges fall in the 45 days before, its earlier stays up to HISTORY_UNTIL. */
const DATA_NOW = new Date('2026-03-31T12:00:00Z');
const HISTORY_UNTIL = new Date('2026-02-10T00:00:00Z');
/** The report's instant: three weeks on, so that March's unsigned summaries are delinquent. */
const REPORT_NOW = new Date('2026-04-20T00:00:00Z');
const FROM = '2026-01-01';
const TO = '2026-03-31';
const DS = '18842-5';
const STAY_TYPES = ['inpatient', 'behavioral_health', 'skilled_nursing'];

describe.each(testDatabases())('completion report on the demo data ($name)', (kind) => {
  let s: TestServer;
  let manager: TestClient;

  beforeAll(async () => {
    s = await createTestServer(kind);
    // Only the discharge-summary rule, so that delinquency can be recomputed here from documents and encounters
    // alone. Stored as the organisation's first version before any analysis runs.
    const ruleSet = {
      ...DEFAULT_COMPLETION_RULE_SET,
      rules: DEFAULT_COMPLETION_RULE_SET.rules.map((r) => ({ ...r, enabled: r.id === 'COMPLETION.DS.MISSING' })),
    };
    await s.handle.db
      .insertInto('completion_rule_sets')
      .values({
        id: randomUUID(),
        org_id: s.orgId,
        version: 1,
        rules: JSON.stringify(ruleSet),
        note: 'Report test: discharge summaries only',
        created_at: s.clock.now(),
        created_by: null,
      })
      .execute();
    const loaded = await loadDemoRecords(s.handle.db, {
      orgId: s.orgId,
      auditKey: s.services.secrets.auditKey,
      now: DATA_NOW,
      patients: 60,
      history: { until: HISTORY_UNTIL, patients: 40 },
    });
    expect(loaded.rejected).toBe(0);
    s.clock.set(REPORT_NOW);
    manager = await s.signIn('him_manager');
  }, 600_000);
  afterAll(async () => {
    await s?.close();
  });

  it('matches an independent calculation of the delinquency rate and the timeliness', async () => {
    const res = await manager.get(`/api/v1/completion/report?from=${FROM}&to=${TO}`);
    expect(res.status).toBe(200);
    const report = res.json<CompletionReport>();
    const db = s.handle.db;
    const now = REPORT_NOW;

    // Delinquent: a stay discharged more than 30 days ago without a complete, authenticated original summary
    // authored at or after discharge.
    const delinquent = await sql<{ n: string }>`
      select count(*) as n from encounters e
      where e.org_id = ${s.orgId} and e.type in (${sql.join(STAY_TYPES)})
        and e.status in ('discharged', 'completed') and e.discharge_at is not null
        and e.discharge_at + interval '30 days' < ${now}
        and not exists (
          select 1 from documents d
          where d.encounter_id = e.id and d.loinc_code = ${DS} and d.status <> 'entered-in-error'
            and d.amends_document_id is null and d.authenticated_at is not null
            and (d.authored_at is null or d.authored_at >= e.discharge_at)
            and ((d.text is not null and btrim(d.text) <> '') or d.attachment is not null))`.execute(db);
    // Average monthly discharges: January to March 2026 (the three full months before April).
    const amd = await sql<{ n: string }>`
      select count(*) as n from encounters e
      where e.org_id = ${s.orgId} and e.type in (${sql.join(STAY_TYPES)})
        and e.status in ('discharged', 'completed')
        and e.discharge_at >= ${new Date('2026-01-01T00:00:00Z')} and e.discharge_at < ${new Date('2026-04-01T00:00:00Z')}`.execute(
      db,
    );
    const delinquentRecords = Number(delinquent.rows[0]?.n);
    const average = Number(amd.rows[0]?.n) / 3;
    expect(delinquentRecords).toBeGreaterThan(0);
    expect(average).toBeGreaterThan(0);
    expect(report.delinquency.months).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(report.delinquency.delinquentRecords).toBe(delinquentRecords);
    expect(report.delinquency.averageMonthlyDischarges).toBeCloseTo(average, 9);
    expect(report.delinquency.rate).toBeCloseTo(delinquentRecords / average, 9);
    expect(report.delinquency.exceedsThreshold).toBe(delinquentRecords / average > 0.5);

    // Timeliness: the first authentication of an original summary within 14 days of discharge.
    const timeliness = await sql<{
      discharges: string;
      timely: string;
      pending: string;
      authenticated: string;
      median: number | string | null;
    }>`
      with stays as (
        select e.id, e.discharge_at,
          (select min(d.authenticated_at) from documents d
            where d.encounter_id = e.id and d.loinc_code = ${DS} and d.status <> 'entered-in-error'
              and d.amends_document_id is null and d.authenticated_at <= ${now}) as signed_at
        from encounters e
        where e.org_id = ${s.orgId} and e.type in (${sql.join(STAY_TYPES)})
          and e.status in ('discharged', 'completed')
          and e.discharge_at >= ${new Date(`${FROM}T00:00:00Z`)} and e.discharge_at < ${new Date('2026-04-01T00:00:00Z')})
      select count(*) as discharges,
        count(*) filter (where signed_at <= discharge_at + interval '14 days') as timely,
        count(*) filter (where signed_at is null and ${now} <= discharge_at + interval '14 days') as pending,
        count(signed_at) as authenticated,
        percentile_cont(0.5) within group (order by extract(epoch from (signed_at - discharge_at)) / 86400)
          as median
      from stays`.execute(db);
    const t = timeliness.rows[0];
    if (!t) throw new Error('no timeliness row');
    const discharges = Number(t.discharges);
    const timely = Number(t.timely);
    const pending = Number(t.pending);
    expect(discharges).toBeGreaterThan(0);
    expect(report.timeliness.windowHours).toBe(14 * 24);
    expect(report.timeliness.discharges).toBe(discharges);
    expect(report.timeliness.timely).toBe(timely);
    expect(report.timeliness.pending).toBe(pending);
    expect(report.timeliness.timely + report.timeliness.late).toBe(Number(t.authenticated));
    expect(report.timeliness.share).toBeCloseTo(timely / (discharges - pending), 9);
    expect(report.timeliness.medianDays).toBeCloseTo(Number(t.median), 6);

    // By service: the independent per-service counts of the period's stays, complete and delinquent.
    const byService = await sql<{ service: string | null; discharges: string; incomplete: string; delinquent: string }>`
      select e.service, count(*) as discharges,
        count(*) filter (where exists (select 1 from deficiencies f where f.encounter_id = e.id and f.status = 'open'))
          as incomplete,
        count(*) filter (where exists (select 1 from deficiencies f where f.encounter_id = e.id and f.status = 'open'
          and f.delinquent_at < ${now} and f.due_at < ${now})) as delinquent
      from encounters e
      where e.org_id = ${s.orgId} and e.type in (${sql.join(STAY_TYPES)})
        and e.status in ('discharged', 'completed')
        and e.discharge_at >= ${new Date(`${FROM}T00:00:00Z`)} and e.discharge_at < ${new Date('2026-04-01T00:00:00Z')}
      group by e.service`.execute(db);
    expect(report.services.reduce((n, x) => n + x.discharges, 0)).toBe(discharges);
    for (const row of byService.rows) {
      const x = report.services.find((r) => r.service === row.service);
      expect(x).toMatchObject({
        discharges: Number(row.discharges),
        incomplete: Number(row.incomplete),
        complete: Number(row.discharges) - Number(row.incomplete),
        delinquent: Number(row.delinquent),
      });
    }
    expect(report.services.reduce((n, x) => n + x.timeliness.timely, 0)).toBe(timely);

    // The per-clinician table adds up to the open deficiencies, and names no patient.
    const open = await db
      .selectFrom('deficiencies')
      .select(db.fn.countAll<string>().as('n'))
      .where('org_id', '=', s.orgId)
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow();
    expect(report.clinicians.reduce((n, c) => n + c.open, 0)).toBe(Number(open.n));
    expect(report.trend.map((p) => p.at)).toEqual([
      '2026-02-01T00:00:00.000Z',
      '2026-03-01T00:00:00.000Z',
      '2026-04-01T00:00:00.000Z',
    ]);

    const audited = await db
      .selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'completion.report.read')
      .execute();
    expect(audited.length).toBe(1);
  });

  it('gives the per-clinician table as CSV and refuses a bad period', async () => {
    const csv = await manager.get(`/api/v1/completion/report?from=${FROM}&to=${TO}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/u);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'practitioner_id,name,open,missing,incomplete,unauthenticated,other,due,overdue,delinquent,oldest_age_days',
    );
    expect(lines.length).toBeGreaterThan(1);
    const services = await manager.get(`/api/v1/completion/report?from=${FROM}&to=${TO}&format=csv&table=services`);
    expect(services.status).toBe(200);
    expect(services.text.split('\r\n')[0]).toBe(
      'service,discharges,complete,incomplete,delinquent,summaries_timely,summaries_late,summaries_unauthenticated,summaries_pending,timely_share,median_days',
    );
    expect((await manager.get(`/api/v1/completion/report?format=csv&table=payers`)).status).toBe(400);
    expect((await manager.get('/api/v1/completion/report?from=2026-03-01&to=2026-02-01')).status).toBe(400);
    expect((await manager.get('/api/v1/completion/report?from=2026-02-30')).status).toBe(400);
    const physician = await s.signIn('physician');
    expect((await physician.get('/api/v1/completion/report')).status).toBe(403);
  });
});
