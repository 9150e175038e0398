import type { CodedEncounterInput } from '@charta/contracts';
import type {
  CodeDetail,
  Finding,
  IndexEntryView,
  MsDrgImpact,
  MsDrgResult,
  PcsBuilderStep,
  SearchHit,
} from '@charta/core';
import type { ApiClient } from '../../api/client.js';
import type { Schema } from '../../api/validate.js';

const V1 = '/api/v1';

/** The systems the search filter offers; CPT is left out because Charta ships no CPT descriptors. */
export const SEARCH_SYSTEMS = ['ICD-10-CM', 'ICD-10-PCS', 'HCPCS'] as const;
export type SearchSystem = (typeof SEARCH_SYSTEMS)[number];

/** The indexes and tables the Index tab browses (server `kind`). */
export const INDEX_KINDS = [
  { value: 'index', label: 'Alphabetic Index' },
  { value: 'eindex', label: 'External Cause Index' },
  { value: 'drug', label: 'Drug table' },
  { value: 'neoplasm', label: 'Neoplasm table' },
  { value: 'pcs-index', label: 'PCS Index' },
] as const;
export type IndexKind = (typeof INDEX_KINDS)[number]['value'];

export interface SearchResponse {
  readonly query: string;
  readonly date: string;
  readonly hits: readonly SearchHit[];
}

export interface IndexBrowseResponse {
  readonly kind: IndexKind;
  readonly entries: readonly IndexEntryView[];
}

export interface ValidateResponse {
  readonly results: readonly { readonly findings: readonly Finding[] }[];
}

export type DrgGroupResponse =
  | { readonly ok: true; readonly result: MsDrgResult; readonly impact?: MsDrgImpact }
  | { readonly ok: false; readonly issues: readonly { readonly message: string }[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * A response schema for types that live in @charta/core and have no contracts schema: the server builds them from
 * the same core types, so only the outer shape is checked here (enough to turn a proxy's HTML page or a version skew
 * into the client's "unexpected response" problem instead of a crash while rendering).
 */
function shaped<T>(...required: readonly string[]): Schema<T> {
  const check = (input: unknown): input is T => isRecord(input) && required.every((key) => key in input);
  return {
    parse: (input) => {
      if (!check(input)) throw new Error('Unexpected response shape');
      return input;
    },
    safeParse: (input) =>
      check(input)
        ? { success: true, data: input }
        : { success: false, error: { issues: [{ path: [], message: 'Unexpected response shape', code: 'custom' }] } },
  };
}

const SearchResponseSchema = shaped<SearchResponse>('hits');
const CodeDetailSchema = shaped<CodeDetail>('system', 'code', 'lookup', 'children', 'history');
const PcsBuilderStepSchema = shaped<PcsBuilderStep>('position', 'options', 'complete');
const IndexBrowseSchema = shaped<IndexBrowseResponse>('entries');
const IndexEntrySchema = shaped<IndexEntryView>('id', 'title', 'subterms');
const ValidateSchema = shaped<ValidateResponse>('results');
const DrgGroupSchema = shaped<DrgGroupResponse>('ok');

const GROUP_PATH = `${V1}/drg/group`;

/**
 * Wraps fetch for the Encoder's client. The grouper answers 422 (a problem document whose `errors` name the fields)
 * when an encounter cannot be grouped, e.g. a discharge date no grouper version covers. That is an answer the coder
 * needs to read, so it is passed on as `{ ok: false, issues }`; every other problem stays a failure.
 */
export function readGrouperRefusals(fetchImpl: typeof fetch): typeof fetch {
  return async (input, init) => {
    const res = await fetchImpl(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (res.status !== 422 || !url.includes(GROUP_PATH)) return res;
    const body: unknown = await res.json().catch(() => undefined);
    const errors = isRecord(body) && Array.isArray(body['errors']) ? (body['errors'] as { message?: unknown }[]) : [];
    const detail =
      isRecord(body) && typeof body['detail'] === 'string' ? body['detail'] : 'This encounter cannot be grouped';
    const issues =
      errors.length > 0 ? errors.map((e) => ({ message: String(e.message ?? '') })) : [{ message: detail }];
    return new Response(JSON.stringify({ ok: false, issues }), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  };
}

const seg = (value: string): string => encodeURIComponent(value);
const withSignal = (signal: AbortSignal | undefined) => (signal ? { signal } : {});

/** The coding endpoints the Encoder calls, one typed function each. */
export function createEncoderApi(client: ApiClient) {
  return {
    search: (
      q: string,
      opts: { readonly system?: SearchSystem | undefined; readonly date: string; readonly limit: number },
      signal?: AbortSignal,
    ): Promise<SearchResponse> =>
      client.json(`${V1}/codes/search`, SearchResponseSchema, {
        query: { q, system: opts.system, date: opts.date, limit: opts.limit },
        ...withSignal(signal),
      }),
    detail: (system: string, code: string, date: string, signal?: AbortSignal): Promise<CodeDetail> =>
      client.json(`${V1}/codes/${seg(system)}/${seg(code)}`, CodeDetailSchema, {
        query: { date },
        ...withSignal(signal),
      }),
    pcsStep: (prefix: string, signal?: AbortSignal): Promise<PcsBuilderStep> =>
      client.json(`${V1}/codes/pcs-builder`, PcsBuilderStepSchema, { query: { prefix }, ...withSignal(signal) }),
    browseIndex: (kind: IndexKind, q: string, limit: number, signal?: AbortSignal): Promise<IndexBrowseResponse> =>
      client.json(`${V1}/codes/index`, IndexBrowseSchema, { query: { kind, q, limit }, ...withSignal(signal) }),
    indexEntry: (kind: IndexKind, id: number, signal?: AbortSignal): Promise<IndexEntryView> =>
      client.json(`${V1}/codes/index/${seg(kind)}/${id}`, IndexEntrySchema, withSignal(signal)),
    validate: (encounter: CodedEncounterInput, signal?: AbortSignal): Promise<ValidateResponse> =>
      client.json(`${V1}/codes/validate`, ValidateSchema, { method: 'POST', body: encounter, ...withSignal(signal) }),
    group: (encounter: CodedEncounterInput, signal?: AbortSignal): Promise<DrgGroupResponse> =>
      client.json(GROUP_PATH, DrgGroupSchema, {
        method: 'POST',
        body: { ...encounter, impact: true },
        ...withSignal(signal),
      }),
  };
}

export type EncoderApi = ReturnType<typeof createEncoderApi>;
