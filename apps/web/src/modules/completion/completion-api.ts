import {
  CompletionQueue,
  CompletionReport,
  CompletionRuleSetHistory,
  CompletionRuleSetVersion,
  Deficiency,
  DeficiencyList,
  DocumentSignature,
  DocumentSignatures,
  DocumentVersion,
  EncounterCompletion,
  EncounterDetail,
  type CompletionRuleSetUpdate,
  type DeficiencyCreate,
} from '@charta/contracts';
import type { ApiClient, Query } from '../../api/client.js';
import type { DischargePeriod } from '../../components/PeriodReport.js';
import { useModuleApi } from '../../api/use-module-api.js';
import type { Parsed } from '../../api/validate.js';

const V1 = '/api/v1';
const seg = (value: string): string => encodeURIComponent(value);
const withSignal = (signal: AbortSignal | undefined) => (signal ? { signal } : {});

/** A facility's rule-set versions, newest first. */
export type RuleSetHistory = Parsed<typeof CompletionRuleSetHistory>;

/**
 * The record-completion endpoints, one typed function each: the technicians' queue and deficiency lists, one record's
 * analysis and the changes a technician makes to it, the physician's own deficiencies and documents (write, sign,
 * addenda), and the completion report.
 */
export function createCompletionApi(client: ApiClient) {
  const deficiency = (id: string, rest: string): string => `${V1}/completion/deficiencies/${seg(id)}${rest}`;
  const document = (id: string, rest: string): string => `${V1}/documents/${seg(id)}${rest}`;
  return {
    queue: (query: Query, signal?: AbortSignal): Promise<CompletionQueue> =>
      client.json(`${V1}/completion/queue`, CompletionQueue, { query, ...withSignal(signal) }),
    deficiencies: (query: Query, signal?: AbortSignal): Promise<DeficiencyList> =>
      client.json(`${V1}/completion/deficiencies`, DeficiencyList, { query, ...withSignal(signal) }),
    myDeficiencies: (query: Query, signal?: AbortSignal): Promise<DeficiencyList> =>
      client.json(`${V1}/completion/my-deficiencies`, DeficiencyList, { query, ...withSignal(signal) }),

    encounterCompletion: (encounterId: string, signal?: AbortSignal): Promise<EncounterCompletion> =>
      client.json(`${V1}/encounters/${seg(encounterId)}/completion`, EncounterCompletion, withSignal(signal)),
    /** The encounter with its patient and clinicians (for the heading and the clinician choices). */
    encounter: (encounterId: string, signal?: AbortSignal): Promise<EncounterDetail> =>
      client.json(`${V1}/encounters/${seg(encounterId)}`, EncounterDetail, withSignal(signal)),
    /** Marks a record reviewed; the answer is the record's analysis after the review. */
    review: (encounterId: string, note: string | undefined): Promise<EncounterCompletion> =>
      client.json(`${V1}/encounters/${seg(encounterId)}/completion/review`, EncounterCompletion, {
        method: 'POST',
        body: note === undefined || note.trim() === '' ? {} : { note: note.trim() },
      }),
    addDeficiency: (body: DeficiencyCreate): Promise<Deficiency> =>
      client.json(`${V1}/completion/deficiencies`, Deficiency, { method: 'POST', body }),
    reassign: (id: string, practitionerId: string, reason: string): Promise<Deficiency> =>
      client.json(deficiency(id, '/reassign'), Deficiency, { method: 'POST', body: { practitionerId, reason } }),
    waive: (id: string, reason: string): Promise<Deficiency> =>
      client.json(deficiency(id, '/waive'), Deficiency, { method: 'POST', body: { reason } }),

    createDocument: (encounterId: string, deficiencyId: string, text: string): Promise<DocumentVersion> =>
      client.json(`${V1}/encounters/${seg(encounterId)}/documents`, DocumentVersion, {
        method: 'POST',
        body: { deficiencyId, text },
      }),
    signatures: (documentId: string, signal?: AbortSignal): Promise<DocumentSignatures> =>
      client.json(document(documentId, '/signatures'), DocumentSignatures, withSignal(signal)),
    writeText: (documentId: string, text: string, expectedVersionHash: string): Promise<DocumentVersion> =>
      client.json(document(documentId, '/text'), DocumentVersion, {
        method: 'PUT',
        body: { text, expectedVersionHash },
      }),
    sign: (documentId: string, attestation: string, versionHash: string): Promise<DocumentSignature> =>
      client.json(document(documentId, '/sign'), DocumentSignature, {
        method: 'POST',
        body: { attestation, versionHash },
      }),
    addAddendum: (documentId: string, text: string): Promise<DocumentVersion> =>
      client.json(document(documentId, '/addenda'), DocumentVersion, { method: 'POST', body: { text } }),

    report: (period: DischargePeriod, signal?: AbortSignal): Promise<CompletionReport> =>
      client.json(`${V1}/completion/report`, CompletionReport, {
        query: { from: period.from, to: period.to },
        ...withSignal(signal),
      }),
    reportCsvUrl: (period: DischargePeriod, table: 'clinicians' | 'services' = 'clinicians'): string =>
      client.url(`${V1}/completion/report`, { from: period.from, to: period.to, format: 'csv', table }),
    /** The rule set in force for a facility ('' or absent: the organisation's default). */
    rules: (signal?: AbortSignal, facility = ''): Promise<CompletionRuleSetVersion> =>
      client.json(`${V1}/completion/rules`, CompletionRuleSetVersion, { query: { facility }, ...withSignal(signal) }),
    /** Every version of a facility's own rule set ('': the organisation's default), newest first. */
    ruleVersions: (facility: string, signal?: AbortSignal): Promise<RuleSetHistory> =>
      client.json(`${V1}/completion/rules/versions`, CompletionRuleSetHistory, {
        query: { facility },
        ...withSignal(signal),
      }),
    /** Saves a new version of a facility's own rule set; a stale `baseVersion` is refused with 409. */
    saveRules: (update: CompletionRuleSetUpdate): Promise<CompletionRuleSetVersion> =>
      client.json(`${V1}/completion/rules`, CompletionRuleSetVersion, { method: 'PUT', body: update }),
  };
}
export type CompletionApi = ReturnType<typeof createCompletionApi>;

/** The record-completion API on the module's own client (see useModuleApi). */
export function useCompletionApi(): CompletionApi {
  return useModuleApi(createCompletionApi);
}
