import { areNicknames } from './nicknames.js';
import { digitsOf, isOneEdit, jaroWinkler, normalizeName, nysiis } from './strings.js';
import type { MpiAgreement, MpiRecord } from './types.js';

/** Similarity at or above which two names count as the same name mistyped (Winkler's comparator, 0..1). */
export const NAME_TYPO_SIMILARITY = 0.92;

/**
 * Street suffix, directional and unit abbreviations from USPS Publication 28, "Postal Addressing Standards",
 * Appendix C1 (street suffixes) and C2 (secondary unit designators), reduced to the common ones.
 */
const ADDRESS_ABBREVIATIONS: Readonly<Record<string, string>> = {
  STREET: 'ST',
  STR: 'ST',
  AVENUE: 'AVE',
  AV: 'AVE',
  AVEN: 'AVE',
  ROAD: 'RD',
  DRIVE: 'DR',
  DRV: 'DR',
  LANE: 'LN',
  COURT: 'CT',
  BOULEVARD: 'BLVD',
  BOUL: 'BLVD',
  PLACE: 'PL',
  TERRACE: 'TER',
  CIRCLE: 'CIR',
  PARKWAY: 'PKWY',
  HIGHWAY: 'HWY',
  TRAIL: 'TRL',
  SQUARE: 'SQ',
  HOLLOW: 'HOLW',
  CROSSING: 'XING',
  POINT: 'PT',
  RIDGE: 'RDG',
  NORTH: 'N',
  SOUTH: 'S',
  EAST: 'E',
  WEST: 'W',
  NORTHEAST: 'NE',
  NORTHWEST: 'NW',
  SOUTHEAST: 'SE',
  SOUTHWEST: 'SW',
  APARTMENT: 'APT',
  SUITE: 'STE',
  NUMBER: 'APT',
  NO: 'APT',
  UNIT: 'APT',
};

/** Normalises a street line: upper case, punctuation dropped, USPS abbreviations, `#` read as a unit. */
export function normalizeStreet(line: string | undefined): string {
  if (!line) return '';
  return line
    .toUpperCase()
    .replace(/#/g, ' APT ')
    .replace(/[^A-Z0-9 ]/g, ' ')
    .split(/\s+/)
    .filter((t) => t.length > 0)
    .map((t) => ADDRESS_ABBREVIATIONS[t] ?? t)
    .join(' ');
}

/** A record reduced to the normalised values the comparators and blocking keys use. */
export interface PreparedRecord {
  readonly id: string;
  readonly family: string;
  readonly familyParts: readonly string[];
  readonly familyCode: string;
  readonly previous: readonly string[];
  readonly given: string;
  readonly givenCode: string;
  readonly middle: string;
  readonly sex: '' | 'M' | 'F';
  /** YYYYMMDD or ''. */
  readonly dob: string;
  readonly street: string;
  readonly postal: string;
  readonly phones: readonly string[];
  readonly email: string;
  /** 9 digits, 4 digits (last four only) or ''. */
  readonly ssn: string;
  /** `system|value` of every other identifier. */
  readonly ids: readonly string[];
}

/** Normalises a record once, so that each comparison is cheap. */
export function prepareRecord(r: MpiRecord): PreparedRecord {
  const family = normalizeName(r.familyName);
  const givenTokens = normalizeName(r.givenName).split(' ').filter(Boolean);
  const given = givenTokens[0] ?? '';
  const middle =
    r.middleName !== undefined ? (normalizeName(r.middleName).split(' ')[0] ?? '') : (givenTokens[1] ?? '');
  const dobMatch = r.birthDate ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(r.birthDate) : null;
  let ssn = '';
  const ids: string[] = [];
  for (const id of r.identifiers ?? []) {
    if (id.system.toUpperCase() === 'SSN') {
      const d = digitsOf(id.value);
      if (d.length === 9 || d.length === 4) ssn = d;
    } else if (id.value.trim() !== '') ids.push(`${id.system}|${id.value.trim()}`);
  }
  return {
    id: r.id,
    family,
    familyParts: family.split(/[ -]/).filter((p) => p.length > 1),
    familyCode: nysiis(family),
    previous: (r.previousFamilyNames ?? []).map(normalizeName).filter(Boolean),
    given,
    givenCode: nysiis(given),
    middle,
    sex: r.sex === 'M' || r.sex === 'F' ? r.sex : '',
    dob: dobMatch ? `${dobMatch[1]}${dobMatch[2]}${dobMatch[3]}` : '',
    street: normalizeStreet(r.address?.line),
    postal: digitsOf(r.address?.postalCode).slice(0, 5),
    phones: (r.phones ?? []).map((p) => digitsOf(p).slice(-10)).filter((p) => p.length >= 7),
    email: (r.email ?? '').trim().toLowerCase(),
    ssn,
    ids,
  };
}

/** A likely typing error: one edit apart, or close by Winkler's comparator (names of three letters or more). */
export function isNameTypo(a: string, b: string): boolean {
  if (a.length < 3 || b.length < 3) return false;
  return isOneEdit(a, b) || jaroWinkler(a, b) >= NAME_TYPO_SIMILARITY;
}

/** Exact or mistyped agreement of two normalised names (used for the swapped-name check). */
function nameClose(a: string, b: string): boolean {
  return a.length > 1 && b.length > 1 && (a === b || isNameTypo(a, b));
}

/** True when given and family names appear exchanged between the two records. */
export function namesSwapped(a: PreparedRecord, b: PreparedRecord): boolean {
  return a.given !== a.family && nameClose(a.given, b.family) && nameClose(a.family, b.given);
}

/** All agreement levels that hold for the family names, strongest evidence first; the caller keeps the best weight. */
export function familyLevels(a: PreparedRecord, b: PreparedRecord): MpiAgreement<'familyName'>[] {
  if (!a.family || !b.family) return ['missing'];
  if (a.family === b.family) return ['exact'];
  const out: MpiAgreement<'familyName'>[] = [];
  if ((a.familyParts.length > 1 || b.familyParts.length > 1) && a.familyParts.some((p) => b.familyParts.includes(p))) {
    out.push('compound');
  }
  if (
    a.previous.includes(b.family) ||
    b.previous.includes(a.family) ||
    a.previous.some((p) => b.previous.includes(p))
  ) {
    out.push('previous-name');
  }
  if (isNameTypo(a.family, b.family)) out.push('typo');
  else if (a.familyCode.length > 1 && a.familyCode === b.familyCode) out.push('phonetic');
  out.push('disagree');
  return out;
}

/** All agreement levels that hold for the given names; the caller keeps the best weight. */
export function givenLevels(a: PreparedRecord, b: PreparedRecord): MpiAgreement<'givenName'>[] {
  if (!a.given || !b.given) return ['missing'];
  if (a.given === b.given) return ['exact'];
  const out: MpiAgreement<'givenName'>[] = [];
  if (areNicknames(a.given, b.given)) out.push('nickname');
  if (a.given.length === 1 || b.given.length === 1) {
    if (a.given[0] === b.given[0]) out.push('initial');
  } else {
    if (isNameTypo(a.given, b.given)) out.push('typo');
    else if (a.givenCode.length > 1 && a.givenCode === b.givenCode) out.push('phonetic');
    if ((a.middle.length > 1 && a.middle === b.given) || (b.middle.length > 1 && b.middle === a.given)) {
      out.push('middle-as-given');
    }
  }
  out.push('disagree');
  return out;
}

export function middleLevel(a: PreparedRecord, b: PreparedRecord): MpiAgreement<'middleName'> {
  if (!a.middle || !b.middle) return 'missing';
  if (a.middle === b.middle) return a.middle.length === 1 ? 'initial' : 'exact';
  if ((a.middle.length === 1 || b.middle.length === 1) && a.middle[0] === b.middle[0]) return 'initial';
  return 'disagree';
}

/**
 * Birth-date agreement allowing the usual keying errors: day and month exchanged (US vs. other order), two adjacent
 * digits exchanged, or a single digit wrong (which covers a year off by one digit).
 */
export function birthDateLevel(a: string, b: string): MpiAgreement<'birthDate'> {
  if (a.length !== 8 || b.length !== 8) return 'missing';
  if (a === b) return 'exact';
  if (a.slice(0, 4) === b.slice(0, 4) && a.slice(4, 6) === b.slice(6, 8) && a.slice(6, 8) === b.slice(4, 6)) {
    return 'day-month-swapped';
  }
  const diff: number[] = [];
  for (let i = 0; i < 8; i++) if (a[i] !== b[i]) diff.push(i);
  if (diff.length === 1) return 'one-digit';
  const [i, j] = diff;
  if (diff.length === 2 && i !== undefined && j === i + 1 && a[i] === b[j] && a[j] === b[i]) return 'digit-transposed';
  return 'disagree';
}

export function sexLevel(a: PreparedRecord, b: PreparedRecord): MpiAgreement<'sex'> {
  if (!a.sex || !b.sex) return 'missing';
  return a.sex === b.sex ? 'agree' : 'disagree';
}

export function addressLevel(a: PreparedRecord, b: PreparedRecord): MpiAgreement<'address'> {
  const hasA = a.street !== '' || a.postal !== '';
  const hasB = b.street !== '' || b.postal !== '';
  if (!hasA || !hasB) return 'missing';
  const samePostal = a.postal !== '' && a.postal === b.postal;
  const bothPostal = a.postal !== '' && b.postal !== '';
  if (a.street && b.street) {
    // A near-identical street line counts as the same only inside one ZIP code (a typo, not another street).
    const sameStreet = a.street === b.street || (samePostal && jaroWinkler(a.street, b.street) >= 0.97);
    if (sameStreet && (samePostal || !bothPostal)) return samePostal ? 'exact' : 'street';
    if (sameStreet) return 'street';
  }
  if (samePostal) return 'postal-code';
  return 'disagree';
}

export function phoneLevel(a: PreparedRecord, b: PreparedRecord): MpiAgreement<'phone'> {
  if (a.phones.length === 0 || b.phones.length === 0) return 'missing';
  let best: MpiAgreement<'phone'> = 'disagree';
  for (const p of a.phones) {
    for (const q of b.phones) {
      if (p === q) return 'exact';
      if (p.slice(-7) === q.slice(-7)) best = 'last-7';
    }
  }
  return best;
}

export function emailLevel(a: PreparedRecord, b: PreparedRecord): MpiAgreement<'email'> {
  if (!a.email || !b.email) return 'missing';
  return a.email === b.email ? 'exact' : 'disagree';
}

export function identifierLevel(a: PreparedRecord, b: PreparedRecord): MpiAgreement<'identifier'> {
  let ssn: MpiAgreement<'identifier'> = 'missing';
  if (a.ssn && b.ssn) {
    if (a.ssn.length === 9 && b.ssn.length === 9) ssn = a.ssn === b.ssn ? 'ssn-exact' : 'ssn-disagree';
    else ssn = a.ssn.slice(-4) === b.ssn.slice(-4) ? 'ssn-last4' : 'ssn-disagree';
  }
  if (ssn === 'ssn-exact') return ssn;
  if (a.ids.some((x) => b.ids.includes(x))) return 'id-exact';
  return ssn;
}
