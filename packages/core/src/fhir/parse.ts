import { err, ok, type Issue, type Result } from '../result.js';
import { arr, obj, str } from './elements.js';
import { FHIR_R4_RESOURCE_TYPES } from './resource-types.js';
import type { FhirResource } from './types.js';

/** One resource to import, with where it came from. */
export interface FhirEntry {
  readonly resource: FhirResource;
  /** Resource id: `id`, or for a transaction entry without one, the uuid of its `urn:uuid:` fullUrl. */
  readonly id: string;
  /** `ResourceType/id`, the key that makes an import idempotent. */
  readonly sourceKey: string;
  readonly fullUrl: string | null;
  /** FHIR path of the resource, e.g. `Bundle.entry[3].resource`, or the resource type for an NDJSON line. */
  readonly path: string;
}

const ID_PATTERN = /^[A-Za-z0-9\-.]{1,64}$/u;

/**
 * Checks a resource's envelope (resourceType known to FHIR R4, a valid id) and makes an entry of it. Used for bundle
 * entries and NDJSON lines alike.
 */
export function readFhirEntry(value: unknown, path: string, fullUrl: string | null): Result<FhirEntry> {
  const resource = obj(value);
  if (!resource) return err([{ path, code: 'required', message: 'Expected a resource (a JSON object)' }]);
  const type = resource['resourceType'];
  if (typeof type !== 'string' || type.length === 0) {
    return err([{ path: `${path}.resourceType`, code: 'required', message: 'resourceType is required' }]);
  }
  if (!FHIR_R4_RESOURCE_TYPES.has(type) || type === 'Bundle') {
    return err([
      {
        path: `${path}.resourceType`,
        code: 'unknown-type',
        message: type === 'Bundle' ? 'A nested Bundle is not imported' : `${type} is not a FHIR R4 resource type`,
      },
    ]);
  }
  let id = str(resource['id']);
  if (id === null && fullUrl?.startsWith('urn:uuid:')) id = fullUrl.slice('urn:uuid:'.length);
  if (id === null) return err([{ path: `${path}.id`, code: 'required', message: 'The resource needs an id' }]);
  if (!ID_PATTERN.test(id)) {
    return err([{ path: `${path}.id`, code: 'invalid', message: 'A FHIR id is 1-64 letters, digits, "-" or "."' }]);
  }
  return ok({ resource: resource as FhirResource, id, sourceKey: `${type}/${id}`, fullUrl, path });
}

export interface ParsedBundle {
  readonly type: string;
  readonly entries: readonly FhirEntry[];
}

/**
 * Reads a transaction or collection Bundle (also batch and searchset, which carry resources the same way). Every
 * entry's problem is reported, with its path; the bundle is usable only when there are none.
 */
export function parseFhirBundle(value: unknown): Result<ParsedBundle> {
  const bundle = obj(value);
  if (!bundle) return err([{ path: 'Bundle', code: 'invalid', message: 'Expected a Bundle (a JSON object)' }]);
  if (bundle['resourceType'] !== 'Bundle') {
    return err([{ path: 'Bundle.resourceType', code: 'invalid', message: 'Expected resourceType "Bundle"' }]);
  }
  const type = str(bundle['type']);
  if (!type || !['transaction', 'collection', 'batch', 'searchset'].includes(type)) {
    return err([
      {
        path: 'Bundle.type',
        code: 'invalid',
        message: 'Expected a transaction, batch, collection or searchset Bundle',
      },
    ]);
  }
  const issues: Issue[] = [];
  const entries: FhirEntry[] = [];
  const keys = new Map<string, number>();
  arr(bundle['entry']).forEach((raw, i) => {
    const entry = obj(raw);
    const path = `Bundle.entry[${i}].resource`;
    const method = str(obj(entry?.['request'])?.['method']);
    if (method === 'DELETE' || method === 'GET' || method === 'HEAD') {
      issues.push({
        path: `Bundle.entry[${i}].request.method`,
        code: 'unsupported',
        message: `${method} is not imported`,
      });
      return;
    }
    const read = readFhirEntry(entry?.['resource'], path, str(entry?.['fullUrl']));
    if (!read.ok) {
      issues.push(...read.error);
      return;
    }
    const seen = keys.get(read.value.sourceKey);
    if (seen !== undefined) {
      issues.push({
        path: `${path}.id`,
        code: 'duplicate',
        message: `${read.value.sourceKey} appears twice in the bundle (also entry ${seen})`,
      });
      return;
    }
    keys.set(read.value.sourceKey, i);
    entries.push(read.value);
  });
  return issues.length > 0 ? err(issues) : ok({ type, entries });
}

/** Reads one NDJSON line (FHIR Bulk Data: one resource per line). */
export function parseFhirNdjsonLine(line: string): Result<FhirEntry> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return err([{ path: '', code: 'malformed-json', message: 'The line is not valid JSON' }]);
  }
  const type = obj(value)?.['resourceType'];
  return readFhirEntry(value, typeof type === 'string' && /^[A-Za-z]{1,64}$/u.test(type) ? type : 'Resource', null);
}

/** JSON with object keys sorted, so that the same content hashes the same whatever the sender's key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return '{' + entries.map(([k, v]) => JSON.stringify(k) + ':' + canonicalJson(v)).join(',') + '}';
}
