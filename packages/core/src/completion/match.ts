import type {
  CompletionDocument,
  CompletionRecord,
  CompletionRule,
  CompletionRuleSet,
  CompletionStatus,
} from './types.js';

/** Milliseconds of an ISO instant or date (a date is its start, UTC); null when absent or unreadable. */
export function instantMs(value: string | null | undefined): number | null {
  if (!value) return null;
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

/** Whether a document's text is there and holds no placeholder for an unwritten section. */
export function isDocumentComplete(ruleSet: CompletionRuleSet, d: CompletionDocument): boolean {
  const text = d.text?.trim() ?? '';
  if (text === '') return d.hasAttachment;
  const lower = text.toLowerCase();
  return !ruleSet.placeholders.some((p) => p !== '' && lower.includes(p.toLowerCase()));
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
