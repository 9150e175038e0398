import {
  Hl7MessageDetail,
  Hl7MessageList,
  Hl7ReprocessResult,
  type Hl7MessageDetail as MessageDetail,
  type Hl7MessageList as MessageList,
  type Hl7MessageStatus,
  type Hl7ReprocessResult as ReprocessResult,
} from '@charta/contracts';
import type { ApiClient } from '../../api/client.js';

const V1 = '/api/v1/hl7/messages';
const id = (value: string): string => encodeURIComponent(value);

export interface Hl7Api {
  list(status: Hl7MessageStatus | undefined, signal?: AbortSignal): Promise<MessageList>;
  open(messageId: string, signal?: AbortSignal): Promise<MessageDetail>;
  reprocess(messageId: string): Promise<ReprocessResult>;
  dismiss(messageId: string, reason: string): Promise<void>;
}

export function createHl7Api(client: ApiClient): Hl7Api {
  return {
    list: (status, signal) =>
      client.json(V1, Hl7MessageList, { query: { status, limit: 200 }, ...(signal ? { signal } : {}) }),
    open: (messageId, signal) => client.json(`${V1}/${id(messageId)}`, Hl7MessageDetail, signal ? { signal } : {}),
    reprocess: (messageId) => client.json(`${V1}/${id(messageId)}/reprocess`, Hl7ReprocessResult, { method: 'POST' }),
    dismiss: (messageId, reason) =>
      client.empty(`${V1}/${id(messageId)}/dismiss`, { method: 'POST', body: { reason } }),
  };
}

/** HL7 v2 segments end with a carriage return; shown one per line. */
export function segmentsOf(raw: string): string[] {
  return raw.split(/\r\n|\r|\n/u).filter((line) => line.length > 0);
}
