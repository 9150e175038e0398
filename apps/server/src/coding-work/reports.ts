import {
  AGE_BUCKETS,
  type AgeBucket,
  type DnfbBreakdown,
  type DnfbQuery,
  type DnfbReport,
  type DnfbSection,
  type HoldReason,
  type ProductivityQuery,
  type ProductivityReport,
  type ProductivityRow,
} from '@charta/contracts';
import type { Database } from '@charta/db';
import { sql, type Kysely } from 'kysely';
import { ageBucket, centsToString, CODING_IDLE_CAP_SECONDS, emptyBuckets, perHour, toCents } from './measures.js';

/** One DNFB group as the database returns it: stage, age in days, type, payer, hold reason, count, charges. */
export interface DnfbGroup {
  readonly stage: 'coding' | 'billing';
  readonly days: number;
  readonly type: string;
  readonly payer: string | null;
  readonly holdReason: string | null;
  readonly count: number;
  readonly cents: number;
}

interface Cell {
  count: number;
  cents: number;
}

function section(groups: readonly DnfbGroup[]): DnfbSection {
  const total: Cell = { count: 0, cents: 0 };
  const buckets = emptyBuckets<Cell>(() => ({ count: 0, cents: 0 }));
  const byType = new Map<string, { total: Cell; buckets: Record<AgeBucket, Cell> }>();
  const byPayer = new Map<string, { total: Cell; buckets: Record<AgeBucket, Cell> }>();
  const add = (
    map: Map<string, { total: Cell; buckets: Record<AgeBucket, Cell> }>,
    key: string,
    b: AgeBucket,
    g: DnfbGroup,
  ) => {
    const e = map.get(key) ?? { total: { count: 0, cents: 0 }, buckets: emptyBuckets(() => ({ count: 0, cents: 0 })) };
    e.total.count += g.count;
    e.total.cents += g.cents;
    e.buckets[b].count += g.count;
    e.buckets[b].cents += g.cents;
    map.set(key, e);
  };
  for (const g of groups) {
    const b = ageBucket(g.days);
    total.count += g.count;
    total.cents += g.cents;
    buckets[b].count += g.count;
    buckets[b].cents += g.cents;
    add(byType, g.type, b, g);
    add(byPayer, g.payer ?? '(none)', b, g);
  }
  const cell = (c: Cell) => ({ count: c.count, charges: centsToString(c.cents) });
  const cells = (bs: Record<AgeBucket, Cell>) =>
    Object.fromEntries(AGE_BUCKETS.map((b) => [b, cell(bs[b])])) as DnfbBreakdown['buckets'];
  const breakdown = (map: Map<string, { total: Cell; buckets: Record<AgeBucket, Cell> }>): DnfbBreakdown[] =>
    [...map.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, v]) => ({ key, total: cell(v.total), buckets: cells(v.buckets) }));
  return { total: cell(total), buckets: cells(buckets), byType: breakdown(byType), byPayer: breakdown(byPayer) };
}

/**
 * DNFB from its groups: not final coded (a work item not final) and final coded but not billed, by age bucket (days
 * since discharge), type and payer, with expected charges; and items on hold by reason. Pure, for testing.
 */
export function dnfbFromGroups(groups: readonly DnfbGroup[], asOf: Date): DnfbReport {
  const holds = new Map<string, Cell>();
  for (const g of groups) {
    if (g.stage !== 'coding' || !g.holdReason) continue;
    const h = holds.get(g.holdReason) ?? { count: 0, cents: 0 };
    h.count += g.count;
    h.cents += g.cents;
    holds.set(g.holdReason, h);
  }
  return {
    asOf: asOf.toISOString(),
    buckets: [...AGE_BUCKETS],
    notFinalCoded: section(groups.filter((g) => g.stage === 'coding')),
    notFinalBilled: section(groups.filter((g) => g.stage === 'billing')),
    onHold: [...holds.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([reason, c]) => ({ reason: reason as HoldReason, count: c.count, charges: centsToString(c.cents) })),
  };
}

/**
 * Reads the DNFB groups: every work item whose encounter is not billed. Expected charges of an encounter are the sum
 * of its charge lines, or its expected_charges when it has none. Age counts whole days from discharge (or entry into
 * the queue) to `asOf`.
 */
export async function readDnfb(db: Kysely<Database>, orgId: string, query: DnfbQuery, asOf: Date): Promise<DnfbReport> {
  let q = db
    .selectFrom('coding_work_items as w')
    .innerJoin('encounters as e', 'e.id', 'w.encounter_id')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('charges as c')
          .select(sql<string | null>`sum(c.amount)`.as('total'))
          .whereRef('c.encounter_id', '=', 'e.id')
          .as('ch'),
      (join) => join.onTrue(),
    )
    .where('w.org_id', '=', orgId)
    .where('e.billed_at', 'is', null);
  if (query.type) q = q.where('e.type', 'in', query.type);
  if (query.payer) q = q.where(sql`lower(e.payer)`, '=', query.payer.toLowerCase());
  const stage = sql<string>`case when w.status = 'final' then 'billing' else 'coding' end`;
  const days = sql<number>`greatest(0, floor(extract(epoch from (${asOf}::timestamptz - coalesce(e.discharge_at, w.entered_at))) / 86400))::int`;
  const rows = await q
    .select([
      stage.as('stage'),
      days.as('days'),
      'e.type',
      'e.payer',
      'w.hold_reason',
      sql<string>`count(*)`.as('n'),
      sql<string | null>`sum(coalesce(ch.total, e.expected_charges, 0))`.as('charges'),
    ])
    // By output position: the age expression carries a parameter, which PostgreSQL cannot match by text.
    .groupBy([sql`1`, sql`2`, 'e.type', 'e.payer', 'w.hold_reason'])
    .execute();
  return dnfbFromGroups(
    rows.map((r) => ({
      stage: r.stage as 'coding' | 'billing',
      days: Number(r.days),
      type: r.type,
      payer: r.payer,
      holdReason: r.hold_reason,
      count: Number(r.n),
      cents: toCents(r.charges),
    })),
    asOf,
  );
}

const DAY_MS = 86_400_000;

/**
 * Coder productivity for a date range (UTC days, inclusive): finalisations in the range per coder and encounter type,
 * over coding time from workbench sessions started in the range (each gap between reports capped at the idle cap).
 */
export async function readProductivity(
  db: Kysely<Database>,
  orgId: string,
  query: ProductivityQuery,
): Promise<ProductivityReport> {
  const from = new Date(`${query.from}T00:00:00Z`);
  const to = new Date(new Date(`${query.to}T00:00:00Z`).getTime() + DAY_MS);
  let finals = db
    .selectFrom('coding_versions')
    .select(['user_id', 'encounter_type', sql<string>`count(*)`.as('n')])
    .where('org_id', '=', orgId)
    .where('kind', '=', 'final')
    .where('at', '>=', from)
    .where('at', '<', to)
    .groupBy(['user_id', 'encounter_type']);
  let sessions = db
    .selectFrom('coding_sessions')
    .select(['user_id', 'encounter_type', sql<string>`sum(active_seconds)`.as('seconds')])
    .where('org_id', '=', orgId)
    .where('started_at', '>=', from)
    .where('started_at', '<', to)
    .groupBy(['user_id', 'encounter_type']);
  if (query.type) {
    finals = finals.where('encounter_type', 'in', query.type);
    sessions = sessions.where('encounter_type', 'in', query.type);
  }
  if (query.coderId) {
    finals = finals.where('user_id', '=', query.coderId);
    sessions = sessions.where('user_id', '=', query.coderId);
  }
  const [f, s] = await Promise.all([finals.execute(), sessions.execute()]);
  const cells = new Map<string, { userId: string; type: string; finalized: number; seconds: number }>();
  const cellOf = (userId: string, type: string) => {
    const key = `${userId}|${type}`;
    const c = cells.get(key) ?? { userId, type, finalized: 0, seconds: 0 };
    cells.set(key, c);
    return c;
  };
  for (const r of f) cellOf(r.user_id, r.encounter_type).finalized += Number(r.n);
  for (const r of s) cellOf(r.user_id, r.encounter_type).seconds += Number(r.seconds);
  const userIds = [...new Set([...cells.values()].map((c) => c.userId))];
  const users =
    userIds.length === 0
      ? []
      : await db
          .selectFrom('users')
          .select(['id', 'username', 'display_name'])
          .where('id', 'in', userIds)
          .where('org_id', '=', orgId)
          .execute();
  const refs = new Map(users.map((u) => [u.id, { id: u.id, username: u.username, displayName: u.display_name }]));
  const ref = (id: string) => refs.get(id) ?? { id, username: '(unknown)', displayName: '' };
  const round = (n: number) => Math.round(n * 1000) / 1000;
  const rows: ProductivityRow[] = [...cells.values()]
    .map((c) => ({
      coder: ref(c.userId),
      encounterType: c.type,
      finalized: c.finalized,
      codingSeconds: round(c.seconds),
      perHour: perHour(c.finalized, c.seconds),
    }))
    .sort((a, b) => a.coder.username.localeCompare(b.coder.username) || a.encounterType.localeCompare(b.encounterType));
  const sum = <K extends string>(key: (r: ProductivityRow) => K) => {
    const m = new Map<K, { finalized: number; seconds: number; first: ProductivityRow }>();
    for (const r of rows) {
      const e = m.get(key(r)) ?? { finalized: 0, seconds: 0, first: r };
      e.finalized += r.finalized;
      e.seconds += r.codingSeconds;
      m.set(key(r), e);
    }
    return [...m.values()];
  };
  return {
    from: query.from,
    to: query.to,
    idleCapSeconds: CODING_IDLE_CAP_SECONDS,
    rows,
    byCoder: sum((r) => r.coder.id).map((e) => ({
      coder: e.first.coder,
      finalized: e.finalized,
      codingSeconds: round(e.seconds),
      perHour: perHour(e.finalized, e.seconds),
    })),
    byType: sum((r) => r.encounterType)
      .map((e) => ({
        encounterType: e.first.encounterType,
        finalized: e.finalized,
        codingSeconds: round(e.seconds),
        perHour: perHour(e.finalized, e.seconds),
      }))
      .sort((a, b) => a.encounterType.localeCompare(b.encounterType)),
  };
}
