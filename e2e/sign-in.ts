import { totpAt } from '@charta/server';
import type { Page } from 'playwright-core';

/**
 * Signs a demo user in for the first time in a fresh browser context: password, MFA enrolment with a code computed
 * from the secret the page shows, recovery codes acknowledged, until the home page is up. Waits with Playwright
 * rather than `expect.poll`, so it also works in `beforeAll`.
 */
export async function signInWithMfaEnrolment(
  page: Page,
  baseUrl: string,
  username: string,
  password: string,
): Promise<void> {
  // 127.0.0.1 rather than localhost: the server listens on IPv4 and Chromium may try ::1 first.
  await page.goto(baseUrl.replace('localhost', '127.0.0.1'));
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();

  const secret = (await page.getByTestId('mfa-secret').textContent({ timeout: 20_000 }))?.replace(/\s+/gu, '') ?? '';
  if (!/^[A-Z2-7]{32}$/u.test(secret)) throw new Error(`The MFA enrolment page shows no base32 secret: "${secret}"`);
  await page.getByTestId('mfa-code').fill(totpAt(secret, new Date()));
  await page.getByTestId('mfa-submit').click();
  await page
    .getByTestId('recovery-codes')
    .filter({ hasText: /[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/u })
    .waitFor({ timeout: 20_000 });
  await page.getByTestId('recovery-codes-saved').click();
  await page.getByTestId('home-title').waitFor({ timeout: 20_000 });
}
