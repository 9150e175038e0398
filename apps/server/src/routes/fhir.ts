import { gunzipSync } from 'node:zlib';
import {
  FHIR_JSON_TYPES,
  FHIR_NDJSON_TYPES,
  FhirBundleResponse,
  FhirEverythingParams,
  FhirExportQuery,
  FhirImportResult,
} from '@charta/contracts';
import { stream } from 'hono/streaming';
import { scheduleCompletionAnalysis } from '../completion/analysis.js';
import { audit } from '../http/audit.js';
import { readBodyBytes } from '../http/body.js';
import type { Principal } from '../http/context.js';
import { Unprocessable, UnsupportedMediaType, ValidationError } from '../http/errors.js';
import { defineRoute } from '../http/route.js';
import { exportResources, patientEverything } from '../records/export.js';
import { importFhir, sortNdjsonLines, type ImportSource } from '../records/import.js';
import { requirePatientAccess } from './patients.js';

/**
 * The FHIR import's body limit, raised for this route only (every other route keeps the server's 1 MiB):
 * CHARTA_FHIR_IMPORT_MAX_MB, default 64, at most 1024. A larger load goes through `charta import`, which streams.
 */
export function fhirImportLimitBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = Number(env['CHARTA_FHIR_IMPORT_MAX_MB'] ?? '');
  const mb = Number.isInteger(raw) && raw >= 1 && raw <= 1024 ? raw : 64;
  return mb * 1024 * 1024;
}

const importLimit = fhirImportLimitBytes();

async function readBody(req: Request, limit: number): Promise<Buffer> {
  let body = await readBodyBytes(req, limit);
  if ((req.headers.get('content-encoding') ?? '').toLowerCase() === 'gzip') {
    try {
      body = gunzipSync(body, { maxOutputLength: limit });
    } catch {
      throw new ValidationError('The gzip body could not be read', [
        { path: '', code: 'invalid_gzip', message: 'Corrupt or larger than the limit once unpacked' },
      ]);
    }
  }
  return body;
}

const importRoute = defineRoute({
  method: 'post',
  path: '/api/v1/fhir/import',
  summary:
    'Imports FHIR R4 resources: a transaction or collection Bundle (application/fhir+json, all or nothing) or bulk ' +
    'NDJSON (application/fhir+ndjson, each line on its own). Idempotent by ResourceType/id. Returns counts per type ' +
    'and each rejection with its FHIR path. Body limit: CHARTA_FHIR_IMPORT_MAX_MB (default 64); gzip accepted.',
  tag: 'FHIR',
  access: { kind: 'permission', action: 'records:import' },
  phi: true,
  bodyLimitBytes: importLimit,
  responses: {
    200: { description: 'Counts and rejections', schema: FhirImportResult },
    400: { description: 'Not JSON / NDJSON' },
    413: { description: 'Too large' },
    415: { description: 'Unsupported content type' },
    422: { description: 'The bundle was refused: nothing of it was written; errors give the FHIR paths' },
  },
  handler: async ({ principal, services, info, c }) => {
    const p = principal as Principal;
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const isJson = (FHIR_JSON_TYPES as readonly string[]).includes(type);
    const isNdjson = (FHIR_NDJSON_TYPES as readonly string[]).includes(type);
    if (!isJson && !isNdjson) {
      throw new UnsupportedMediaType('Send a Bundle as application/fhir+json, or NDJSON as application/fhir+ndjson');
    }
    const text = (await readBody(c.req.raw, importLimit)).toString('utf8');
    if (text.trim().length === 0) {
      throw new ValidationError('The request body is empty', [
        { path: '', code: 'required', message: 'A body is required' },
      ]);
    }
    let source: ImportSource;
    if (isJson) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new ValidationError('The request body is not valid JSON', [
          { path: 'Bundle', code: 'malformed-json', message: 'Malformed JSON' },
        ]);
      }
      source = { kind: 'bundle', name: 'request', content: value as object };
    } else {
      source = { kind: 'ndjson', name: 'request', lines: sortNdjsonLines(text.split(/\r?\n/u)) };
    }
    const result = await importFhir(
      services.db,
      {
        orgId: p.orgId,
        now: info.now,
        auditKey: services.secrets.auditKey,
        actor: { userId: p.userId, username: p.username, role: p.role },
        request: { ip: info.ip, userAgent: info.userAgent, traceId: info.traceId },
        onAuditHead: services.onAuditHead,
      },
      [source],
    );
    const written = result.totals.imported + result.totals.updated + result.totals.unchanged;
    // Imported documents and encounters are flagged for record-completion analysis; it runs after the response.
    if (written > 0) scheduleCompletionAnalysis(services, p.orgId);
    if (isJson && result.totals.rejected > 0 && written === 0) {
      // One bundle is one unit: refused as a whole, with every problem's FHIR path.
      const errors = result.rejections.map((r) => ({ path: r.path, code: r.code, message: r.message }));
      if (
        errors.some(
          (e) => e.code === 'malformed-json' || e.path.startsWith('Bundle.type') || e.path === 'Bundle.resourceType',
        )
      ) {
        throw new ValidationError('The request is not a FHIR Bundle', errors);
      }
      throw new Unprocessable('The bundle was refused; nothing of it was written', errors);
    }
    return { body: result };
  },
});

const everythingRoute = defineRoute({
  method: 'get',
  path: '/api/v1/fhir/Patient/:id/$everything',
  summary:
    'The patient’s record as a FHIR R4 searchset Bundle: Patient, Encounters, Conditions (the EHR’s and HIM’s coded ' +
    'diagnoses), Procedures, DocumentReferences, Coverage and the Practitioners referenced. Audited.',
  tag: 'FHIR',
  access: { kind: 'permission', action: 'records:export' },
  phi: true,
  params: FhirEverythingParams,
  responses: {
    200: { description: 'FHIR Bundle', schema: FhirBundleResponse, contentType: 'application/fhir+json' },
    404: { description: 'Not found' },
  },
  handler: async ({ params, principal, services, info, c }) => {
    const p = principal as Principal;
    const access = await requirePatientAccess(
      services.db,
      services,
      info,
      p,
      params.id,
      'records:export',
      'records.export',
    );
    const bundle = await services.db.transaction().execute(async (tx) => {
      const b = await patientEverything(tx, p.orgId, params.id, p.labelGrants);
      await audit(tx, services, info, p, {
        action: 'records.export',
        patientId: params.id,
        recordType: 'patient',
        recordId: params.id,
        emergency: access.basis === 'emergency',
        reason: access.reason,
        detail: { format: 'fhir-bundle', operation: '$everything', resources: (b['entry'] as unknown[]).length },
      });
      return b;
    });
    return c.body(JSON.stringify(bundle), 200, { 'Content-Type': 'application/fhir+json' });
  },
});

const bulkExportRoute = defineRoute({
  method: 'get',
  path: '/api/v1/fhir/$export',
  summary:
    'Bulk export of the organisation’s records as FHIR R4 NDJSON, one resource type per request (_type=Patient, ' +
    'Practitioner, Encounter, Condition, Procedure, DocumentReference or Coverage). Records carrying sensitivity ' +
    'labels the caller may not see are left out. Audited before the first byte.',
  tag: 'FHIR',
  access: { kind: 'permission', action: 'records:export' },
  phi: true,
  query: FhirExportQuery,
  responses: { 200: { description: 'FHIR NDJSON', contentType: 'application/fhir+ndjson' } },
  handler: async ({ query, principal, services, info, c }) => {
    const p = principal as Principal;
    await audit(services.db, services, info, p, {
      action: 'records.export',
      detail: { format: 'fhir-ndjson', operation: '$export', type: query._type },
    });
    c.header('Content-Type', 'application/fhir+ndjson');
    c.header('Content-Disposition', `attachment; filename="${query._type}.ndjson"`);
    return stream(c, async (out) => {
      for await (const resource of exportResources(services.db, p.orgId, query._type, p.labelGrants)) {
        await out.write(JSON.stringify(resource) + '\n');
      }
    });
  },
});

export const fhirRoutes = [importRoute, everythingRoute, bulkExportRoute];
