import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi } from './api.js';
import { dischargedStayBundle, importStayForDemoPhysician } from './discharged-stay.js';
import { signInWithMfaEnrolment } from './sign-in.js';
import { chromiumPath, startE2e, type E2eEnvironment } from './support.js';

/**
 * A synthetic inpatient stay discharged 45 days before now with a signed history and physical and no discharge summary,
 * attended by a practitioner linked to the demo physician. The summary was delinquent 30 days after discharge, so
 * 15 days later the deficiency stands on the suspension step of the default ladder (10 days after delinquency).
 */
const ACCOUNT = 'E2E-ACCT-8202';
const MRN = 'E2E-MRN-8202';
const NPI = '1999999976';
const CLINICIAN = 'Tamsin Okafor-Lindgren, MD';
const DAY = 86_400_000;
const now = Date.now();
const admitAt = new Date(now - 49 * DAY);
const dischargeAt = new Date(now - 45 * DAY);

const HP_TEXT =
  'HISTORY AND PHYSICAL\nCHIEF COMPLAINT: Right lower quadrant pain since yesterday.\n' +
  'PHYSICAL EXAMINATION: Tenderness at McBurney point.\nASSESSMENT AND PLAN: Acute appendicitis; ' +
  'laparoscopic appendectomy.';

const BUNDLE = dischargedStayBundle({
  key: 'nt-e2e',
  account: ACCOUNT,
  mrn: MRN,
  npi: NPI,
  attending: ['Okafor-Lindgren', 'Tamsin'],
  patient: ['Quillfeather', 'Oren'],
  gender: 'male',
  birthDate: '1971-04-08',
  service: 'Surgery',
  admitAt,
  dischargeAt,
  hpAt: new Date(admitAt.getTime() + 2 * 3_600_000),
  hpText: HP_TEXT,
});

/** The unread count in the bell's accessible name ("Notifications, 2 unread"; none is 0). */
async function unreadInBell(page: Page): Promise<number> {
  const label = (await page.getByTestId('notification-bell').getAttribute('aria-label')) ?? '';
  const match = /(\d+) unread/u.exec(label);
  return match ? Number(match[1]) : label.includes('none unread') ? 0 : -1;
}

describe.skipIf(!chromiumPath)('deficiency notifications in the browser', () => {
  let env: E2eEnvironment;
  let himContext: BrowserContext;
  let physicianContext: BrowserContext | undefined;
  let him: Page;
  let practitionerId = '';
  let physicianUserId = '';

  beforeAll(async () => {
    env = await startE2e();
    himContext = await env.browser.newContext();
    him = await himContext.newPage();
    await signInWithMfaEnrolment(him, env.server.url, 'hmanager', env.password);
    const linked = await importStayForDemoPhysician(env, him, BUNDLE, NPI);
    physicianUserId = linked.userId;
    practitionerId = linked.practitionerId;
    const analyzed = await callApi(him, 'POST', '/api/v1/completion/analyze');
    expect(analyzed.status).toBe(200);
  });
  afterAll(async () => {
    await himContext?.close();
    await physicianContext?.close();
    await env?.close();
  });

  /** The e-mail digest written for the synthetic clinician (the outbox shows no account numbers to pick it by). */
  const ourEmail = () =>
    env.server.database.db
      .selectFrom('notifications')
      .select(['id', 'status', 'last_error', 'step'])
      .where('recipient_practitioner_id', '=', practitionerId)
      .where('channel', '=', 'email')
      .executeTakeFirstOrThrow();

  it('runs the notifications from the HIM page, shows the counts, the failed e-mail and the suspension list', async () => {
    await him.getByTestId('nav-completion-notifications').click();
    await him.getByTestId('notifications-title').waitFor({ timeout: 20_000 });
    const ladder = him.getByRole('table', { name: 'Escalation ladder' });
    await ladder.getByRole('row', { name: /Suspension/u }).waitFor({ timeout: 20_000 });
    expect(await ladder.getByRole('row', { name: /Suspension/u }).textContent()).toContain('10 days after delinquency');

    await him.getByRole('button', { name: 'Run notifications now' }).click();
    const result = him.getByTestId('notification-run-result');
    await result.waitFor({ timeout: 20_000 });
    const text = (await result.textContent()) ?? '';
    // At least our clinician's digest: one row in the application, one e-mail (failed at once: no address).
    expect(text).toMatch(/[1-9]\d* digests? written/u);
    expect(text).toMatch(/[1-9]\d* in-app notifications?/u);
    expect(text).toMatch(/[1-9]\d* deficienc(y|ies) escalated/u);

    const email = await ourEmail();
    expect(email.step).toBe('suspension');
    expect(email.status).toBe('failed');
    const row = him.locator(`[data-testid="outbox-row"][data-id="${email.id}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain('no e-mail address');
    expect(await row.getByTestId('outbox-error').textContent()).toMatch(/^No e-mail address/u);

    const clinician = him.getByTestId('suspension-clinician').filter({ hasText: CLINICIAN });
    await clinician.waitFor({ timeout: 20_000 });
    expect(await clinician.textContent()).toContain(ACCOUNT);
  });

  it('retries the failed e-mail once the clinician has an address, and refuses a retry of a sent one', async () => {
    await env.server.database.db
      .updateTable('users')
      .set({ email: 'drpatel@example.test' })
      .where('id', '=', physicianUserId)
      .execute();
    const { id } = await ourEmail();
    await him
      .locator(`[data-testid="outbox-row"][data-id="${id}"]`)
      .getByRole('button', { name: /^Retry/u })
      .click();
    await him
      .getByTestId('notification-retry-result')
      .filter({ hasText: 'drpatel@example.test' })
      .waitFor({ timeout: 20_000 });
    expect((await ourEmail()).status).toBe('sent');
    // Sent rows leave the failed view.
    await him.locator('[data-testid="outbox-table"][aria-busy="false"]').waitFor({ timeout: 20_000 });
    expect(await him.locator(`[data-testid="outbox-row"][data-id="${id}"]`).count()).toBe(0);

    const again = await callApi(him, 'POST', `/api/v1/notifications/${id}/retry`);
    expect(again.status).toBe(409);
  });

  it('shows the physician the unread count in the bell, the reminder, and marks it read', async () => {
    physicianContext = await env.browser.newContext();
    const physician = await physicianContext.newPage();
    await signInWithMfaEnrolment(physician, env.server.url, 'drpatel', env.password);
    const bell = physician.getByTestId('notification-bell');
    await expect.poll(() => unreadInBell(physician), { timeout: 20_000 }).toBeGreaterThan(0);
    const before = await unreadInBell(physician);

    await bell.click();
    const list = physician.getByRole('dialog', { name: 'Notifications' });
    await list.getByRole('heading', { name: 'Notifications' }).waitFor({ timeout: 20_000 });
    const item = list.getByTestId('notification-item').filter({ hasText: ACCOUNT });
    await item.waitFor({ timeout: 20_000 });
    expect(await item.getAttribute('data-read')).toBe('false');
    expect(await item.getByTestId('notification-subject').textContent()).toContain('Suspension: delinquent records');
    expect(await item.getByTestId('notification-body').textContent()).toContain('You are on the suspension list');

    await item.getByRole('button', { name: /^Mark read/u }).click();
    await expect.poll(() => item.getAttribute('data-read'), { timeout: 20_000 }).toBe('true');
    await expect.poll(() => unreadInBell(physician), { timeout: 20_000 }).toBe(before - 1);
  });
});
