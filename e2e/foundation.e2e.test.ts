import { totpAt } from '@charta/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, startE2e, type E2eEnvironment } from './support.js';

describe.skipIf(!chromiumPath)('foundation in the browser', () => {
  let env: E2eEnvironment;
  beforeAll(async () => {
    env = await startE2e();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('signs in with MFA enrolment, opens the audit report and finds its own sign-in', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await page.goto(env.server.url.replace('localhost', '127.0.0.1'));
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill(env.password);
    await page.getByTestId('login-submit').click();

    const secret = (await page.getByTestId('mfa-secret').textContent({ timeout: 20_000 }))?.replace(/\s+/gu, '') ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/u);
    await page.getByTestId('mfa-code').fill(totpAt(secret, new Date()));
    await page.getByTestId('mfa-submit').click();
    await expect
      .poll(async () => (await page.getByTestId('recovery-codes').textContent()) ?? '', { timeout: 20_000 })
      .toMatch(/[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/u);
    await page.getByTestId('recovery-codes-saved').click();
    await page.getByTestId('home-title').waitFor({ timeout: 20_000 });

    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-table').waitFor({ timeout: 20_000 });
    const rows = page.getByTestId('audit-row');
    await expect
      .poll(async () => (await rows.allTextContents()).join('\n'), { timeout: 20_000 })
      .toMatch(/auth\.mfa\.enrolled/u);
    const text = (await rows.allTextContents()).join('\n');
    expect(text).toMatch(/auth\.login/u);
    expect(text).toMatch(/admin/u);

    await page.getByTestId('signout').click();
    await page.getByTestId('login-username').waitFor({ timeout: 20_000 });
    await context.close();
  });
});
