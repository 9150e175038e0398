import { AuditPage, AuditQuery, AuditVerifyResult } from '@charta/contracts';
import { stream } from 'hono/streaming';
import { queryAudit, readCheckpoint, toAuditView, toFhirAuditEvent, verifyAuditChain } from '../audit/store.js';
import { audit } from '../http/audit.js';
import type { Principal } from '../http/context.js';
import { defineRoute } from '../http/route.js';
import { join } from 'node:path';

export function checkpointFile(dataDir: string): string {
  return join(dataDir, 'audit-checkpoint.json');
}

const listEvents = defineRoute({
  method: 'get',
  path: '/api/v1/audit/events',
  summary: 'The audit report: events filtered by user, patient, action and date, newest first.',
  tag: 'Audit',
  access: { kind: 'permission', action: 'audit:read' },
  query: AuditQuery,
  responses: { 200: { description: 'A page of events', schema: AuditPage } },
  handler: async ({ query, principal, services, info }) => {
    const p = principal as Principal;
    const page = await queryAudit(services.db, query);
    const filters = Object.fromEntries(Object.entries(query).filter(([k, v]) => v !== undefined && k !== 'limit'));
    await audit(services.db, services, info, p, {
      action: 'audit.query',
      detail: { filters, returned: page.rows.length },
    });
    return { body: { events: page.rows.map(toAuditView), nextBefore: page.nextBefore } };
  },
});

const exportEvents = defineRoute({
  method: 'get',
  path: '/api/v1/audit/export',
  summary: 'Exports the filtered audit trail as FHIR R4 AuditEvent resources, one per line (NDJSON).',
  tag: 'Audit',
  access: { kind: 'permission', action: 'audit:export' },
  query: AuditQuery.omit({ limit: true, before: true }),
  responses: { 200: { description: 'FHIR AuditEvent NDJSON', contentType: 'application/fhir+ndjson' } },
  handler: async ({ query, principal, services, info, c }) => {
    const p = principal as Principal;
    const filters = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
    // The export is itself audited before any byte leaves, so an interrupted download is still on record.
    await audit(services.db, services, info, p, { action: 'audit.export', detail: { filters, format: 'fhir-ndjson' } });
    c.header('Content-Type', 'application/fhir+ndjson');
    c.header(
      'Content-Disposition',
      `attachment; filename="audit-events-${info.now.toISOString().slice(0, 10)}.ndjson"`,
    );
    return stream(c, async (out) => {
      let before: number | undefined;
      for (;;) {
        const page = await queryAudit(services.db, { ...query, limit: 500, ...(before ? { before } : {}) });
        for (const row of page.rows) await out.write(JSON.stringify(toFhirAuditEvent(toAuditView(row))) + '\n');
        if (page.nextBefore === null) break;
        before = page.nextBefore;
      }
    });
  },
});

const verifyChain = defineRoute({
  method: 'get',
  path: '/api/v1/audit/verify',
  summary: 'Verifies the audit chain and names the first bad event, if any.',
  tag: 'Audit',
  access: { kind: 'permission', action: 'audit:read' },
  responses: { 200: { description: 'Verification result', schema: AuditVerifyResult } },
  handler: async ({ principal, services, info }) => {
    const result = await verifyAuditChain(
      services.db,
      services.secrets.auditKey,
      readCheckpoint(checkpointFile(services.config.dataDir)),
    );
    await audit(services.db, services, info, principal as Principal, {
      action: 'audit.verify',
      outcome: result.ok ? 'success' : 'failure',
      detail: { checked: result.checked, firstBad: result.firstBad },
    });
    return { body: result };
  },
});

export const auditRoutes = [listEvents, exportEvents, verifyChain];
