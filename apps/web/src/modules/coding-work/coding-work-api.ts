import {
  CodingHistory,
  CodingSessionState,
  CodingState,
  DnfbReport,
  DocumentDetail,
  EncounterDetail,
  ProductivityReport,
  QueueCounts,
  WorkItem,
  WorkQueueList,
  type CodingSaveRequest,
  type CodingSessionRequest,
  type HoldRequest,
  type WorkItemUpdate,
} from '@charta/contracts';
import type { ApiClient, Query } from '../../api/client.js';

const V1 = '/api/v1';
const seg = (value: string): string => encodeURIComponent(value);
const withSignal = (signal: AbortSignal | undefined) => (signal ? { signal } : {});

/** The coding work endpoints (queues, the workbench, DNFB, productivity), one typed function each. */
export function createCodingWorkApi(client: ApiClient) {
  const item = (encounterId: string, rest = ''): string => `${V1}/coding-queue/${seg(encounterId)}${rest}`;
  const coding = (encounterId: string, rest = ''): string => `${V1}/encounters/${seg(encounterId)}/coding${rest}`;
  return {
    queue: (query: Query, signal?: AbortSignal): Promise<WorkQueueList> =>
      client.json(`${V1}/coding-queue`, WorkQueueList, { query, ...withSignal(signal) }),
    counts: (signal?: AbortSignal): Promise<QueueCounts> =>
      client.json(`${V1}/coding-queue/counts`, QueueCounts, withSignal(signal)),
    take: (encounterId: string): Promise<WorkItem> =>
      client.json(item(encounterId, '/take'), WorkItem, { method: 'POST' }),
    update: (encounterId: string, body: WorkItemUpdate): Promise<WorkItem> =>
      client.json(item(encounterId), WorkItem, { method: 'PATCH', body }),
    hold: (encounterId: string, body: HoldRequest): Promise<WorkItem> =>
      client.json(item(encounterId, '/hold'), WorkItem, { method: 'POST', body }),
    /** Gives the item back to the queue (unassigned). */
    release: (encounterId: string): Promise<WorkItem> =>
      client.json(item(encounterId, '/release'), WorkItem, { method: 'POST' }),
    /** Takes the item off hold. */
    resume: (encounterId: string): Promise<WorkItem> =>
      client.json(item(encounterId, '/resume'), WorkItem, { method: 'POST' }),

    encounter: (encounterId: string, signal?: AbortSignal): Promise<EncounterDetail> =>
      client.json(`${V1}/encounters/${seg(encounterId)}`, EncounterDetail, withSignal(signal)),
    document: (documentId: string, signal?: AbortSignal): Promise<DocumentDetail> =>
      client.json(`${V1}/documents/${seg(documentId)}`, DocumentDetail, withSignal(signal)),

    coding: (encounterId: string, signal?: AbortSignal): Promise<CodingState> =>
      client.json(coding(encounterId), CodingState, withSignal(signal)),
    save: (encounterId: string, body: CodingSaveRequest): Promise<CodingState> =>
      client.json(coding(encounterId), CodingState, { method: 'PUT', body }),
    finalize: (encounterId: string): Promise<CodingState> =>
      client.json(coding(encounterId, '/finalize'), CodingState, { method: 'POST' }),
    reopen: (encounterId: string, reason: string): Promise<CodingState> =>
      client.json(coding(encounterId, '/reopen'), CodingState, { method: 'POST', body: { reason } }),
    history: (encounterId: string, signal?: AbortSignal): Promise<CodingHistory> =>
      client.json(coding(encounterId, '/versions'), CodingHistory, withSignal(signal)),
    session: (encounterId: string, action: CodingSessionRequest['action']): Promise<CodingSessionState> =>
      client.json(coding(encounterId, '/session'), CodingSessionState, { method: 'POST', body: { action } }),

    dnfb: (query: Query, signal?: AbortSignal): Promise<DnfbReport> =>
      client.json(`${V1}/dnfb`, DnfbReport, { query, ...withSignal(signal) }),
    productivity: (query: Query, signal?: AbortSignal): Promise<ProductivityReport> =>
      client.json(`${V1}/coding-productivity`, ProductivityReport, { query, ...withSignal(signal) }),
  };
}

export type CodingWorkApi = ReturnType<typeof createCodingWorkApi>;
