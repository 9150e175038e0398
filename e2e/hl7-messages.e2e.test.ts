import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hl7, msh, segment } from '../packages/core/src/hl7/synthetic-messages.js';
import { receiveHl7Message, systemRequestInfo } from '@charta/server';
import { signInWithMfaEnrolment } from './sign-in.js';
import { chromiumPath, startE2e, type E2eEnvironment } from './support.js';

// An update (A08) for a patient the index has never seen: the feed's message fails with AE and waits for review.
const UNKNOWN_PATIENT_UPDATE = hl7(
  msh('A08', 'CTL-E2E-A08'),
  segment('EVN', { 1: 'A08', 2: '20260115090000' }),
  segment('PID', { 1: '1', 3: 'MRN-E2E-404^^^NWG^MR', 5: 'TESTPATIENT^OMEGA', 7: '19600101', 8: 'F' }),
  segment('PV1', { 1: '1', 2: 'I', 19: 'VN-E2E-1' }),
);

describe.skipIf(!chromiumPath)('HL7 message review in the browser', () => {
  let env: E2eEnvironment;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    env = await startE2e();
    const services = env.server.services;
    const org = await services.db
      .selectFrom('users')
      .select('org_id')
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    const received = await receiveHl7Message(services, UNKNOWN_PATIENT_UPDATE, {
      orgId: org.org_id,
      channel: 'file',
      info: systemRequestInfo(services, 'file'),
    });
    expect(received.ackCode).toBe('AE');
    context = await env.browser.newContext();
    page = await context.newPage();
    await signInWithMfaEnrolment(page, env.server.url, 'admin', env.password);
  });
  afterAll(async () => {
    await context?.close();
    await env?.close();
  });

  it('lists the failed message, shows its text and error, and dismisses it with a reason', async () => {
    await page.getByTestId('nav-hl7').click();
    const row = page.getByTestId('hl7-message-row').filter({ hasText: 'CTL-E2E-A08' });
    await row.waitFor({ timeout: 20_000 });
    await row.getByRole('button', { name: 'Open' }).click();
    await expect.poll(async () => page.getByLabel('Message text').textContent()).toContain('PID|1||MRN-E2E-404');
    expect(await page.getByTestId('hl7-message-errors').textContent()).toMatch(/\S/u);
    await page.getByLabel('Reason for dismissing').fill('Test message from the interface vendor; no such patient');
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(async () => row.count(), { timeout: 20_000 }).toBe(0);

    const audit = await env.server.services.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', 'like', 'hl7.%')
      .execute();
    const actions = new Set(audit.map((a) => a.action));
    expect(actions.has('hl7.message.read')).toBe(true);
    expect(actions.has('hl7.message.dismiss')).toBe(true);
  });
});
