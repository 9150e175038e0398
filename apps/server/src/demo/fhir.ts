/**
 * The small part of FHIR R4 the demo generator writes: plain JSON resources in transaction bundles. The canonical
 * code-system URLs are those of HL7 Terminology (THO) and US Core / CARIN Blue Button, which name the NUBC UB-04 code
 * lists; `urn:charta:demo:*` systems are the demo organisation's own identifier namespaces.
 */

export const SYSTEM = {
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  icd10pcs: 'http://www.cms.gov/Medicare/Coding/ICD10',
  cpt: 'http://www.ama-assn.org/go/cpt',
  hcpcs: 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
  loinc: 'http://loinc.org',
  npi: 'http://hl7.org/fhir/sid/us-npi',
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  actPriority: 'http://terminology.hl7.org/CodeSystem/v3-ActPriority',
  participationType: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  admitSource: 'http://terminology.hl7.org/CodeSystem/admit-source',
  dischargeDisposition: 'http://terminology.hl7.org/CodeSystem/discharge-disposition',
  nubcDischargeStatus: 'https://www.nubc.org/CodeSystem/PatDischargeStatus',
  nubcPointOfOrigin: 'https://www.nubc.org/CodeSystem/PointOfOrigin',
  nubcAdmitType: 'https://www.nubc.org/CodeSystem/PriorityTypeOfAdmitOrVisit',
  nubcRevenue: 'https://www.nubc.org/CodeSystem/RevenueCodes',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  diagnosisRole: 'http://terminology.hl7.org/CodeSystem/diagnosis-role',
  documentCategory: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category',
  claimType: 'http://terminology.hl7.org/CodeSystem/claim-type',
  processPriority: 'http://terminology.hl7.org/CodeSystem/processpriority',
  coverageClass: 'http://terminology.hl7.org/CodeSystem/coverage-class',
  coverageSelfPay: 'http://terminology.hl7.org/CodeSystem/coverage-selfpay',
  subscriberRelationship: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship',
  /** Source of Payment Typology (PHDSC), as US Core uses it for Coverage.type. */
  paymentTypology: 'urn:oid:2.16.840.1.113883.3.221.5',
  organizationType: 'http://terminology.hl7.org/CodeSystem/organization-type',
  maritalStatus: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus',
  language: 'urn:ietf:bcp:47',
  /** The care setting of an encounter, in the record model's words (inpatient, emergency, ...). */
  encounterSetting: 'urn:charta:demo:encounter-setting',
  service: 'urn:charta:demo:service',
  specialty: 'urn:charta:demo:specialty',
} as const;

/** When a document was authenticated (signed): FHIR R4 DocumentReference has the signer but not the time. */
export { DOCUMENT_AUTHENTICATED_AT_EXTENSION as AUTHENTICATED_AT_EXTENSION } from '@charta/core';

export const mrnSystem = (facilityCode: string) => `urn:charta:demo:mrn:${facilityCode.toLowerCase()}`;
export const accountSystem = (facilityCode: string) => `urn:charta:demo:account:${facilityCode.toLowerCase()}`;

export interface Coding {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
}

export interface CodeableConcept {
  readonly coding?: readonly Coding[];
  readonly text?: string;
}

export interface Reference {
  readonly reference: string;
  readonly display?: string;
}

/** Any resource: its type and id, the rest as JSON. */
export interface FhirResource {
  readonly resourceType: string;
  readonly id: string;
  readonly [element: string]: unknown;
}

export interface BundleEntry {
  readonly fullUrl: string;
  readonly resource: FhirResource;
  readonly request: { readonly method: 'PUT'; readonly url: string };
}

export interface FhirBundle {
  readonly resourceType: 'Bundle';
  readonly id: string;
  readonly type: 'transaction';
  readonly timestamp: string;
  readonly entry: readonly BundleEntry[];
}

/** The reference a resource in the same bundle is known by (its entry's fullUrl). */
export function refTo(resource: FhirResource, display?: string): Reference {
  return display === undefined
    ? { reference: `urn:uuid:${resource.id}` }
    : { reference: `urn:uuid:${resource.id}`, display };
}

export function concept(system: string, code: string, display?: string, text?: string): CodeableConcept {
  const coding: Coding = display === undefined ? { system, code } : { system, code, display };
  return text === undefined ? { coding: [coding] } : { coding: [coding], text };
}

/** A transaction bundle that creates or replaces each resource under its own id (idempotent on re-import). */
export function transactionBundle(id: string, timestamp: string, resources: readonly FhirResource[]): FhirBundle {
  return {
    resourceType: 'Bundle',
    id,
    type: 'transaction',
    timestamp,
    entry: resources.map((resource) => ({
      fullUrl: `urn:uuid:${resource.id}`,
      resource,
      request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` },
    })),
  };
}

/** Base64 of UTF-8 text, for Attachment.data. */
export function base64Text(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/**
 * The bundles' resources as FHIR Bulk Data NDJSON lines (one resource per line, each once, in bundle order), with the
 * bundle-local `urn:uuid:` references rewritten to literal `Type/id` references, which resolve across files.
 */
export function bundlesToNdjson(bundles: readonly FhirBundle[]): string[] {
  const typeOf = new Map<string, string>();
  for (const b of bundles) for (const e of b.entry) typeOf.set(e.resource.id, e.resource.resourceType);
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const b of bundles)
    for (const e of b.entry) {
      const key = `${e.resource.resourceType}/${e.resource.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      lines.push(
        JSON.stringify(e.resource).replace(/"urn:uuid:([0-9a-f-]{36})"/gu, (whole, id: string) => {
          const type = typeOf.get(id);
          return type ? `"${type}/${id}"` : whole;
        }),
      );
    }
  return lines;
}
