import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInWithMfaEnrolment } from './sign-in.js';
import { chromiumPath, startE2e, type E2eEnvironment } from './support.js';

describe.skipIf(!chromiumPath)('encoder in the browser', () => {
  let env: E2eEnvironment;
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    env = await startE2e();
    context = await env.browser.newContext();
    page = await context.newPage();
    // One sign-in for the file: a second first-time sign-in of the same user would meet the MFA challenge instead.
    await signInWithMfaEnrolment(page, env.server.url, 'admin', env.password);
  });
  afterAll(async () => {
    await context?.close();
    await env?.close();
  });

  const detailCode = async (): Promise<string> =>
    (await page.getByTestId('code-detail').getByTestId('code-detail-code').textContent()) ?? '';

  it('finds J44.1 by words and shows its Tabular notes', async () => {
    await page.getByTestId('nav-encoder').click();
    await page.getByTestId('encoder-search').fill('copd exacerbation');
    const rows = page.getByTestId('encoder-result');
    await rows.first().waitFor({ timeout: 30_000 });
    const j441 = rows.filter({ hasText: 'J44.1' }).first();
    await j441.waitFor({ timeout: 20_000 });
    await j441.click();

    await expect.poll(detailCode, { timeout: 20_000 }).toBe('J44.1');
    const notes = page.getByTestId('code-detail').getByTestId('tabular-notes');
    await notes.waitFor({ timeout: 20_000 });
    await expect
      .poll(async () => (await notes.textContent()) ?? '', { timeout: 20_000 })
      .toMatch(/Decompensated COPD|Use additional code/u);
  });

  it('opens the highlighted result with the keyboard', async () => {
    const search = page.getByTestId('encoder-search');
    await search.fill('E11.9');
    await page.getByTestId('encoder-result').filter({ hasText: 'E11.9' }).first().waitFor({ timeout: 20_000 });
    await search.press('ArrowDown');
    await search.press('Enter');
    await expect.poll(detailCode, { timeout: 20_000 }).toBe('E11.9');
  });

  it('builds a PCS code from the Tables and shows what each character means', async () => {
    await page.getByTestId('encoder-tab-pcs').click();
    await page.getByTestId('pcs-prefix').fill('0DTJ4Z');
    const noQualifier = page.getByTestId('pcs-option').filter({ hasText: 'No Qualifier' });
    await noQualifier.waitFor({ timeout: 20_000 });
    await noQualifier.click();
    await expect.poll(detailCode, { timeout: 20_000 }).toBe('0DTJ4ZZ');
    await expect
      .poll(async () => (await page.getByTestId('pcs-characters').textContent()) ?? '', { timeout: 20_000 })
      .toMatch(/Resection.*Appendix/su);
  });

  it('checks an inpatient encounter as it is typed and shows the working MS-DRG', async () => {
    await page.getByTestId('encoder-tab-check').click();
    await page.getByTestId('check-age').fill('67');
    await page.getByLabel('Admit / service date').fill('2026-01-10');
    await page.getByLabel('Discharge date').fill('2026-01-14');
    await page.getByTestId('check-dx').nth(0).fill('J44.1');
    await page.getByTestId('check-dx').nth(1).fill('J96.01');

    await page.getByTestId('check-finding').first().waitFor({ timeout: 20_000 });
    // COPD with acute exacerbation as principal and acute respiratory failure (an MCC) as secondary: MS-DRG 190.
    await expect
      .poll(async () => (await page.getByTestId('working-drg').textContent()) ?? '', { timeout: 20_000 })
      .toMatch(/MS-DRG 190/u);
  });
});
