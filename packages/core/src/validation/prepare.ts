/**
 * Looks every code of an encounter up once, and works out why a code is not reportable, so that the rules only read
 * plain fields. Pure: the reference data comes in through the context.
 */
import { isWellFormedCode } from '../codesets/format.js';
import { CodeSystem, type IsoDate } from '../codesets/types.js';
import { EncounterType, type CodedEncounter } from '../encounter.js';
import { categoryNumber, letterBit } from './matchers.js';
import { periodOn, type MceCodeTable } from './mce.js';
import { CodeStatus, type DiagnosisRelease, type ValidationReference } from './ports.js';
import {
  DateProblem,
  DiagnosisProblem,
  ProcedureProblem,
  ProcedureSystem,
  type PreparedDiagnosis,
  type PreparedEncounter,
  type PreparedProcedure,
  type ValidationContext,
} from './types.js';

const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** YYYY-MM-DD with a plausible month and day; a cheap check, no Date object. */
function isCalendarDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string' || value.length !== 10 || value[4] !== '-' || value[7] !== '-') return false;
  for (const i of [0, 1, 2, 3, 5, 6, 8, 9]) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  return month >= 1 && month <= 12 && day >= 1 && day <= (DAYS_IN_MONTH[month] ?? 0);
}

/**
 * ICD-10-CM form: 3-7 characters, a letter then letters or digits, upper case, no dot (the same test as
 * isWellFormedCode(ICD-10-CM), without a regular expression: it runs for every diagnosis).
 */
function isCmForm(code: string): boolean {
  const n = code.length;
  if (n < 3 || n > 7) return false;
  const first = code.charCodeAt(0);
  if (first < 65 || first > 90) return false;
  for (let i = 1; i < n; i++) {
    const c = code.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90))) return false;
  }
  return true;
}

/** The MCE lists of a code on a date, or -1 when the tables do not know the code then. */
function mceFlagsOn(table: MceCodeTable | undefined, code: string, date: IsoDate | undefined): number {
  if (!table || date === undefined) return -1;
  const period = periodOn(table.get(code), date);
  return period ? period.flags : -1;
}

function isValidDiagnosis(ref: ValidationReference, code: string, date: IsoDate): boolean {
  return ref.diagnosis(code, date).status === CodeStatus.valid;
}

/** The first reportable code made of `stem` padded with X to 6 characters and one allowed 7th character. */
function completeSeventh(ref: ValidationReference, stem: string, allowed: string, date: IsoDate): string | undefined {
  if (stem.length > 6) return undefined;
  const padded = stem.padEnd(6, 'X');
  for (const c of allowed) {
    const candidate = padded + c;
    if (isValidDiagnosis(ref, candidate, date)) return candidate;
  }
  return undefined;
}

/**
 * For a code that needs a 7th character: a reportable code reached by putting placeholder X where it belongs
 * (Guidelines FY2026 §I.A.4-5): X missing (T3601A -> T360X1A), or misplaced.
 */
function fixPlaceholder(ref: ValidationReference, code: string, seventh: string, date: IsoDate): string | undefined {
  const last = code[code.length - 1] ?? '';
  if (!seventh.includes(last)) return undefined;
  const body = code.slice(0, code.length - 1).replaceAll('X', '');
  for (let pos = 3; pos <= body.length; pos++) {
    const candidate = (body.slice(0, pos) + 'X' + body.slice(pos)).padEnd(6, 'X').slice(0, 6) + last;
    if (candidate !== code && isValidDiagnosis(ref, candidate, date)) return candidate;
  }
  const padded = body.padEnd(6, 'X') + last;
  return padded !== code && padded.length === 7 && isValidDiagnosis(ref, padded, date) ? padded : undefined;
}

function classifyUnknown(
  ref: ValidationReference,
  code: string,
  date: IsoDate,
): { problem: DiagnosisProblem; suggestion?: string | undefined } {
  const seventh = ref.seventhCharacters(code);
  if (seventh) {
    if (code.length === 7 && !seventh.includes(code[6] ?? '')) return { problem: DiagnosisProblem.seventhInvalid };
    const placeholder = fixPlaceholder(ref, code, seventh, date);
    if (placeholder) return { problem: DiagnosisProblem.placeholder, suggestion: placeholder };
    if (code.length < 7) {
      const completed = completeSeventh(ref, code, seventh, date);
      if (completed) return { problem: DiagnosisProblem.seventhMissing, suggestion: completed };
    }
    return { problem: DiagnosisProblem.unknown };
  }
  if (code.includes('X', 3)) {
    // An X where the Tabular has no placeholder: the same code without it is reportable.
    const stripped = code.slice(0, 3) + code.slice(3).replaceAll('X', '');
    if (stripped.length >= 3 && isValidDiagnosis(ref, stripped, date))
      return { problem: DiagnosisProblem.placeholder, suggestion: stripped };
  }
  return { problem: DiagnosisProblem.unknown };
}

function otherSystemOf(code: string): boolean {
  return (
    isWellFormedCode(CodeSystem.icd10pcs, code) ||
    isWellFormedCode(CodeSystem.hcpcs, code) ||
    isWellFormedCode(CodeSystem.cpt, code)
  );
}

/** Builds the prepared record in one fixed shape (one hidden class: the hot path stays monomorphic). */
function diagnosisRecord(
  index: number,
  code: string,
  path: string,
  poa: string | undefined,
  problem: DiagnosisProblem,
  info: PreparedDiagnosis['info'],
  suggestion: string | undefined,
  mce: number,
): PreparedDiagnosis {
  return {
    index,
    code,
    category: categoryNumber(code),
    path,
    poa,
    problem,
    info,
    suggestion,
    mceFlags: mce < 0 ? 0 : mce,
    mceKnown: mce >= 0,
  };
}

function prepareDiagnosis(
  raw: unknown,
  index: number,
  path: string,
  poa: string | undefined,
  date: IsoDate | undefined,
  release: DiagnosisRelease | undefined,
  ctx: ValidationContext,
): PreparedDiagnosis {
  const ref = ctx.reference;
  const code = typeof raw === 'string' ? raw : String(raw);
  if (!isCmForm(code)) {
    const problem = otherSystemOf(code) ? DiagnosisProblem.wrongSystem : DiagnosisProblem.malformed;
    return diagnosisRecord(index, code, path, poa, problem, undefined, undefined, -1);
  }
  if (date === undefined || release === undefined)
    return diagnosisRecord(index, code, path, poa, DiagnosisProblem.noRelease, undefined, undefined, -1);
  const info = release.diagnosis(code);
  const mce = info.mcePeriods === undefined ? -1 : (periodOn(info.mcePeriods, date)?.flags ?? -1);
  switch (info.status) {
    case CodeStatus.valid:
      return diagnosisRecord(index, code, path, poa, DiagnosisProblem.none, info, undefined, mce);
    case CodeStatus.header: {
      const seventh = info.notes.seventh ?? ref.seventhCharacters(code);
      const completed = seventh && code.length < 7 ? completeSeventh(ref, code, seventh, date) : undefined;
      const problem = completed ? DiagnosisProblem.seventhMissing : DiagnosisProblem.header;
      return diagnosisRecord(index, code, path, poa, problem, info, completed, mce);
    }
    case CodeStatus.notOnDate:
      return diagnosisRecord(index, code, path, poa, DiagnosisProblem.notOnDate, info, undefined, mce);
    case CodeStatus.noRelease:
    case CodeStatus.formatOnly:
      return diagnosisRecord(index, code, path, poa, DiagnosisProblem.noRelease, info, undefined, mce);
    case CodeStatus.unknown: {
      if (otherSystemOf(code) && !ref.seventhCharacters(code)) {
        // A well-formed HCPCS code (letter + 4 digits) also fits the ICD-10-CM pattern; name the likely mix-up.
        const asHcpcs = isWellFormedCode(CodeSystem.hcpcs, code)
          ? ref.procedure(CodeSystem.hcpcs, code, date)
          : undefined;
        if (asHcpcs?.status === CodeStatus.valid)
          return diagnosisRecord(index, code, path, poa, DiagnosisProblem.wrongSystem, info, undefined, mce);
      }
      const c = classifyUnknown(ref, code, date);
      return diagnosisRecord(index, code, path, poa, c.problem, info, c.suggestion, mce);
    }
  }
}

function procedureSystemOf(code: string): ProcedureSystem | undefined {
  if (code.length === 7) return isWellFormedCode(CodeSystem.icd10pcs, code) ? ProcedureSystem.pcs : undefined;
  if (isWellFormedCode(CodeSystem.hcpcs, code) && code.length === 5) return ProcedureSystem.hcpcs;
  if (isWellFormedCode(CodeSystem.cpt, code)) return ProcedureSystem.cpt;
  return undefined;
}

const problemOfStatus: Readonly<Record<CodeStatus, ProcedureProblem>> = {
  valid: ProcedureProblem.none,
  header: ProcedureProblem.unknown,
  'not-on-date': ProcedureProblem.notOnDate,
  unknown: ProcedureProblem.unknown,
  'no-release': ProcedureProblem.noRelease,
  'format-only': ProcedureProblem.formatOnly,
};

const dxPaths: string[] = [];
const pxPaths: string[] = [];
/** JSON Pointers by position, built once: no string building per code on the hot path. */
function pointer(cache: string[], list: string, index: number): string {
  return (cache[index] ??= `/${list}/${index}/code`);
}

function procedureRecord(
  index: number,
  code: string,
  date: IsoDate | undefined,
  system: ProcedureSystem | undefined,
  problem: ProcedureProblem,
  check: PreparedProcedure['check'],
  mce: number,
): PreparedProcedure {
  return {
    index,
    code,
    path: pointer(pxPaths, 'procedures', index),
    date,
    system,
    problem,
    check,
    mceFlags: mce < 0 ? 0 : mce,
    mceKnown: mce >= 0,
  };
}

/** A reportable ICD-10-CM code put in the procedure list. */
function looksLikeDiagnosis(ref: ValidationReference, code: string, date: IsoDate | undefined): boolean {
  return date !== undefined && isWellFormedCode(CodeSystem.icd10cm, code) && isValidDiagnosis(ref, code, date);
}

function prepareProcedure(
  raw: unknown,
  index: number,
  date: IsoDate | undefined,
  ctx: ValidationContext,
): PreparedProcedure {
  const ref = ctx.reference;
  const code = typeof raw === 'string' ? raw : String(raw);
  const system = procedureSystemOf(code);
  if (!system) {
    const problem = looksLikeDiagnosis(ref, code, date) ? ProcedureProblem.wrongSystem : ProcedureProblem.malformed;
    return procedureRecord(index, code, date, system, problem, undefined, -1);
  }
  if (date === undefined) return procedureRecord(index, code, date, system, ProcedureProblem.noRelease, undefined, -1);
  const check = ref.procedure(system, code, date);
  let problem = problemOfStatus[check.status];
  if (problem === ProcedureProblem.unknown && looksLikeDiagnosis(ref, code, date))
    problem = ProcedureProblem.wrongSystem;
  const mce = system === ProcedureSystem.pcs ? mceFlagsOn(ref.mce?.sg, code, date) : -1;
  return procedureRecord(index, code, date, system, problem, check, mce);
}

/** Prepares an encounter for the rules: the release date, and every code looked up once. */
export function prepareEncounter(encounter: CodedEncounter, ctx: ValidationContext): PreparedEncounter {
  const inpatient = encounter.encounterType === EncounterType.inpatient;
  let dateProblem: DateProblem = DateProblem.none;
  let datePath = inpatient ? '/dischargeDate' : '/admitDate';
  let date: IsoDate | undefined = inpatient ? encounter.dischargeDate : encounter.admitDate;
  if (inpatient && (date === undefined || date === '')) {
    // Inpatient claims take the code-set release from the discharge date; without one, fall back and say so.
    dateProblem = DateProblem.dischargeMissing;
    date = encounter.admitDate;
    if (!isCalendarDate(date)) datePath = '/admitDate';
  }
  let version: string | undefined;
  let release: DiagnosisRelease | undefined;
  if (!isCalendarDate(date)) {
    dateProblem = DateProblem.malformed;
    date = undefined;
  } else {
    release = ctx.reference.diagnosisRelease(date);
    if (!release) {
      dateProblem = DateProblem.outsideReleases;
      date = undefined;
    } else {
      version = release.version;
      if (release.beyondNewest && dateProblem === DateProblem.none) dateProblem = DateProblem.beyondNewest;
    }
  }

  const rawDiagnoses: readonly unknown[] = Array.isArray(encounter.diagnoses) ? encounter.diagnoses : [];
  const diagnoses: PreparedDiagnosis[] = new Array<PreparedDiagnosis>(rawDiagnoses.length);
  let dxMceFlags = 0;
  let dxLetters = 0;
  for (let i = 0; i < rawDiagnoses.length; i++) {
    const d = rawDiagnoses[i] as { code?: unknown; poa?: unknown } | undefined;
    const poa = typeof d?.poa === 'string' ? d.poa : d?.poa === undefined || d.poa === null ? undefined : String(d.poa);
    const prepared = prepareDiagnosis(d?.code, i, pointer(dxPaths, 'diagnoses', i), poa, date, release, ctx);
    dxMceFlags |= prepared.mceFlags;
    dxLetters |= letterBit(prepared.code);
    diagnoses[i] = prepared;
  }
  const admitDiagnosis =
    encounter.admitDiagnosis === undefined || encounter.admitDiagnosis === ''
      ? undefined
      : prepareDiagnosis(encounter.admitDiagnosis, -1, '/admitDiagnosis', undefined, date, release, ctx);

  const rawProcedures: readonly unknown[] = Array.isArray(encounter.procedures) ? encounter.procedures : [];
  const procedures: PreparedProcedure[] = new Array<PreparedProcedure>(rawProcedures.length);
  let pxMceFlags = 0;
  for (let i = 0; i < rawProcedures.length; i++) {
    const p = rawProcedures[i] as { code?: unknown; date?: unknown } | undefined;
    // Outpatient and professional lines take the release from their own date of service when they carry one;
    // inpatient procedures follow the discharge date with the rest of the claim.
    const lineDate = !inpatient && date !== undefined && isCalendarDate(p?.date) ? p.date : date;
    const prepared = prepareProcedure(p?.code, i, lineDate, ctx);
    pxMceFlags |= prepared.mceFlags;
    procedures[i] = prepared;
  }

  const age = encounter.ageYears;
  const ageValid = Number.isInteger(age) && age >= 0 && age <= 124;
  return {
    encounter,
    date,
    datePath,
    dateProblem,
    version,
    inpatient,
    ageValid,
    diagnoses,
    admitDiagnosis,
    procedures,
    dxLetters,
    dxMceFlags,
    pxMceFlags,
  };
}
