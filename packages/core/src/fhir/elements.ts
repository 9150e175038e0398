import type { FhirRef, FhirRefUse } from './types.js';

/** Defensive readers for untrusted FHIR JSON: a wrong shape reads as absent, and the mapper decides if that matters. */
export type Json = Readonly<Record<string, unknown>>;

export function obj(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

export function arr(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim().length > 0 ? value.trim() : null;
}

export function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export interface Coding {
  readonly system: string | null;
  readonly code: string | null;
  readonly display: string | null;
}

export function codings(concept: unknown): Coding[] {
  return arr(obj(concept)?.['coding']).flatMap((c) => {
    const o = obj(c);
    return o ? [{ system: str(o['system']), code: str(o['code']), display: str(o['display']) }] : [];
  });
}

/** A CodeableConcept's text, or its first coding's display. */
export function conceptText(concept: unknown): string | null {
  return str(obj(concept)?.['text']) ?? codings(concept).find((c) => c.display)?.display ?? null;
}

/** Short names for the code systems the record model knows; any other system keeps its URI. */
const SYSTEM_NAMES: Readonly<Record<string, string>> = {
  'http://hl7.org/fhir/sid/icd-10-cm': 'ICD-10-CM',
  'http://hl7.org/fhir/sid/icd-10': 'ICD-10',
  'http://www.cms.gov/Medicare/Coding/ICD10': 'ICD-10-PCS',
  'http://snomed.info/sct': 'SNOMED CT',
  'http://loinc.org': 'LOINC',
  'http://www.ama-assn.org/go/cpt': 'CPT',
  'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets': 'HCPCS',
  'urn:oid:2.16.840.1.113883.6.285': 'HCPCS',
  'http://www.nlm.nih.gov/research/umls/rxnorm': 'RxNorm',
  'http://hl7.org/fhir/sid/cvx': 'CVX',
  'https://www.nubc.org/CodeSystem/RevenueCodes': 'NUBC-REV',
};

/** The record model's name for a code system URI. */
export function systemName(uri: string | null): string {
  if (!uri) return 'unknown';
  return SYSTEM_NAMES[uri] ?? uri;
}

/** The URI for a record-model system name (the reverse of systemName), for export. */
export function systemUri(name: string): string {
  for (const [uri, n] of Object.entries(SYSTEM_NAMES)) if (n === name) return uri;
  return name;
}

/** The first value of `name` in a URL query string (form encoding: `+` is a space); null when absent or garbled. */
function queryParam(query: string, name: string): string | null {
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (key !== name) continue;
    try {
      return decodeURIComponent((eq < 0 ? '' : pair.slice(eq + 1)).replaceAll('+', ' '));
    } catch {
      return null;
    }
  }
  return null;
}

/** Parses a Reference's `reference` string; null when absent or not one of the forms we resolve. */
export function parseReference(reference: string): FhirRef | null {
  if (reference.startsWith('#')) return reference.length > 1 ? { kind: 'contained', id: reference.slice(1) } : null;
  if (reference.startsWith('urn:uuid:') || reference.startsWith('urn:oid:')) return { kind: 'url', url: reference };
  const q = reference.indexOf('?');
  if (q > 0) {
    const type = reference.slice(0, q);
    const identifier = queryParam(reference.slice(q + 1), 'identifier');
    if (!/^[A-Z][A-Za-z]+$/u.test(type) || !identifier) return null;
    const bar = identifier.indexOf('|');
    return bar >= 0
      ? { kind: 'conditional', type, system: identifier.slice(0, bar) || null, value: identifier.slice(bar + 1) }
      : { kind: 'conditional', type, system: null, value: identifier };
  }
  // Type/id, or an absolute URL ending in Type/id (optionally with /_history/n).
  const m = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/u.exec(reference);
  if (m?.[1] && m[2]) return { kind: 'literal', type: m[1], id: m[2] };
  if (/^https?:\/\//u.test(reference)) return { kind: 'url', url: reference };
  return null;
}

export type RefRead = { readonly use: FhirRefUse | null; readonly bad: boolean };

/**
 * Reads a Reference element at `path`: absent is fine (use null), a present but unreadable reference is bad, and a
 * reference to a type other than `expect` is bad too.
 */
export function readRef(element: unknown, path: string, expect: string): RefRead {
  const o = obj(element);
  if (!o) return { use: null, bad: false };
  const reference = str(o['reference']);
  const display = str(o['display']);
  if (!reference) return { use: null, bad: false };
  const ref = parseReference(reference);
  if (!ref) return { use: null, bad: true };
  if ((ref.kind === 'literal' || ref.kind === 'conditional') && ref.type !== expect) return { use: null, bad: true };
  return { use: { ref, path: `${path}.reference`, display, expect }, bad: false };
}

/** A FHIR date, dateTime or instant as stored: an ISO instant, or the date itself when only a date is given. */
export function fhirDateTime(value: unknown): string | null {
  const s = str(value);
  if (!s) return null;
  if (/^\d{4}(-\d{2}(-\d{2})?)?$/u.test(s)) {
    const full = s.length === 4 ? `${s}-01-01` : s.length === 7 ? `${s}-01` : s;
    return Number.isNaN(Date.parse(`${full}T00:00:00Z`)) ? null : `${full}T00:00:00Z`;
  }
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** A FHIR date as YYYY-MM-DD (the date part of a dateTime). */
export function fhirDate(value: unknown): string | null {
  const s = str(value);
  if (!s || !/^\d{4}-\d{2}-\d{2}/u.test(s)) return null;
  const d = s.slice(0, 10);
  return Number.isNaN(Date.parse(`${d}T00:00:00Z`)) ? null : d;
}

/** Sensitivity labels (HL7 DS4P, `meta.security`) that Charta's record-level access knows. */
const SECURITY_LABELS: Readonly<Record<string, string>> = {
  '42CFRPart2': '42CFRPart2',
  // ETH: substance abuse information sensitivity; DS4P pairs it with 42CFRPart2 for SUD program records.
  ETH: '42CFRPart2',
  PSY: 'PSY',
  PSYTHPN: 'PSY',
  BH: 'PSY',
  HIV: 'HIV',
  MINOR: 'MINOR',
};

/** The access labels from a resource's `meta.security`, deduplicated and sorted. */
export function securityLabels(resource: Json): string[] {
  const labels = new Set<string>();
  for (const s of arr(obj(resource['meta'])?.['security'])) {
    const code = str(obj(s)?.['code']);
    const label = code ? SECURITY_LABELS[code] : undefined;
    if (label) labels.add(label);
  }
  return [...labels].sort();
}
