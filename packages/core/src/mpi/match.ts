import {
  addressLevel,
  birthDateLevel,
  emailLevel,
  familyLevels,
  givenLevels,
  identifierLevel,
  middleLevel,
  namesSwapped,
  phoneLevel,
  prepareRecord,
  sexLevel,
  type PreparedRecord,
} from './compare.js';
import { nysiis } from './strings.js';
import { weightOf } from './weights.js';
import type {
  MpiCandidate,
  MpiDuplicatePair,
  MpiField,
  MpiRecord,
  MpiReason,
  MpiSettings,
  MpiVerdict,
  MpiWeightTable,
} from './types.js';

/**
 * Below this many records the index's own name frequencies are too noisy to use, and the table's u values stand.
 */
const MIN_RECORDS_FOR_FREQUENCIES = 1000;

/** A blocked, normalised index of records; build it once with `buildMpiIndex` and query it many times. */
export interface MpiIndex {
  readonly records: readonly PreparedRecord[];
  readonly positionOf: ReadonlyMap<string, number>;
  /** Blocking key -> positions of the records that carry it. */
  readonly blocks: ReadonlyMap<string, readonly number[]>;
  readonly familyCounts: ReadonlyMap<string, number>;
  readonly givenCounts: ReadonlyMap<string, number>;
  /** Number of records the name counts are taken over (the indexed records, unless a population was given). */
  readonly populationSize: number;
}

/**
 * Name frequencies of a larger population than the indexed records, e.g. all of an organisation's active patients
 * when only the blocked candidates are indexed. Counts are keyed by the normalised name (`normalizePersonName`).
 */
export interface MpiPopulation {
  readonly total: number;
  readonly familyCounts: ReadonlyMap<string, number>;
  readonly givenCounts: ReadonlyMap<string, number>;
}

/**
 * Blocking keys: two records are compared only if they share one. Each key survives one kind of error the others do
 * not (a mistyped surname still shares the birth date; a wrong birth date still shares the phone), which is the
 * multiple-pass blocking of the record-linkage literature.
 */
export function blockingKeys(r: PreparedRecord): string[] {
  const keys = new Set<string>();
  const year = r.dob.slice(0, 4);
  if (year) {
    // Phonetic surname + birth year; the given name gets the same key space so swapped names still meet.
    if (r.familyCode) keys.add(`N${r.familyCode}|${year}`);
    for (const p of r.familyParts) keys.add(`N${nysiis(p)}|${year}`);
    for (const p of r.previous) keys.add(`N${nysiis(p)}|${year}`);
    if (r.givenCode) keys.add(`N${r.givenCode}|${year}`);
    keys.add(`D${r.dob}`);
  }
  for (const p of r.phones) {
    if (p.length === 10) keys.add(`P${p}`);
    keys.add(`Q${p.slice(-7)}`);
  }
  if (r.postal && r.given) keys.add(`Z${r.postal}|${r.given[0]}`);
  if (r.ssn) keys.add(`S${r.ssn.slice(-4)}`);
  for (const id of r.ids) keys.add(`I${id}`);
  return [...keys];
}

/**
 * Normalises and blocks the records. Records with a repeated id keep the first occurrence. With `population`, exact
 * name weights use its frequencies instead of the indexed records' own.
 */
export function buildMpiIndex(records: readonly MpiRecord[], population?: MpiPopulation): MpiIndex {
  const prepared: PreparedRecord[] = [];
  const positionOf = new Map<string, number>();
  const blocks = new Map<string, number[]>();
  const familyCounts = new Map<string, number>();
  const givenCounts = new Map<string, number>();
  for (const r of records) {
    if (positionOf.has(r.id)) continue;
    const p = prepareRecord(r);
    const pos = prepared.length;
    prepared.push(p);
    positionOf.set(r.id, pos);
    if (p.family) familyCounts.set(p.family, (familyCounts.get(p.family) ?? 0) + 1);
    if (p.given) givenCounts.set(p.given, (givenCounts.get(p.given) ?? 0) + 1);
    for (const k of blockingKeys(p)) {
      const list = blocks.get(k);
      if (list) list.push(pos);
      else blocks.set(k, [pos]);
    }
  }
  if (population) {
    return {
      records: prepared,
      positionOf,
      blocks,
      familyCounts: population.familyCounts,
      givenCounts: population.givenCounts,
      populationSize: population.total,
    };
  }
  return { records: prepared, positionOf, blocks, familyCounts, givenCounts, populationSize: prepared.length };
}

/** Picks the level with the highest weight among those that hold. */
function best<F extends 'familyName' | 'givenName'>(
  weights: MpiWeightTable,
  field: F,
  levels: readonly string[],
): { level: string; weight: number } {
  const table = weights[field] as Readonly<Record<string, { m: number; u: number }>>;
  let out = { level: 'missing', weight: 0 };
  let first = true;
  for (const level of levels) {
    const p = table[level];
    if (!p) continue;
    const w = weightOf(p.m, p.u);
    if (first || w > out.weight) out = { level, weight: w };
    first = false;
  }
  return out;
}

/**
 * Value-specific weight for exact name agreement (Winkler's frequency-based adjustment): agreeing on a rare name is
 * stronger evidence than agreeing on SMITH, so u becomes the name's share of the index, kept between a quarter of the
 * table's u and 0.5.
 */
function exactNameWeight(index: MpiIndex, counts: ReadonlyMap<string, number>, name: string, m: number, u: number) {
  const total = index.populationSize;
  if (total < MIN_RECORDS_FOR_FREQUENCIES) return weightOf(m, u);
  const share = (counts.get(name) ?? 0) / total;
  return weightOf(m, Math.min(0.5, Math.max(u / 4, share)));
}

const round = (x: number): number => Math.round(x * 100) / 100;

function describe(field: MpiField, level: string, a: PreparedRecord, b: PreparedRecord): string {
  const pair = (x: string, y: string) => (x === y ? x : `${x} / ${y}`);
  switch (field) {
    case 'identifier':
      if (level === 'ssn-exact') return 'Same Social Security number';
      if (level === 'ssn-last4') return `Same last four digits of the SSN (${a.ssn.slice(-4)})`;
      if (level === 'id-exact') return 'Same record number from the same facility or agency';
      return 'Different Social Security numbers';
    case 'familyName':
      if (level === 'exact') return `Same family name (${a.family})`;
      if (level === 'compound') return `Family names share a part of a compound name (${pair(a.family, b.family)})`;
      if (level === 'previous-name') return `One family name is the other's earlier name (${pair(a.family, b.family)})`;
      if (level === 'typo') return `Family names differ by a likely typing error (${pair(a.family, b.family)})`;
      if (level === 'phonetic') return `Family names sound alike (${pair(a.family, b.family)})`;
      if (level === 'swapped')
        return `Given and family names appear exchanged (${a.given} ${a.family} / ${b.given} ${b.family})`;
      return `Different family names (${pair(a.family, b.family)})`;
    case 'givenName':
      if (level === 'exact') return `Same given name (${a.given})`;
      if (level === 'nickname') return `Given names are forms of the same name (${pair(a.given, b.given)})`;
      if (level === 'typo') return `Given names differ by a likely typing error (${pair(a.given, b.given)})`;
      if (level === 'phonetic') return `Given names sound alike (${pair(a.given, b.given)})`;
      if (level === 'initial')
        return `Only an initial is recorded on one side, and it agrees (${pair(a.given, b.given)})`;
      if (level === 'middle-as-given')
        return `One record uses the middle name as the given name (${pair(a.given, b.given)})`;
      if (level === 'swapped') return 'Given and family names appear exchanged';
      return `Different given names (${pair(a.given, b.given)})`;
    case 'middleName':
      if (level === 'exact') return `Same middle name (${a.middle})`;
      if (level === 'initial') return `Middle initials agree (${pair(a.middle, b.middle)})`;
      return `Different middle names (${pair(a.middle, b.middle)})`;
    case 'birthDate':
      if (level === 'exact') return 'Same date of birth';
      if (level === 'day-month-swapped') return 'Dates of birth agree with day and month exchanged';
      if (level === 'digit-transposed') return 'Dates of birth agree except for two exchanged digits';
      if (level === 'one-digit') return 'Dates of birth differ in a single digit';
      return 'Different dates of birth';
    case 'sex':
      return level === 'agree' ? 'Same sex' : 'Different sex';
    case 'address':
      if (level === 'exact') return 'Same street address and ZIP code';
      if (level === 'street') return 'Same street address (ZIP code differs or is missing)';
      if (level === 'postal-code') return `Same ZIP code (${a.postal}), different street address`;
      return 'Different addresses (the person may have moved)';
    case 'phone':
      if (level === 'exact') return 'Same phone number';
      if (level === 'exact-with-address') return 'Same phone number (at the same address, so it adds little)';
      if (level === 'last-7') return 'Phone numbers agree in the last seven digits';
      return 'Different phone numbers';
    case 'email':
      return level === 'exact' ? 'Same e-mail address' : 'Different e-mail addresses';
  }
}

/**
 * Scores one pair: the sum of the field weights, with the reasons that make it up (fields missing on a side add 0).
 * With `explain` false the reasons are left empty, which is what a sweep does for the many pairs it then discards.
 */
export function scorePair(
  index: MpiIndex,
  a: PreparedRecord,
  b: PreparedRecord,
  settings: MpiSettings,
  explain = true,
): { score: number; reasons: MpiReason[] } {
  const w = settings.weights;
  const reasons: MpiReason[] = [];
  let total = 0;
  const add = (field: MpiField, level: string, weight: number) => {
    if (level === 'missing') return;
    total += round(weight);
    if (explain) reasons.push({ field, agreement: level, weight: round(weight), text: describe(field, level, a, b) });
  };
  const pick = <F extends MpiField>(field: F, level: string) => {
    const p = (w[field] as Readonly<Record<string, { m: number; u: number }>>)[level];
    add(field, level, p ? weightOf(p.m, p.u) : 0);
  };

  const id = identifierLevel(a, b);
  pick('identifier', id);

  let family = best(w, 'familyName', familyLevels(a, b));
  let given = best(w, 'givenName', givenLevels(a, b));
  if (family.level === 'exact') {
    family = {
      level: 'exact',
      weight: exactNameWeight(index, index.familyCounts, a.family, w.familyName.exact.m, w.familyName.exact.u),
    };
  }
  if (given.level === 'exact') {
    given = {
      level: 'exact',
      weight: exactNameWeight(index, index.givenCounts, a.given, w.givenName.exact.m, w.givenName.exact.u),
    };
  }
  if ((family.weight < 0 || given.weight < 0) && namesSwapped(a, b)) {
    family = { level: 'swapped', weight: weightOf(w.familyName.swapped.m, w.familyName.swapped.u) };
    given = { level: 'swapped', weight: weightOf(w.givenName.swapped.m, w.givenName.swapped.u) };
  }
  add('familyName', family.level, family.weight);
  add('givenName', given.level, given.weight);
  const middle = middleLevel(a, b);
  pick('middleName', middle);
  const dob = birthDateLevel(a.dob, b.dob);
  pick('birthDate', dob);
  pick('sex', sexLevel(a, b));
  const address = addressLevel(a, b);
  pick('address', address);
  // Address and phone are not independent (a household shares both), so a phone that agrees where the address already
  // agrees is weighed with probabilities conditional on that.
  const phone = phoneLevel(a, b);
  pick('phone', phone === 'exact' && address === 'exact' ? 'exact-with-address' : phone);
  pick('email', emailLevel(a, b));

  // Twins and other multiple births share surname, birth date, address and phone: the fields are not independent, so
  // the sum overstates the evidence. A clearly different given name with no agreeing identifier outweighs it.
  const familyAgrees = family.level === 'exact' || family.level === 'compound' || family.level === 'typo';
  // A given name that matches only the other's middle name, while the middle names differ, is the same pattern.
  const givenDiffers = given.level === 'disagree' || (given.level === 'middle-as-given' && middle === 'disagree');
  const idAgrees = id === 'ssn-exact' || id === 'ssn-last4' || id === 'id-exact';
  // A birth date off by a keying error counts too: the record of one twin may carry a transposed date.
  const dobAgrees = dob !== 'disagree' && dob !== 'missing';
  if (familyAgrees && dobAgrees && givenDiffers && !idAgrees) {
    total += round(settings.multipleBirthPenalty);
    if (explain) {
      reasons.push({
        field: 'multipleBirth',
        agreement: 'possible-multiple-birth',
        weight: round(settings.multipleBirthPenalty),
        text: 'Same family name and (nearly) the same date of birth but a different given name: possibly twins or another multiple birth',
      });
    }
  }
  return { score: round(total), reasons };
}

export function verdictOf(score: number, settings: MpiSettings): MpiVerdict {
  if (score >= settings.thresholds.match) return 'match';
  if (score >= settings.thresholds.review) return 'review';
  return 'non-match';
}

/** Positions of the records that share at least one usable blocking key with `r` (not deduplicated against `r`). */
function candidatePositions(index: MpiIndex, r: PreparedRecord, settings: MpiSettings, minPosition: number): number[] {
  const seen = new Set<number>();
  for (const k of blockingKeys(r)) {
    const block = index.blocks.get(k);
    if (!block || block.length > settings.maxBlockSize) continue;
    for (const pos of block) if (pos > minPosition) seen.add(pos);
  }
  return [...seen];
}

export interface FindCandidatesOptions {
  /** Also return scored candidates below the review threshold (default false). */
  readonly includeNonMatches?: boolean;
}

/**
 * Scores `record` against the indexed records that share a blocking key with it, best first. A record with the same
 * id as the query is skipped. By default only `match` and `review` candidates are returned.
 */
export function findCandidates(
  index: MpiIndex,
  record: MpiRecord,
  settings: MpiSettings,
  options: FindCandidatesOptions = {},
): MpiCandidate[] {
  const q = prepareRecord(record);
  const out: MpiCandidate[] = [];
  for (const pos of candidatePositions(index, q, settings, -1)) {
    const other = index.records[pos];
    if (!other || other.id === q.id) continue;
    const { score } = scorePair(index, q, other, settings, false);
    const verdict = verdictOf(score, settings);
    if (verdict === 'non-match' && !options.includeNonMatches) continue;
    out.push({ id: other.id, score, verdict, reasons: scorePair(index, q, other, settings).reasons });
  }
  return out.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1));
}

/**
 * On-demand sweep: every pair of indexed records, compared once, whose score reaches the review threshold, best first.
 */
export function findDuplicatePairs(index: MpiIndex, settings: MpiSettings): MpiDuplicatePair[] {
  const out: MpiDuplicatePair[] = [];
  index.records.forEach((a, i) => {
    for (const j of candidatePositions(index, a, settings, i)) {
      const b = index.records[j];
      if (!b) continue;
      const { score } = scorePair(index, a, b, settings, false);
      const verdict = verdictOf(score, settings);
      if (verdict !== 'non-match') {
        out.push({ a: a.id, b: b.id, score, verdict, reasons: scorePair(index, a, b, settings).reasons });
      }
    }
  });
  return out.sort((x, y) => y.score - x.score);
}
