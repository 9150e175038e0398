import {
  MpiCandidateDetail,
  MpiCandidateList,
  MpiMergeList,
  MpiMergeResult,
  MpiScanResult,
  type MpiCandidateDetail as CandidateDetail,
  type MpiCandidateList as CandidateList,
  type MpiMergeList as MergeList,
  type MpiMergeResult as MergeResult,
  type MpiScanResult as ScanResult,
} from '@charta/contracts';
import type { ApiClient } from '../../api/client.js';

const V1 = '/api/v1/mpi';
const id = (value: string): string => encodeURIComponent(value);

export type CandidateStatus = 'open' | 'not-duplicate' | 'merged';

/** The review queue's page size. */
export const QUEUE_PAGE_SIZE = 50;

export interface MpiApi {
  candidates(status: CandidateStatus, offset: number, signal?: AbortSignal): Promise<CandidateList>;
  candidate(candidateId: string, signal?: AbortSignal): Promise<CandidateDetail>;
  merge(candidateId: string, survivorId: string, reason: string): Promise<MergeResult>;
  notDuplicate(candidateId: string, reason: string): Promise<void>;
  merges(patientId?: string, signal?: AbortSignal): Promise<MergeList>;
  unmerge(mergeId: string, reason: string): Promise<MergeResult>;
  scan(patientId?: string): Promise<ScanResult>;
}

export function createMpiApi(client: ApiClient): MpiApi {
  return {
    candidates: (status, offset, signal) =>
      client.json(`${V1}/candidates`, MpiCandidateList, {
        query: { status, offset, limit: QUEUE_PAGE_SIZE },
        ...(signal ? { signal } : {}),
      }),
    candidate: (candidateId, signal) =>
      client.json(`${V1}/candidates/${id(candidateId)}`, MpiCandidateDetail, signal ? { signal } : {}),
    merge: (candidateId, survivorId, reason) =>
      client.json(`${V1}/candidates/${id(candidateId)}/merge`, MpiMergeResult, {
        method: 'POST',
        body: { survivorId, reason },
      }),
    notDuplicate: (candidateId, reason) =>
      client.empty(`${V1}/candidates/${id(candidateId)}/not-duplicate`, { method: 'POST', body: { reason } }),
    merges: (patientId, signal) =>
      client.json(`${V1}/merges`, MpiMergeList, {
        query: { patientId, limit: 100 },
        ...(signal ? { signal } : {}),
      }),
    unmerge: (mergeId, reason) =>
      client.json(`${V1}/merges/${id(mergeId)}/unmerge`, MpiMergeResult, { method: 'POST', body: { reason } }),
    scan: (patientId) =>
      client.json(`${V1}/scan`, MpiScanResult, { method: 'POST', body: patientId ? { patientId } : {} }),
  };
}
