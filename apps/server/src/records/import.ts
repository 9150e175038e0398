import { createHash } from 'node:crypto';
import type { FhirImportCount, FhirImportResult, FhirRejection } from '@charta/contracts';
import {
  canonicalJson,
  importRank,
  mapFhirResource,
  parseFhirBundle,
  parseFhirNdjsonLine,
  type FhirEntry,
  type Issue,
} from '@charta/core';
import type { Database } from '@charta/db';
import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../audit/store.js';
import { findDuplicateCandidates } from '../mpi/intake.js';
import { absorbUnit, groupLookup, lookupExisting, resolveUnit, type Resolved, type UnitItem } from './resolve.js';
import { mergeUnits, writeUnit } from './store.js';

/** Who runs the import, and from where (the API request, or the command line). */
export interface ImportActor {
  readonly userId: string | null;
  readonly username: string | null;
  readonly role: string | null;
}

export interface ImportContext {
  readonly orgId: string;
  /** The instant recorded on the audit events and rows written. */
  readonly now: Date;
  /** The audit chain's HMAC key (Secrets.auditKey). */
  readonly auditKey: Buffer;
  readonly actor: ImportActor;
  readonly request?: { readonly ip: string | null; readonly userAgent: string | null; readonly traceId: string | null };
  /** Called after each audit append with the new chain head (the server keeps its checkpoint current). */
  readonly onAuditHead?: (head: { seq: number; hash: string }) => void;
  /** Called after each bundle or NDJSON chunk with the number of resources (lines) read so far. */
  readonly onProgress?: (progress: { readonly resources: number; readonly source: string }) => void;
  /** NDJSON lines per transaction (default 1000). */
  readonly chunkSize?: number;
  /** Rejections listed in full (default 1000); the counts always cover all of them. */
  readonly maxRejections?: number;
}

/**
 * What to import: a Bundle (JSON text, or already parsed) or FHIR Bulk Data NDJSON lines, each with a name that
 * rejections quote (a file name, or "request"). NDJSON lines are written in chunks; within a chunk they are taken in
 * dependency order, but across chunks and sources the caller orders them (see `FHIR_IMPORT_ORDER`).
 */
export type ImportSource =
  | { readonly kind: 'bundle'; readonly name: string; readonly content: string | object }
  | {
      readonly kind: 'ndjson';
      readonly name: string;
      /** Lines as read, or numbered lines (when the caller reordered them, so that rejections quote the original line). */
      readonly lines: Iterable<string | NumberedLine> | AsyncIterable<string | NumberedLine>;
    };

export interface NumberedLine {
  readonly text: string;
  readonly line: number;
}

/** A bundle (all or nothing) or a chunk of NDJSON lines (each line its own unit, written together). */
interface Unit {
  readonly source: string;
  readonly atomic: boolean;
  readonly items: UnitItem[];
  /** Problems found before mapping (malformed JSON, unknown type), with the resource type when known. */
  readonly early: { issue: Issue; line: number | null; resourceType: string | null; sourceKey: string | null }[];
  readonly lineCount: number;
}

/** A bundle read, waiting for its group's transaction, with the number of resources read up to it (for progress). */
interface Queued {
  readonly unit: Unit;
  readonly resources: number;
}

/** Consecutive bundles written in one transaction: at most this many bundles, or about this many resources. */
const GROUP_BUNDLES = 50;
const GROUP_RESOURCES = 2000;

const emptyCount = (): FhirImportCount => ({ imported: 0, updated: 0, unchanged: 0, rejected: 0 });

type Counter = Record<string, { imported: number; updated: number; unchanged: number; rejected: number }>;

function bump(counts: Counter, type: string, what: keyof FhirImportCount, by = 1): void {
  const c = (counts[type] ??= emptyCount());
  c[what] += by;
}

function itemOf(entry: FhirEntry, line: number | null): { item?: UnitItem; issues?: readonly Issue[] } {
  const mapped = mapFhirResource(entry.resource, entry.path);
  if (!mapped.ok) return { issues: mapped.error };
  // One serialisation serves both: the canonical form hashes the same whatever the key order, and is the JSON stored
  // (jsonb keeps no key order anyway).
  const json = canonicalJson(entry.resource);
  return { item: { entry, line, mapped: mapped.value, json, hash: createHash('sha256').update(json).digest('hex') } };
}

/** Lets I/O callbacks run between slices of parsing, so that reading the next chunk overlaps the current write. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

async function bundleUnit(name: string, content: string | object): Promise<Unit> {
  const early: Unit['early'] = [];
  let value: unknown = content;
  if (typeof content === 'string') {
    try {
      value = JSON.parse(content);
    } catch {
      early.push({
        issue: { path: 'Bundle', code: 'malformed-json', message: 'The file is not valid JSON' },
        line: null,
        resourceType: 'Bundle',
        sourceKey: null,
      });
      return { source: name, atomic: true, items: [], early, lineCount: 0 };
    }
  }
  const parsed = parseFhirBundle(value);
  if (!parsed.ok) {
    for (const issue of parsed.error) early.push({ issue, line: null, resourceType: null, sourceKey: null });
    return { source: name, atomic: true, items: [], early, lineCount: 0 };
  }
  const items: UnitItem[] = [];
  let n = 0;
  for (const entry of parsed.value.entries) {
    if (++n % 64 === 0) await breathe();
    const r = itemOf(entry, null);
    if (r.item) items.push(r.item);
    for (const issue of r.issues ?? [])
      early.push({ issue, line: null, resourceType: entry.resource.resourceType, sourceKey: entry.sourceKey });
  }
  return { source: name, atomic: true, items, early, lineCount: parsed.value.entries.length };
}

async function ndjsonUnit(name: string, lines: readonly { text: string; line: number }[]): Promise<Unit> {
  const early: Unit['early'] = [];
  const items: UnitItem[] = [];
  let n = 0;
  for (const { text, line } of lines) {
    if (++n % 64 === 0) await breathe();
    const read = parseFhirNdjsonLine(text);
    if (!read.ok) {
      const type = /"resourceType"\s*:\s*"([A-Za-z]{1,64})"/u.exec(text)?.[1] ?? null;
      for (const issue of read.error) early.push({ issue, line, resourceType: type, sourceKey: null });
      continue;
    }
    const r = itemOf(read.value, line);
    if (r.item) items.push(r.item);
    for (const issue of r.issues ?? [])
      early.push({ issue, line, resourceType: read.value.resource.resourceType, sourceKey: read.value.sourceKey });
  }
  // Within a chunk, targets before the resources that reference them.
  items.sort((a, b) => importRank(a.entry.resource.resourceType) - importRank(b.entry.resource.resourceType));
  return { source: name, atomic: false, items, early, lineCount: lines.length };
}

async function* unitsOf(
  sources: Iterable<ImportSource> | AsyncIterable<ImportSource>,
  chunkSize: number,
): AsyncGenerator<Unit> {
  for await (const source of sources) {
    if (source.kind === 'bundle') {
      yield await bundleUnit(source.name, source.content);
      continue;
    }
    let chunk: { text: string; line: number }[] = [];
    let n = 0;
    for await (const raw of source.lines) {
      n += 1;
      const text = (typeof raw === 'string' ? raw : raw.text).trim();
      if (text.length === 0) continue;
      chunk.push({ text, line: typeof raw === 'string' ? n : raw.line });
      if (chunk.length >= chunkSize) {
        yield await ndjsonUnit(source.name, chunk);
        chunk = [];
      }
    }
    if (chunk.length > 0) yield await ndjsonUnit(source.name, chunk);
  }
}

/**
 * Imports FHIR R4 resources into the record model: transaction and collection Bundles (each all or nothing; consecutive
 * bundles are written in groups, one transaction per group, see `importBundles`) and FHIR Bulk Data NDJSON (each line
 * its own unit; lines are written in chunks, one transaction per chunk). The source of everything is kept in
 * `source_records` under `ResourceType/id`: importing the same content again changes nothing, changed content updates
 * the record. Each NDJSON chunk and each group of bundles writes one `records.import` audit event, and each rejected
 * bundle one of its own. Counts are the same as importing the bundles one at a time.
 *
 * Usable without HTTP (seeding, benchmarks, the command line); never call it inside a transaction on `db`.
 */
export async function importFhir(
  db: Kysely<Database>,
  ctx: ImportContext,
  sources: Iterable<ImportSource> | AsyncIterable<ImportSource>,
): Promise<FhirImportResult> {
  const counts: Counter = {};
  const rejections: FhirRejection[] = [];
  const maxRejections = ctx.maxRejections ?? 1000;
  let truncated = false;
  let resources = 0;
  const reject = (r: FhirRejection) => {
    if (rejections.length < maxRejections) rejections.push(r);
    else truncated = true;
  };

  const units = unitsOf(sources, ctx.chunkSize ?? 1000);
  // Consecutive bundles are written in groups, one transaction each (each bundle still all or nothing); a group's
  // transaction runs while the next group's bundles are read and mapped.
  let group: Queued[] = [];
  let groupResources = 0;
  let writing: Promise<void> | null = null;
  const settle = async () => {
    const w = writing;
    writing = null;
    if (w) await w;
  };
  const launch = async () => {
    if (group.length === 0) return;
    const queued = group;
    group = [];
    groupResources = 0;
    await settle();
    const w = importBundles(db, ctx, queued, counts, reject);
    // Awaited by the next settle; until then a failure must not count as unhandled.
    w.catch(() => undefined);
    writing = w;
  };
  // The next unit is read and mapped while the current one is written (the database round trips leave the CPU idle).
  let pending = units.next();
  try {
    for (;;) {
      const step = await pending;
      if (step.done) break;
      pending = units.next();
      const unit = step.value;
      resources += unit.lineCount;
      if (unit.atomic) {
        group.push({ unit, resources });
        groupResources += unit.lineCount;
        if (group.length >= GROUP_BUNDLES || groupResources >= GROUP_RESOURCES) await launch();
        continue;
      }
      await launch();
      await settle();
      for (const e of unit.early) {
        reject(rejectionOf(unit, e));
        bump(counts, e.resourceType ?? 'unknown', 'rejected');
      }
      if (unit.items.length > 0) await importUnit(db, ctx, unit, counts, reject);
      ctx.onProgress?.({ resources, source: unit.source });
    }
    await launch();
    await settle();
  } catch (error) {
    // The group being written finishes (or fails) before the error goes up; the unit being read is dropped.
    pending.catch(() => undefined);
    await (writing as Promise<void> | null)?.catch(() => undefined);
    throw error;
  }

  const totals = emptyCount();
  for (const c of Object.values(counts)) {
    totals.imported += c.imported;
    totals.updated += c.updated;
    totals.unchanged += c.unchanged;
    totals.rejected += c.rejected;
  }
  return { counts, totals, rejections, rejectionsTruncated: truncated };
}

function rejectionOf(unit: Unit, e: Unit['early'][number]): FhirRejection {
  return {
    source: unit.source,
    line: e.line,
    resourceType: e.resourceType,
    sourceKey: e.sourceKey,
    path: e.issue.path,
    code: e.issue.code,
    message: e.issue.message,
  };
}

/** A bundle with a bad resource (found before mapping): what counts as rejected, per type (all of it). */
function earlyRejected(unit: Unit): Record<string, number> {
  const byType: Record<string, number> = {};
  for (const item of unit.items)
    byType[item.entry.resource.resourceType] = (byType[item.entry.resource.resourceType] ?? 0) + 1;
  for (const e of unit.early) if (e.resourceType) byType[e.resourceType] = (byType[e.resourceType] ?? 0) + 1;
  if (Object.keys(byType).length === 0) byType['Bundle'] = 1;
  return byType;
}

type AuditHead = { seq: number; hash: string };

/** Appends a `records.import` event; the caller reports the head (`onAuditHead`) once the transaction committed. */
async function auditUnit(
  tx: Transaction<Database>,
  ctx: ImportContext,
  outcome: 'success' | 'failure',
  summary: Record<string, unknown>,
  patientIds: readonly string[],
): Promise<AuditHead> {
  return appendAudit(tx, ctx.auditKey, {
    action: 'records.import',
    outcome,
    occurredAt: ctx.now,
    userId: ctx.actor.userId,
    username: ctx.actor.username,
    role: ctx.actor.role,
    recordType: 'fhir-import',
    sourceIp: ctx.request?.ip ?? null,
    userAgent: ctx.request?.userAgent ?? null,
    traceId: ctx.request?.traceId ?? null,
    // Counts and patient ids only: source names can carry names (Synthea files are named after the patient).
    detail: { format: 'fhir', ...summary, patientIds: [...patientIds] },
  });
}

/** Audits a refusal in a transaction of its own. */
async function auditFailure(db: Kysely<Database>, ctx: ImportContext, summary: Record<string, unknown>): Promise<void> {
  const head = await db.transaction().execute(async (tx) => auditUnit(tx, ctx, 'failure', summary, []));
  ctx.onAuditHead?.(head);
}

type Summary = Record<'imported' | 'updated' | 'unchanged' | 'rejected', Record<string, number>>;

const emptySummary = (): Summary => ({ imported: {}, updated: {}, unchanged: {}, rejected: {} });

function summarize(summary: Summary, resolved: readonly Resolved[]): void {
  for (const r of resolved) {
    const type = r.item.entry.resource.resourceType;
    const bucket = summary[r.issues.length > 0 ? 'rejected' : r.state];
    bucket[type] = (bucket[type] ?? 0) + 1;
  }
}

/** The SQLSTATE the record-completion trigger raises for a change to a signed document (migration 0006). */
const SIGNED_DOCUMENT_CHANGE = 'CH001';

/**
 * A SQLSTATE saying the database refused the data (cardinality, data exception, integrity constraint, or a change to
 * a signed document).
 */
function refusalCode(error: unknown): string | null {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && (/^2[123][0-9A-Z]{3}$/u.test(code) || code === SIGNED_DOCUMENT_CHANGE)
    ? code
    : null;
}

function refusalMessage(code: string, what: string): string {
  return code === SIGNED_DOCUMENT_CHANGE
    ? `The ${what} would change a signed document, which only an addendum may amend; nothing of it was written`
    : `The database refused the ${what} (${code}); nothing of it was written`;
}

/**
 * Writes a group of consecutive bundles in one transaction, each bundle still all or nothing: one lookup of what the
 * store holds for the whole group; each bundle resolved on its own, in order, finding what the accepted bundles
 * before it write (as it would in a transaction of its own); one multi-row write per table for all accepted
 * bundles, one duplicate scoring of their new patients, one `records.import` event for them, and a failure event
 * for each rejected bundle. When the database refuses the group's write, each bundle is retried in a transaction of
 * its own, so that one bad bundle does not take the others with it. Counts, rejections and progress are reported per
 * bundle, in order, once the group committed.
 */
async function importBundles(
  db: Kysely<Database>,
  ctx: ImportContext,
  queued: readonly Queued[],
  counts: Counter,
  reject: (r: FhirRejection) => void,
): Promise<void> {
  const live = queued.filter((q) => q.unit.early.length === 0 && q.unit.items.length > 0);
  let done: { outcomes: Map<Unit, { resolved: Resolved[]; written: boolean }>; heads: AuditHead[] };
  try {
    done = await db.transaction().execute(async (tx) => {
      const outcomes = new Map<Unit, { resolved: Resolved[]; written: boolean }>();
      const heads: AuditHead[] = [];
      const accepted: Resolved[] = [];
      const summary = emptySummary();
      let bundles = 0;
      if (live.length > 0) {
        const lookup = groupLookup(
          await lookupExisting(
            tx,
            ctx.orgId,
            live.flatMap((q) => q.unit.items),
          ),
        );
        for (const { unit } of live) {
          const resolved = resolveUnit(unit.items, lookup, true);
          const written = resolved.every((r) => r.issues.length === 0);
          outcomes.set(unit, { resolved, written });
          if (!written) continue;
          absorbUnit(lookup, resolved);
          for (const r of resolved) accepted.push(r);
          summarize(summary, resolved);
          bundles += 1;
        }
      }
      if (bundles > 0) {
        const result = await writeUnit(tx, ctx.orgId, ctx.now, mergeUnits(accepted));
        if (result.newPatientIds.length > 0) {
          await findDuplicateCandidates(tx, ctx.orgId, result.newPatientIds, ctx.now);
        }
        heads.push(await auditUnit(tx, ctx, 'success', { ...summary, bundles }, result.patientIds));
      }
      for (const { unit } of queued) {
        if (unit.early.length > 0) {
          heads.push(await auditUnit(tx, ctx, 'failure', { rejected: earlyRejected(unit) }, []));
        } else if (outcomes.get(unit)?.written === false) {
          heads.push(await auditUnit(tx, ctx, 'failure', { rejected: unit.items.length }, []));
        }
      }
      return { outcomes, heads };
    });
  } catch (error) {
    if (queued.length === 1 && refusalCode(error) === null) throw error;
    // The database refused the group (a constraint the checks did not foresee): each bundle on its own.
    for (const q of queued) await importBundle(db, ctx, q, counts, reject);
    return;
  }
  for (const head of done.heads) ctx.onAuditHead?.(head);
  for (const { unit, resources } of queued) {
    for (const e of unit.early) reject(rejectionOf(unit, e));
    if (unit.early.length > 0) {
      for (const [type, n] of Object.entries(earlyRejected(unit))) bump(counts, type, 'rejected', n);
    } else {
      const outcome = done.outcomes.get(unit);
      if (outcome) tally(outcome.resolved, unit, counts, reject, !outcome.written);
    }
    ctx.onProgress?.({ resources, source: unit.source });
  }
}

/** One bundle in a transaction of its own; a bundle the database refuses is rejected whole. */
async function importBundle(
  db: Kysely<Database>,
  ctx: ImportContext,
  { unit, resources }: Queued,
  counts: Counter,
  reject: (r: FhirRejection) => void,
): Promise<void> {
  for (const e of unit.early) reject(rejectionOf(unit, e));
  if (unit.early.length > 0) {
    const byType = earlyRejected(unit);
    for (const [type, n] of Object.entries(byType)) bump(counts, type, 'rejected', n);
    await auditFailure(db, ctx, { rejected: byType });
  } else if (unit.items.length > 0) {
    try {
      await importUnit(db, ctx, unit, counts, reject);
    } catch (error) {
      const code = refusalCode(error);
      if (code === null) throw error;
      for (const item of unit.items) bump(counts, item.entry.resource.resourceType, 'rejected');
      reject({
        source: unit.source,
        line: null,
        resourceType: 'Bundle',
        sourceKey: null,
        path: 'Bundle',
        code: 'refused',
        message: refusalMessage(code, 'bundle'),
      });
      await auditFailure(db, ctx, { rejected: unit.items.length });
    }
  }
  ctx.onProgress?.({ resources, source: unit.source });
}

async function importUnit(
  db: Kysely<Database>,
  ctx: ImportContext,
  unit: Unit,
  counts: Counter,
  reject: (r: FhirRejection) => void,
): Promise<void> {
  const run = async (items: UnitItem[], atomic: boolean) =>
    db.transaction().execute(async (tx) => {
      const existing = await lookupExisting(tx, ctx.orgId, items);
      const resolved = resolveUnit(items, existing, atomic);
      const failed = resolved.filter((r) => r.issues.length > 0);
      if (atomic && failed.length > 0) return { resolved, written: false as const };
      const accepted = resolved.filter((r) => r.issues.length === 0);
      const result = await writeUnit(tx, ctx.orgId, ctx.now, accepted);
      if (result.newPatientIds.length > 0) {
        await findDuplicateCandidates(tx, ctx.orgId, result.newPatientIds, ctx.now);
      }
      const summary = emptySummary();
      summarize(summary, resolved);
      const head = await auditUnit(tx, ctx, 'success', summary, result.patientIds);
      return { resolved, written: true as const, head };
    });
  const committed = <T extends { head?: AuditHead }>(done: T): T => {
    if (done.head) ctx.onAuditHead?.(done.head);
    return done;
  };

  let outcome: { resolved: Resolved[]; written: boolean };
  try {
    outcome = committed(await run(unit.items, unit.atomic));
  } catch (error) {
    if (unit.atomic || unit.items.length === 1) throw error;
    // A chunk the database refused (a constraint the checks did not foresee): retry its lines one by one, so that
    // one bad line does not take the others with it.
    for (const item of unit.items) {
      try {
        const single = committed(await run([item], false));
        tally(single.resolved, unit, counts, reject, false);
      } catch (lineError) {
        bump(counts, item.entry.resource.resourceType, 'rejected');
        reject({
          source: unit.source,
          line: item.line,
          resourceType: item.entry.resource.resourceType,
          sourceKey: item.entry.sourceKey,
          path: item.entry.path,
          code: 'refused',
          message: refusalMessage((lineError as { code?: string }).code ?? 'error', 'resource'),
        });
      }
    }
    return;
  }
  tally(outcome.resolved, unit, counts, reject, unit.atomic && !outcome.written);
  if (unit.atomic && !outcome.written) {
    await auditFailure(db, ctx, { rejected: unit.items.length });
  }
}

function tally(
  resolved: readonly Resolved[],
  unit: Unit,
  counts: Counter,
  reject: (r: FhirRejection) => void,
  allRejected: boolean,
): void {
  for (const r of resolved) {
    const type = r.item.entry.resource.resourceType;
    for (const issue of r.issues) {
      reject({
        source: unit.source,
        line: r.item.line,
        resourceType: type,
        sourceKey: r.item.entry.sourceKey,
        path: issue.path,
        code: issue.code,
        message: issue.message,
      });
    }
    if (allRejected || r.issues.length > 0) bump(counts, type, 'rejected');
    else bump(counts, type, r.state);
  }
}

/**
 * Numbers NDJSON lines (from 1) and sorts them into import order by resource type, read cheaply without parsing each
 * line, so that one request or file mixing types still finds its references.
 */
export function sortNdjsonLines(lines: readonly string[]): NumberedLine[] {
  const rank = (line: string) => importRank(/"resourceType"\s*:\s*"([A-Za-z]+)"/u.exec(line)?.[1] ?? '');
  return lines
    .map((text, i) => ({ text, line: i + 1, r: rank(text) }))
    .sort((a, b) => a.r - b.r || a.line - b.line)
    .map(({ text, line }) => ({ text, line }));
}
