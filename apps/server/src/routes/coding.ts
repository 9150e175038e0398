import {
  CodeDetailParams,
  type CodedEncounterInput,
  CodeSearchQuery,
  DateQuery,
  FindingSchema,
  IndexBrowseQuery,
  PcsBuilderQuery,
  TableLookupQuery,
  ValidateRequest,
} from '@charta/contracts';
import {
  browseIndex,
  codeDetail,
  indexEntry,
  normalizeCode,
  pcsBuilderOptions,
  searchCodes,
  tableLookup,
  validateEncounter,
  type CodedEncounter,
} from '@charta/core';
import { z } from 'zod';
import { NotFound } from '../http/errors.js';
import { defineRoute } from '../http/route.js';

/** The date a lookup uses when none is given: today, on the request's clock. */
function dateOr(date: string | undefined, now: Date): string {
  return date ?? now.toISOString().slice(0, 10);
}

/**
 * Parses an API encounter into the core type: codes normalised at the edge (no dots, upper case), as the batch files
 * are, and absent optional fields dropped.
 */
export function toCodedEncounter(input: CodedEncounterInput): CodedEncounter {
  const copy = JSON.parse(JSON.stringify(input)) as CodedEncounterInput;
  return {
    ...copy,
    ...(copy.admitDiagnosis ? { admitDiagnosis: normalizeCode(copy.admitDiagnosis) } : {}),
    diagnoses: copy.diagnoses.map((d) => ({ ...d, code: normalizeCode(d.code) })),
    procedures: copy.procedures.map((p) => ({ ...p, code: normalizeCode(p.code) })),
  } as CodedEncounter;
}

const search = defineRoute({
  method: 'get',
  path: '/api/v1/codes/search',
  summary:
    'Searches ICD-10-CM, ICD-10-PCS, HCPCS (and a loaded CPT file) by code, code prefix, words, Index terms, abbreviations; typo tolerant; billable codes first.',
  tag: 'Codes',
  access: { kind: 'permission', action: 'codes:read' },
  query: CodeSearchQuery,
  responses: { 200: { description: 'Ranked codes' } },
  handler: async ({ query, services, info }) => {
    const codes = await services.reference.codes();
    const date = dateOr(query.date, info.now);
    const hits = searchCodes(codes.search, query.q, {
      date,
      limit: query.limit,
      ...(query.system ? { system: query.system } : {}),
    });
    return { body: { query: query.q, date, hits } };
  },
});

const detail = defineRoute({
  method: 'get',
  path: '/api/v1/codes/:system/:code',
  summary:
    'A code’s detail on a date: title, hierarchy, billable or header, Tabular notes (inherited), POA exemption, release history; PCS character meanings.',
  tag: 'Codes',
  access: { kind: 'permission', action: 'codes:read' },
  params: CodeDetailParams,
  query: DateQuery,
  responses: { 200: { description: 'Code detail' }, 404: { description: 'Unknown code' } },
  handler: async ({ params, query, services, info }) => {
    const codes = await services.reference.codes();
    const date = dateOr(query.date, info.now);
    const d = codeDetail(codes.store, codes.compiled, params.system, normalizeCode(params.code), date);
    if (!d.lookup.ok && d.lookup.error.reason === 'unknown' && d.history.length === 0)
      throw new NotFound(`${params.code} is not a ${params.system} code in any loaded release`);
    return { body: d };
  },
});

const pcsBuilder = defineRoute({
  method: 'get',
  path: '/api/v1/codes/pcs-builder',
  summary:
    'ICD-10-PCS builder: given the characters chosen so far, the values of the next character that still lead to valid codes.',
  tag: 'Codes',
  access: { kind: 'permission', action: 'codes:read' },
  query: PcsBuilderQuery,
  responses: { 200: { description: 'The next step' } },
  handler: async ({ query, services }) => {
    const codes = await services.reference.codes();
    if (!codes.compiled.pcsTables) throw new NotFound('No ICD-10-PCS Tables are loaded');
    return { body: pcsBuilderOptions(codes.compiled.pcsTables, query.prefix.toUpperCase()) };
  },
});

const index = defineRoute({
  method: 'get',
  path: '/api/v1/codes/index',
  summary:
    'Browses the Alphabetic Index (ICD-10-CM, External Cause, PCS) or the Drug and Neoplasm tables by main term.',
  tag: 'Codes',
  access: { kind: 'permission', action: 'codes:read' },
  query: IndexBrowseQuery,
  responses: { 200: { description: 'Main terms' } },
  handler: async ({ query, services }) => {
    const codes = await services.reference.codes();
    return { body: { kind: query.kind, entries: browseIndex(codes.compiled, query.kind, query.q, query.limit) } };
  },
});

const indexTerm = defineRoute({
  method: 'get',
  path: '/api/v1/codes/index/:kind/:id',
  summary: 'One Index entry with its subterms and cross-references.',
  tag: 'Codes',
  access: { kind: 'permission', action: 'codes:read' },
  params: z.strictObject({ kind: IndexBrowseQuery.shape.kind.unwrap(), id: z.coerce.number().int().min(0) }),
  responses: { 200: { description: 'The entry' }, 404: { description: 'No such entry' } },
  handler: async ({ params, services }) => {
    const codes = await services.reference.codes();
    const entry = indexEntry(codes.compiled, params.kind, params.id);
    if (!entry) throw new NotFound('No such Index entry');
    return { body: entry };
  },
});

const tables = defineRoute({
  method: 'get',
  path: '/api/v1/codes/tables',
  summary:
    'Looks a substance up in the Table of Drugs and Chemicals, or a site in the Neoplasm Table (path: term|subterm|...).',
  tag: 'Codes',
  access: { kind: 'permission', action: 'codes:read' },
  query: TableLookupQuery,
  responses: { 200: { description: 'The row' }, 404: { description: 'Not in the table' } },
  handler: async ({ query, services }) => {
    const codes = await services.reference.codes();
    const row = tableLookup(
      codes.compiled,
      query.kind,
      query.path.split('|').map((s) => s.trim()),
    );
    if (!row) throw new NotFound(`"${query.path}" is not in the ${query.kind} table`);
    return { body: row };
  },
});

const validate = defineRoute({
  method: 'post',
  path: '/api/v1/codes/validate',
  summary:
    'Validates one coded encounter (or a batch under "encounters") against the code sets and MCE edits in force on its date.',
  tag: 'Codes',
  access: { kind: 'permission', action: 'codes:read' },
  body: ValidateRequest,
  bodyLimitBytes: 4 * 1024 * 1024,
  responses: {
    200: {
      description: 'Findings per encounter',
      schema: z.object({ results: z.array(z.object({ id: z.string().optional(), findings: z.array(FindingSchema) })) }),
    },
  },
  handler: async ({ body, services }) => {
    const ref = await services.reference.validation();
    const list = 'encounters' in body ? body.encounters : [body];
    const results = list.map((e) => ({
      ...(e.id ? { id: e.id } : {}),
      findings: validateEncounter(toCodedEncounter(e), { reference: ref }),
    }));
    return { body: { results } };
  },
});

export const codingRoutes = [search, pcsBuilder, index, indexTerm, tables, validate, detail];
