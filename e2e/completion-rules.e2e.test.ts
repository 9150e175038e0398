import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletionRuleSetHistory, CompletionRuleSetVersion } from '@charta/contracts';
import { callApi } from './api.js';
import { signInWithMfaEnrolment } from './sign-in.js';
import { chromiumPath, startE2e, type E2eEnvironment } from './support.js';

/** A facility no encounter of the demo data carries: it follows the organisation's default until saved here. */
const FACILITY = 'E2E North Campus';
const NOTE = 'Medical staff bylaws 2026: 21 days';

/** The rule set in force for a facility ('' for the organisation's default), read over the API. */
async function ruleSet(page: Page, facility = ''): Promise<CompletionRuleSetVersion> {
  const query = facility === '' ? '' : `?facility=${encodeURIComponent(facility)}`;
  const answer = await callApi(page, 'GET', `/api/v1/completion/rules${query}`);
  expect(answer.status).toBe(200);
  return answer.body as CompletionRuleSetVersion;
}

async function versions(page: Page): Promise<number[]> {
  const answer = await callApi(page, 'GET', '/api/v1/completion/rules/versions');
  expect(answer.status).toBe(200);
  return (answer.body as CompletionRuleSetHistory).versions.map((v) => v.version);
}

/** Waits until the page shows the given version as the one in force. */
async function inForce(page: Page, version: number): Promise<string> {
  const line = page.locator(`[data-testid="rules-in-force"][data-version="${version}"]`);
  await line.waitFor({ timeout: 20_000 });
  return (await line.textContent()) ?? '';
}

describe.skipIf(!chromiumPath)('completion rules in the browser', () => {
  let env: E2eEnvironment;
  let himContext: BrowserContext;
  let coderContext: BrowserContext | undefined;
  let him: Page;

  beforeAll(async () => {
    env = await startE2e();
    himContext = await env.browser.newContext();
    him = await himContext.newPage();
    await signInWithMfaEnrolment(him, env.server.url, 'hmanager', env.password);
  });
  afterAll(async () => {
    await himContext?.close();
    await coderContext?.close();
    await env?.close();
  });

  it('refuses 45 delinquency days at the field, then saves 21 days with a note as a new version', async () => {
    const before = await ruleSet(him);
    const history = await versions(him);
    await him.getByTestId('nav-completion-rules').click();
    await him.getByTestId('completion-rules-title').waitFor({ timeout: 20_000 });
    expect(await inForce(him, before.version)).toContain('organisation’s default');

    const days = him.getByTestId('rules-delinquency-days');
    expect(await days.inputValue()).toBe(String(before.ruleSet.delinquencyDays));
    await days.fill('45');
    await him.getByTestId('rules-note').fill('Longer deadline');
    await him.getByTestId('rules-save').click();
    await him.locator('[data-testid="rules-delinquency-days"][aria-invalid="true"]').waitFor({ timeout: 20_000 });
    expect(await him.getByTestId('rules-set-fields').textContent()).toContain('expected number to be <=30');
    expect(await him.getByTestId('rules-saved').count()).toBe(0);
    expect((await ruleSet(him)).version).toBe(before.version);
    expect(await versions(him)).toEqual(history);

    await days.fill('21');
    await him.getByTestId('rules-note').fill(NOTE);
    await him.getByTestId('rules-save').click();
    const next = before.version + 1;
    await him
      .getByTestId('rules-saved')
      .filter({ hasText: `Saved version ${next}` })
      .waitFor({ timeout: 20_000 });
    await inForce(him, next);
    expect(await days.getAttribute('aria-invalid')).not.toBe('true');
    const row = him.locator(`[data-testid="rules-history-row"][data-version="${next}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain(NOTE);
    expect(await row.textContent()).toContain('(you)');

    const after = await ruleSet(him);
    expect(after).toMatchObject({ facility: '', version: next, note: NOTE });
    expect(after.ruleSet.delinquencyDays).toBe(21);
    expect(await versions(him)).toEqual([next, ...history]);
  });

  it('starts a facility’s own set from the default it follows', async () => {
    const org = await ruleSet(him);
    await him.getByTestId('rules-facility').fill(FACILITY);
    await him.getByTestId('rules-load').click();
    const line = him.getByTestId('rules-in-force').filter({ hasText: FACILITY });
    await line.waitFor({ timeout: 20_000 });
    expect(await line.textContent()).toContain(`follows the organisation’s default, version ${org.version}`);
    await him.getByTestId('rules-history').filter({ hasText: 'no rule set of its own' }).waitFor({ timeout: 20_000 });

    await him.getByLabel('Hours after, COMPLETION.DS.MISSING').fill('48');
    await him.getByTestId('rules-note').fill('North Campus: summaries within two days');
    await him.getByTestId('rules-save').click();
    await him
      .getByTestId('rules-in-force')
      .filter({ hasText: `${FACILITY}’s own rule set, version 1` })
      .waitFor({ timeout: 20_000 });
    await him.locator('[data-testid="rules-history-row"][data-version="1"]').waitFor({ timeout: 20_000 });

    const own = await ruleSet(him, FACILITY);
    expect(own).toMatchObject({ facility: FACILITY, version: 1 });
    expect(own.ruleSet.rules.find((r) => r.id === 'COMPLETION.DS.MISSING')?.window.afterHours).toBe(48);
    expect((await ruleSet(him)).version).toBe(org.version);
  });

  it('tells the manager when someone else saved meanwhile and reloads the newer version', async () => {
    await him.getByTestId('rules-facility').fill('');
    await him.getByTestId('rules-load').click();
    const org = await ruleSet(him);
    await inForce(him, org.version);

    const elsewhere = await callApi(him, 'PUT', '/api/v1/completion/rules', {
      baseVersion: org.version,
      note: 'Saved in another tab',
      ruleSet: org.ruleSet,
    });
    expect(elsewhere.status).toBe(200);

    await him.getByTestId('rules-note').fill('Edit from a stale page');
    await him.getByTestId('rules-save').click();
    await him.getByTestId('rules-conflict').waitFor({ timeout: 20_000 });
    await him.getByTestId('rules-reload').click();
    await inForce(him, org.version + 1);
    expect(await him.getByTestId('rules-conflict').count()).toBe(0);
    expect((await ruleSet(him)).version).toBe(org.version + 1);
  });

  it('shows a coder the rules read-only, without a way to save', async () => {
    coderContext = await env.browser.newContext();
    const coder = await coderContext.newPage();
    await signInWithMfaEnrolment(coder, env.server.url, 'coder', env.password);
    const org = await ruleSet(coder);
    await coder.getByTestId('nav-completion-rules').click();
    await inForce(coder, org.version);
    await coder.locator('[data-testid="rule-row"][data-rule="COMPLETION.DS.MISSING"]').waitFor({ timeout: 20_000 });

    const days = coder.getByTestId('rules-delinquency-days');
    expect(await days.inputValue()).toBe('21');
    expect(await days.getAttribute('readonly')).not.toBeNull();
    expect(await coder.getByTestId('rules-save').count()).toBe(0);
    expect(await coder.getByTestId('rules-note').count()).toBe(0);
    expect(await coder.getByRole('switch', { name: 'Enabled, COMPLETION.DS.MISSING' }).count()).toBe(0);
    expect(await coder.getByRole('button', { name: /^Duplicate rule/u }).count()).toBe(0);
    expect(await coder.locator(`[data-testid="rules-history-row"][data-version="${org.version}"]`).count()).toBe(1);
  });
});
