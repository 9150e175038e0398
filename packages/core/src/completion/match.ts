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
  // Date.UTC reads years 0-99 as 1900-1999: leave those to Date.parse.
  if (year < 100 || day < 1 || day > monthDays || hour > 23 || minute > 59 || second > 59) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, two(value, 20) * 10 + (value.charCodeAt(22) - 48));
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
