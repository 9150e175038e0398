import { ProblemDetails } from '@charta/contracts';
import { z, type ZodType } from 'zod';
import type { RouteSpec } from './route.js';

function jsonSchema(schema: ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>;
  delete out['$schema'];
  return out;
}

function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]\w*)/gu, '{$1}');
}

function parametersOf(schema: ZodType | undefined, where: 'query' | 'path'): Record<string, unknown>[] {
  if (!schema) return [];
  const js = jsonSchema(schema, 'input');
  const props = (js['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set((js['required'] as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: s,
    ...(typeof s['description'] === 'string' ? { description: s['description'] } : {}),
  }));
}

/** The OpenAPI 3.0 document, generated from the same route table and zod schemas that validate requests. */
export function buildOpenApi(routes: readonly RouteSpec[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const problem = {
    description: 'Problem details (RFC 9457)',
    content: { 'application/problem+json': { schema: jsonSchema(ProblemDetails, 'output') } },
  };
  for (const route of routes) {
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(route.responses)) {
      responses[status] = r.schema
        ? {
            description: r.description,
            content: { [r.contentType ?? 'application/json']: { schema: jsonSchema(r.schema, 'output') } },
          }
        : r.contentType
          ? { description: r.description, content: { [r.contentType]: {} } }
          : { description: r.description };
    }
    responses['400'] ??= { ...problem, description: 'Invalid request' };
    if (route.access.kind !== 'public') {
      responses['401'] ??= { ...problem, description: 'Not signed in, session expired, or MFA not completed' };
    }
    if (route.access.kind === 'permission')
      responses['403'] ??= { ...problem, description: `Requires permission ${route.access.action}` };
    responses['500'] ??= { ...problem, description: 'Unexpected error (details in the server log under the trace id)' };
    const op: Record<string, unknown> = {
      summary: route.summary,
      tags: [route.tag],
      operationId: `${route.method}${route.path.replace(/[^A-Za-z0-9]+(.)?/gu, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : ''))}`,
      parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')],
      responses,
      'x-charta-access': route.access.kind === 'permission' ? route.access.action : route.access.kind,
      ...(route.access.kind === 'public' ? { security: [] } : {}),
    };
    if (route.body) {
      op['requestBody'] = {
        required: true,
        content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
      };
    }
    const key = openApiPath(route.path);
    paths[key] ??= {};
    (paths[key] as Record<string, unknown>)[route.method] = op;
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Charta API',
      version,
      description:
        'Health information management API. Sign in with POST /api/v1/auth/login, then complete MFA. Session cookie auth; ' +
        'state-changing requests carry the X-CSRF-Token header (the value of the charta_csrf cookie). Errors are RFC 9457 problem details.',
    },
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'charta_session' } },
    },
    security: [{ session: [] }],
    paths,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/gu, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** A self-contained reference page for the API (no scripts, so it works under the strict CSP). */
export function renderApiReference(doc: Record<string, unknown>): string {
  const paths = doc['paths'] as Record<string, Record<string, Record<string, unknown>>>;
  const sections: string[] = [];
  for (const [path, ops] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const body = op['requestBody']
        ? JSON.stringify((op['requestBody'] as Record<string, unknown>)['content'], null, 2)
        : '';
      const params = (op['parameters'] as Record<string, unknown>[])
        .map((p) => `${String(p['name'])} (${String(p['in'])}${p['required'] ? ', required' : ''})`)
        .join(', ');
      sections.push(
        `<section><h2><code>${method.toUpperCase()} ${escapeHtml(path)}</code></h2><p>${escapeHtml(String(op['summary']))}</p>` +
          `<p><strong>Access:</strong> ${escapeHtml(String(op['x-charta-access']))}</p>` +
          (params ? `<p><strong>Parameters:</strong> ${escapeHtml(params)}</p>` : '') +
          (body ? `<details><summary>Request body</summary><pre>${escapeHtml(body)}</pre></details>` : '') +
          `<details><summary>Responses</summary><pre>${escapeHtml(JSON.stringify(op['responses'], null, 2))}</pre></details></section>`,
      );
    }
  }
  const info = doc['info'] as Record<string, string>;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Charta API reference</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1b1e}h2{font-size:1rem;margin-bottom:.25rem}section{border-top:1px solid #dee2e6;padding:.5rem 0}pre{background:#f8f9fa;padding:.5rem;overflow:auto;font-size:.8rem}</style>
</head><body><h1>${escapeHtml(info['title'] ?? 'API')} <small>${escapeHtml(info['version'] ?? '')}</small></h1><p>${escapeHtml(info['description'] ?? '')}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a></p>${sections.join('\n')}</body></html>`;
}
