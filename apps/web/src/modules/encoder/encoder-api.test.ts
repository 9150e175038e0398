import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../api/client.js';
import { ApiError } from '../../api/problem.js';
import { createEncoderApi, readGrouperRefusals } from './encoder-api.js';

const json = (status: number, body: unknown, type = 'application/json'): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });

function apiWith(respond: (url: string, init?: RequestInit) => Response) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fetchImpl: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    calls.push({ url, init });
    return Promise.resolve(respond(url, init));
  };
  const api = createEncoderApi(
    createApiClient({ fetch: readGrouperRefusals(fetchImpl), cookies: () => 'charta_csrf=tok' }),
  );
  return { api, calls };
}

const encounter = {
  ageYears: 67,
  sex: 'F' as const,
  encounterType: 'inpatient' as const,
  admitDate: '2026-01-10',
  dischargeDate: '2026-11-14',
  diagnoses: [{ code: 'J441' }],
  procedures: [],
};

describe('encoder api', () => {
  it('sends the search filters as query parameters and leaves out "all systems"', async () => {
    const { api, calls } = apiWith(() => json(200, { query: 'copd', date: '2026-01-10', hits: [] }));
    await api.search('copd', { system: undefined, date: '2026-01-10', limit: 30 });
    await api.search('0DT', { system: 'ICD-10-PCS', date: '2026-01-10', limit: 30 });
    expect(calls.map((c) => c.url)).toEqual([
      '/api/v1/codes/search?q=copd&date=2026-01-10&limit=30',
      '/api/v1/codes/search?q=0DT&system=ICD-10-PCS&date=2026-01-10&limit=30',
    ]);
  });

  it('asks for a code detail by system and code on the date', async () => {
    const { api, calls } = apiWith(() =>
      json(200, { system: 'ICD-10-CM', code: 'J441', lookup: {}, children: [], history: [] }),
    );
    await api.detail('ICD-10-CM', 'J441', '2026-01-10');
    expect(calls[0]?.url).toBe('/api/v1/codes/ICD-10-CM/J441?date=2026-01-10');
  });

  it('groups with the impact of each code and the CSRF header', async () => {
    const { api, calls } = apiWith(() => json(200, { ok: true, result: {} }));
    await api.group(encounter);
    expect(JSON.parse(String(calls[0]?.init?.body))).toMatchObject({ impact: true, ageYears: 67 });
    expect(new Headers(calls[0]?.init?.headers).get('X-CSRF-Token')).toBe('tok');
  });

  it("reads the grouper's refusal as an answer the coder sees", async () => {
    const refusal = {
      type: 'https://charta.dev/problems/unprocessable',
      title: 'The request cannot be processed',
      status: 422,
      traceId: 't',
      errors: [{ path: '/dischargeDate', code: 'MSDRG.NO_VERSION', message: 'No loaded MS-DRG version' }],
    };
    const { api } = apiWith(() => json(422, refusal, 'application/problem+json'));
    await expect(api.group(encounter)).resolves.toEqual({
      ok: false,
      issues: [{ message: 'No loaded MS-DRG version' }],
    });
  });

  it('keeps problem documents from the grouper as failures', async () => {
    const problem = { type: 'about:blank', title: 'Invalid request', status: 400, traceId: 't' };
    const { api } = apiWith(() => json(400, problem, 'application/problem+json'));
    await expect(api.group(encounter)).rejects.toBeInstanceOf(ApiError);
  });

  it('turns a response of the wrong shape into an unexpected-response problem', async () => {
    const { api } = apiWith(() => json(200, { something: 'else' }));
    await expect(api.pcsStep('0DT')).rejects.toBeInstanceOf(ApiError);
  });
});
