/**
 * The synthetic demo data set: patients of a made-up health system with encounters across care settings, their
 * diagnoses, procedures, clinical notes, coverage and claims, as FHIR R4 transaction bundles (one per patient, each
 * carrying the organisations and practitioners it refers to, so a bundle imports on its own).
 *
 * Everything is drawn from a seeded generator and dated relative to the `now` passed in: the same seed and `now`
 * give the same bundles byte for byte. The set is shaped for the HIM work queues: discharges spread over the past
 * 45 days (DNFB aging), some stays still in house, some discharge summaries missing or unsigned and some operative
 * reports unauthenticated (record completion, 42 CFR 482.24(c)(4)(viii), 482.51(b)(6)), and a few patients registered
 * twice with a nickname, a typo or a transposed birth date (master patient index).
 */
import {
  AUTHENTICATED_AT_EXTENSION,
  SYSTEM,
  accountSystem,
  base64Text,
  concept,
  mrnSystem,
  refTo,
  transactionBundle,
  type CodeableConcept,
  type FhirBundle,
  type FhirResource,
} from './fhir.js';
import {
  NOTE_LOINC,
  NoteKind,
  consultation,
  dischargeSummary,
  emergencyNote,
  historyAndPhysical,
  officeVisit,
  operativeReport,
  progressNote,
  type NoteContext,
  type NoteParty,
} from './notes.js';
import {
  FAMILY,
  FEMALE_GIVEN,
  MALE_GIVEN,
  NICKNAMES,
  syntheticAddress,
  syntheticNpi,
  syntheticPhone,
  type SyntheticAddress,
} from './people.js';
import { SeededRandom } from './random.js';
import {
  Disposition,
  SCENARIOS,
  Setting,
  Specialty,
  type DiagnosisSpec,
  type ProcedureSpec,
  type Scenario,
} from './scenarios.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface DemoDataOptions {
  /** Seed of the generator: the same seed and `now` give the same data. */
  readonly seed: number;
  /** The present moment of the data set: discharges fall in the 45 days before it, none after. */
  readonly now: Date;
  /** How many distinct people (near-duplicate registrations come on top). */
  readonly patients: number;
  /** Share of people registered a second time with an error (default 0.04). */
  readonly duplicateRate?: number;
  /**
   * Earlier hospital stays, discharged in the 180 days up to `until` (a date some weeks before `now`), for the
   * history that case-mix reports look back on; the loader codes and finalises them.
   */
  readonly history?: { readonly until: Date; readonly patients: number };
}

/** A second registration of the same person and what was wrong with it. */
export interface DemoDuplicate {
  readonly originalPatientId: string;
  readonly duplicatePatientId: string;
  readonly kind: 'nickname' | 'typo' | 'transposed-birth-date';
}

export interface DemoDataStats {
  readonly patients: number;
  readonly resources: number;
  readonly resourcesByType: Readonly<Record<string, number>>;
  readonly encountersBySetting: Readonly<Record<string, number>>;
  readonly inHouse: number;
  readonly missingDischargeSummaries: number;
  readonly unsignedDischargeSummaries: number;
  readonly unsignedOperativeReports: number;
  readonly unbilledDischarges: number;
}

export interface DemoData {
  readonly bundles: readonly FhirBundle[];
  readonly duplicates: readonly DemoDuplicate[];
  readonly stats: DemoDataStats;
}

interface Facility {
  readonly code: string;
  readonly name: string;
  readonly kind: 'hospital' | 'clinic' | 'surgery' | 'snf' | 'behavioral';
  readonly mrnPrefix: string;
  readonly resource: FhirResource;
}

interface Clinician {
  readonly specialty: Specialty;
  readonly party: NoteParty;
  readonly resource: FhirResource;
}

interface Payer {
  readonly kind: 'medicare' | 'medicaid' | 'commercial' | 'self';
  readonly name: string;
  readonly plan: string;
  readonly resource: FhirResource | undefined;
  readonly typology: readonly [code: string, display: string];
}

/** Demographics of one person, also used on its own for bulk benchmark rows. */
export interface DemoPerson {
  readonly id: string;
  readonly given: string;
  readonly middle: string | undefined;
  readonly family: string;
  readonly sex: 'female' | 'male';
  readonly birthDate: string;
  readonly address: SyntheticAddress;
  readonly phone: string;
}

const FACILITY_SPECS = [
  { code: 'RCH', name: 'Riverside Community Hospital', kind: 'hospital', mrnPrefix: 'R' },
  { code: 'RNC', name: 'Riverside North Campus', kind: 'hospital', mrnPrefix: 'N' },
  { code: 'RPC', name: 'Riverside Primary Care Clinic', kind: 'clinic', mrnPrefix: 'C' },
  { code: 'RSC', name: 'Riverside Surgery and Endoscopy Center', kind: 'surgery', mrnPrefix: 'A' },
  { code: 'RSN', name: 'Riverside Skilled Nursing and Rehabilitation', kind: 'snf', mrnPrefix: 'S' },
  { code: 'RBH', name: 'Riverside Behavioral Health Pavilion', kind: 'behavioral', mrnPrefix: 'B' },
] as const;

/** How many clinicians of each specialty the demo medical staff has. */
const STAFF: Readonly<Record<Specialty, number>> = {
  'Hospital Medicine': 6,
  'Internal Medicine': 3,
  'Family Medicine': 4,
  Cardiology: 2,
  'Pulmonary Disease': 2,
  'Infectious Disease': 2,
  'Orthopedic Surgery': 3,
  'General Surgery': 3,
  Podiatry: 1,
  Pediatrics: 3,
  'Obstetrics and Gynecology': 3,
  Neurology: 2,
  Gastroenterology: 2,
  'Emergency Medicine': 5,
  Psychiatry: 3,
  Ophthalmology: 2,
  'Physical Medicine and Rehabilitation': 2,
  Nephrology: 1,
};

const SETTING_CLASS: Readonly<Record<Setting, { readonly code: string; readonly display: string }>> = {
  inpatient: { code: 'IMP', display: 'inpatient encounter' },
  emergency: { code: 'EMER', display: 'emergency' },
  observation: { code: 'OBSENC', display: 'observation encounter' },
  outpatient: { code: 'AMB', display: 'ambulatory' },
  skilled_nursing: { code: 'NONAC', display: 'inpatient non-acute' },
  behavioral_health: { code: 'IMP', display: 'inpatient encounter' },
};

const SETTING_LABEL: Readonly<Record<Setting, string>> = {
  inpatient: 'Inpatient admission',
  emergency: 'Emergency department visit',
  observation: 'Observation stay',
  outpatient: 'Outpatient visit',
  skilled_nursing: 'Skilled nursing stay',
  behavioral_health: 'Behavioral health admission',
};

/** Settings whose stays span days, get a discharge summary and can still be in house. */
const STAY_SETTINGS: ReadonlySet<Setting> = new Set([
  Setting.inpatient,
  Setting.observation,
  Setting.skilledNursing,
  Setting.behavioralHealth,
]);

const iso = (d: Date) => d.toISOString();
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

class Builder {
  readonly rng: SeededRandom;
  readonly now: Date;
  readonly facilities: Facility[];
  readonly clinicians: Clinician[];
  readonly payers: Payer[];
  readonly usedMrns = new Set<string>();
  readonly stats = {
    inHouse: 0,
    missingDischargeSummaries: 0,
    unsignedDischargeSummaries: 0,
    unsignedOperativeReports: 0,
    unbilledDischarges: 0,
  };

  constructor(seed: number, now: Date) {
    this.rng = new SeededRandom(seed);
    this.now = now;
    const staffRng = this.rng.fork('staff');
    this.facilities = FACILITY_SPECS.map((f) => ({
      ...f,
      resource: {
        resourceType: 'Organization',
        id: staffRng.uuid(),
        identifier: [{ system: SYSTEM.npi, value: syntheticNpi(staffRng, 'organization') }],
        active: true,
        type: [concept(SYSTEM.organizationType, 'prov', 'Healthcare Provider')],
        name: f.name,
        address: [{ ...toFhirAddress(syntheticAddress(staffRng)) }],
        telecom: [{ system: 'phone', value: syntheticPhone(staffRng), use: 'work' }],
      },
    }));
    this.clinicians = [];
    for (const [specialty, count] of Object.entries(STAFF) as [Specialty, number][]) {
      for (let i = 0; i < count; i++) {
        const sex = staffRng.chance(0.5) ? 'female' : 'male';
        const given = staffRng.pick(sex === 'female' ? FEMALE_GIVEN : MALE_GIVEN);
        const family = staffRng.pick(FAMILY);
        const credentials = specialty === Specialty.podiatry ? 'DPM' : staffRng.chance(0.2) ? 'DO' : 'MD';
        const resource: FhirResource = {
          resourceType: 'Practitioner',
          id: staffRng.uuid(),
          identifier: [{ system: SYSTEM.npi, value: syntheticNpi(staffRng, 'individual') }],
          active: true,
          name: [
            {
              use: 'official',
              family,
              given: [given],
              suffix: [credentials],
              text: `${given} ${family}, ${credentials}`,
            },
          ],
          gender: sex,
          qualification: [
            { code: { text: credentials } },
            { code: concept(SYSTEM.specialty, specialty.toLowerCase().replace(/ /gu, '-'), specialty, specialty) },
          ],
        };
        this.clinicians.push({ specialty, party: { name: `${given} ${family}`, credentials }, resource });
      }
    }
    const payer = (kind: Payer['kind'], name: string, plan: string, typology: readonly [string, string]): Payer => ({
      kind,
      name,
      plan,
      typology,
      resource:
        kind === 'self'
          ? undefined
          : {
              resourceType: 'Organization',
              id: staffRng.uuid(),
              active: true,
              type: [concept(SYSTEM.organizationType, 'pay', 'Payer')],
              name,
            },
    });
    this.payers = [
      payer('medicare', 'Medicare', 'Medicare Part A and B', ['1', 'MEDICARE']),
      payer('medicaid', 'State Medicaid Program', 'Medicaid managed care', ['2', 'MEDICAID']),
      payer('commercial', 'Harborlight Health Plan', 'Harborlight PPO', ['5', 'PRIVATE HEALTH INSURANCE']),
      payer('commercial', 'Meridale Mutual Insurance', 'Meridale HMO Select', ['5', 'PRIVATE HEALTH INSURANCE']),
      payer('commercial', 'Tallowind Care Plans', 'Tallowind Senior PPO', ['5', 'PRIVATE HEALTH INSURANCE']),
      payer('self', 'Self-pay', 'Self-pay', ['81', 'Self-pay']),
    ];
  }

  facility(code: string): Facility {
    const f = this.facilities.find((x) => x.code === code);
    if (!f) throw new Error(`unknown facility ${code}`);
    return f;
  }

  clinician(rng: SeededRandom, specialty: Specialty): Clinician {
    return rng.pick(this.clinicians.filter((c) => c.specialty === specialty));
  }

  /** The facility an encounter of the scenario takes place at. */
  facilityFor(rng: SeededRandom, scenario: Scenario): Facility {
    switch (scenario.setting) {
      case Setting.skilledNursing:
        return this.facility('RSN');
      case Setting.behavioralHealth:
        return this.facility('RBH');
      case Setting.outpatient:
        return this.facility(scenario.surgeon ? 'RSC' : 'RPC');
      case Setting.inpatient:
      case Setting.emergency:
      case Setting.observation:
        return this.facility(rng.chance(0.7) ? 'RCH' : 'RNC');
    }
  }

  payerFor(rng: SeededRandom, age: number): Payer {
    const [medicare, medicaid, harborlight, meridale, tallowind, self] = this.payers as [
      Payer,
      Payer,
      Payer,
      Payer,
      Payer,
      Payer,
    ];
    if (age >= 65)
      return rng.weighted([
        [medicare, 80],
        [tallowind, 12],
        [self, 3],
        [meridale, 5],
      ]);
    return rng.weighted([
      [harborlight, 32],
      [meridale, 28],
      [medicaid, 28],
      [self, 12],
    ]);
  }
}

function toFhirAddress(a: SyntheticAddress) {
  return { use: 'home', line: [a.line], city: a.city, state: a.state, postalCode: a.postalCode, country: 'US' };
}

/** A scenario drawn by weight. */
function pickScenario(rng: SeededRandom): Scenario {
  return rng.weighted(SCENARIOS.map((s) => [s, s.weight] as const));
}

/** Demographics of one invented person of the given age (in whole years, at `now`) and sex. */
export function generatePerson(rng: SeededRandom, now: Date, age: number, sex: 'female' | 'male'): DemoPerson {
  const givenList = sex === 'female' ? FEMALE_GIVEN : MALE_GIVEN;
  const birth = new Date(now.getTime() - age * 365.25 * DAY - rng.int(0, 364) * DAY);
  return {
    id: rng.uuid(),
    given: rng.pick(givenList),
    middle: rng.chance(0.6) ? rng.pick(givenList) : undefined,
    family: rng.pick(FAMILY),
    sex,
    birthDate: isoDay(birth),
    address: syntheticAddress(rng),
    phone: syntheticPhone(rng),
  };
}

/**
 * People for bulk loading (benchmarks): demographics and one MRN each (unique, sequential), without encounters.
 */
export function generateDemoPeople(
  seed: number,
  now: Date,
  count: number,
): { person: DemoPerson; mrn: string; facility: string }[] {
  const rng = new SeededRandom(seed);
  const out: { person: DemoPerson; mrn: string; facility: string }[] = [];
  for (let i = 0; i < count; i++) {
    const person = generatePerson(rng, now, rng.int(0, 95), rng.chance(0.52) ? 'female' : 'male');
    const f = FACILITY_SPECS[i % 3] ?? FACILITY_SPECS[0];
    out.push({ person, mrn: `${f.mrnPrefix}${String(1_000_000 + i).padStart(8, '0')}`, facility: f.code });
  }
  return out;
}

function ageAt(birthDate: string, at: Date): number {
  const b = new Date(`${birthDate}T00:00:00Z`);
  let age = at.getUTCFullYear() - b.getUTCFullYear();
  const m = at.getUTCMonth() - b.getUTCMonth();
  if (m < 0 || (m === 0 && at.getUTCDate() < b.getUTCDate())) age--;
  return Math.max(0, age);
}

/** One encounter's timing: when it began and ended (undefined while in house). */
interface Timing {
  readonly admitAt: Date;
  readonly dischargeAt: Date | undefined;
  readonly lengthOfStay: number;
}

function drawTiming(rng: SeededRandom, scenario: Scenario, now: Date, startAfter?: Date): Timing {
  const los = rng.int(scenario.stay[0], scenario.stay[1]);
  if (startAfter) {
    // A stay that follows another one (a transfer to skilled nursing): it begins at the first one's discharge.
    const dischargeAt = new Date(startAfter.getTime() + los * DAY + rng.int(-3, 3) * HOUR);
    return {
      admitAt: startAfter,
      dischargeAt: dischargeAt.getTime() < now.getTime() ? dischargeAt : undefined,
      lengthOfStay: los,
    };
  }
  if (STAY_SETTINGS.has(scenario.setting) && rng.chance(0.12)) {
    // Still in house: admitted recently enough that the stay has not ended.
    const daysAgo = rng.int(0, Math.max(0, Math.min(los, 6) - 1));
    const admitAt = new Date(now.getTime() - daysAgo * DAY - rng.int(1, 20) * HOUR);
    return { admitAt, dischargeAt: undefined, lengthOfStay: los };
  }
  // Discharged within the past 45 days, a little denser towards the present.
  const daysAgo = Math.floor(45 * rng.next() ** 1.3);
  const dischargeAt = new Date(now.getTime() - daysAgo * DAY - rng.int(1, 10) * HOUR);
  if (los === 0) {
    const admitAt = new Date(dischargeAt.getTime() - rng.int(1, 6) * HOUR);
    return { admitAt, dischargeAt, lengthOfStay: 0 };
  }
  const admitAt = new Date(dischargeAt.getTime() - los * DAY - rng.int(0, 8) * HOUR);
  return { admitAt, dischargeAt, lengthOfStay: los };
}

/** Vital signs in the normal range for the age (newborns and children breathe and beat faster). */
function vitals(rng: SeededRandom, age: number) {
  const temp = (36.4 + rng.int(0, 10) / 10).toFixed(1);
  if (age === 0)
    return {
      temp,
      pulse: rng.int(120, 158),
      bp: `${rng.int(62, 78)}/${rng.int(36, 48)}`,
      resp: rng.int(34, 54),
      spo2: rng.int(96, 100),
    };
  if (age < 12)
    return {
      temp,
      pulse: rng.int(72, 108),
      bp: `${rng.int(96, 112)}/${rng.int(56, 72)}`,
      resp: rng.int(18, 26),
      spo2: rng.int(96, 100),
    };
  return {
    temp,
    pulse: rng.int(62, 98),
    bp: `${rng.int(108, 150)}/${rng.int(62, 90)}`,
    resp: rng.int(14, 20),
    spo2: rng.int(93, 99),
  };
}

interface ClaimLine {
  readonly revenue: string;
  readonly text: string;
  /** The service's own code for CPT/HCPCS lines; other lines are known by their revenue code. */
  readonly service: { readonly system: string; readonly code: string; readonly display: string } | undefined;
  readonly units: number;
  readonly amount: number;
}

/**
 * Claim lines summing exactly to the total: revenue-code lines for room, ancillaries and supplies (NUBC UB-04
 * FL 42), and one line per CPT/HCPCS service with the revenue code of the department that billed it.
 */
function claimLines(
  rng: SeededRandom,
  scenario: Scenario,
  total: number,
  days: number,
  procedures: readonly ProcedureSpec[],
): ClaimLine[] {
  const surgical = procedures.some((x) => x.operative);
  const lines: { revenue: string; text: string; weight: number; service?: ProcedureSpec }[] = [];
  const room: Partial<Record<Setting, [string, string, number]>> = {
    inpatient: ['0120', 'Room and board, semi-private', 4],
    skilled_nursing: ['0120', 'Room and board, semi-private', 4],
    behavioral_health: ['0124', 'Room and board, semi-private, psychiatric', 5],
  };
  const r = room[scenario.setting];
  if (r) lines.push({ revenue: r[0], text: r[1], weight: r[2] });
  for (const x of procedures.filter((y) => y.system !== 'ICD-10-PCS')) {
    const revenue = x.code.startsWith('J')
      ? ['0636', 'Drugs requiring detailed coding']
      : x.code === 'G0378'
        ? ['0762', 'Observation room']
        : x.code.startsWith('G')
          ? ['0771', 'Vaccine administration']
          : scenario.setting === Setting.emergency
            ? ['0450', 'Emergency room']
            : x.operative
              ? ['0490', 'Ambulatory surgical care']
              : scenario.setting === Setting.observation
                ? ['0482', 'Cardiology stress test']
                : ['0510', 'Clinic'];
    lines.push({ revenue: revenue[0] ?? '', text: revenue[1] ?? '', weight: x.operative ? 6 : 3, service: x });
  }
  if (surgical && scenario.setting !== Setting.outpatient)
    lines.push({ revenue: '0360', text: 'Operating room services', weight: 4 });
  if (scenario.setting !== Setting.outpatient || surgical) lines.push({ revenue: '0250', text: 'Pharmacy', weight: 2 });
  if (scenario.setting !== Setting.skilledNursing && scenario.setting !== Setting.outpatient)
    lines.push(
      { revenue: '0300', text: 'Laboratory', weight: 2 },
      { revenue: '0320', text: 'Diagnostic radiology', weight: 1 },
    );
  const weights = lines.map((l) => l.weight * (0.7 + rng.next() * 0.6));
  const sum = weights.reduce((a, b) => a + b, 0);
  let allotted = 0;
  return lines.map((l, i) => {
    const amount =
      i === lines.length - 1
        ? Math.round((total - allotted) * 100) / 100
        : Math.round(((total * (weights[i] ?? 0)) / sum) * 100) / 100;
    allotted += amount;
    return {
      revenue: l.revenue,
      text: l.service?.display ?? l.text,
      service: l.service
        ? { system: procedureSystem(l.service), code: l.service.code, display: l.service.display }
        : undefined,
      units: l.service ? (l.service.units ?? 1) : l.revenue.startsWith('01') ? Math.max(1, days) : 1,
      amount,
    };
  });
}

interface PatientRecord {
  readonly person: DemoPerson;
  /** MRN per facility code, filled in as encounters take place at facilities. */
  readonly mrns: Map<string, string>;
}

class PatientBundleBuilder {
  readonly resources: FhirResource[] = [];
  readonly referenced = new Map<string, FhirResource>();

  constructor(
    readonly b: Builder,
    readonly rng: SeededRandom,
    readonly patient: PatientRecord,
  ) {}

  use(resource: FhirResource): FhirResource {
    this.referenced.set(resource.id, resource);
    return resource;
  }

  mrn(facility: Facility): string {
    let mrn = this.patient.mrns.get(facility.code);
    if (!mrn) {
      // Unique within the facility, as an MPI assigns them: draw again on the rare collision.
      do {
        mrn = `${facility.mrnPrefix}${this.rng.digits(8)}`;
      } while (this.b.usedMrns.has(mrn));
      this.b.usedMrns.add(mrn);
      this.patient.mrns.set(facility.code, mrn);
    }
    return mrn;
  }

  coverage(payer: Payer, start: string): FhirResource {
    const patientRef = { reference: `urn:uuid:${this.patient.person.id}` };
    const memberId =
      payer.kind === 'medicare'
        ? `${this.rng.int(1, 9)}${this.rng.pick([...'ACDEFGHJKMNPQRTUVWXY'])}${this.rng.digits(1)}${this.rng.int(0, 9)}${this.rng.pick([...'ACDEFGHJKMNPQRTUVWXY'])}${this.rng.digits(1)}${this.rng.int(0, 9)}${this.rng.pick([...'ACDEFGHJKMNPQRTUVWXY'])}${this.rng.pick([...'ACDEFGHJKMNPQRTUVWXY'])}${this.rng.digits(2)}`
        : payer.kind === 'medicaid'
          ? `MC${this.rng.digits(9)}`
          : payer.kind === 'commercial'
            ? `${payer.name.slice(0, 3).toUpperCase()}${this.rng.digits(9)}`
            : undefined;
    // Self-pay names no organisation: a display-only reference (the patient as payor would be a Patient reference).
    const payor = payer.resource ? refTo(this.use(payer.resource), payer.name) : { display: 'Self-pay' };
    const resource: FhirResource = {
      resourceType: 'Coverage',
      id: this.rng.uuid(),
      status: 'active',
      type:
        payer.kind === 'self'
          ? concept(SYSTEM.coverageSelfPay, 'pay', 'PAY', 'Self-pay')
          : concept(SYSTEM.paymentTypology, payer.typology[0], payer.typology[1], payer.plan),
      ...(memberId
        ? {
            subscriberId: memberId,
            identifier: [{ type: concept(SYSTEM.identifierType, 'MB', 'Member Number'), value: memberId }],
          }
        : {}),
      beneficiary: patientRef,
      relationship: concept(SYSTEM.subscriberRelationship, 'self', 'Self'),
      period: { start },
      payor: [payor],
      class: [
        {
          type: concept(SYSTEM.coverageClass, 'plan', 'Plan'),
          value: payer.plan.replace(/\W+/gu, '-').toUpperCase(),
          name: payer.plan,
        },
      ],
    };
    this.resources.push(resource);
    return resource;
  }

  encounter(
    scenario: Scenario,
    timing: Timing,
    coverage: FhirResource,
    payer: Payer,
    forcedFacility?: Facility,
  ): Disposition | undefined {
    const rng = this.rng;
    const b = this.b;
    const facility = forcedFacility ?? b.facilityFor(rng, scenario);
    const mrn = this.mrn(facility);
    const p = this.patient;
    const age = ageAt(p.person.birthDate, timing.admitAt);
    const attending = b.clinician(rng, scenario.attending);
    const consultant = scenario.consultant && rng.chance(0.8) ? b.clinician(rng, scenario.consultant) : undefined;
    const surgeon = scenario.surgeon ? b.clinician(rng, scenario.surgeon) : undefined;
    const discharged = timing.dischargeAt !== undefined;
    const disposition = discharged ? rng.weighted(scenario.dispositions) : undefined;
    const facilityRef = refTo(this.use(facility.resource), facility.name);

    const encounterId = rng.uuid();
    const encounterRef = { reference: `urn:uuid:${encounterId}` };
    const patientRef = { reference: `urn:uuid:${p.person.id}` };

    const diagnoses = scenario.diagnoses.filter((d) => d.chance === undefined || rng.chance(d.chance));
    const end = timing.dischargeAt ?? this.b.now;
    const procedures = scenario.procedures
      .filter((x) => x.chance === undefined || rng.chance(x.chance))
      .map((x) => {
        const at = new Date(
          Math.min(timing.admitAt.getTime() + x.day * DAY + rng.int(1, 6) * HOUR, end.getTime() - HOUR),
        );
        return { ...x, performedAt: at < timing.admitAt ? timing.admitAt : at };
      })
      .filter((x) => x.performedAt.getTime() <= this.b.now.getTime());

    const conditions = diagnoses.map((d, i) => this.condition(d, i, patientRef, encounterRef, timing, attending));
    const participants = [
      {
        type: [concept(SYSTEM.participationType, 'ATND', 'attender')],
        individual: refTo(this.use(attending.resource)),
      },
      ...(STAY_SETTINGS.has(scenario.setting)
        ? [
            {
              type: [concept(SYSTEM.participationType, 'ADM', 'admitter')],
              individual: refTo(this.use(attending.resource)),
            },
          ]
        : []),
      ...(consultant
        ? [
            {
              type: [concept(SYSTEM.participationType, 'CON', 'consultant')],
              individual: refTo(this.use(consultant.resource)),
            },
          ]
        : []),
      ...(surgeon && procedures.some((x) => x.operative)
        ? [
            {
              type: [{ ...concept(SYSTEM.participationType, 'PPRF', 'primary performer'), text: 'surgeon' }],
              individual: refTo(this.use(surgeon.resource)),
            },
          ]
        : []),
    ];
    const accountNumber = `${facility.mrnPrefix}A${rng.digits(9)}`;
    const encounter: FhirResource = {
      resourceType: 'Encounter',
      id: encounterId,
      ...(scenario.sensitivity ? { meta: { security: [{ system: SYSTEM.actCode, code: scenario.sensitivity }] } } : {}),
      identifier: [
        {
          use: 'official',
          type: concept(SYSTEM.identifierType, 'AN', 'Account number'),
          system: accountSystem(facility.code),
          value: accountNumber,
        },
      ],
      status: discharged ? 'finished' : 'in-progress',
      class: {
        system: SYSTEM.actCode,
        code: SETTING_CLASS[scenario.setting].code,
        display: SETTING_CLASS[scenario.setting].display,
      },
      type: [
        concept(
          SYSTEM.encounterSetting,
          scenario.setting,
          SETTING_LABEL[scenario.setting],
          SETTING_LABEL[scenario.setting],
        ),
      ],
      serviceType: concept(SYSTEM.service, scenario.service.code, scenario.service.display, scenario.service.display),
      // UB-04 FL 14 first (the record model keeps UB-04 values), the v3 ActPriority code beside it.
      priority: {
        coding: [
          { system: SYSTEM.nubcAdmitType, code: scenario.admitType.nubc, display: scenario.admitType.text },
          { system: SYSTEM.actPriority, code: scenario.admitType.v3 },
        ],
        text: scenario.admitType.text,
      },
      subject: patientRef,
      participant: participants,
      period: { start: iso(timing.admitAt), ...(timing.dischargeAt ? { end: iso(timing.dischargeAt) } : {}) },
      reasonCode: [{ text: scenario.story.complaint }],
      diagnosis: conditions.map((c, i) => ({
        condition: refTo(c),
        use: concept(SYSTEM.diagnosisRole, i === 0 ? 'DD' : 'billing', i === 0 ? 'Discharge diagnosis' : 'Billing'),
        rank: i + 1,
      })),
      ...(STAY_SETTINGS.has(scenario.setting)
        ? {
            hospitalization: {
              admitSource: {
                coding: [
                  { system: SYSTEM.nubcPointOfOrigin, code: scenario.origin.nubc, display: scenario.origin.text },
                  { system: SYSTEM.admitSource, code: scenario.origin.fhir },
                ],
                text: scenario.origin.text,
              },
              ...(disposition
                ? {
                    dischargeDisposition: {
                      coding: [
                        { system: SYSTEM.dischargeDisposition, code: disposition.fhir },
                        { system: SYSTEM.nubcDischargeStatus, code: disposition.nubc, display: disposition.text },
                      ],
                      text: disposition.text,
                    },
                  }
                : {}),
            },
          }
        : disposition
          ? {
              hospitalization: {
                dischargeDisposition: {
                  coding: [
                    { system: SYSTEM.dischargeDisposition, code: disposition.fhir },
                    { system: SYSTEM.nubcDischargeStatus, code: disposition.nubc, display: disposition.text },
                  ],
                  text: disposition.text,
                },
              },
            }
          : {}),
      serviceProvider: facilityRef,
    };
    this.resources.push(encounter);
    this.resources.push(...conditions);

    for (const x of procedures) {
      const performer = x.operative && surgeon ? surgeon : attending;
      const r: FhirResource = {
        resourceType: 'Procedure',
        id: rng.uuid(),
        status: 'completed',
        code: {
          coding: [{ system: procedureSystem(x), code: x.code, display: x.display }],
          text: x.term,
        },
        subject: patientRef,
        encounter: encounterRef,
        performedDateTime: iso(x.performedAt),
        performer: [{ actor: refTo(this.use(performer.resource)) }],
        ...(x.units ? { note: [{ text: `units: ${x.units}` }] } : {}),
      };
      this.resources.push(r);
    }

    // Notes.
    const ctx: NoteContext = {
      scenario,
      facility: facility.name,
      patientName: `${p.person.family}, ${p.person.given}`,
      mrn,
      birthDate: p.person.birthDate,
      ageYears: age,
      sex: p.person.sex,
      admitAt: timing.admitAt,
      dischargeAt: timing.dischargeAt,
      lengthOfStay: timing.lengthOfStay,
      attending: attending.party,
      consultant: consultant?.party,
      surgeon: surgeon?.party,
      diagnoses,
      procedures,
      disposition,
      vitals: vitals(rng, age),
    };
    const notes: { kind: NoteKind; at: Date; text: string; author: Clinician }[] = [];
    const hours = (h: number) => new Date(timing.admitAt.getTime() + h * HOUR);
    if (scenario.setting === Setting.emergency) {
      notes.push({
        kind: NoteKind.emergency,
        at: new Date(end.getTime() - rng.int(0, 30) * 60_000),
        text: emergencyNote(ctx, timing.admitAt),
        author: attending,
      });
    } else if (scenario.setting === Setting.outpatient) {
      notes.push({
        kind: NoteKind.officeVisit,
        at: hours(rng.int(0, 1)),
        text: officeVisit(ctx, timing.admitAt),
        author: attending,
      });
    } else {
      notes.push({
        kind: NoteKind.historyAndPhysical,
        at: hours(rng.int(2, 14)),
        text: historyAndPhysical(ctx, timing.admitAt),
        author: attending,
      });
      const lastDay = timing.dischargeAt
        ? timing.lengthOfStay - 1
        : Math.floor((this.b.now.getTime() - timing.admitAt.getTime()) / DAY);
      for (let d = 1; d <= Math.min(lastDay, 3); d++) {
        const at = new Date(timing.admitAt.getTime() + d * DAY + rng.int(1, 5) * HOUR);
        notes.push({ kind: NoteKind.progress, at, text: progressNote(ctx, at, d, attending.party), author: attending });
      }
      if (consultant) {
        const at = hours(rng.int(6, 30));
        notes.push({ kind: NoteKind.consultation, at, text: consultation(ctx, at), author: consultant });
      }
    }
    for (const x of procedures.filter((y) => y.operative)) {
      notes.push({
        kind: NoteKind.operative,
        at: new Date(x.performedAt.getTime() + rng.int(1, 3) * HOUR),
        text: operativeReport(ctx, x),
        author: surgeon ?? attending,
      });
    }
    let summaryMissing = false;
    let summaryUnsigned = false;
    let opUnsigned = false;
    if (STAY_SETTINGS.has(scenario.setting) && timing.dischargeAt) {
      const at = new Date(timing.dischargeAt.getTime() + rng.int(1, 60) * HOUR);
      if (rng.chance(0.08) || at.getTime() > this.b.now.getTime()) {
        summaryMissing = true;
        this.b.stats.missingDischargeSummaries++;
      } else {
        notes.push({ kind: NoteKind.dischargeSummary, at, text: dischargeSummary(ctx, at), author: attending });
      }
    }
    for (const note of notes.filter((n) => n.at.getTime() <= this.b.now.getTime())) {
      const unsignedChance =
        note.kind === NoteKind.operative
          ? 0.12
          : note.kind === NoteKind.dischargeSummary
            ? 0.08
            : note.kind === NoteKind.progress
              ? 0.05
              : 0.03;
      const signedAt = new Date(note.at.getTime() + rng.int(0, 36) * HOUR);
      const signed = !rng.chance(unsignedChance) && signedAt.getTime() <= this.b.now.getTime();
      if (!signed && note.kind === NoteKind.operative) {
        opUnsigned = true;
        this.b.stats.unsignedOperativeReports++;
      }
      if (!signed && note.kind === NoteKind.dischargeSummary) {
        summaryUnsigned = true;
        this.b.stats.unsignedDischargeSummaries++;
      }
      const loinc = NOTE_LOINC[note.kind];
      const title = note.text.slice(0, note.text.indexOf('\n'));
      this.resources.push({
        resourceType: 'DocumentReference',
        id: rng.uuid(),
        ...(scenario.sensitivity
          ? { meta: { security: [{ system: SYSTEM.actCode, code: scenario.sensitivity }] } }
          : {}),
        status: 'current',
        docStatus: signed ? 'final' : 'preliminary',
        type: concept(SYSTEM.loinc, loinc.code, loinc.display, titleCase(title)),
        category: [concept(SYSTEM.documentCategory, 'clinical-note', 'Clinical Note')],
        subject: patientRef,
        date: iso(note.at),
        author: [refTo(this.use(note.author.resource))],
        ...(signed
          ? {
              authenticator: refTo(note.author.resource),
              extension: [{ url: AUTHENTICATED_AT_EXTENSION, valueDateTime: iso(signedAt) }],
            }
          : {}),
        custodian: facilityRef,
        content: [
          {
            attachment: {
              contentType: 'text/plain; charset=utf-8',
              language: 'en-US',
              data: base64Text(note.text),
              title: titleCase(title),
              creation: iso(note.at),
            },
          },
        ],
        context: {
          encounter: [encounterRef],
          period: { start: iso(timing.admitAt), ...(timing.dischargeAt ? { end: iso(timing.dischargeAt) } : {}) },
        },
      });
    }

    if (timing.dischargeAt) {
      const total =
        Math.round((scenario.charges[0] + rng.next() * (scenario.charges[1] - scenario.charges[0])) * 100) / 100;
      const daysSince = Math.floor((this.b.now.getTime() - timing.dischargeAt.getTime()) / DAY);
      // Final billing waits for coding, which waits for a complete record; recent discharges are not billed yet.
      const held = summaryMissing || summaryUnsigned || opUnsigned;
      const billed =
        !held &&
        daysSince >= 4 &&
        rng.chance(scenario.setting === Setting.outpatient || scenario.setting === Setting.emergency ? 0.75 : 0.55);
      if (!billed) this.b.stats.unbilledDischarges++;
      const billedAt = new Date(timing.dischargeAt.getTime() + rng.int(3, Math.max(3, daysSince)) * DAY);
      const lines = claimLines(rng, scenario, total, timing.lengthOfStay, procedures);
      const pcs = procedures.filter((x) => x.system === 'ICD-10-PCS');
      const institutional = scenario.setting !== Setting.outpatient || scenario.surgeon !== undefined;
      this.resources.push({
        resourceType: 'Claim',
        id: rng.uuid(),
        // A draft holds the account's expected charges until the final bill drops (DNFB); active: submitted.
        status: billed ? 'active' : 'draft',
        type: concept(
          SYSTEM.claimType,
          institutional ? 'institutional' : 'professional',
          institutional ? 'Institutional' : 'Professional',
        ),
        use: 'claim',
        patient: patientRef,
        billablePeriod: { start: iso(timing.admitAt), end: iso(timing.dischargeAt) },
        created: iso(billed ? billedAt : timing.dischargeAt),
        provider: facilityRef,
        priority: concept(SYSTEM.processPriority, 'normal', 'Normal'),
        ...(payer.resource ? { insurer: refTo(payer.resource, payer.name) } : {}),
        insurance: [{ sequence: 1, focal: true, coverage: refTo(coverage) }],
        diagnosis: diagnoses.map((d, i) => ({
          sequence: i + 1,
          diagnosisCodeableConcept: concept(SYSTEM.icd10cm, d.code, d.display),
        })),
        ...(pcs.length > 0
          ? {
              procedure: pcs.map((x, i) => ({
                sequence: i + 1,
                date: iso(x.performedAt),
                procedureCodeableConcept: concept(procedureSystem(x), x.code, x.display),
              })),
            }
          : {}),
        item: lines.map((l, i) => ({
          sequence: i + 1,
          revenue: concept(SYSTEM.nubcRevenue, l.revenue),
          productOrService: l.service
            ? concept(l.service.system, l.service.code, l.service.display, l.text)
            : concept(SYSTEM.nubcRevenue, l.revenue, l.text, l.text),
          servicedPeriod: { start: isoDay(timing.admitAt), end: isoDay(timing.dischargeAt ?? timing.admitAt) },
          quantity: { value: l.units },
          net: { value: l.amount, currency: 'USD' },
          encounter: [encounterRef],
        })),
        total: { value: total, currency: 'USD' },
      });
    } else {
      this.b.stats.inHouse++;
    }
    return disposition;
  }

  condition(
    d: DiagnosisSpec,
    rank: number,
    subject: { reference: string },
    encounter: { reference: string },
    timing: Timing,
    recorder: Clinician,
  ): FhirResource {
    const cc: CodeableConcept = {
      coding: [{ system: SYSTEM.icd10cm, code: d.code, display: d.display }],
      text: d.term,
    };
    return {
      resourceType: 'Condition',
      id: this.rng.uuid(),
      clinicalStatus: concept(SYSTEM.conditionClinical, d.chronic || !timing.dischargeAt ? 'active' : 'resolved'),
      verificationStatus: concept(SYSTEM.conditionVerification, 'confirmed'),
      category: [
        concept(SYSTEM.conditionCategory, 'encounter-diagnosis', 'Encounter Diagnosis'),
        ...(d.chronic ? [concept(SYSTEM.conditionCategory, 'problem-list-item', 'Problem List Item')] : []),
      ],
      code: cc,
      subject,
      encounter,
      onsetDateTime: iso(new Date(timing.admitAt.getTime() - (d.chronic ? 400 : 1) * DAY)),
      recordedDate: iso(new Date(timing.admitAt.getTime() + (rank + 1) * HOUR)),
      recorder: refTo(this.use(recorder.resource)),
    };
  }

  /** The bundle: shared organisations and practitioners first, then the patient, then what refers to it. */
  bundle(): FhirBundle {
    const patient = patientResource(this.patient.person, this.patient.mrns, this.b);
    for (const mrn of this.patient.mrns.keys()) this.use(this.b.facility(mrn).resource);
    const order = ['Organization', 'Practitioner'];
    const shared = [...this.referenced.values()].sort(
      (a, c) => order.indexOf(a.resourceType) - order.indexOf(c.resourceType) || a.id.localeCompare(c.id),
    );
    return transactionBundle(this.rng.uuid(), iso(this.b.now), [...shared, patient, ...this.resources]);
  }
}

function procedureSystem(x: ProcedureSpec): string {
  return x.system === 'ICD-10-PCS' ? SYSTEM.icd10pcs : x.system === 'HCPCS' ? SYSTEM.hcpcs : SYSTEM.cpt;
}

function titleCase(s: string): string {
  return s
    .toLowerCase()
    .split(' ')
    .map((w) => (w === 'and' ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(' ');
}

function patientResource(person: DemoPerson, mrns: Map<string, string>, b: Builder): FhirResource {
  const identifiers = [...mrns].map(([code, value]) => {
    const f = b.facility(code);
    return {
      use: 'usual',
      type: concept(SYSTEM.identifierType, 'MR', 'Medical record number'),
      system: mrnSystem(code),
      value,
      assigner: refTo(f.resource, f.name),
    };
  });
  return {
    resourceType: 'Patient',
    id: person.id,
    identifier: identifiers,
    active: true,
    name: [
      { use: 'official', family: person.family, given: person.middle ? [person.given, person.middle] : [person.given] },
    ],
    telecom: [{ system: 'phone', value: person.phone, use: 'home' }],
    gender: person.sex,
    birthDate: person.birthDate,
    address: [toFhirAddress(person.address)],
    communication: [{ language: concept(SYSTEM.language, 'en-US', 'English (United States)'), preferred: true }],
  };
}

/** A copy of the person as registration might have typed it a second time. */
function misregister(rng: SeededRandom, person: DemoPerson): { person: DemoPerson; kind: DemoDuplicate['kind'] } {
  const kinds: DemoDuplicate['kind'][] = ['typo', 'transposed-birth-date'];
  if (NICKNAMES[person.given]) kinds.push('nickname', 'nickname');
  const kind = rng.pick(kinds);
  const base = { ...person, id: rng.uuid(), phone: rng.chance(0.3) ? syntheticPhone(rng) : person.phone };
  if (kind === 'nickname')
    return { kind, person: { ...base, given: NICKNAMES[person.given] ?? person.given, middle: undefined } };
  if (kind === 'typo') {
    const f = person.family;
    const i = rng.int(1, f.length - 2);
    // Two adjacent letters swapped, the commonest keying error.
    const typo = f.slice(0, i) + f.charAt(i + 1) + f.charAt(i) + f.slice(i + 2);
    return { kind, person: { ...base, family: typo === f ? f + f.charAt(f.length - 1) : typo } };
  }
  const [y, m, d] = person.birthDate.split('-') as [string, string, string];
  let birthDate: string;
  if (Number(d) <= 12 && d !== m)
    birthDate = `${y}-${d}-${m}`; // month and day swapped
  else if (d.charAt(0) !== d.charAt(1) && Number(`${d.charAt(1)}${d.charAt(0)}`) <= 28 && Number(d.charAt(1)) > 0)
    birthDate = `${y}-${m}-${d.charAt(1)}${d.charAt(0)}`; // digits of the day swapped
  else birthDate = `${y.slice(0, 2)}${y.charAt(3)}${y.charAt(2)}-${m}-${d}`; // digits of the year swapped
  if (birthDate === person.birthDate)
    birthDate = `${y}-${m}-${String(Number(d) === 1 ? 2 : Number(d) - 1).padStart(2, '0')}`;
  return { kind: 'transposed-birth-date', person: { ...base, birthDate } };
}

/**
 * Generates the demo data set. Pure apart from the `now` passed in: no clock, no I/O.
 *
 * @example generateDemoData({ seed: 2026, now: new Date('2026-01-15T09:00:00Z'), patients: 300 })
 */
export function generateDemoData(options: DemoDataOptions): DemoData {
  const b = new Builder(options.seed, options.now);
  const duplicateRate = options.duplicateRate ?? 0.04;
  const bundles: FhirBundle[] = [];
  const duplicates: DemoDuplicate[] = [];
  const encountersBySetting: Record<string, number> = {};
  const count = (setting: Setting) => {
    encountersBySetting[setting] = (encountersBySetting[setting] ?? 0) + 1;
  };
  const aftercare = (id: string) => SCENARIOS.find((s) => s.id === id);

  for (let i = 0; i < options.patients; i++) {
    const rng = b.rng.fork(`patient-${i}`);
    const scenario = pickScenario(rng);
    const sex = scenario.sex ?? (rng.chance(0.52) ? 'female' : 'male');
    const timing = drawTiming(rng, scenario, b.now);
    const age = rng.int(scenario.ages[0], scenario.ages[1]);
    const person =
      age === 0
        ? { ...generatePerson(rng, b.now, 0, sex), birthDate: isoDay(timing.admitAt) }
        : generatePerson(rng, timing.admitAt, age, sex);
    const mrns = new Map<string, string>();
    const record: PatientRecord = { person, mrns };
    const pb = new PatientBundleBuilder(b, rng, record);
    const payer = b.payerFor(rng, age === 0 ? 30 : age);
    const coverageStart = age === 0 ? timing.admitAt : new Date(timing.admitAt.getTime() - rng.int(60, 2000) * DAY);
    const coverage = pb.coverage(payer, isoDay(coverageStart));

    // An earlier clinic visit for some adults, so that records have history across settings.
    if (age >= 30 && scenario.setting !== Setting.outpatient && rng.chance(0.25)) {
      const visit = rng.pick(SCENARIOS.filter((s) => s.setting === Setting.outpatient && !s.surgeon));
      const at = new Date(timing.admitAt.getTime() - rng.int(3, 40) * DAY);
      if (b.now.getTime() - at.getTime() <= 45 * DAY) {
        pb.encounter(
          visit,
          { admitAt: at, dischargeAt: new Date(at.getTime() + HOUR / 2), lengthOfStay: 0 },
          coverage,
          payer,
        );
        count(visit.setting);
      }
    }
    const disposition = pb.encounter(scenario, timing, coverage, payer);
    count(scenario.setting);
    // Hospital stays discharged to skilled nursing continue there.
    const toSnf = disposition === Disposition.snf;
    const follow =
      scenario.id === 'elective-hip-replacement'
        ? aftercare('snf-hip-aftercare')
        : scenario.id === 'pneumonia-severe-sepsis'
          ? aftercare('snf-deconditioning')
          : undefined;
    if (toSnf && follow && timing.dischargeAt) {
      pb.encounter(follow, drawTiming(rng, follow, b.now, timing.dischargeAt), coverage, payer);
      count(follow.setting);
    }
    bundles.push(pb.bundle());

    if (age > 0 && rng.chance(duplicateRate)) {
      const dup = misregister(rng, person);
      const dupMrns = new Map<string, string>();
      const dupRecord: PatientRecord = { person: dup.person, mrns: dupMrns };
      const again = new PatientBundleBuilder(b, rng, dupRecord);
      const visit = rng.pick(SCENARIOS.filter((s) => s.setting === Setting.emergency));
      const dupCoverage = again.coverage(payer, isoDay(new Date(b.now.getTime() - rng.int(60, 900) * DAY)));
      // Registered at a facility where the person had no record yet, as happens when the lookup misses.
      const elsewhere = mrns.has('RNC') ? b.facility('RCH') : b.facility('RNC');
      again.encounter(visit, drawTiming(rng, visit, b.now), dupCoverage, payer, elsewhere);
      count(visit.setting);
      bundles.push(again.bundle());
      duplicates.push({ originalPatientId: person.id, duplicatePatientId: dup.person.id, kind: dup.kind });
    }
  }

  // History: acute inpatient stays of other people, discharged well before `now` (all their notes written and signed).
  const acute = SCENARIOS.filter((s) => s.setting === Setting.inpatient);
  for (let i = 0; i < (options.history?.patients ?? 0); i++) {
    const until = (options.history as { until: Date }).until;
    const rng = b.rng.fork(`history-${i}`);
    const scenario = rng.weighted(acute.map((s) => [s, s.weight] as const));
    const sex = scenario.sex ?? (rng.chance(0.52) ? 'female' : 'male');
    const los = rng.int(scenario.stay[0], scenario.stay[1]);
    const dischargeAt = new Date(until.getTime() - rng.int(0, 179) * DAY - rng.int(1, 10) * HOUR);
    const admitAt = new Date(dischargeAt.getTime() - los * DAY - rng.int(0, 8) * HOUR);
    const timing: Timing = { admitAt, dischargeAt, lengthOfStay: los };
    const age = rng.int(scenario.ages[0], scenario.ages[1]);
    const person =
      age === 0
        ? { ...generatePerson(rng, admitAt, 0, sex), birthDate: isoDay(admitAt) }
        : generatePerson(rng, admitAt, age, sex);
    const pb = new PatientBundleBuilder(b, rng, { person, mrns: new Map<string, string>() });
    const payer = b.payerFor(rng, age === 0 ? 30 : age);
    const coverage = pb.coverage(payer, isoDay(new Date(admitAt.getTime() - rng.int(60, 2000) * DAY)));
    pb.encounter(scenario, timing, coverage, payer);
    count(scenario.setting);
    bundles.push(pb.bundle());
  }

  const resourcesByType: Record<string, number> = {};
  let resources = 0;
  for (const bundle of bundles)
    for (const e of bundle.entry) {
      resourcesByType[e.resource.resourceType] = (resourcesByType[e.resource.resourceType] ?? 0) + 1;
      resources++;
    }
  return {
    bundles,
    duplicates,
    stats: {
      patients: bundles.length,
      resources,
      resourcesByType,
      encountersBySetting,
      ...b.stats,
    },
  };
}
