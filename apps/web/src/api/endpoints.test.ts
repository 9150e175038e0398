import { describe, expect, it, vi } from 'vitest';
import { createApiClient } from './client.js';
import { EMPTY_AUDIT_FILTERS, auditFilterQuery, createChartaApi, previousSignInOf } from './endpoints.js';

function apiWith(respond: () => Response) {
  const urls: string[] = [];
  const fetchFn = vi.fn((input: RequestInfo | URL) => {
    urls.push(String(input));
    return Promise.resolve(respond());
  });
  const api = createChartaApi(createApiClient({ fetch: fetchFn as unknown as typeof fetch, cookies: () => '' }));
  return { api, urls };
}

describe('auditFilterQuery', () => {
  it('sends only the filters that are set, trimmed, with emergency as the string the API expects', () => {
    expect(
      auditFilterQuery({ ...EMPTY_AUDIT_FILTERS, user: ' coder1 ', from: '2026-11-01', emergencyOnly: true }),
    ).toEqual({ user: 'coder1', patient: '', action: '', from: '2026-11-01', to: '', emergency: 'true' });
    expect(auditFilterQuery(EMPTY_AUDIT_FILTERS).emergency).toBeUndefined();
  });
});

describe('createChartaApi', () => {
  it('builds the export link from the same filters as the report, without paging', () => {
    const { api } = apiWith(() => new Response(null, { status: 204 }));
    expect(api.auditExportUrl({ ...EMPTY_AUDIT_FILTERS, action: 'patient:read', emergencyOnly: true })).toBe(
      '/api/v1/audit/export?action=patient%3Aread&emergency=true',
    );
  });

  it('pages the audit report with limit and before', async () => {
    const { api, urls } = apiWith(
      () => new Response(JSON.stringify({ events: [], nextBefore: null }), { status: 200 }),
    );
    await api.auditEvents({ ...EMPTY_AUDIT_FILTERS, patient: 'p1' }, 250);
    expect(urls).toEqual(['/api/v1/audit/events?patient=p1&limit=100&before=250']);
  });

  it('encodes ids placed in the path', async () => {
    const { api, urls } = apiWith(() => new Response('{}', { status: 200 }));
    await api.patient('a/b?c').catch(() => undefined);
    expect(urls).toEqual(['/api/v1/patients/a%2Fb%3Fc']);
  });

  it('keeps the previous sign-in time the server may add to the session user', async () => {
    const body = {
      authenticated: true,
      stage: 'active',
      csrfToken: 't',
      user: {
        id: 'u1',
        username: 'coder1',
        displayName: 'C',
        role: 'coder',
        mfaEnrolled: true,
        previousLoginAt: '2026-11-29T08:00:00Z',
      },
    };
    const { api } = apiWith(() => new Response(JSON.stringify(body), { status: 200 }));
    const session = await api.session();
    expect(session.previousSignInAt).toBe('2026-11-29T08:00:00Z');
    expect(session.user?.username).toBe('coder1');
  });
});

describe('previousSignInOf', () => {
  it.each([
    [{ user: { previousLoginAt: '2026-11-29T08:00:00Z' } }, '2026-11-29T08:00:00Z'],
    [{ user: { previousLoginAt: 'yesterday' } }, null],
    [{ user: { previousLoginAt: 5 } }, null],
    [{ user: null }, null],
    [{}, null],
    [null, null],
  ])('%j -> %j', (raw, expected) => {
    expect(previousSignInOf(raw)).toBe(expected);
  });
});
