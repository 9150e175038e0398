import type { Citation, Finding } from '../finding.js';

/** The event a completion deadline counts from. `authored`: each matching document's own authoring time. */
export const CompletionAnchor = {
  admission: 'admission',
  surgery: 'surgery',
  discharge: 'discharge',
  authored: 'authored',
} as const;
export type CompletionAnchor = (typeof CompletionAnchor)[keyof typeof CompletionAnchor];

/** Who must authenticate (sign) the document, and so who is responsible for a deficiency against it. */
export const Authenticator = { attending: 'attending', author: 'author', surgeon: 'surgeon' } as const;
export type Authenticator = (typeof Authenticator)[keyof typeof Authenticator];

/** One requirement's state at an instant. */
export const CompletionStatus = {
  /** Met (possibly late: see `late`). */
  compliant: 'compliant',
  /** Its anchor has not happened yet (no discharge, surgery not yet performed): nothing is owed yet. */
  pending: 'pending',
  /** Owed, and the due instant is still ahead. */
  due: 'due',
  /** Past its due instant. */
  overdue: 'overdue',
  /** Past the facility's delinquency threshold (days after discharge). */
  delinquent: 'delinquent',
} as const;
export type CompletionStatus = (typeof CompletionStatus)[keyof typeof CompletionStatus];

export const DeficiencyKind = {
  missing: 'missing',
  /** Empty text, or a placeholder left where a section should be. */
  incomplete: 'incomplete',
  unauthenticated: 'unauthenticated',
} as const;
export type DeficiencyKind = (typeof DeficiencyKind)[keyof typeof DeficiencyKind];

/**
 * A completion rule. `scope: 'encounter'` requires one matching document per anchor (per surgical day for the
 * surgery anchor); `scope: 'each'` requires every matching document of the encounter to be complete and
 * authenticated. A document matches when its LOINC type is listed (an empty list with no label terms: any type) or
 * its type label contains one of `typeLabelContains` (case-insensitive), and neither its type nor its label is
 * excepted. Addenda never satisfy a requirement for a document: an addendum to a required document must itself be
 * authenticated under the same rule.
 */
export interface CompletionRule {
  /** Stable id, e.g. `COMPLETION.DS.MISSING`. */
  readonly id: string;
  readonly title: string;
  readonly citation: Citation;
  readonly enabled: boolean;
  /** Encounter types and services it applies to; an empty list means all. */
  readonly appliesTo: { readonly encounterTypes: readonly string[]; readonly services: readonly string[] };
  readonly scope: 'encounter' | 'each';
  readonly documents: {
    readonly loincCodes: readonly string[];
    readonly exceptLoincCodes: readonly string[];
    readonly typeLabelContains: readonly string[];
    readonly exceptTypeLabelContains: readonly string[];
  };
  readonly anchor: CompletionAnchor;
  /**
   * A document counts when authored no earlier than `beforeHours` before the anchor; it is due `afterHours` after the
   * anchor.
   */
  readonly window: { readonly beforeHours: number; readonly afterHours: number };
  /** Also due before the first surgery of the encounter, when that comes earlier. */
  readonly dueBeforeSurgery: boolean;
  /**
   * Required only when a document of one of these types was authored before the anchor (the update note after a
   * history and physical done before admission). An empty list: always required.
   */
  readonly onlyAfterPriorLoincCodes: readonly string[];
  readonly authenticatedBy: Authenticator;
  /** Whether the document must be authenticated, not only present and complete. */
  readonly requireAuthentication: boolean;
}

/** A facility's rule set: the rules plus the thresholds they share. */
export interface CompletionRuleSet {
  /** A record with open deficiencies this many days after discharge is delinquent (at most 30: 42 CFR 482.24(c)(4)(viii)). */
  readonly delinquencyDays: number;
  /** Text that marks a section as not yet written (compared case-insensitively); a document holding one is incomplete. */
  readonly placeholders: readonly string[];
  /** Procedures that count as surgery (the surgery anchor): code prefixes per code system. */
  readonly surgicalProcedures: readonly { readonly system: string; readonly prefixes: readonly string[] }[];
  /** LOINC types of operative reports, discharge summaries and histories and physicals, for the consistency checks. */
  readonly documentTypes: {
    readonly operativeReport: readonly string[];
    readonly dischargeSummary: readonly string[];
  };
  readonly rules: readonly CompletionRule[];
}

export interface CompletionEncounter {
  readonly id: string;
  readonly type: string;
  readonly service: string | null;
  /** planned | in_progress | discharged | completed | cancelled */
  readonly status: string;
  /** ISO instants. */
  readonly admitAt: string | null;
  readonly dischargeAt: string | null;
  readonly dischargeDisposition: string | null;
  readonly attendingId: string | null;
}

export interface CompletionDocument {
  readonly id: string;
  readonly loincCode: string | null;
  readonly typeLabel: string;
  readonly authorId: string | null;
  readonly authoredAt: string | null;
  /** preliminary | final | amended | entered-in-error */
  readonly status: string;
  readonly authenticatedAt: string | null;
  readonly authenticatedBy: string | null;
  /** Null when the document has no text (an attachment only, or nothing). */
  readonly text: string | null;
  readonly hasAttachment: boolean;
  readonly amendsDocumentId: string | null;
}

export interface CompletionProcedure {
  /** `coded`: HIM's coded record; `ehr`: as the EHR sent it. */
  readonly source: 'coded' | 'ehr';
  readonly system: string;
  readonly code: string;
  /** An ISO instant, or a date (YYYY-MM-DD) when only the day is known; null when unknown. */
  readonly performedAt: string | null;
  readonly practitionerId: string | null;
}

/** What the analysis reads about one encounter. */
export interface CompletionRecord {
  readonly encounter: CompletionEncounter;
  readonly clinicians: readonly { readonly practitionerId: string; readonly role: string }[];
  readonly documents: readonly CompletionDocument[];
  readonly procedures: readonly CompletionProcedure[];
}

/** One requirement of one rule, met or not, at the analysis instant. */
export interface CompletionItem {
  readonly ruleId: string;
  readonly title: string;
  readonly citation: Citation;
  /** Identifies the requirement across analyses: rule, document or anchor instant, kind. */
  readonly key: string;
  /** Null when compliant or pending. */
  readonly kind: DeficiencyKind | null;
  readonly status: CompletionStatus;
  readonly documentId: string | null;
  /** JSON Pointer into the record: the document, or the encounter when the document is missing. */
  readonly path: string;
  readonly anchor: CompletionAnchor;
  readonly anchorAt: string | null;
  readonly dueAt: string | null;
  readonly delinquentAt: string | null;
  /** When the requirement was met (authored, or authenticated when that is required). */
  readonly satisfiedAt: string | null;
  /** Met, but after its due instant. */
  readonly late: boolean;
  readonly responsible: { readonly role: Authenticator; readonly practitionerId: string | null };
}

export type RecordCompletionStatus = 'complete' | 'pending' | 'incomplete' | 'delinquent';

export interface CompletionAnalysis {
  readonly encounterId: string;
  readonly analyzedAt: string;
  /** Every requirement that applies, met or not. */
  readonly items: readonly CompletionItem[];
  /** The items owed now: due, overdue or delinquent. */
  readonly deficiencies: readonly CompletionItem[];
  /** Consistency findings (dates, contents, procedures against reports). */
  readonly findings: readonly Finding[];
  /** complete: nothing owed; pending: only items whose anchor is ahead; incomplete; delinquent. */
  readonly recordStatus: RecordCompletionStatus;
}
