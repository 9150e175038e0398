import type { CompletionRule, CompletionRuleSet } from './types.js';

/** LOINC document types the default rules name (LOINC Document Ontology). */
export const COMPLETION_LOINC = {
  historyAndPhysical: '34117-2',
  operativeReport: '11504-8',
  dischargeSummary: '18842-5',
} as const;

/**
 * The LOINC document types a clinician may write in Charta, with the display names LOINC gives them: the three the
 * default rules require and the notes a facility's own rules commonly add.
 */
export const WRITABLE_DOCUMENT_TYPES: Readonly<Record<string, string>> = {
  [COMPLETION_LOINC.historyAndPhysical]: 'History and physical note',
  [COMPLETION_LOINC.operativeReport]: 'Surgical operation note',
  [COMPLETION_LOINC.dischargeSummary]: 'Discharge summary',
  '11506-3': 'Progress note',
  '28570-0': 'Procedure note',
  '11488-4': 'Consult note',
  '34111-5': 'Emergency department note',
};

const HOUR_PER_DAY = 24;
const STAY_TYPES = ['inpatient', 'behavioral_health', 'skilled_nursing'] as const;
const none = { loincCodes: [], exceptLoincCodes: [], typeLabelContains: [], exceptTypeLabelContains: [] } as const;

/**
 * The default completion rules, from the CMS Conditions of Participation (42 CFR 482.22, 482.24, 482.51). A facility edits a copy (versioned); these are what a
 * facility without its own set gets. Deadlines a regulation leaves to the facility (discharge summary, notes,
 * operative report allowance) carry the facility-policy defaults named in each rule's citation.
 */
export const DEFAULT_COMPLETION_RULES: readonly CompletionRule[] = [
  {
    // 42 CFR 482.22(c)(5)(i) and 482.24(c)(4)(i)(A): no more than 30 days before or 24 hours after admission, and
    // before surgery or a procedure requiring anesthesia.
    id: 'COMPLETION.HP.MISSING',
    title: 'History and physical within 30 days before or 24 hours after admission, and before surgery',
    citation: { source: '42 CFR 482.22(c)(5)(i); 42 CFR 482.24(c)(4)(i)(A)' },
    enabled: true,
    appliesTo: { encounterTypes: ['inpatient', 'behavioral_health', 'observation'], services: [] },
    scope: 'encounter',
    documents: { ...none, loincCodes: [COMPLETION_LOINC.historyAndPhysical] },
    anchor: 'admission',
    window: { beforeHours: 30 * HOUR_PER_DAY, afterHours: 24 },
    dueBeforeSurgery: true,
    onlyAfterPriorLoincCodes: [],
    authenticatedBy: 'attending',
    requireAuthentication: true,
  },
  {
    // 42 CFR 482.22(c)(5)(ii) and 482.24(c)(4)(i)(B): an H&P done before admission needs an updated examination
    // within 24 hours after admission and before surgery.
    id: 'COMPLETION.HP.UPDATE',
    title:
      'Update note within 24 hours after admission, and before surgery, to a history and physical done before admission',
    citation: { source: '42 CFR 482.22(c)(5)(ii); 42 CFR 482.24(c)(4)(i)(B)' },
    enabled: true,
    appliesTo: { encounterTypes: ['inpatient', 'behavioral_health', 'observation'], services: [] },
    scope: 'encounter',
    documents: { ...none, loincCodes: [COMPLETION_LOINC.historyAndPhysical] },
    anchor: 'admission',
    window: { beforeHours: 0, afterHours: 24 },
    dueBeforeSurgery: true,
    onlyAfterPriorLoincCodes: [COMPLETION_LOINC.historyAndPhysical],
    authenticatedBy: 'attending',
    requireAuthentication: true,
  },
  {
    // 42 CFR 482.51(b)(1): a history and physical before surgery, for surgery outside an inpatient stay.
    id: 'COMPLETION.HP.SURGERY',
    title: 'History and physical before outpatient surgery (within 30 days)',
    citation: { source: '42 CFR 482.51(b)(1); 42 CFR 482.22(c)(5)(i)' },
    enabled: true,
    appliesTo: { encounterTypes: ['outpatient'], services: [] },
    scope: 'encounter',
    documents: { ...none, loincCodes: [COMPLETION_LOINC.historyAndPhysical] },
    anchor: 'surgery',
    window: { beforeHours: 30 * HOUR_PER_DAY, afterHours: 0 },
    dueBeforeSurgery: false,
    onlyAfterPriorLoincCodes: [],
    authenticatedBy: 'attending',
    requireAuthentication: true,
  },
  {
    // 42 CFR 482.51(b)(6): written or dictated immediately after surgery and signed by the surgeon; TJC: before the
    // patient is transferred to the next level of care. The record has no recovery-transfer time, so the facility
    // sets an allowance after the surgery day (default 24 hours).
    id: 'COMPLETION.OP.REPORT',
    title: 'Operative report immediately after surgery, authenticated by the surgeon',
    citation: { source: '42 CFR 482.51(b)(6); The Joint Commission RC.02.01.03' },
    enabled: true,
    appliesTo: { encounterTypes: [], services: [] },
    scope: 'encounter',
    documents: { ...none, loincCodes: [COMPLETION_LOINC.operativeReport] },
    anchor: 'surgery',
    window: { beforeHours: 0, afterHours: 24 },
    dueBeforeSurgery: false,
    onlyAfterPriorLoincCodes: [],
    authenticatedBy: 'surgeon',
    requireAuthentication: true,
  },
  {
    // 42 CFR 482.24(c)(4)(vii) and (viii): a discharge summary with outcome, disposition and provisions for follow-up
    // care; the record complete within 30 days of discharge. Facility policy default: 14 days.
    id: 'COMPLETION.DS.MISSING',
    title: 'Discharge summary, authenticated by the attending, within the facility’s deadline after discharge',
    citation: { source: '42 CFR 482.24(c)(4)(vii)-(viii); facility policy (default 14 days)' },
    enabled: true,
    appliesTo: { encounterTypes: [...STAY_TYPES], services: [] },
    scope: 'encounter',
    documents: { ...none, loincCodes: [COMPLETION_LOINC.dischargeSummary] },
    anchor: 'discharge',
    window: { beforeHours: 0, afterHours: 14 * HOUR_PER_DAY },
    dueBeforeSurgery: false,
    onlyAfterPriorLoincCodes: [],
    authenticatedBy: 'attending',
    requireAuthentication: true,
  },
  {
    // 42 CFR 482.24(c)(1): all entries legible, complete, dated, timed and authenticated by the person responsible.
    id: 'COMPLETION.NOTE.AUTH',
    title: 'Every other note complete and authenticated by its author within the facility’s deadline after discharge',
    citation: { source: '42 CFR 482.24(c)(1); facility policy (default 14 days)' },
    enabled: true,
    appliesTo: { encounterTypes: [], services: [] },
    scope: 'each',
    documents: {
      loincCodes: [],
      exceptLoincCodes: [
        COMPLETION_LOINC.historyAndPhysical,
        COMPLETION_LOINC.operativeReport,
        COMPLETION_LOINC.dischargeSummary,
      ],
      typeLabelContains: [],
      exceptTypeLabelContains: ['verbal order', 'telephone order'],
    },
    anchor: 'discharge',
    window: { beforeHours: 0, afterHours: 14 * HOUR_PER_DAY },
    dueBeforeSurgery: false,
    onlyAfterPriorLoincCodes: [],
    authenticatedBy: 'author',
    requireAuthentication: true,
  },
  {
    // 42 CFR 482.24(c)(2): orders, including verbal orders, authenticated promptly by the ordering practitioner; the
    // federal 48-hour limit was withdrawn in 2012, so state law or policy sets the time (default 48 hours).
    id: 'COMPLETION.ORDER.VERBAL',
    title: 'Verbal orders co-signed by the responsible practitioner',
    citation: { source: '42 CFR 482.24(c)(2); state law or facility policy (default 48 hours)' },
    enabled: true,
    appliesTo: { encounterTypes: [], services: [] },
    scope: 'each',
    documents: { ...none, typeLabelContains: ['verbal order', 'telephone order'] },
    anchor: 'authored',
    window: { beforeHours: 0, afterHours: 48 },
    dueBeforeSurgery: false,
    onlyAfterPriorLoincCodes: [],
    authenticatedBy: 'attending',
    requireAuthentication: true,
  },
];

/** The default rule set: delinquent 30 days after discharge at most (42 CFR 482.24(c)(4)(viii)). */
export const DEFAULT_COMPLETION_RULE_SET: CompletionRuleSet = {
  delinquencyDays: 30,
  placeholders: ['[pending]', '[dictation pending]', '[to be completed]', '***'],
  surgicalProcedures: [
    // ICD-10-PCS section 0, Medical and Surgical; CPT Surgery section (10004-69990).
    { system: 'ICD-10-PCS', prefixes: ['0'] },
    { system: 'CPT', prefixes: ['1', '2', '3', '4', '5', '6'] },
  ],
  documentTypes: {
    operativeReport: [COMPLETION_LOINC.operativeReport],
    dischargeSummary: [COMPLETION_LOINC.dischargeSummary],
  },
  rules: DEFAULT_COMPLETION_RULES,
};
