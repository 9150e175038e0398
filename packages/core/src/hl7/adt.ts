/**
 * Maps a parsed ADT message to a typed event. Segment and field meanings follow HL7 v2.5.1 chapter 3 (Patient
 * Administration): MSH (2.15.9), EVN (3.4.1), PID (3.4.2), PV1 (3.4.3), MRG (3.4.9); data types CX, XPN, XAD, XTN, PL
 * and XCN from chapter 2A. Which fields a trigger needs is listed in README.md, beside the field paths.
 */
import { err, ok, type Result } from '../result.js';
import { getSegments, hl7Issue, segmentValue as rawValue } from './parse.js';
import { hl7TimestampToIso } from './timestamp.js';
import { Hl7ErrorCode, type Hl7Issue, type Hl7Message, type Hl7Segment } from './types.js';

/** The ADT triggers Charta accepts and the event each one means (HL7 v2.5.1 chapter 3, section 3.3). */
export const ADT_TRIGGERS = {
  A01: 'admit',
  A02: 'transfer',
  A03: 'discharge',
  A04: 'register',
  A05: 'preadmit',
  A08: 'update',
  A11: 'cancel-admit',
  A13: 'cancel-discharge',
  A40: 'merge',
} as const;
export type AdtTrigger = keyof typeof ADT_TRIGGERS;
export type AdtEventKind = (typeof ADT_TRIGGERS)[AdtTrigger];

/** Administrative sex, HL7 table 0001. */
export type AdtSex = 'F' | 'M' | 'O' | 'U' | 'A' | 'N';
const SEXES: readonly string[] = ['F', 'M', 'O', 'U', 'A', 'N'];
/** Patient class, HL7 table 0004. */
const PATIENT_CLASSES: readonly string[] = ['E', 'I', 'O', 'P', 'R', 'B', 'C', 'N', 'U'];

/** A CX identifier: CX.1 id, CX.4.1 assigning authority, CX.5 identifier type (HL7 table 0203, e.g. MR). */
export interface AdtIdentifier {
  readonly id: string;
  readonly assigningAuthority?: string;
  readonly typeCode?: string;
  readonly assigningFacility?: string;
}

export interface AdtAddress {
  readonly street?: string;
  readonly otherDesignation?: string;
  readonly city?: string;
  readonly state?: string;
  readonly postalCode?: string;
  readonly country?: string;
  readonly type?: string;
}

export interface AdtPatient {
  readonly identifiers: readonly AdtIdentifier[];
  readonly family?: string;
  readonly given?: string;
  readonly middle?: string;
  readonly suffix?: string;
  readonly prefix?: string;
  /** ISO 8601 at the precision sent. */
  readonly birthDate?: string;
  readonly sex?: AdtSex;
  readonly address?: AdtAddress;
  readonly phone?: string;
  /** PID-18, the patient account number. */
  readonly accountNumber?: string;
  readonly deathDateTime?: string;
  readonly deathIndicator?: string;
}

/** A PL location: PL.1 point of care, PL.2 room, PL.3 bed, PL.4.1 facility. */
export interface AdtPatientLocation {
  readonly pointOfCare?: string;
  readonly room?: string;
  readonly bed?: string;
  readonly facility?: string;
}

/** An XCN person: XCN.1 id, XCN.2.1 family, XCN.3 given, XCN.9.1 assigning authority, XCN.13 identifier type. */
export interface AdtProvider {
  readonly id?: string;
  readonly family?: string;
  readonly given?: string;
  /** XCN.9.1, e.g. `NPI` or the sender's own namespace. */
  readonly assigningAuthority?: string;
  /** XCN.13 (HL7 table 0203), e.g. `NPI`. */
  readonly identifierType?: string;
}

/** One IN1 segment (HL7 v2.5.1 chapter 6, section 6.5.6). */
export interface AdtInsurance {
  /** IN1-1, set id. */
  readonly setId?: string;
  /** IN1-2.1, the health plan id. */
  readonly planId?: string;
  /** IN1-3.1, the insurance company id. */
  readonly companyId?: string;
  /** IN1-4.1, the insurance company name. */
  readonly companyName?: string;
  /** IN1-8, group number. */
  readonly groupNumber?: string;
  /** IN1-15, plan type. */
  readonly planType?: string;
  /** IN1-36, policy number. */
  readonly policyNumber?: string;
}

export interface AdtVisit {
  readonly visitNumber?: string;
  readonly patientClass?: string;
  readonly assignedLocation?: AdtPatientLocation;
  readonly priorLocation?: AdtPatientLocation;
  readonly attending?: AdtProvider;
  readonly hospitalService?: string;
  readonly admitSource?: string;
  /** PV1-4, admission type (user-defined table 0007). */
  readonly admissionType?: string;
  /** PV1-18, patient type (user-defined table 0018); many sites flag observation stays here. */
  readonly patientType?: string;
  /** PV1-20.1, financial class (user-defined table 0064). */
  readonly financialClass?: string;
  readonly dischargeDisposition?: string;
  readonly admitDateTime?: string;
  readonly dischargeDateTime?: string;
}

export interface AdtMerge {
  readonly priorIdentifiers: readonly AdtIdentifier[];
  readonly priorAccountNumber?: string;
  readonly priorVisitNumber?: string;
}

export interface AdtEvent {
  readonly kind: AdtEventKind;
  readonly trigger: AdtTrigger;
  readonly messageControlId: string;
  /** MSH-7 as ISO 8601. */
  readonly sentAt: string;
  readonly sendingApplication?: string;
  readonly sendingFacility?: string;
  readonly receivingApplication?: string;
  readonly receivingFacility?: string;
  readonly processingId?: string;
  readonly version?: string;
  /** EVN-6, when the event happened (ISO 8601). */
  readonly eventOccurredAt?: string;
  readonly patient: AdtPatient;
  readonly visit?: AdtVisit;
  readonly merge?: AdtMerge;
  /** IN1 segments in message order (absent when none was sent). */
  readonly insurance?: readonly AdtInsurance[];
}

/**
 * A value as the event carries it. HL7's explicit null `""` (v2.5.1 chapter 2, fields: "delete the value") is read as
 * absent here, since an event describes the current state; `getValue` still returns it as sent.
 */
function segmentValue(
  segment: Hl7Segment,
  field: number,
  repetition?: number,
  component?: number,
  subcomponent?: number,
): string | undefined {
  const v = rawValue(segment, field, repetition, component, subcomponent);
  return v === '""' ? undefined : v;
}

/** Drops undefined properties, so results satisfy `exactOptionalPropertyTypes` and compare cleanly. */
function compact<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

class Reader {
  readonly issues: Hl7Issue[] = [];
  constructor(readonly message: Hl7Message) {}

  segment(id: string): Hl7Segment | undefined {
    return getSegments(this.message, id)[0];
  }

  fail(s: Hl7Segment | string, field: number | undefined, code: Hl7ErrorCode, text: string): void {
    const id = typeof s === 'string' ? s : s.id;
    const at = typeof s === 'string' ? {} : { segmentIndex: s.index, sequence: 1 };
    this.issues.push(hl7Issue({ segment: id, ...at, ...(field === undefined ? {} : { field }) }, code, text));
  }

  required(s: Hl7Segment, field: number, name: string, component = 1): string | undefined {
    const v = segmentValue(s, field, 1, component);
    if (v === undefined)
      this.fail(s, field, Hl7ErrorCode.requiredFieldMissing, `${s.id}-${field} (${name}) is required`);
    return v;
  }

  timestamp(s: Hl7Segment, field: number, name: string): string | undefined {
    const raw = segmentValue(s, field);
    if (raw === undefined) return undefined;
    const iso = hl7TimestampToIso(raw);
    if (iso === undefined) {
      this.fail(s, field, Hl7ErrorCode.dataTypeError, `${s.id}-${field} (${name}) is not an HL7 date/time: ${raw}`);
    }
    return iso;
  }

  identifiers(s: Hl7Segment, field: number): AdtIdentifier[] {
    const out: AdtIdentifier[] = [];
    const reps = s.fields[field] ?? [];
    reps.forEach((_, r) => {
      const id = segmentValue(s, field, r + 1, 1);
      if (id === undefined) return;
      out.push(
        compact({
          id,
          assigningAuthority: segmentValue(s, field, r + 1, 4),
          typeCode: segmentValue(s, field, r + 1, 5),
          assigningFacility: segmentValue(s, field, r + 1, 6),
        }),
      );
    });
    return out;
  }

  location(s: Hl7Segment, field: number): AdtPatientLocation | undefined {
    const loc = compact({
      pointOfCare: segmentValue(s, field, 1, 1),
      room: segmentValue(s, field, 1, 2),
      bed: segmentValue(s, field, 1, 3),
      facility: segmentValue(s, field, 1, 4),
    });
    return Object.keys(loc).length === 0 ? undefined : loc;
  }
}

function phoneOf(pid: Hl7Segment): string | undefined {
  // XTN.1 is deprecated from v2.3 but still the most common; else area code (XTN.6) + local number (XTN.7).
  const legacy = segmentValue(pid, 13, 1, 1);
  if (legacy !== undefined) return legacy;
  const area = segmentValue(pid, 13, 1, 6);
  const local = segmentValue(pid, 13, 1, 7);
  return local === undefined ? undefined : `${area ?? ''}${local}`;
}

function readPatient(r: Reader, pid: Hl7Segment): AdtPatient {
  const identifiers = r.identifiers(pid, 3);
  if (identifiers.length === 0) {
    r.fail(pid, 3, Hl7ErrorCode.requiredFieldMissing, 'PID-3 (patient identifier list) is required');
  }
  r.required(pid, 5, 'patient name, family');
  const sex = segmentValue(pid, 8);
  if (sex !== undefined && !SEXES.includes(sex)) {
    r.fail(pid, 8, Hl7ErrorCode.tableValueNotFound, `PID-8 (administrative sex) is not in HL7 table 0001: ${sex}`);
  }
  const address = compact({
    street: segmentValue(pid, 11, 1, 1, 1),
    otherDesignation: segmentValue(pid, 11, 1, 2),
    city: segmentValue(pid, 11, 1, 3),
    state: segmentValue(pid, 11, 1, 4),
    postalCode: segmentValue(pid, 11, 1, 5),
    country: segmentValue(pid, 11, 1, 6),
    type: segmentValue(pid, 11, 1, 7),
  });
  return compact({
    identifiers,
    family: segmentValue(pid, 5, 1, 1, 1),
    given: segmentValue(pid, 5, 1, 2),
    middle: segmentValue(pid, 5, 1, 3),
    suffix: segmentValue(pid, 5, 1, 4),
    prefix: segmentValue(pid, 5, 1, 5),
    birthDate: r.timestamp(pid, 7, 'date/time of birth'),
    sex: sex !== undefined && SEXES.includes(sex) ? (sex as AdtSex) : undefined,
    address: Object.keys(address).length === 0 ? undefined : address,
    phone: phoneOf(pid),
    accountNumber: segmentValue(pid, 18),
    deathDateTime: r.timestamp(pid, 29, 'patient death date and time'),
    deathIndicator: segmentValue(pid, 30),
  });
}

function readVisit(r: Reader, pv1: Hl7Segment, trigger: AdtTrigger): AdtVisit {
  const patientClass = r.required(pv1, 2, 'patient class');
  if (patientClass !== undefined && !PATIENT_CLASSES.includes(patientClass)) {
    r.fail(pv1, 2, Hl7ErrorCode.tableValueNotFound, `PV1-2 (patient class) is not in HL7 table 0004: ${patientClass}`);
  }
  // An admission and a transfer place the patient somewhere (HL7 v2.5.1 sections 3.3.1 and 3.3.2).
  if (trigger === 'A01' || trigger === 'A02') r.required(pv1, 3, 'assigned patient location');
  // A discharge ends the visit, so it must say when (HL7 v2.5.1 section 3.3.3: PV1-45).
  if (trigger === 'A03') r.required(pv1, 45, 'discharge date/time');
  const attending = compact({
    id: segmentValue(pv1, 7, 1, 1),
    family: segmentValue(pv1, 7, 1, 2, 1),
    given: segmentValue(pv1, 7, 1, 3),
    assigningAuthority: segmentValue(pv1, 7, 1, 9),
    identifierType: segmentValue(pv1, 7, 1, 13),
  });
  return compact({
    visitNumber: segmentValue(pv1, 19),
    patientClass,
    assignedLocation: r.location(pv1, 3),
    priorLocation: r.location(pv1, 6),
    attending: Object.keys(attending).length === 0 ? undefined : attending,
    hospitalService: segmentValue(pv1, 10),
    admitSource: segmentValue(pv1, 14),
    admissionType: segmentValue(pv1, 4),
    patientType: segmentValue(pv1, 18),
    financialClass: segmentValue(pv1, 20),
    dischargeDisposition: segmentValue(pv1, 36),
    admitDateTime: r.timestamp(pv1, 44, 'admit date/time'),
    dischargeDateTime: r.timestamp(pv1, 45, 'discharge date/time'),
  });
}

function readInsurance(in1: Hl7Segment): AdtInsurance {
  return compact({
    setId: segmentValue(in1, 1),
    planId: segmentValue(in1, 2),
    companyId: segmentValue(in1, 3),
    companyName: segmentValue(in1, 4),
    groupNumber: segmentValue(in1, 8),
    planType: segmentValue(in1, 15),
    policyNumber: segmentValue(in1, 36),
  });
}

function isTrigger(s: string): s is AdtTrigger {
  return Object.hasOwn(ADT_TRIGGERS, s);
}

/**
 * Maps a parsed message to an `AdtEvent`, checking what the trigger needs. Every problem found is returned (not only
 * the first), each located and coded with HL7 table 0357, ready for `buildAck`. Never throws.
 */
export function mapAdtEvent(message: Hl7Message): Result<AdtEvent, Hl7Issue[]> {
  const r = new Reader(message);
  const msh = r.segment('MSH');
  if (!msh) return err([hl7Issue({ segment: 'MSH' }, Hl7ErrorCode.segmentSequenceError, 'MSH segment is missing')]);
  const type = r.required(msh, 9, 'message type');
  const evn = r.segment('EVN');
  const triggerText = segmentValue(msh, 9, 1, 2) ?? (evn ? segmentValue(evn, 1) : undefined);
  if (type !== undefined && type !== 'ADT' && type !== 'ACK') {
    r.fail(msh, 9, Hl7ErrorCode.unsupportedMessageType, `Message type ${type} is not supported; expected ADT`);
  } else if (type === 'ACK') {
    r.fail(msh, 9, Hl7ErrorCode.unsupportedMessageType, 'An ACK is not accepted as an ADT message');
  } else if (type !== undefined && (triggerText === undefined || !isTrigger(triggerText))) {
    r.fail(msh, 9, Hl7ErrorCode.unsupportedEventCode, `Trigger event ${triggerText ?? '(none)'} is not supported`);
  }
  const controlId = r.required(msh, 10, 'message control id');
  r.required(msh, 7, 'date/time of message');
  const sentAt = r.timestamp(msh, 7, 'date/time of message');
  const eventOccurredAt = evn ? r.timestamp(evn, 6, 'event occurred') : undefined;
  const processingId = segmentValue(msh, 11);
  if (processingId !== undefined && !['P', 'D', 'T'].includes(processingId)) {
    r.fail(msh, 11, Hl7ErrorCode.unsupportedProcessingId, `Processing id ${processingId} is not P, D or T`);
  }
  const version = segmentValue(msh, 12);
  if (version !== undefined && !/^2\.\d/.test(version)) {
    r.fail(msh, 12, Hl7ErrorCode.unsupportedVersionId, `Version ${version} is not an HL7 v2.x version`);
  }
  const trigger = triggerText !== undefined && isTrigger(triggerText) ? triggerText : undefined;

  const pid = r.segment('PID');
  if (!pid) r.fail('PID', undefined, Hl7ErrorCode.segmentSequenceError, 'PID segment is required');
  const patient = pid ? readPatient(r, pid) : undefined;

  const pv1 = r.segment('PV1');
  // PV1 is required in every structure here except ADT_A39 (used by A40), where it is optional (HL7 v2.5.1 ch. 3).
  if (!pv1 && trigger !== undefined && trigger !== 'A40') {
    r.fail('PV1', undefined, Hl7ErrorCode.segmentSequenceError, `PV1 segment is required for ${trigger}`);
  }
  const visit = pv1 && trigger ? readVisit(r, pv1, trigger) : undefined;

  const mrg = r.segment('MRG');
  let merge: AdtMerge | undefined;
  if (mrg) {
    const priorIdentifiers = r.identifiers(mrg, 1);
    if (priorIdentifiers.length === 0) {
      r.fail(mrg, 1, Hl7ErrorCode.requiredFieldMissing, 'MRG-1 (prior patient identifier list) is required');
    }
    merge = compact({
      priorIdentifiers,
      priorAccountNumber: segmentValue(mrg, 3),
      priorVisitNumber: segmentValue(mrg, 5),
    });
  } else if (trigger === 'A40') {
    r.fail('MRG', undefined, Hl7ErrorCode.segmentSequenceError, 'MRG segment is required for A40 (merge)');
  }

  const insurance = getSegments(message, 'IN1')
    .map(readInsurance)
    .filter((i) => Object.keys(i).length > 0);

  if (r.issues.length > 0 || !trigger || controlId === undefined || sentAt === undefined || !patient) {
    return err(r.issues);
  }
  return ok(
    compact({
      kind: ADT_TRIGGERS[trigger],
      trigger,
      messageControlId: controlId,
      sentAt,
      sendingApplication: segmentValue(msh, 3),
      sendingFacility: segmentValue(msh, 4),
      receivingApplication: segmentValue(msh, 5),
      receivingFacility: segmentValue(msh, 6),
      processingId,
      version,
      eventOccurredAt,
      patient,
      visit,
      merge,
      insurance: insurance.length === 0 ? undefined : insurance,
    }),
  );
}
