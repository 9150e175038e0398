import { err, ok, type Issue, type Result } from '../result.js';
import {
  arr,
  codings,
  conceptText,
  fhirDate,
  fhirDateTime,
  num,
  obj,
  readRef,
  securityLabels,
  str,
  systemName,
  type Json,
} from './elements.js';
import type {
  FhirChargeInput,
  FhirClinicianRole,
  FhirMappedResource,
  FhirPatientIdentifierInput,
  FhirRefUse,
  FhirResource,
  RecordEncounterStatus,
  RecordEncounterType,
} from './types.js';

/** Collects issues and references while one resource is mapped. */
class Reader {
  readonly issues: Issue[] = [];
  constructor(readonly base: string) {}

  required(code: string, element: string, message: string): void {
    this.issues.push({ path: `${this.base}.${element}`, code, message });
  }

  ref(element: unknown, at: string, expect: string, required = false): FhirRefUse | null {
    const path = `${this.base}.${at}`;
    const read = readRef(element, path, expect);
    if (read.bad) {
      this.issues.push({
        path: `${path}.reference`,
        code: 'invalid-reference',
        message: `Expected a reference to a ${expect}`,
      });
    } else if (!read.use && required) {
      this.issues.push({
        path: `${path}.reference`,
        code: 'required',
        message: `A reference to a ${expect} is required`,
      });
    }
    return read.use;
  }
}

function mapPatient(r: Json, rd: Reader): FhirMappedResource | null {
  const names = arr(r['name'])
    .map(obj)
    .filter((n): n is Json => n !== undefined);
  const official =
    names.find((n) => n['use'] === 'official') ??
    names.find((n) => n['use'] !== 'maiden' && n['use'] !== 'old') ??
    names[0];
  const family = str(official?.['family']);
  const given = arr(official?.['given'])
    .map(str)
    .filter((g): g is string => g !== null);
  if (!family) rd.required('required', 'name', 'Patient.name with a family name is required');
  if (given.length === 0 && family) rd.required('required', 'name', 'Patient.name with a given name is required');
  const birthDate = fhirDate(r['birthDate']);
  if (!birthDate) rd.required('required', 'birthDate', 'Patient.birthDate (YYYY-MM-DD) is required');
  const gender = str(r['gender']);
  const sex = gender === 'female' ? 'F' : gender === 'male' ? 'M' : 'U';

  const identifiers: FhirPatientIdentifierInput[] = [];
  arr(r['identifier']).forEach((raw, i) => {
    const id = obj(raw);
    const value = str(id?.['value']);
    if (!id || !value) return;
    const typeCode = codings(id['type']).find((c) => c.code)?.code ?? null;
    const system = str(id['system']) ?? 'urn:unknown';
    const type = system === 'http://hl7.org/fhir/sid/us-ssn' ? 'SS' : (typeCode ?? 'other');
    const assigner = str(obj(id['assigner'])?.['display']);
    identifiers.push({
      system,
      value,
      type,
      facility: type === 'MR' ? (assigner ?? system) : assigner,
      path: `${rd.base}.identifier[${i}]`,
    });
  });
  const mrn = identifiers.find((i) => i.type === 'MR')?.value ?? str(r['id']) ?? '';

  const previous = names
    .filter((n) => n !== official && (n['use'] === 'maiden' || n['use'] === 'old'))
    .map((n) => str(n['family']))
    .filter((f): f is string => f !== null && f !== family);

  const addresses = arr(r['address'])
    .map(obj)
    .filter((a): a is Json => a !== undefined);
  const address = addresses.find((a) => a['use'] === 'home') ?? addresses[0];
  const lines = arr(address?.['line'])
    .map(str)
    .filter((l): l is string => l !== null);
  const city = str(address?.['city']);
  const state = str(address?.['state']);
  const postal = str(address?.['postalCode']);
  const fullAddress = [lines.join(', '), city, [state, postal].filter(Boolean).join(' ')]
    .filter((p) => p && p.length > 0)
    .join(', ');

  const telecom = arr(r['telecom'])
    .map(obj)
    .filter((t): t is Json => t !== undefined);
  const phone = str(telecom.find((t) => t['system'] === 'phone')?.['value']);
  const email = str(telecom.find((t) => t['system'] === 'email')?.['value']);

  const comm = arr(r['communication']).map(obj);
  const preferred = comm.find((c) => c?.['preferred'] === true) ?? comm[0];
  const language = codings(preferred?.['language'])[0]?.code ?? conceptText(preferred?.['language']);
  const marital = codings(r['maritalStatus'])[0]?.code ?? conceptText(r['maritalStatus']);

  const deceasedAt = fhirDateTime(r['deceasedDateTime']);
  const multipleBirth = num(r['multipleBirthInteger']) ?? (r['multipleBirthBoolean'] === true ? 1 : null);

  if (!family || given.length === 0 || !birthDate) return null;
  return {
    kind: 'patient',
    value: {
      mrn,
      familyName: family,
      givenName: given[0] ?? '',
      middleName: given.length > 1 ? given.slice(1).join(' ') : null,
      nameSuffix:
        arr(official?.['suffix'])
          .map(str)
          .find((s) => s !== null) ?? null,
      previousFamilyNames: [...new Set(previous)],
      birthDate,
      sex,
      address: fullAddress.length > 0 ? fullAddress : null,
      addressLine: lines.length > 0 ? lines.join(', ') : null,
      city,
      state,
      postalCode: postal,
      phone,
      email,
      language,
      maritalStatus: marital,
      // deceasedBoolean without a date has no column to go to: only a date of death is kept.
      deceasedAt,
      multipleBirth: multipleBirth === null ? null : Math.trunc(multipleBirth),
      labels: securityLabels(r),
      active: r['active'] !== false,
      identifiers,
    },
  };
}

function mapPractitioner(r: Json, rd: Reader): FhirMappedResource | null {
  const names = arr(r['name'])
    .map(obj)
    .filter((n): n is Json => n !== undefined);
  const name = names.find((n) => n['use'] === 'official') ?? names[0];
  const family = str(name?.['family']) ?? str(name?.['text']);
  if (!family) {
    rd.required('required', 'name', 'Practitioner.name with a family name is required');
    return null;
  }
  const npi =
    arr(r['identifier'])
      .map(obj)
      .find((i) => i?.['system'] === 'http://hl7.org/fhir/sid/us-npi')?.['value'] ?? null;
  const suffixes = arr(name?.['suffix'])
    .map(str)
    .filter((s): s is string => s !== null);
  return {
    kind: 'practitioner',
    value: {
      npi: str(npi),
      familyName: family,
      givenName:
        arr(name?.['given'])
          .map(str)
          .find((g) => g !== null) ?? null,
      credentials: suffixes.length > 0 ? suffixes.join(', ') : null,
    },
  };
}

function mapOrganization(r: Json): FhirMappedResource {
  return {
    kind: 'organization',
    value: {
      name: str(r['name']),
      identifiers: arr(r['identifier']).flatMap((raw) => {
        const i = obj(raw);
        const value = str(i?.['value']);
        return value ? [{ system: str(i?.['system']), value }] : [];
      }),
    },
  };
}

/**
 * Encounter class (HL7 v3 ActCode, FHIR R4 Encounter.class) and type to the record model's encounter types. Skilled
 * nursing and behavioral health are not ActCode classes: they are recognised from the type or service type text.
 */
export function encounterTypeOf(classCode: string | null, typeText: string): RecordEncounterType {
  const text = typeText.toLowerCase();
  if (/skilled nursing|nursing facility|\bsnf\b/u.test(text) || classCode === 'SNF') return 'skilled_nursing';
  if (/psychiatr|behavio(u)?ral health|mental health|substance/u.test(text)) return 'behavioral_health';
  switch (classCode) {
    case 'IMP':
    case 'ACUTE':
    case 'NONAC':
      return 'inpatient';
    case 'EMER':
      return 'emergency';
    case 'OBSENC':
      return 'observation';
    case null:
    default:
      return /observation/u.test(text) ? 'observation' : 'outpatient';
  }
}

/** FHIR Encounter.status (R4) to the record model's status; a finished inpatient stay is "discharged". */
export function encounterStatusOf(status: string | null, type: RecordEncounterType): RecordEncounterStatus {
  switch (status) {
    case 'planned':
    case 'arrived':
    case 'triaged':
      return 'planned';
    case 'in-progress':
    case 'onleave':
      return 'in_progress';
    case 'cancelled':
    case 'entered-in-error':
      return 'cancelled';
    case null:
    default:
      return type === 'inpatient' || type === 'skilled_nursing' || type === 'behavioral_health'
        ? 'discharged'
        : 'completed';
  }
}

/**
 * FHIR discharge-disposition codes (terminology.hl7.org/CodeSystem/discharge-disposition) to the UB-04 FL 17 patient
 * discharge status. Codes without a one-to-one UB-04 status ("oth") map to nothing rather than a guess.
 */
const DISPOSITION_TO_UB04: Readonly<Record<string, string>> = {
  home: '01',
  'alt-home': '01',
  'other-hcf': '05',
  hosp: '50',
  long: '63',
  aadvice: '07',
  exp: '20',
  psy: '65',
  rehab: '62',
  snf: '03',
};

export function dischargeStatusOf(concept: unknown): string | null {
  for (const c of codings(concept)) {
    if (!c.code) continue;
    // NUBC patient discharge status codes are already UB-04 values (some senders drop the leading zero).
    if (c.system && /nubc\.org/iu.test(c.system) && /^\d{1,2}$/u.test(c.code)) return c.code.padStart(2, '0');
    const mapped = DISPOSITION_TO_UB04[c.code];
    if (mapped) return mapped;
  }
  return null;
}

/** Encounter.participant.type (v3 ParticipationType) to a clinician role. */
function participantRole(types: unknown): FhirClinicianRole | 'primary' {
  const codes = arr(types).flatMap((t) => codings(t).map((c) => c.code));
  if (codes.includes('ATND')) return 'attending';
  if (codes.includes('ADM')) return 'admitting';
  if (codes.includes('CON')) return 'consulting';
  if (codes.includes('REF')) return 'referring';
  if (codes.length === 0 || codes.includes('PPRF')) return 'primary';
  return 'other';
}

function mapEncounter(r: Json, rd: Reader): FhirMappedResource | null {
  const patient = rd.ref(r['subject'], 'subject', 'Patient', true);
  const classCode = codings(r['class']).find((c) => c.code)?.code ?? str(obj(r['class'])?.['code']);
  const typeText = [...arr(r['type']).map(conceptText), conceptText(r['serviceType'])]
    .filter((t): t is string => t !== null)
    .join(' ');
  const type = encounterTypeOf(classCode, typeText);
  const period = obj(r['period']);
  const hosp = obj(r['hospitalization']);
  const clinicians: { practitioner: FhirRefUse; role: FhirClinicianRole | 'primary' }[] = [];
  arr(r['participant']).forEach((p, i) => {
    const ref = rd.ref(obj(p)?.['individual'], `participant[${i}].individual`, 'Practitioner');
    if (ref) clinicians.push({ practitioner: ref, role: participantRole(obj(p)?.['type']) });
  });
  // Without an explicit attending (ATND), the first primary performer is taken as the attending.
  const hasAttending = clinicians.some((c) => c.role === 'attending');
  let promoted = hasAttending;
  const roles = clinicians.map((c) => {
    if (c.role !== 'primary') return c;
    if (!promoted) {
      promoted = true;
      return { practitioner: c.practitioner, role: 'attending' as const };
    }
    return { practitioner: c.practitioner, role: 'other' as const };
  });
  const serviceProvider = rd.ref(r['serviceProvider'], 'serviceProvider', 'Organization');
  const account = arr(r['identifier'])
    .map(obj)
    .find((i) => codings(i?.['type']).some((c) => c.code === 'AN'));
  if (!patient) return null;
  return {
    kind: 'encounter',
    value: {
      patient,
      type,
      status: encounterStatusOf(str(r['status']), type),
      admitAt: fhirDateTime(period?.['start']),
      dischargeAt: fhirDateTime(period?.['end']),
      admitSource: codings(hosp?.['admitSource'])[0]?.code ?? null,
      admitType: codings(r['priority'])[0]?.code ?? null,
      dischargeDisposition: dischargeStatusOf(hosp?.['dischargeDisposition']),
      accountNumber: str(account?.['value']),
      service: conceptText(r['serviceType']) ?? conceptText(arr(r['type'])[0]),
      location: str(obj(obj(arr(r['location'])[0])?.['location'])?.['display']),
      serviceProvider,
      clinicians: roles.map((c) => ({ practitioner: c.practitioner, role: c.role === 'primary' ? 'other' : c.role })),
      labels: securityLabels(r),
    },
  };
}

/** The coding to keep from a CodeableConcept: ICD-10-CM, then CPT/HCPCS, then SNOMED CT, then the first one. */
function preferredCoding(concept: unknown) {
  const all = codings(concept).filter((c) => c.code);
  const order = ['ICD-10-CM', 'ICD-10-PCS', 'CPT', 'HCPCS', 'SNOMED CT'];
  for (const name of order) {
    const found = all.find((c) => systemName(c.system) === name);
    if (found) return found;
  }
  return all[0];
}

function mapCode(r: Json, rd: Reader, kind: 'condition' | 'procedure'): FhirMappedResource | null {
  const patient = rd.ref(r['subject'], 'subject', 'Patient', true);
  const encounter = rd.ref(r['encounter'], 'encounter', 'Encounter');
  const coding = preferredCoding(r['code']);
  if (!coding?.code)
    rd.required(
      'required',
      'code',
      `${kind === 'condition' ? 'Condition' : 'Procedure'}.code with a coding is required`,
    );
  if (!patient || !coding?.code) return null;
  const performedPeriod = obj(r['performedPeriod']);
  const onsetPeriod = obj(r['onsetPeriod']);
  return {
    kind: 'ehr-code',
    value: {
      patient,
      encounter,
      kind,
      system: systemName(coding.system),
      code: coding.code,
      display: coding.display ?? conceptText(r['code']),
      clinicalStatus: kind === 'condition' ? (codings(r['clinicalStatus'])[0]?.code ?? null) : str(r['status']),
      onsetAt:
        kind === 'condition'
          ? (fhirDateTime(r['onsetDateTime']) ?? fhirDateTime(onsetPeriod?.['start']))
          : (fhirDateTime(r['performedDateTime']) ?? fhirDateTime(performedPeriod?.['start'])),
      recordedAt: fhirDateTime(r['recordedDate']),
    },
  };
}

/**
 * When the authenticator signed a DocumentReference (R4 has the authenticator but no time): an extension with a
 * `valueDateTime`, which Charta's export writes and its import reads.
 */
export const DOCUMENT_AUTHENTICATED_AT_EXTENSION = 'urn:charta:fhir:authenticated-at';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Map([...BASE64].map((c, i) => [c, i]));

/** Base64 (RFC 4648 section 4) to bytes; null when a character is outside the alphabet or the length is wrong. */
function decodeBase64(data: string): number[] | null {
  const text = data.replace(/\s+/gu, '').replace(/={1,2}$/u, '');
  if (text.length % 4 === 1) return null;
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const c of text) {
    const v = BASE64_VALUE.get(c);
    if (v === undefined) return null;
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return bytes;
}

/** UTF-8 bytes to text; a malformed sequence becomes U+FFFD, as a non-fatal decoder does. */
function decodeUtf8(bytes: readonly number[]): string {
  const out: number[] = [];
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i] ?? 0;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0) {
      out.push(0xfffd);
      i++;
      continue;
    }
    let cp = need === 0 ? b : b & (0x3f >> need);
    let ok = i + need < bytes.length;
    for (let k = 1; ok && k <= need; k++) {
      const c = bytes[i + k] ?? 0;
      if ((c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    const min = [0, 0x80, 0x800, 0x10000][need] ?? 0;
    if (!ok || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      out.push(0xfffd);
      i++;
      continue;
    }
    out.push(cp);
    i += need + 1;
  }
  let text = '';
  for (let i = 0; i < out.length; i += 4096) text += String.fromCodePoint(...out.slice(i, i + 4096));
  return text;
}

/** Decodes base64 UTF-8 text; null when it is not valid base64. Pure, so that core runs in the browser and Node. */
export function decodeBase64Text(data: string): string | null {
  const bytes = decodeBase64(data);
  return bytes === null ? null : decodeUtf8(bytes);
}

function mapDocument(r: Json, rd: Reader): FhirMappedResource | null {
  const patient = rd.ref(r['subject'], 'subject', 'Patient', true);
  const context = obj(r['context']);
  const encounter = rd.ref(arr(context?.['encounter'])[0], 'context.encounter[0]', 'Encounter');
  const type = codings(r['type']);
  const loinc = type.find((c) => c.system === 'http://loinc.org' && c.code);
  const status = str(r['status']);
  const docStatus = str(r['docStatus']);
  if (!status) rd.required('required', 'status', 'DocumentReference.status is required');
  const content = arr(r['content']);
  if (content.length === 0) rd.required('required', 'content', 'DocumentReference.content is required');
  const attachment = obj(obj(content[0])?.['attachment']);
  const contentType = str(attachment?.['contentType']);
  const data = str(attachment?.['data']);
  let text: string | null = null;
  let bytes: string | null = null;
  if (data) {
    if (contentType && /^text\/plain\b/iu.test(contentType)) {
      text = decodeBase64Text(data);
      if (text === null)
        rd.required('invalid', 'content[0].attachment.data', 'The attachment data is not valid base64');
    } else bytes = data.replace(/\s+/gu, '');
  }
  const author = rd.ref(
    arr(r['author']).find((a) => /Practitioner|urn:/u.test(str(obj(a)?.['reference']) ?? '')),
    `author[${Math.max(
      0,
      arr(r['author']).findIndex((a) => /Practitioner|urn:/u.test(str(obj(a)?.['reference']) ?? '')),
    )}]`,
    'Practitioner',
  );
  const authenticator = rd.ref(r['authenticator'], 'authenticator', 'Practitioner');
  if (!patient || !status || content.length === 0 || rd.issues.length > 0) return null;
  const docState: 'preliminary' | 'final' | 'amended' | 'entered-in-error' =
    status === 'entered-in-error'
      ? 'entered-in-error'
      : docStatus === 'preliminary' || docStatus === 'amended' || docStatus === 'entered-in-error'
        ? docStatus
        : 'final';
  const authoredAt = fhirDateTime(r['date']);
  const signedAt = fhirDateTime(
    obj(arr(r['extension']).find((x) => str(obj(x)?.['url']) === DOCUMENT_AUTHENTICATED_AT_EXTENSION))?.[
      'valueDateTime'
    ],
  );
  return {
    kind: 'document',
    value: {
      patient,
      encounter,
      loincCode: loinc?.code ?? null,
      typeLabel: conceptText(r['type']) ?? loinc?.display ?? 'Clinical document',
      author,
      authoredAt,
      status: docState,
      authenticator,
      // R4 has no authentication time: our extension carries it; without it, a document an authenticator signed is
      // taken as authenticated when dated.
      authenticatedAt: authenticator ? (signedAt ?? authoredAt) : null,
      contentType,
      text,
      attachmentBase64: bytes,
      labels: securityLabels(r),
    },
  };
}

function mapCoverage(r: Json, rd: Reader): FhirMappedResource | null {
  const patient = rd.ref(r['beneficiary'], 'beneficiary', 'Patient', true);
  const payorEl = arr(r['payor'])[0];
  const payor = rd.ref(payorEl, 'payor[0]', 'Organization');
  const payer = str(obj(payorEl)?.['display']) ?? conceptText(r['type']);
  const planClass = arr(r['class'])
    .map(obj)
    .find((c) => codings(c?.['type']).some((t) => t.code === 'plan'));
  const period = obj(r['period']);
  if (!patient) return null;
  return {
    kind: 'coverage',
    value: {
      patient,
      payer: payer ?? 'Unknown payer',
      payor,
      plan: str(planClass?.['name']) ?? str(planClass?.['value']) ?? conceptText(r['type']),
      memberId: str(r['subscriberId']) ?? str(obj(arr(r['identifier'])[0])?.['value']),
      status: str(r['status']),
      periodStart: fhirDate(period?.['start']),
      periodEnd: fhirDate(period?.['end']),
    },
  };
}

function money(value: unknown): number | null {
  return num(obj(value)?.['value']);
}

function mapClaim(r: Json, rd: Reader, kind: 'claim' | 'eob'): FhirMappedResource | null {
  const patient = rd.ref(r['patient'], 'patient', 'Patient', true);
  // The encounter: the first item's encounter (R4 Claim.item.encounter, ExplanationOfBenefit.item.encounter).
  let encounter: FhirRefUse | null = null;
  const items = arr(r['item']);
  items.forEach((item, i) => {
    const encs = arr(obj(item)?.['encounter']);
    if (!encounter && encs.length > 0) encounter = rd.ref(encs[0], `item[${i}].encounter[0]`, 'Encounter');
  });
  const insurance = obj(arr(r['insurance'])[0]);
  const coverage = rd.ref(insurance?.['coverage'], 'insurance[0].coverage', 'Coverage');
  const payer = str(obj(insurance?.['coverage'])?.['display']) ?? str(obj(r['insurer'])?.['display']) ?? null;
  let total: number | null = null;
  let payment: number | null = null;
  if (kind === 'claim') total = money(r['total']);
  else {
    for (const t of arr(r['total'])) {
      const codes = codings(obj(t)?.['category']).map((c) => c.code);
      if (codes.includes('submitted')) total = money(obj(t)?.['amount']);
    }
    payment = money(obj(r['payment'])?.['amount']);
  }
  const charges: FhirChargeInput[] = [];
  if (kind === 'claim') {
    items.forEach((raw, i) => {
      const item = obj(raw);
      const net =
        money(item?.['net']) ??
        (() => {
          const unit = money(item?.['unitPrice']);
          const qty = num(obj(item?.['quantity'])?.['value']) ?? 1;
          return unit === null ? null : unit * qty;
        })();
      const coding = preferredCoding(item?.['productOrService']);
      if (net === null || !coding?.code) return;
      const period = obj(item?.['servicedPeriod']);
      charges.push({
        sequence: num(item?.['sequence']) ?? i + 1,
        serviceDate: fhirDate(item?.['servicedDate']) ?? fhirDate(period?.['start']),
        revenueCode: codings(item?.['revenue'])[0]?.code ?? null,
        codeSystem: systemName(coding.system),
        code: coding.code,
        modifiers: arr(item?.['modifier'])
          .flatMap((m) => codings(m).map((c) => c.code))
          .filter((c): c is string => c !== null),
        units: num(obj(item?.['quantity'])?.['value']) ?? 1,
        amount: Math.round(net * 100) / 100,
        description: coding.display ?? conceptText(item?.['productOrService']),
      });
    });
  }
  if (!patient) return null;
  return {
    kind: 'claim',
    value: {
      kind,
      patient,
      encounter,
      status: str(r['status']),
      payer,
      coverage,
      billableStart: fhirDateTime(obj(r['billablePeriod'])?.['start']),
      total,
      payment,
      charges,
    },
  };
}

/** Elements that name the patient a resource is about, for resources kept as source only. */
function sourceOnlyPatient(r: Json, rd: Reader): FhirRefUse | null {
  for (const element of ['subject', 'patient', 'beneficiary']) {
    const ref = obj(r[element])?.['reference'];
    if (typeof ref === 'string' && /^(Patient\/|urn:uuid:)/u.test(ref)) {
      const read = readRef(r[element], `${rd.base}.${element}`, 'Patient');
      return read.use;
    }
  }
  return null;
}

/**
 * Maps one FHIR R4 resource into the record model. Issues carry the FHIR path of the element at fault, under `base`
 * (e.g. `Bundle.entry[3].resource`). References are returned unresolved, for the importer to resolve against the
 * bundle and the store.
 */
export function mapFhirResource(resource: FhirResource, base: string): Result<FhirMappedResource> {
  const rd = new Reader(base);
  const r = resource as Json;
  let mapped: FhirMappedResource | null;
  switch (resource.resourceType) {
    case 'Patient':
      mapped = mapPatient(r, rd);
      break;
    case 'Practitioner':
      mapped = mapPractitioner(r, rd);
      break;
    case 'Organization':
      mapped = mapOrganization(r);
      break;
    case 'Encounter':
      mapped = mapEncounter(r, rd);
      break;
    case 'Condition':
      mapped = mapCode(r, rd, 'condition');
      break;
    case 'Procedure':
      mapped = mapCode(r, rd, 'procedure');
      break;
    case 'DocumentReference':
      mapped = mapDocument(r, rd);
      break;
    case 'Coverage':
      mapped = mapCoverage(r, rd);
      break;
    case 'Claim':
      mapped = mapClaim(r, rd, 'claim');
      break;
    case 'ExplanationOfBenefit':
      mapped = mapClaim(r, rd, 'eob');
      break;
    default:
      mapped = { kind: 'source-only', patient: sourceOnlyPatient(r, rd) };
  }
  if (rd.issues.length > 0 || !mapped) {
    return err(
      rd.issues.length > 0
        ? rd.issues
        : [{ path: base, code: 'invalid', message: `The ${resource.resourceType} could not be read` }],
    );
  }
  return ok(mapped);
}
