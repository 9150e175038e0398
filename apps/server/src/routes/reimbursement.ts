import { DrgGroupRequest, HccScoreRequest } from '@charta/contracts';
import { drgImpact, groupMsDrg, scoreHcc, type HccPerson } from '@charta/core';
import { Unprocessable } from '../http/errors.js';
import { defineRoute } from '../http/route.js';
import { toCodedEncounter } from './coding.js';

/** The impact view when grouping succeeded, otherwise nothing (the result already carries the issues). */
function impactOf(r: ReturnType<typeof drgImpact>): unknown {
  return r.ok ? r.value : undefined;
}

function groupRoute(path: string) {
  return defineRoute({
    method: 'post',
    path,
    summary:
      'Groups one inpatient encounter (or a batch under "encounters") with the MS-DRG v43 grouper picked by discharge date: final and initial DRG, MDC, weight, return code, every code’s role, and the explanation.',
    tag: 'Reimbursement',
    access: { kind: 'permission', action: 'codes:read' },
    body: DrgGroupRequest,
    bodyLimitBytes: 8 * 1024 * 1024,
    responses: { 200: { description: 'Grouping results, one per encounter, in input order' } },
    handler: async ({ body, services }) => {
      const tables = await services.reference.drg();
      if ('encounters' in body) {
        const results = body.encounters.map((e) => {
          const { groupingDate, ...rest } = e;
          const r = groupMsDrg(toCodedEncounter(rest), tables, {
            explain: body.explain ?? false,
            ...(groupingDate ? { groupingDate } : {}),
          });
          return r.ok
            ? { ...(e.id ? { id: e.id } : {}), ok: true, result: r.value }
            : { ...(e.id ? { id: e.id } : {}), ok: false, issues: r.error };
        });
        return { body: { results } };
      }
      const { groupingDate, explain, impact, ...rest } = body;
      const encounter = toCodedEncounter(rest);
      const options = { explain: explain ?? true, ...(groupingDate ? { groupingDate } : {}) };
      const r = groupMsDrg(encounter, tables, options);
      if (!r.ok) {
        throw new Unprocessable(
          r.error.map((i) => i.message).join('; '),
          r.error.map((i) => ({ path: i.path, code: i.code, message: i.message })),
        );
      }
      return {
        body: {
          ok: true,
          result: r.value,
          ...(impact ? { impact: impactOf(drgImpact(encounter, tables, options)) } : {}),
        },
      };
    },
  });
}

function hccRoute(path: string) {
  return defineRoute({
    method: 'post',
    path,
    summary:
      'CMS-HCC V28 risk scores for persons and a payment year: raw and adjusted score with every factor and the diagnoses behind each HCC.',
    tag: 'Reimbursement',
    access: { kind: 'permission', action: 'codes:read' },
    body: HccScoreRequest,
    bodyLimitBytes: 8 * 1024 * 1024,
    responses: { 200: { description: 'Scores, one per person, in input order' } },
    handler: async ({ body, services }) => {
      const tables = await services.reference.hcc();
      const results = body.persons.map((p) => {
        const person = JSON.parse(
          JSON.stringify({
            ...p,
            originallyDisabled: p.originallyDisabled ?? false,
            id: p.id === undefined ? undefined : String(p.id),
            diagnoses: p.diagnoses.map((d) => (typeof d === 'string' ? { code: d } : d)),
          }),
        ) as HccPerson;
        const r = scoreHcc(person, tables, body.settings);
        return r.ok
          ? { ...(p.id !== undefined ? { id: String(p.id) } : {}), ok: true, score: r.value }
          : { ...(p.id !== undefined ? { id: String(p.id) } : {}), ok: false, findings: r.error };
      });
      return { body: { results } };
    },
  });
}

/** Under /api/v1, and at the shorter /api paths too. */
export const reimbursementRoutes = [
  groupRoute('/api/v1/drg/group'),
  groupRoute('/api/drg/group'),
  hccRoute('/api/v1/hcc/score'),
  hccRoute('/api/hcc/score'),
];
