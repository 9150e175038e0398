import {
  CompletionRuleSchema,
  CompletionRuleSetUpdate,
  type CompletionRuleSetSchema,
  type CompletionRuleSetVersion,
  type FieldError,
} from '@charta/contracts';
import { placeErrors as placeFormErrors, type PlacedErrors } from '../../api/problem.js';
import { validate, type Validation } from '../../api/validate.js';

/**
 * The completion-rules form without React: the editable state of a rule set, turning it back into the update the
 * server takes, and placing the server's (or the schema's) error pointers next to the fields they are about.
 */

export type CompletionRule = CompletionRuleSchema;
export type RuleSigner = CompletionRule['authenticatedBy'];
export type RuleAnchor = CompletionRule['anchor'];

export const SIGNER_LABELS: Readonly<Record<RuleSigner, string>> = {
  attending: 'Attending',
  author: 'Author',
  surgeon: 'Surgeon',
};

export const ANCHOR_LABELS: Readonly<Record<RuleAnchor, string>> = {
  admission: 'Admission',
  surgery: 'Surgery',
  discharge: 'Discharge',
  authored: 'Note written',
};

/** One rule as the form holds it: the rule as loaded, with the editable parts kept as the person typed them. */
export interface RuleDraft {
  /** The rule as loaded (or as copied); the fields below replace its own when the set is saved. */
  readonly rule: CompletionRule;
  readonly enabled: boolean;
  readonly beforeHours: string;
  readonly afterHours: string;
  readonly authenticatedBy: RuleSigner;
  readonly requireAuthentication: boolean;
}

/** A rule set as the form holds it. Surgical procedures are not edited here and travel back as loaded. */
export interface RuleSetDraft {
  readonly delinquencyDays: string;
  /** One placeholder per line. */
  readonly placeholders: string;
  /** LOINC codes separated by commas, spaces or lines. */
  readonly dischargeSummary: string;
  readonly operativeReport: string;
  readonly surgicalProcedures: CompletionRuleSetSchema['surgicalProcedures'];
  readonly rules: readonly RuleDraft[];
}

/** The form state for one rule. */
export function ruleDraftOf(rule: CompletionRule): RuleDraft {
  return {
    rule,
    enabled: rule.enabled,
    beforeHours: String(rule.window.beforeHours),
    afterHours: String(rule.window.afterHours),
    authenticatedBy: rule.authenticatedBy,
    requireAuthentication: rule.requireAuthentication,
  };
}

/** The form state for a rule set as the server sent it. */
export function draftOf(set: CompletionRuleSetSchema): RuleSetDraft {
  return {
    delinquencyDays: String(set.delinquencyDays),
    placeholders: set.placeholders.join('\n'),
    dischargeSummary: set.documentTypes.dischargeSummary.join(', '),
    operativeReport: set.documentTypes.operativeReport.join(', '),
    surgicalProcedures: set.surgicalProcedures,
    rules: set.rules.map(ruleDraftOf),
  };
}

/** Non-empty lines, trimmed: placeholders may hold commas and spaces ("[to be completed]"), so only lines split them. */
export function parseLines(text: string): string[] {
  return text
    .split(/\r?\n/u)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Codes separated by commas, semicolons, spaces or lines. */
export function parseCodes(text: string): string[] {
  return text.split(/[\s,;]+/u).filter((c) => c !== '');
}

/** A whole number typed in a field, or NaN for anything else (blank, decimals, signs, letters). */
export function parseWholeNumber(text: string): number {
  const t = text.trim();
  return /^[0-9]{1,9}$/u.test(t) ? Number(t) : NaN;
}

const NOT_A_WHOLE_NUMBER = 'Enter a whole number';

/** The rule a draft row stands for, with the person's changes applied. */
export function ruleOf(draft: RuleDraft): CompletionRule {
  return {
    ...draft.rule,
    enabled: draft.enabled,
    window: { beforeHours: parseWholeNumber(draft.beforeHours), afterHours: parseWholeNumber(draft.afterHours) },
    authenticatedBy: draft.authenticatedBy,
    requireAuthentication: draft.requireAuthentication,
  };
}

/** The rule set the form describes (numbers that are not whole numbers come out as NaN; see buildUpdate). */
export function ruleSetOf(draft: RuleSetDraft): CompletionRuleSetSchema {
  return {
    delinquencyDays: parseWholeNumber(draft.delinquencyDays),
    placeholders: parseLines(draft.placeholders),
    surgicalProcedures: draft.surgicalProcedures,
    documentTypes: {
      operativeReport: parseCodes(draft.operativeReport),
      dischargeSummary: parseCodes(draft.dischargeSummary),
    },
    rules: draft.rules.map(ruleOf),
  };
}

/** Where the rule set being edited came from, to know which version an edit starts from. */
export interface RuleSetOrigin {
  /** The facility asked for ('' for the organisation's default). */
  readonly facility: string;
  /** The set the server answered with. */
  readonly loaded: Pick<CompletionRuleSetVersion, 'facility' | 'version'>;
}

/**
 * The version of the facility's own set an edit starts from: the loaded version when the set is the facility's own
 * (or the organisation's default when that is what is edited), 0 when the facility had none and followed the default.
 */
export function baseVersionOf(origin: RuleSetOrigin): number {
  return origin.loaded.facility === origin.facility ? origin.loaded.version : 0;
}

/**
 * The update to send, checked against the same schema the server parses it with. Numbers that are not whole numbers
 * get one plain message instead of the schema's remark about NaN.
 */
export function buildUpdate(
  draft: RuleSetDraft,
  origin: RuleSetOrigin,
  note: string,
): Validation<CompletionRuleSetUpdate> {
  const numberErrors: FieldError[] = [];
  const needWhole = (path: string, text: string) => {
    if (Number.isNaN(parseWholeNumber(text))) numberErrors.push({ path, code: 'custom', message: NOT_A_WHOLE_NUMBER });
  };
  needWhole('/ruleSet/delinquencyDays', draft.delinquencyDays);
  draft.rules.forEach((r, i) => {
    needWhole(`/ruleSet/rules/${i}/window/beforeHours`, r.beforeHours);
    needWhole(`/ruleSet/rules/${i}/window/afterHours`, r.afterHours);
  });
  const update = {
    ...(origin.facility === '' ? {} : { facility: origin.facility }),
    baseVersion: baseVersionOf(origin),
    note,
    ruleSet: ruleSetOf(draft),
  };
  const checked = validate(CompletionRuleSetUpdate, update);
  if (numberErrors.length === 0) return checked;
  const ours = new Set(numberErrors.map((e) => e.path));
  const rest = checked.ok ? [] : checked.errors.filter((e) => !ours.has(e.path));
  return { ok: false, errors: [...numberErrors, ...rest] };
}

/** A copy of a rule under a new id, or the reason the id cannot be used. */
export function duplicateRule(
  source: RuleDraft,
  newId: string,
  existingIds: readonly string[],
): { ok: true; rule: RuleDraft } | { ok: false; message: string } {
  const id = newId.trim();
  const idCheck = CompletionRuleSchema.shape.id.safeParse(id);
  if (!idCheck.success) {
    return { ok: false, message: idCheck.error.issues[0]?.message ?? 'Not a rule id' };
  }
  if (existingIds.includes(id)) return { ok: false, message: `The set already has a rule ${id}` };
  return { ok: true, rule: { ...source, rule: { ...source.rule, id } } };
}

/** The columns of the rules table an error can be shown in; 'row' is the rule as a whole. */
export type RuleColumn =
  | 'row'
  | 'id'
  | 'title'
  | 'citation'
  | 'appliesTo'
  | 'documents'
  | 'anchor'
  | 'beforeHours'
  | 'afterHours'
  | 'dueBeforeSurgery'
  | 'authenticatedBy'
  | 'requireAuthentication'
  | 'enabled';

/** The fields outside the rules table. */
export type SetField =
  'facility' | 'note' | 'delinquencyDays' | 'placeholders' | 'dischargeSummary' | 'operativeReport';

/** The key of a rule cell in the placed messages. */
export const ruleFieldKey = (index: number, column: RuleColumn): string => `rules/${index}/${column}`;

/** Rule properties by the column that shows them; anything not listed is about the rule as a whole. */
const RULE_COLUMNS: Readonly<Record<string, RuleColumn>> = {
  id: 'id',
  title: 'title',
  citation: 'citation',
  appliesTo: 'appliesTo',
  documents: 'documents',
  onlyAfterPriorLoincCodes: 'documents',
  anchor: 'anchor',
  dueBeforeSurgery: 'dueBeforeSurgery',
  authenticatedBy: 'authenticatedBy',
  requireAuthentication: 'requireAuthentication',
  enabled: 'enabled',
};

const SET_FIELDS: Readonly<Record<string, SetField>> = {
  '/facility': 'facility',
  '/note': 'note',
  '/ruleSet/delinquencyDays': 'delinquencyDays',
  '/ruleSet/placeholders': 'placeholders',
  '/ruleSet/documentTypes/dischargeSummary': 'dischargeSummary',
  '/ruleSet/documentTypes/operativeReport': 'operativeReport',
};

/**
 * The form field an error pointer is about: a set-level field (a list's items count as the list), a rule cell
 * (`rules/3/afterHours`), or null when the form shows nothing it could sit next to (surgical procedures, the number
 * of rules, the base version, a rule past the table's end).
 */
export function fieldKeyOf(pointer: string, ruleCount: number): string | null {
  for (const [prefix, field] of Object.entries(SET_FIELDS)) {
    if (pointer === prefix || pointer.startsWith(`${prefix}/`)) return field;
  }
  const m = /^\/ruleSet\/rules\/([0-9]+)(?:\/([^/]+)(?:\/([^/]+))?)?/u.exec(pointer);
  if (!m) return null;
  const index = Number(m[1]);
  if (index >= ruleCount) return null;
  const [, , property, child] = m;
  if (property === undefined) return ruleFieldKey(index, 'row');
  if (property === 'window') {
    if (child === 'beforeHours' || child === 'afterHours') return ruleFieldKey(index, child);
    return ruleFieldKey(index, 'row');
  }
  return ruleFieldKey(index, RULE_COLUMNS[property] ?? 'row');
}

/** Sorts errors into those shown next to a field and the rest (for the problem alert). */
export function placeErrors(errors: readonly FieldError[] | undefined, ruleCount: number): PlacedErrors {
  return placeFormErrors(errors, (pointer) => fieldKeyOf(pointer, ruleCount));
}

/** Which set is in force for the facility asked for, in words. */
export function describeInForce(origin: RuleSetOrigin): string {
  const { facility, loaded } = origin;
  if (facility === '') return `The organisation’s default, version ${loaded.version}`;
  if (loaded.facility === facility) return `${facility}’s own rule set, version ${loaded.version}`;
  return `${facility} has no rule set of its own: it follows the organisation’s default, version ${loaded.version}`;
}

/** Which documents a rule asks for, in words ("Each matching document: any document; except LOINC 18842-5"). */
export function describeDocuments(rule: CompletionRule): string {
  const d = rule.documents;
  const quoted = (xs: readonly string[]) => xs.map((x) => `“${x}”`).join(' or ');
  const parts: string[] = [];
  if (d.loincCodes.length > 0) parts.push(`LOINC ${d.loincCodes.join(', ')}`);
  if (d.typeLabelContains.length > 0) parts.push(`type label contains ${quoted(d.typeLabelContains)}`);
  if (parts.length === 0) parts.push('any document');
  if (d.exceptLoincCodes.length > 0) parts.push(`except LOINC ${d.exceptLoincCodes.join(', ')}`);
  if (d.exceptTypeLabelContains.length > 0) parts.push(`except labels containing ${quoted(d.exceptTypeLabelContains)}`);
  if (rule.onlyAfterPriorLoincCodes.length > 0) {
    parts.push(`only after LOINC ${rule.onlyAfterPriorLoincCodes.join(', ')}`);
  }
  return `${rule.scope === 'each' ? 'Each matching document' : 'Once per encounter'}: ${parts.join('; ')}`;
}

/** Who saved a version: its author's name (the signed-in user's own marked as theirs), or Charta for the defaults. */
export function describeAuthor(
  version: { readonly createdBy: string | null; readonly createdByName: string | null },
  me: { readonly id: string },
): string {
  if (version.createdBy === null) return 'Charta (defaults)';
  const name = version.createdByName ?? `user ${version.createdBy}`;
  return version.createdBy === me.id ? `${name} (you)` : name;
}
