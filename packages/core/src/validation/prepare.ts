/**
 * Looks every code of an encounter up once, and works out why a code is not reportable, so that the rules only read
 * plain fields. Pure: the reference data comes in through the context.
 */
import { isWellFormedCode } from '../codesets/format.js';
import { CodeSystem, type IsoDate } from '../codesets/types.js';
import { EncounterType, type CodedEncounter } from '../encounter.js';
import { blockBit, categoryBit, categoryNumber, letterBit } from './matchers.js';
import { periodOn, type MceCodeTable } from './mce.js';
import { CodeStatus, type DiagnosisInfo, type DiagnosisRelease, type ValidationReference } from './ports.js';
import {
  DateProblem,
  DiagnosisProblem,
  DiagnosisProblemBit,
  ProcedureProblem,
  ProcedureSystem,
  type CodeFacts,
  type PreparedDiagnosis,
  type PreparedEncounter,
  type PreparedProcedure,
  type ValidationContext,
} from './types.js';

const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether the character at `i` is a digit 0-9. */
function isDigitAt(value: string, i: number): boolean {
  const c = value.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** YYYY-MM-DD with a plausible month and day; a cheap check, no Date object (and no allocation: it runs per line). */
function isCalendarDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string' || value.length !== 10 || value[4] !== '-' || value[7] !== '-') return false;
  if (!isDigitAt(value, 0) || !isDigitAt(value, 1) || !isDigitAt(value, 2) || !isDigitAt(value, 3)) return false;
  if (!isDigitAt(value, 5) || !isDigitAt(value, 6) || !isDigitAt(value, 8) || !isDigitAt(value, 9)) return false;
  const month = (value.charCodeAt(5) - 48) * 10 + value.charCodeAt(6) - 48;
  const day = (value.charCodeAt(8) - 48) * 10 + value.charCodeAt(9) - 48;
  return month >= 1 && month <= 12 && day >= 1 && day <= (DAYS_IN_MONTH[month] ?? 0);
}

/**
 * A YYYY-MM-DD string as the number YYYYMMDD, which orders as the string does; NaN for any other shape. Lets the MCE
 * period of a code be found with integer comparisons instead of string comparisons, once per code per encounter.
 */
function dateNumber(value: string | undefined): number {
  if (value === undefined || value.length !== 10 || value[4] !== '-' || value[7] !== '-') return Number.NaN;
  let n = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    n = n * 10 + c;
  }
  return n;
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
  category: number,
  path: string,
  poa: string | undefined,
  problem: DiagnosisProblem,
  info: PreparedDiagnosis['info'],
  suggestion: string | undefined,
  mce: number,
  facts: CodeFacts | undefined,
): PreparedDiagnosis {
  return {
    index,
    code,
    category,
    path,
    poa,
    problem,
    info,
    suggestion,
    mceFlags: mce < 0 ? 0 : mce,
    mceKnown: mce >= 0,
    facts,
  };
}

type FactsMemo = Map<string, CodeFacts>;

/**
 * Per release object (one per version in the shipped reference), the facts of the codes seen so far. Only codes whose
 * problem follows from their own lookup are kept (valid, not on the date, no list loaded): headers and unknown codes
 * consult other codes on the exact date, so they are worked out each time (they are rare). A release answers the same
 * for a code every time (its lookup is memoised), so a kept code skips the format check and the lookup.
 */
const factsByRelease = new WeakMap<DiagnosisRelease, FactsMemo>();

function factsMemo(release: DiagnosisRelease): FactsMemo {
  let memo = factsByRelease.get(release);
  if (memo === undefined) factsByRelease.set(release, (memo = new Map()));
  return memo;
}

/** The end of an open MCE period as a date number; a small integer, so the field stays unboxed. */
const OPEN_END = 99_999_999;

function codeFacts(code: string, category: number, info: DiagnosisInfo, problem: DiagnosisProblem): CodeFacts {
  const notes = info.notes;
  let mceFrom = -1;
  let mceTo = 0;
  let mceFlags = 0;
  const mceRest: number[] = [];
  const periods = info.mcePeriods;
  if (periods !== undefined) {
    for (const p of periods) {
      const from = dateNumber(p.from);
      const to = p.to === undefined ? OPEN_END : dateNumber(p.to);
      if (Number.isNaN(from) || Number.isNaN(to)) {
        mceFrom = -2;
        mceRest.length = 0;
        break;
      }
      if (mceFrom === -1) {
        mceFrom = from;
        mceTo = to;
        mceFlags = p.flags;
      } else mceRest.push(from, to, p.flags);
    }
  }
  const first = notes.useAdditional[0];
  // Fields in the order the hot paths read them, so that most reads fall in the object's first cache line.
  return {
    mceFrom,
    mceTo,
    mceFlags,
    problem,
    category,
    info,
    letter: letterBit(code),
    categoryBit: categoryBit(category),
    blockBit: blockBit(category),
    excludes1Letters: notes.excludes1.letters,
    excludes1Categories: notes.excludes1.categories,
    excludes1Blocks: notes.excludes1.blocks,
    poaExempt: info.poaExempt,
    useAdditionalCount: notes.useAdditional.length,
    useAdditionalLetters: first?.targets.letters ?? 0,
    useAdditionalCategories: first?.targets.categories ?? 0,
    useAdditionalBlocks: first?.targets.blocks ?? 0,
    useAdditionalMessage: undefined,
    codes: undefined,
    codeFirstLetters: notes.codeFirst.letters,
    codeFirstCategories: notes.codeFirst.categories,
    codeFirstBlocks: notes.codeFirst.blocks,
    manifestation: notes.manifestation,
    excludes1: notes.excludes1,
    codeFirst: notes.codeFirst,
    useAdditional: notes.useAdditional.map((u) => ({
      text: u.text,
      targets: u.targets,
      letters: u.targets.letters,
      categories: u.targets.categories,
      blocks: u.targets.blocks,
      message: undefined,
    })),
    mceRest,
    poaExemptFindings: [],
  };
}

/** The code's MCE lists on the date (the period periodOn would find), or -1 when no period covers the date. */
function mceOn(facts: CodeFacts, date: IsoDate, day: number): number {
  const from = facts.mceFrom;
  if (from >= 0) {
    if (from <= day && day <= facts.mceTo) return facts.mceFlags;
    const rest = facts.mceRest;
    for (let i = 0; i < rest.length; i += 3) {
      if ((rest[i] as number) <= day && day <= (rest[i + 1] as number)) return rest[i + 2] as number;
    }
    return -1;
  }
  return from === -1 ? -1 : (periodOn(facts.info.mcePeriods, date)?.flags ?? -1);
}

/** The problem a code's own lookup settles, or undefined when other lookups on the date are needed. */
function settledProblem(status: CodeStatus): DiagnosisProblem | undefined {
  switch (status) {
    case CodeStatus.valid:
      return DiagnosisProblem.none;
    case CodeStatus.notOnDate:
      return DiagnosisProblem.notOnDate;
    case CodeStatus.noRelease:
    case CodeStatus.formatOnly:
      return DiagnosisProblem.noRelease;
    case CodeStatus.header:
    case CodeStatus.unknown:
      return undefined;
  }
}

/** The encounter-wide inputs of prepareDiagnosis: the date, its number, the release and its facts memo. */
interface DiagnosisScope {
  readonly date: IsoDate | undefined;
  readonly day: number;
  readonly release: DiagnosisRelease | undefined;
  readonly memo: FactsMemo | undefined;
}

function prepareDiagnosis(
  raw: unknown,
  index: number,
  path: string,
  poa: string | undefined,
  scope: DiagnosisScope,
  ctx: ValidationContext,
): PreparedDiagnosis {
  const code = typeof raw === 'string' ? raw : String(raw);
  const memo = scope.memo;
  const date = scope.date;
  if (memo !== undefined && date !== undefined) {
    const known = memo.get(code);
    if (known !== undefined) {
      const mce = mceOn(known, date, scope.day);
      return diagnosisRecord(index, code, known.category, path, poa, known.problem, known.info, undefined, mce, known);
    }
  }
  const ref = ctx.reference;
  const category = categoryNumber(code);
  if (!isCmForm(code)) {
    const problem = otherSystemOf(code) ? DiagnosisProblem.wrongSystem : DiagnosisProblem.malformed;
    return diagnosisRecord(index, code, category, path, poa, problem, undefined, undefined, -1, undefined);
  }
  const release = scope.release;
  if (date === undefined || release === undefined) {
    const problem = DiagnosisProblem.noRelease;
    return diagnosisRecord(index, code, category, path, poa, problem, undefined, undefined, -1, undefined);
  }
  const info = release.diagnosis(code);
  const settled = settledProblem(info.status);
  if (settled !== undefined) {
    const facts = codeFacts(code, category, info, settled);
    memo?.set(code, facts);
    const mce = mceOn(facts, date, scope.day);
    return diagnosisRecord(index, code, category, path, poa, settled, info, undefined, mce, facts);
  }
  const mce = info.mcePeriods === undefined ? -1 : (periodOn(info.mcePeriods, date)?.flags ?? -1);
  if (info.status === CodeStatus.header) {
    const seventh = info.notes.seventh ?? ref.seventhCharacters(code);
    const completed = seventh && code.length < 7 ? completeSeventh(ref, code, seventh, date) : undefined;
    const problem = completed ? DiagnosisProblem.seventhMissing : DiagnosisProblem.header;
    return diagnosisRecord(index, code, category, path, poa, problem, info, completed, mce, undefined);
  }
  // CodeStatus.unknown
  if (otherSystemOf(code) && !ref.seventhCharacters(code)) {
    // A well-formed HCPCS code (letter + 4 digits) also fits the ICD-10-CM pattern; name the likely mix-up.
    const asHcpcs = isWellFormedCode(CodeSystem.hcpcs, code) ? ref.procedure(CodeSystem.hcpcs, code, date) : undefined;
    if (asHcpcs?.status === CodeStatus.valid)
      return diagnosisRecord(
        index,
        code,
        category,
        path,
        poa,
        DiagnosisProblem.wrongSystem,
        info,
        undefined,
        mce,
        undefined,
      );
  }
  const c = classifyUnknown(ref, code, date);
  return diagnosisRecord(index, code, category, path, poa, c.problem, info, c.suggestion, mce, undefined);
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
  const scope: DiagnosisScope = {
    date,
    day: dateNumber(date),
    release,
    memo: release === undefined ? undefined : factsMemo(release),
  };
  let dxMceFlags = 0;
  let dxLetters = 0;
  let dxCategories = 0;
  let dxBlocks = 0;
  let dxProblems = 0;
  for (let i = 0; i < rawDiagnoses.length; i++) {
    const d = rawDiagnoses[i] as { code?: unknown; poa?: unknown } | undefined;
    const poa = typeof d?.poa === 'string' ? d.poa : d?.poa === undefined || d.poa === null ? undefined : String(d.poa);
    const prepared = prepareDiagnosis(d?.code, i, pointer(dxPaths, 'diagnoses', i), poa, scope, ctx);
    dxMceFlags |= prepared.mceFlags;
    const facts = prepared.facts;
    if (facts !== undefined) {
      dxLetters |= facts.letter;
      dxCategories |= facts.categoryBit;
      dxBlocks |= facts.blockBit;
    } else {
      dxLetters |= letterBit(prepared.code);
      dxCategories |= categoryBit(prepared.category);
      dxBlocks |= blockBit(prepared.category);
    }
    if (prepared.problem !== DiagnosisProblem.none) dxProblems |= DiagnosisProblemBit[prepared.problem];
    diagnoses[i] = prepared;
  }
  const admitDiagnosis =
    encounter.admitDiagnosis === undefined || encounter.admitDiagnosis === ''
      ? undefined
      : prepareDiagnosis(encounter.admitDiagnosis, -1, '/admitDiagnosis', undefined, scope, ctx);
  if (admitDiagnosis !== undefined && admitDiagnosis.problem !== DiagnosisProblem.none)
    dxProblems |= DiagnosisProblemBit[admitDiagnosis.problem];

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
    dxCategories,
    dxBlocks,
    dxMceFlags,
    dxProblems,
    pxMceFlags,
  };
}
