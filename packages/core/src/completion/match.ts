import type {
  CompletionDocument,
  CompletionRecord,
  CompletionRule,
  CompletionRuleSet,
  CompletionStatus,
} from './types.js';

const two = (s: string, i: number): number => (s.charCodeAt(i) - 48) * 10 + (s.charCodeAt(i + 1) - 48);
/** Positions of the digits in `YYYY-MM-DDTHH:MM:SS.sssZ`. */
const ISO_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `YYYY-MM-DDTHH:MM:SS.sssZ` read field by field, or null when the value is not exactly that with valid fields. */
function canonicalInstantMs(value: string): number | null {
  if (
    value.length !== 24 ||
    value.charCodeAt(4) !== 45 ||
    value.charCodeAt(7) !== 45 ||
    value.charCodeAt(10) !== 84 ||
    value.charCodeAt(13) !== 58 ||
    value.charCodeAt(16) !== 58 ||
    value.charCodeAt(19) !== 46 ||
    value.charCodeAt(23) !== 90
  ) {
    return null;
  }
  for (const i of ISO_DIGITS) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  const year = two(value, 0) * 100 + two(value, 2);
  const month = two(value, 5);
  const day = two(value, 8);
  const hour = two(value, 11);
  const minute = two(value, 14);
  const second = two(value, 17);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  // Years before 100 are rare enough to leave to Date.parse.
  if (year < 100 || day < 1 || day > monthDays || hour > 23 || minute > 59 || second > 59) return null;
  // Days from 1970-01-01 to the civil date (the era-of-400-years method), then the time of day.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146_097 + doe - 719_468;
  const milli = two(value, 20) * 10 + (value.charCodeAt(22) - 48);
  return days * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + milli;
}

/**
 * Milliseconds of an ISO instant or date (a date is its start, UTC); null when absent or unreadable. The analysis
 * reads many instants per record, nearly all in the canonical form `toISOString` writes, so that form is read field
 * by field; any other form goes to Date.parse.
 */
export function instantMs(value: string | null | undefined): number | null {
  if (!value) return null;
  const fast = canonicalInstantMs(value);
  if (fast !== null) return fast;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);
const pad4 = (n: number): string => (n < 1000 ? `0${pad3(n)}` : `${n}`);
/** 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the range toISOString writes with a four-digit year. */
const FIRST_FOUR_DIGIT_MS = -62_135_596_800_000;
const LAST_FOUR_DIGIT_MS = 253_402_300_799_999;

/**
 * The ISO text `new Date(ms).toISOString()` writes, computed from the number (days to a civil date by the
 * era-of-400-years method): the analysis writes several instants per requirement, and this is several times faster.
 * Anything outside four-digit years, or not a whole millisecond, goes to Date.
 */
export function isoFromMs(ms: number): string {
  if (!Number.isInteger(ms) || ms < FIRST_FOUR_DIGIT_MS || ms > LAST_FOUR_DIGIT_MS) return new Date(ms).toISOString();
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const milli = rest - second * 1000;
  return `${pad4(year)}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}.${pad3(milli)}Z`;
}

export const isDateOnly = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/u.test(value);

/**
 * The state of an owed item at `now`: due until `dueAt`, overdue after it, delinquent once also past the record's
 * delinquency instant. The same function serves the analysis and the stored deficiencies read back later.
 */
export function completionTiming(
  dueAt: string | null,
  delinquentAt: string | null,
  now: Date | string,
): Exclude<CompletionStatus, 'compliant' | 'pending'> {
  const t = typeof now === 'string' ? Date.parse(now) : now.getTime();
  const due = instantMs(dueAt);
  const delinquent = instantMs(delinquentAt);
  if (due === null || t <= due) return 'due';
  if (delinquent !== null && t > delinquent) return 'delinquent';
  return 'overdue';
}

/** Whether a procedure counts as surgery under the rule set (code prefixes per code system). */
export function isSurgicalProcedure(ruleSet: CompletionRuleSet, system: string, code: string): boolean {
  const c = code.replaceAll('.', '').toUpperCase();
  return ruleSet.surgicalProcedures.some((s) => s.system === system && s.prefixes.some((p) => c.startsWith(p)));
}

/** A rule set's placeholders in lower case, worked out once per rule set (rule sets are not changed in place). */
const loweredPlaceholders = new WeakMap<CompletionRuleSet, readonly string[]>();

/** Whether a document's text is there and holds no placeholder for an unwritten section. */
export function isDocumentComplete(ruleSet: CompletionRuleSet, d: CompletionDocument): boolean {
  const text = d.text?.trim() ?? '';
  if (text === '') return d.hasAttachment;
  let placeholders = loweredPlaceholders.get(ruleSet);
  if (!placeholders) {
    placeholders = ruleSet.placeholders.filter((p) => p !== '').map((p) => p.toLowerCase());
    loweredPlaceholders.set(ruleSet, placeholders);
  }
  const lower = text.toLowerCase();
  for (const p of placeholders) if (lower.includes(p)) return false;
  return true;
}

/** Whether a document matches a rule's document selector (type and label), ignoring whether it is an addendum. */
export function documentMatchesRule(rule: CompletionRule, d: CompletionDocument): boolean {
  const sel = rule.documents;
  const label = d.typeLabel.toLowerCase();
  const code = d.loincCode ?? '';
  if (sel.exceptLoincCodes.includes(code)) return false;
  if (sel.exceptTypeLabelContains.some((t) => label.includes(t.toLowerCase()))) return false;
  const byLabel = sel.typeLabelContains.some((t) => label.includes(t.toLowerCase()));
  const byCode = sel.loincCodes.length > 0 ? sel.loincCodes.includes(code) : sel.typeLabelContains.length === 0;
  return byCode || byLabel;
}

/** Whether a rule applies to the encounter's type and service. */
export function completionRuleApplies(rule: CompletionRule, record: CompletionRecord): boolean {
  const e = record.encounter;
  const types = rule.appliesTo.encounterTypes;
  const services = rule.appliesTo.services;
  return (
    rule.enabled &&
    (types.length === 0 || types.includes(e.type)) &&
    (services.length === 0 || (e.service !== null && services.includes(e.service)))
  );
}
