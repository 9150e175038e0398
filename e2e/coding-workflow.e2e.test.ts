import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi } from './api.js';
import { signInWithMfaEnrolment } from './sign-in.js';
import { chromiumPath, startE2e, type E2eEnvironment } from './support.js';

/** A synthetic inpatient stay: COPD with exacerbation, discharged, with a discharge summary and an EHR diagnosis. */
const ACCOUNT = 'E2E-ACCT-7001';
const SUMMARY_TEXT =
  'DISCHARGE SUMMARY\nAdmitted with an acute exacerbation of chronic obstructive pulmonary disease. ' +
  'Treated with nebulised bronchodilators and steroids. Discharged home in stable condition.';

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

const BUNDLE = {
  resourceType: 'Bundle',
  type: 'collection',
  entry: [
    {
      fullUrl: 'Patient/cw-e2e-pat-1',
      resource: {
        resourceType: 'Patient',
        id: 'cw-e2e-pat-1',
        identifier: [
          {
            type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
            system: 'urn:charta:e2e:mrn',
            value: 'E2E-MRN-7001',
          },
        ],
        name: [{ family: 'Quintaro', given: ['Imelda'] }],
        gender: 'female',
        birthDate: '1950-05-02',
      },
    },
    {
      fullUrl: 'Encounter/cw-e2e-enc-1',
      resource: {
        resourceType: 'Encounter',
        id: 'cw-e2e-enc-1',
        status: 'finished',
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
        identifier: [
          {
            type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'AN' }] },
            system: 'urn:charta:e2e:account',
            value: ACCOUNT,
          },
        ],
        serviceType: { text: 'Pulmonology' },
        subject: { reference: 'Patient/cw-e2e-pat-1' },
        period: { start: '2026-01-10T08:00:00Z', end: '2026-01-14T15:00:00Z' },
        hospitalization: {
          dischargeDisposition: {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/discharge-disposition', code: 'home' }],
          },
        },
      },
    },
    {
      fullUrl: 'DocumentReference/cw-e2e-doc-1',
      resource: {
        resourceType: 'DocumentReference',
        id: 'cw-e2e-doc-1',
        status: 'current',
        type: { coding: [{ system: 'http://loinc.org', code: '18842-5', display: 'Discharge summary' }] },
        subject: { reference: 'Patient/cw-e2e-pat-1' },
        date: '2026-01-14T14:00:00Z',
        context: { encounter: [{ reference: 'Encounter/cw-e2e-enc-1' }] },
        content: [{ attachment: { contentType: 'text/plain', data: base64(SUMMARY_TEXT) } }],
      },
    },
    {
      fullUrl: 'Condition/cw-e2e-cond-1',
      resource: {
        resourceType: 'Condition',
        id: 'cw-e2e-cond-1',
        clinicalStatus: { coding: [{ code: 'active' }] },
        code: {
          coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'J44.1', display: 'COPD with exacerbation' }],
        },
        subject: { reference: 'Patient/cw-e2e-pat-1' },
        encounter: { reference: 'Encounter/cw-e2e-enc-1' },
      },
    },
  ],
};

describe.skipIf(!chromiumPath)('coding workflow in the browser', () => {
  let env: E2eEnvironment;
  let adminContext: BrowserContext;
  let coderContext: BrowserContext;
  let admin: Page;
  let coder: Page;

  beforeAll(async () => {
    env = await startE2e();
    adminContext = await env.browser.newContext();
    admin = await adminContext.newPage();
    await signInWithMfaEnrolment(admin, env.server.url, 'admin', env.password);
    const imported = await callApi(admin, 'POST', '/api/v1/fhir/import', BUNDLE, 'application/fhir+json');
    if (imported.status !== 200)
      throw new Error(`FHIR import failed: ${imported.status} ${JSON.stringify(imported.body)}`);

    coderContext = await env.browser.newContext();
    coder = await coderContext.newPage();
    await signInWithMfaEnrolment(coder, env.server.url, 'coder', env.password);
  });
  afterAll(async () => {
    await adminContext?.close();
    await coderContext?.close();
    await env?.close();
  });

  const notCodedCount = async (): Promise<number> => {
    const text = await coder.getByTestId('dnfb-not-coded-count').textContent({ timeout: 20_000 });
    return Number((text ?? '').replace(/\D/gu, ''));
  };

  it('takes the encounter from the queue, reads the summary, codes it, fixes a finding and finalises', async () => {
    await coder.getByTestId('nav-dnfb').click();
    await coder.getByTestId('dnfb-not-coded-count').waitFor({ timeout: 20_000 });
    const before = await notCodedCount();
    expect(before).toBeGreaterThanOrEqual(1);

    await coder.getByTestId('nav-coding').click();
    const row = coder.locator(`[data-testid="queue-row"][data-account="${ACCOUNT}"]`);
    await row.waitFor({ timeout: 20_000 });
    await row.getByRole('button', { name: /^Take Quintaro, Imelda/u }).click();
    await row.getByText('Me', { exact: true }).waitFor({ timeout: 20_000 });
    await row.getByRole('button', { name: /^Open Quintaro, Imelda/u }).click();

    await coder.getByTestId('workbench-title').filter({ hasText: 'Quintaro' }).waitFor({ timeout: 20_000 });
    // The EHR's code is shown as a hint, apart from HIM's (still empty) coded record.
    await coder.getByTestId('ehr-codes').getByText('J44.1').waitFor({ timeout: 20_000 });

    await coder.getByRole('button', { name: /^Read Discharge summary/u }).click();
    await coder.getByTestId('document-text').filter({ hasText: 'acute exacerbation' }).waitFor({ timeout: 20_000 });

    await coder.getByRole('button', { name: 'Add codes' }).click();
    await coder.getByRole('combobox', { name: 'Search codes' }).fill('copd exacerbation');
    const option = coder.getByRole('option').filter({ hasText: 'J44.1' }).first();
    await option.waitFor({ timeout: 30_000 });
    await option.click();
    await coder.getByRole('button', { name: 'Add J44.1 to diagnoses' }).click();

    // Inpatient diagnoses need a POA indicator: the edit reports it as an error and finalising is blocked.
    const poaFinding = coder.locator('[data-testid="finding"][data-rule="POA.MISSING"]');
    await poaFinding.waitFor({ timeout: 30_000 });
    const finalise = coder.getByRole('button', { name: 'Finalise' });
    expect(await finalise.isDisabled()).toBe(true);

    await coder.getByLabel('POA, diagnosis 1 J44.1').selectOption('Y');
    await poaFinding.waitFor({ state: 'detached', timeout: 30_000 });
    await coder
      .getByTestId('findings-errors')
      .filter({ hasText: /^0 errors$/u })
      .waitFor({ timeout: 30_000 });
    await expect
      .poll(async () => (await coder.getByTestId('workbench-drg').textContent()) ?? '', { timeout: 30_000 })
      .toMatch(/MS-DRG \d{3}/u);

    await expect.poll(() => finalise.isEnabled(), { timeout: 30_000 }).toBe(true);
    await finalise.click();
    await coder.getByTestId('workbench-status').filter({ hasText: 'Final: locked' }).waitFor({ timeout: 30_000 });
    expect(await coder.getByLabel('POA, diagnosis 1 J44.1').isDisabled()).toBe(true);
    await coder.getByRole('button', { name: 'Change' }).waitFor();

    await coder.getByTestId('nav-dnfb').click();
    await expect.poll(notCodedCount, { timeout: 20_000 }).toBe(before - 1);
  });

  it('shows every step in the audit trail', async () => {
    const answer = await callApi(admin, 'GET', '/api/v1/audit/events?limit=500');
    expect(answer.status).toBe(200);
    const events = (answer.body as { events: { action: string; username: string | null; outcome: string }[] }).events;
    const byCoder = new Set(
      events.filter((e) => e.username === 'coder' && e.outcome === 'success').map((e) => e.action),
    );
    for (const action of ['coding-queue.take', 'encounter.read', 'document.read', 'coding.save', 'coding.finalize']) {
      expect(byCoder, action).toContain(action);
    }
    expect(events.some((e) => e.username === 'admin' && /import/u.test(e.action))).toBe(true);

    await admin.getByTestId('nav-audit').click();
    await admin.getByTestId('audit-filter-action').fill('coding.finalize');
    await admin.getByTestId('audit-filter-submit').click();
    await admin.getByTestId('audit-row').filter({ hasText: 'coding.finalize' }).first().waitFor({ timeout: 20_000 });
  });
});
