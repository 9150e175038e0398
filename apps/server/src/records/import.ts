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
import { lookupExisting, resolveUnit, type Resolved, type UnitItem } from './resolve.js';
import { writeUnit } from './store.js';

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

const emptyCount = (): FhirImportCount => ({ imported: 0, updated: 0, unchanged: 0, rejected: 0 });

type Counter = Record<string, { imported: number; updated: number; unchanged: number; rejected: number }>;

function bump(counts: Counter, type: string, what: keyof FhirImportCount, by = 1): void {
  const c = (counts[type] ??= emptyCount());
  c[what] += by;
}

function hashOf(resource: object): string {
  return createHash('sha256').update(canonicalJson(resource)).digest('hex');
}

function itemOf(entry: FhirEntry, line: number | null): { item?: UnitItem; issues?: readonly Issue[] } {
  const mapped = mapFhirResource(entry.resource, entry.path);
  if (!mapped.ok) return { issues: mapped.error };
  return {
    item: { entry, line, mapped: mapped.value, json: JSON.stringify(entry.resource), hash: hashOf(entry.resource) },
  };
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
 * Imports FHIR R4 resources into the record model: transaction and collection Bundles (each all or nothing, in one
 * transaction) and FHIR Bulk Data NDJSON (each line its own unit; lines are written in chunks, one transaction per
 * chunk). The source of everything is kept in `source_records` under `ResourceType/id`: importing the same content
 * again changes nothing, changed content updates the record. Each unit writes one `records.import` audit event.
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
  // The next unit is read and mapped while the current one is written (the database round trips leave the CPU idle).
  let pending = units.next();
  for (;;) {
    const step = await pending;
    if (step.done) break;
    pending = units.next();
    const unit = step.value;
    resources += unit.lineCount;
    for (const e of unit.early) {
      reject({
        source: unit.source,
        line: e.line,
        resourceType: e.resourceType,
        sourceKey: e.sourceKey,
        path: e.issue.path,
        code: e.issue.code,
        message: e.issue.message,
      });
      if (!unit.atomic) bump(counts, e.resourceType ?? 'unknown', 'rejected');
    }
    if (unit.atomic && unit.early.length > 0) {
      await rejectBundle(db, ctx, unit, counts);
      ctx.onProgress?.({ resources, source: unit.source });
      continue;
    }
    if (unit.items.length === 0) {
      ctx.onProgress?.({ resources, source: unit.source });
      continue;
    }
    await importUnit(db, ctx, unit, counts, reject);
    ctx.onProgress?.({ resources, source: unit.source });
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

/** A bundle with a bad resource: every resource in it counts as rejected, and the refusal is audited. */
async function rejectBundle(db: Kysely<Database>, ctx: ImportContext, unit: Unit, counts: Counter): Promise<void> {
  const byType: Record<string, number> = {};
  for (const item of unit.items)
    byType[item.entry.resource.resourceType] = (byType[item.entry.resource.resourceType] ?? 0) + 1;
  for (const e of unit.early) if (e.resourceType) byType[e.resourceType] = (byType[e.resourceType] ?? 0) + 1;
  if (Object.keys(byType).length === 0) byType['Bundle'] = 1;
  for (const [type, n] of Object.entries(byType)) bump(counts, type, 'rejected', n);
  await db.transaction().execute(async (tx) => {
    await auditUnit(tx, ctx, unit.source, 'failure', { rejected: byType }, []);
  });
}

async function auditUnit(
  tx: Transaction<Database>,
  ctx: ImportContext,
  source: string,
  outcome: 'success' | 'failure',
  summary: Record<string, unknown>,
  patientIds: readonly string[],
): Promise<void> {
  const head = await appendAudit(tx, ctx.auditKey, {
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
  ctx.onAuditHead?.(head);
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
      const summary: Record<string, Record<string, number>> = {
        imported: {},
        updated: {},
        unchanged: {},
        rejected: {},
      };
      for (const r of resolved) {
        const type = r.item.entry.resource.resourceType;
        const what = r.issues.length > 0 ? 'rejected' : r.state;
        const bucket = summary[what] ?? {};
        bucket[type] = (bucket[type] ?? 0) + 1;
      }
      await auditUnit(tx, ctx, unit.source, 'success', summary, result.patientIds);
      return { resolved, written: true as const };
    });

  let outcome: { resolved: Resolved[]; written: boolean };
  try {
    outcome = await run(unit.items, unit.atomic);
  } catch (error) {
    if (unit.atomic || unit.items.length === 1) throw error;
    // A chunk the database refused (a constraint the checks did not foresee): retry its lines one by one, so that
    // one bad line does not take the others with it.
    for (const item of unit.items) {
      try {
        const single = await run([item], false);
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
          message: `The database refused the resource (${(lineError as { code?: string }).code ?? 'error'})`,
        });
      }
    }
    return;
  }
  tally(outcome.resolved, unit, counts, reject, unit.atomic && !outcome.written);
  if (unit.atomic && !outcome.written) {
    await db.transaction().execute(async (tx) => {
      await auditUnit(tx, ctx, unit.source, 'failure', { rejected: unit.items.length }, []);
    });
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
