/** A FHIR resource as received: only `resourceType` is known; everything else is read defensively. */
export interface FhirResource {
  readonly resourceType: string;
  readonly id?: string;
  readonly [element: string]: unknown;
}

/**
 * A reference as written in a resource, before the importer resolves it:
 * - literal: `Patient/123` or an absolute URL ending in `Patient/123`;
 * - url: `urn:uuid:...` (Synthea transaction bundles), resolved against the bundle's fullUrls;
 * - conditional: `Practitioner?identifier=system|value` (Synthea bulk output), resolved by identifier;
 * - contained: `#id`, a resource contained in the referring one.
 */
export type FhirRef =
  | { readonly kind: 'literal'; readonly type: string; readonly id: string }
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'conditional'; readonly type: string; readonly system: string | null; readonly value: string }
  | { readonly kind: 'contained'; readonly id: string };

/** A reference in use, with where it sits (FHIR path) and its display text as a fallback. */
export interface FhirRefUse {
  readonly ref: FhirRef;
  readonly path: string;
  readonly display: string | null;
  /** The resource type the element may point at, for a url or contained reference whose type is not written. */
  readonly expect: string;
}

export interface FhirPatientIdentifierInput {
  readonly system: string;
  readonly value: string;
  /** MR, SS, DL, PPN, ... (HL7 v2 table 0203) or `other`. */
  readonly type: string;
  readonly facility: string | null;
  readonly path: string;
}

export interface FhirPatientInput {
  readonly mrn: string;
  readonly familyName: string;
  readonly givenName: string;
  readonly middleName: string | null;
  readonly nameSuffix: string | null;
  readonly previousFamilyNames: readonly string[];
  readonly birthDate: string;
  /** F | M | U (administrative sex, as the patients table holds it). */
  readonly sex: string;
  readonly address: string | null;
  readonly addressLine: string | null;
  readonly city: string | null;
  readonly state: string | null;
  readonly postalCode: string | null;
  readonly phone: string | null;
  readonly email: string | null;
  readonly language: string | null;
  readonly maritalStatus: string | null;
  readonly deceasedAt: string | null;
  readonly multipleBirth: number | null;
  readonly labels: readonly string[];
  readonly active: boolean;
  readonly identifiers: readonly FhirPatientIdentifierInput[];
}

export interface FhirPractitionerInput {
  readonly npi: string | null;
  readonly familyName: string;
  readonly givenName: string | null;
  readonly credentials: string | null;
}

export interface FhirOrganizationInput {
  readonly name: string | null;
  readonly identifiers: readonly { readonly system: string | null; readonly value: string }[];
}

export type RecordEncounterType =
  'inpatient' | 'emergency' | 'observation' | 'outpatient' | 'skilled_nursing' | 'behavioral_health';
export type RecordEncounterStatus = 'planned' | 'in_progress' | 'discharged' | 'completed' | 'cancelled';
export type FhirClinicianRole = 'attending' | 'admitting' | 'consulting' | 'referring' | 'operating' | 'other';

export interface FhirEncounterInput {
  readonly patient: FhirRefUse;
  readonly type: RecordEncounterType;
  readonly status: RecordEncounterStatus;
  readonly admitAt: string | null;
  readonly dischargeAt: string | null;
  readonly admitSource: string | null;
  readonly admitType: string | null;
  /** UB-04 patient discharge status (two digits), when the FHIR code allows it. */
  readonly dischargeDisposition: string | null;
  readonly accountNumber: string | null;
  readonly service: string | null;
  readonly location: string | null;
  readonly serviceProvider: FhirRefUse | null;
  readonly clinicians: readonly { readonly practitioner: FhirRefUse; readonly role: FhirClinicianRole }[];
  readonly labels: readonly string[];
}

export interface FhirEhrCodeInput {
  readonly patient: FhirRefUse;
  readonly encounter: FhirRefUse | null;
  readonly kind: 'condition' | 'procedure';
  readonly system: string;
  readonly code: string;
  readonly display: string | null;
  readonly clinicalStatus: string | null;
  readonly onsetAt: string | null;
  readonly recordedAt: string | null;
}

export interface FhirDocumentInput {
  readonly patient: FhirRefUse;
  readonly encounter: FhirRefUse | null;
  readonly loincCode: string | null;
  readonly typeLabel: string;
  readonly author: FhirRefUse | null;
  readonly authoredAt: string | null;
  readonly status: 'preliminary' | 'final' | 'amended' | 'entered-in-error';
  readonly authenticator: FhirRefUse | null;
  readonly authenticatedAt: string | null;
  readonly contentType: string | null;
  readonly text: string | null;
  /** Base64 of a non-text attachment. */
  readonly attachmentBase64: string | null;
  readonly labels: readonly string[];
}

export interface FhirCoverageInput {
  readonly patient: FhirRefUse;
  readonly payer: string;
  readonly payor: FhirRefUse | null;
  readonly plan: string | null;
  readonly memberId: string | null;
  readonly status: string | null;
  readonly periodStart: string | null;
  readonly periodEnd: string | null;
}

export interface FhirChargeInput {
  readonly sequence: number;
  readonly serviceDate: string | null;
  readonly revenueCode: string | null;
  readonly codeSystem: string | null;
  readonly code: string | null;
  readonly modifiers: readonly string[];
  readonly units: number;
  readonly amount: number;
  readonly description: string | null;
}

export interface FhirClaimInput {
  readonly kind: 'claim' | 'eob';
  readonly patient: FhirRefUse;
  readonly encounter: FhirRefUse | null;
  readonly status: string | null;
  readonly payer: string | null;
  readonly coverage: FhirRefUse | null;
  readonly billableStart: string | null;
  readonly total: number | null;
  readonly payment: number | null;
  /** Claim lines with a code and a net amount (Claim only; an EOB's lines are the payer's view). */
  readonly charges: readonly FhirChargeInput[];
}

/** What a resource becomes in the record model; every other type is kept as source only. */
export type FhirMappedResource =
  | { readonly kind: 'patient'; readonly value: FhirPatientInput }
  | { readonly kind: 'practitioner'; readonly value: FhirPractitionerInput }
  | { readonly kind: 'organization'; readonly value: FhirOrganizationInput }
  | { readonly kind: 'encounter'; readonly value: FhirEncounterInput }
  | { readonly kind: 'ehr-code'; readonly value: FhirEhrCodeInput }
  | { readonly kind: 'document'; readonly value: FhirDocumentInput }
  | { readonly kind: 'coverage'; readonly value: FhirCoverageInput }
  | { readonly kind: 'claim'; readonly value: FhirClaimInput }
  | { readonly kind: 'source-only'; readonly patient: FhirRefUse | null };
