import { randomUUID } from 'node:crypto';
import type { FhirEntry, FhirMappedResource, FhirRefUse, Issue } from '@charta/core';
import type { Database } from '@charta/db';
import { sql, type Transaction } from 'kysely';

/** One resource of a unit, mapped, with its line (NDJSON) and content hash. */
export interface UnitItem {
  readonly entry: FhirEntry;
  readonly line: number | null;
  readonly mapped: FhirMappedResource;
  readonly json: string;
  readonly hash: string;
}

/** What the store already holds under a source key. */
export interface ExistingRecord {
  readonly resourceType: string;
  readonly sourceKey: string;
  readonly hash: string;
  readonly targetId: string | null;
  readonly patientId: string | null;
  /** An Organization's name, for facility and payer names. */
  readonly name: string | null;
}

export interface ExistingLookup {
  readonly byKey: ReadonlyMap<string, ExistingRecord>;
  readonly practitionersByNpi: ReadonlyMap<string, string>;
  /** `system|value` to the patient holding that identifier. */
  readonly identifierHolders: ReadonlyMap<string, string>;
  readonly mrnHolders: ReadonlyMap<string, string>;
}

/** A reference resolved to a row id (null for a type without a table, e.g. Organization) and a name. */
export interface ResolvedRef {
  readonly id: string | null;
  readonly name: string | null;
}

export interface Resolved {
  readonly item: UnitItem;
  readonly issues: Issue[];
  readonly state: 'imported' | 'updated' | 'unchanged';
  /** The row id in the record table (patients, encounters, ...), kept across re-imports. */
  readonly targetId: string | null;
  patientId: string | null;
  readonly refs: Map<FhirRefUse, ResolvedRef>;
}

const NPI_SYSTEM = 'http://hl7.org/fhir/sid/us-npi';

/** Every reference a mapped resource uses. */
export function refsOf(mapped: FhirMappedResource): FhirRefUse[] {
  const out: (FhirRefUse | null)[] = [];
  switch (mapped.kind) {
    case 'encounter':
      out.push(
        mapped.value.patient,
        mapped.value.serviceProvider,
        ...mapped.value.clinicians.map((c) => c.practitioner),
      );
      break;
    case 'ehr-code':
      out.push(mapped.value.patient, mapped.value.encounter);
      break;
    case 'document':
      out.push(mapped.value.patient, mapped.value.encounter, mapped.value.author, mapped.value.authenticator);
      break;
    case 'coverage':
      out.push(mapped.value.patient, mapped.value.payor);
      break;
    case 'claim':
      out.push(mapped.value.patient, mapped.value.encounter, mapped.value.coverage);
      break;
    case 'source-only':
      out.push(mapped.patient);
      break;
    case 'patient':
    case 'practitioner':
    case 'organization':
      break;
  }
  return out.filter((r): r is FhirRefUse => r !== null);
}

/** The `Type/id` key a literal or URL reference names, when it names one. */
function keyOf(ref: FhirRefUse): string | null {
  if (ref.ref.kind === 'literal') return `${ref.ref.type}/${ref.ref.id}`;
  if (ref.ref.kind === 'url') {
    const m = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/u.exec(ref.ref.url);
    if (m) return `${m[1]}/${m[2]}`;
  }
  if (ref.ref.kind === 'conditional' && ref.ref.type === 'Organization') return `Organization/${ref.ref.value}`;
  return null;
}

const LOOKUP_CHUNK = 5000;

function chunks<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

/**
 * Looks up, in a few queries for the whole unit, what the store already holds: the unit's own source keys (for
 * idempotency), the targets of its references, practitioners by NPI, and who holds its patients' identifiers.
 */
export async function lookupExisting(
  tx: Transaction<Database>,
  orgId: string,
  items: readonly UnitItem[],
): Promise<ExistingLookup> {
  const keys = new Set<string>();
  const npis = new Set<string>();
  const identifierValues = new Set<string>();
  const mrns = new Set<string>();
  for (const item of items) {
    keys.add(item.entry.sourceKey);
    for (const ref of refsOf(item.mapped)) {
      const key = keyOf(ref);
      if (key) keys.add(key);
      if (ref.ref.kind === 'conditional' && ref.ref.type === 'Practitioner') npis.add(ref.ref.value);
    }
    if (item.mapped.kind === 'patient') {
      mrns.add(item.mapped.value.mrn);
      for (const id of item.mapped.value.identifiers) identifierValues.add(id.value);
    }
  }
  const byKey = new Map<string, ExistingRecord>();
  const keyList = [...keys];
  for (const part of chunks(keyList, LOOKUP_CHUNK)) {
    const types = [...new Set(part.map((k) => k.slice(0, k.indexOf('/'))))];
    const rows = await tx
      .selectFrom('source_records')
      .select([
        'resource_type',
        'source_key',
        'content_hash',
        'target_id',
        'patient_id',
        sql<string | null>`case when resource_type = 'Organization' then content->>'name' end`.as('name'),
      ])
      .where('org_id', '=', orgId)
      .where('format', '=', 'fhir')
      .where('resource_type', 'in', types)
      .where('source_key', 'in', part)
      .execute();
    for (const r of rows) {
      byKey.set(r.source_key, {
        resourceType: r.resource_type,
        sourceKey: r.source_key,
        hash: r.content_hash,
        targetId: r.target_id,
        patientId: r.patient_id,
        name: r.name,
      });
    }
  }
  const practitionersByNpi = new Map<string, string>();
  if (npis.size > 0) {
    const rows = await tx
      .selectFrom('practitioners')
      .select(['id', 'npi'])
      .where('org_id', '=', orgId)
      .where('npi', 'in', [...npis])
      .execute();
    for (const r of rows) if (r.npi) practitionersByNpi.set(r.npi, r.id);
  }
  const identifierHolders = new Map<string, string>();
  for (const part of chunks([...identifierValues], LOOKUP_CHUNK)) {
    const rows = await tx
      .selectFrom('patient_identifiers')
      .select(['system', 'value', 'patient_id'])
      .where('org_id', '=', orgId)
      .where('value', 'in', part)
      .execute();
    for (const r of rows) identifierHolders.set(`${r.system}|${r.value}`, r.patient_id);
  }
  const mrnHolders = new Map<string, string>();
  for (const part of chunks([...mrns], LOOKUP_CHUNK)) {
    const rows = await tx
      .selectFrom('patients')
      .select(['id', 'mrn'])
      .where('org_id', '=', orgId)
      .where('mrn', 'in', part)
      .execute();
    for (const r of rows) mrnHolders.set(r.mrn, r.id);
  }
  return { byKey, practitionersByNpi, identifierHolders, mrnHolders };
}

/** A lookup that later units of the same transaction can extend with what earlier ones write. */
export interface GroupLookup extends ExistingLookup {
  readonly byKey: Map<string, ExistingRecord>;
  readonly practitionersByNpi: Map<string, string>;
  readonly identifierHolders: Map<string, string>;
  readonly mrnHolders: Map<string, string>;
}

export function groupLookup(existing: ExistingLookup): GroupLookup {
  return {
    byKey: new Map(existing.byKey),
    practitionersByNpi: new Map(existing.practitionersByNpi),
    identifierHolders: new Map(existing.identifierHolders),
    mrnHolders: new Map(existing.mrnHolders),
  };
}

function dropHolder(holders: Map<string, string>, id: string): void {
  for (const [k, v] of holders) if (v === id) holders.delete(k);
}

/**
 * Records in the lookup what an accepted unit writes (its new and changed resources), as the store would hold it once
 * written, so that the next unit of the same transaction resolves as it would in a transaction of its own.
 */
export function absorbUnit(lookup: GroupLookup, accepted: readonly Resolved[]): void {
  for (const r of accepted) {
    if (r.state === 'unchanged') continue;
    const resource = r.item.entry.resource as { resourceType: string; name?: unknown };
    lookup.byKey.set(r.item.entry.sourceKey, {
      resourceType: resource.resourceType,
      sourceKey: r.item.entry.sourceKey,
      hash: r.item.hash,
      targetId: r.targetId,
      patientId: r.patientId,
      name: resource.resourceType === 'Organization' && typeof resource.name === 'string' ? resource.name : null,
    });
    const m = r.item.mapped;
    if (m.kind === 'practitioner' && r.targetId) {
      if (r.state === 'updated') dropHolder(lookup.practitionersByNpi, r.targetId);
      if (m.value.npi) lookup.practitionersByNpi.set(m.value.npi, r.targetId);
    }
    if (m.kind === 'patient' && r.targetId) {
      if (r.state === 'updated') {
        dropHolder(lookup.identifierHolders, r.targetId);
        dropHolder(lookup.mrnHolders, r.targetId);
      }
      for (const id of m.value.identifiers) lookup.identifierHolders.set(`${id.system}|${id.value}`, r.targetId);
      lookup.mrnHolders.set(m.value.mrn, r.targetId);
    }
  }
}

const TABLED = new Set(['patient', 'practitioner', 'encounter', 'ehr-code', 'document', 'coverage', 'claim']);

function refText(ref: FhirRefUse): string {
  switch (ref.ref.kind) {
    case 'literal':
      return `${ref.ref.type}/${ref.ref.id}`;
    case 'url':
      return ref.ref.url;
    case 'conditional':
      return `${ref.ref.type}?identifier=${ref.ref.system ?? ''}|${ref.ref.value}`;
    case 'contained':
      return `#${ref.ref.id}`;
  }
}

/**
 * Resolves a unit's references against the unit itself (fullUrl, `Type/id`, identifiers) and the store, gives every
 * resource its row id (the stored one on re-import), and finds conflicting patient identifiers. In a non-atomic unit
 * (NDJSON), a resource that references a rejected one is rejected too; items come in dependency order.
 */
export function resolveUnit(items: readonly UnitItem[], existing: ExistingLookup, atomic: boolean): Resolved[] {
  const resolved: Resolved[] = items.map((item) => {
    const found = existing.byKey.get(item.entry.sourceKey);
    const state = !found ? 'imported' : found.hash === item.hash ? 'unchanged' : 'updated';
    const targetId = found?.targetId ?? (TABLED.has(item.mapped.kind) ? randomUUID() : null);
    return {
      item,
      issues: [],
      state,
      targetId,
      patientId: item.mapped.kind === 'patient' ? targetId : (found?.patientId ?? null),
      refs: new Map(),
    };
  });
  const byKey = new Map<string, Resolved>();
  const byFullUrl = new Map<string, Resolved>();
  const byNpi = new Map<string, Resolved>();
  const orgByIdentifier = new Map<string, Resolved>();
  for (const r of resolved) {
    byKey.set(r.item.entry.sourceKey, r);
    if (r.item.entry.fullUrl) byFullUrl.set(r.item.entry.fullUrl, r);
    if (r.item.mapped.kind === 'practitioner' && r.item.mapped.value.npi) byNpi.set(r.item.mapped.value.npi, r);
    if (r.item.mapped.kind === 'organization') {
      for (const id of r.item.mapped.value.identifiers) orgByIdentifier.set(`${id.system ?? ''}|${id.value}`, r);
    }
  }
  const nameOf = (r: Resolved) => (r.item.mapped.kind === 'organization' ? r.item.mapped.value.name : null);

  // Identifiers held by another patient (in the store, or earlier in this unit) are a conflict, not a merge.
  const holders = new Map(existing.identifierHolders);
  const mrnHolders = new Map(existing.mrnHolders);
  for (const r of resolved) {
    if (r.item.mapped.kind !== 'patient' || !r.targetId) continue;
    const p = r.item.mapped.value;
    for (const id of p.identifiers) {
      const holder = holders.get(`${id.system}|${id.value}`);
      if (holder && holder !== r.targetId) {
        r.issues.push({
          path: `${id.path}.value`,
          code: 'conflict',
          message: `This ${id.type === 'MR' ? 'MRN' : 'identifier'} is already held by another patient`,
        });
      }
    }
    const mrnHolder = mrnHolders.get(p.mrn);
    if (mrnHolder && mrnHolder !== r.targetId && r.issues.length === 0) {
      const mr = p.identifiers.find((i) => i.type === 'MR');
      r.issues.push({
        path: mr ? `${mr.path}.value` : `${r.item.entry.path}.id`,
        code: 'conflict',
        message: 'This MRN is already held by another patient',
      });
    }
    if (r.issues.length === 0) {
      for (const id of p.identifiers) holders.set(`${id.system}|${id.value}`, r.targetId);
      mrnHolders.set(p.mrn, r.targetId);
    }
  }

  for (const r of resolved) {
    for (const use of refsOf(r.item.mapped)) {
      let target: Resolved | undefined;
      let stored: ExistingRecord | undefined;
      if (use.ref.kind === 'url') target = byFullUrl.get(use.ref.url);
      if (use.ref.kind === 'conditional') {
        if (use.ref.type === 'Practitioner' && (use.ref.system === null || use.ref.system === NPI_SYSTEM)) {
          target = byNpi.get(use.ref.value);
          const id = target ? undefined : existing.practitionersByNpi.get(use.ref.value);
          if (id) {
            r.refs.set(use, { id, name: null });
            continue;
          }
        } else if (use.ref.type === 'Organization') {
          target = orgByIdentifier.get(`${use.ref.system ?? ''}|${use.ref.value}`);
        }
      }
      const key = target ? null : keyOf(use);
      if (!target && key) {
        target = byKey.get(key);
        if (!target) stored = existing.byKey.get(key);
      }
      if (target && target !== r && target.issues.length > 0 && !atomic) {
        r.issues.push({
          path: use.path,
          code: 'unresolved-reference',
          message: `${refText(use)} was rejected, so this resource is too`,
        });
        continue;
      }
      const type = target?.item.entry.resource.resourceType ?? stored?.resourceType;
      if (type !== undefined && type !== use.expect) {
        r.issues.push({
          path: use.path,
          code: 'invalid-reference',
          message: `Expected a reference to a ${use.expect}`,
        });
        continue;
      }
      if (target) r.refs.set(use, { id: target.targetId, name: nameOf(target) });
      else if (stored) r.refs.set(use, { id: stored.targetId, name: stored.name });
      else if (use.ref.kind === 'literal' || use.ref.kind === 'url') {
        // A literal or bundle-local reference must point at something: in the bundle, or already stored.
        r.issues.push({
          path: use.path,
          code: 'unresolved-reference',
          message: `${refText(use)} is neither in the ${atomic ? 'bundle' : 'import'} nor already stored`,
        });
      } else {
        // Conditional and contained references are best effort: the display text stands in for a name.
        r.refs.set(use, { id: null, name: use.display });
      }
    }
    const patientRef = patientRefOf(r.item.mapped);
    if (patientRef) {
      const p = r.refs.get(patientRef);
      if (p?.id) r.patientId = p.id;
    }
  }
  return resolved;
}

function patientRefOf(mapped: FhirMappedResource): FhirRefUse | null {
  switch (mapped.kind) {
    case 'encounter':
    case 'ehr-code':
    case 'document':
    case 'coverage':
    case 'claim':
      return mapped.value.patient;
    case 'source-only':
      return mapped.patient;
    case 'patient':
    case 'practitioner':
    case 'organization':
      return null;
  }
}
