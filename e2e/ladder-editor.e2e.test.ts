import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationSettings } from '@charta/contracts';
import { callApi } from './api.js';
import { signInWithMfaEnrolment } from './sign-in.js';
import { chromiumPath, startE2e, type E2eEnvironment } from './support.js';

/** A facility no encounter of the demo data carries: it follows Charta's defaults until a ladder is saved for it. */
const FACILITY = 'E2E Ladder Campus (synthetic)';
const NOTE = 'Medical staff bylaws 2026: later notices';

/** The ladder in force for the facility, read over the API. */
async function settingsOf(page: Page): Promise<NotificationSettings> {
  const answer = await callApi(page, 'GET', `/api/v1/notifications/settings?facility=${encodeURIComponent(FACILITY)}`);
  expect(answer.status).toBe(200);
  return answer.body as NotificationSettings;
}

/** Opens the notifications page and shows the test facility's ladder. */
async function openLadder(page: Page): Promise<Locator> {
  await page.getByTestId('nav-completion-notifications').click();
  await page.getByTestId('notifications-title').waitFor({ timeout: 20_000 });
  await page.getByRole('textbox', { name: 'Facility' }).fill(FACILITY);
  await page.getByRole('button', { name: 'Show' }).click();
  const table = page.getByRole('table', { name: 'Escalation ladder' });
  await table.getByRole('row', { name: /Suspension/u }).waitFor({ timeout: 20_000 });
  return table;
}

/** The "When" cell of a rung in the read-only table. */
async function timingOf(table: Locator, step: RegExp): Promise<string> {
  return (await table.getByRole('row', { name: step }).getByRole('cell').first().textContent()) ?? '';
}

describe.skipIf(!chromiumPath)('editing the escalation ladder in the browser', () => {
  let env: E2eEnvironment;
  let himContext: BrowserContext;
  let technicianContext: BrowserContext | undefined;
  let him: Page;

  beforeAll(async () => {
    env = await startE2e();
    himContext = await env.browser.newContext();
    him = await himContext.newPage();
    await signInWithMfaEnrolment(him, env.server.url, 'hmanager', env.password);
  });
  afterAll(async () => {
    await himContext?.close();
    await technicianContext?.close();
    await env?.close();
  });

  it('shows a contradiction at its step without saving, then saves the corrected ladder as version 1', async () => {
    expect(await settingsOf(him)).toMatchObject({ source: 'default', version: 0 });
    const table = await openLadder(him);
    expect(await him.getByTestId('ladder-source').textContent()).toContain('Charta’s default ladder');

    await him.getByTestId('ladder-edit').click();
    const editor = him.getByTestId('ladder-editor');
    expect(await editor.getByTestId('ladder-save-target').textContent()).toContain(
      `Saving gives ${FACILITY} a ladder of its own (version 1)`,
    );
    const step = (n: number) => editor.getByRole('group', { name: `Step ${n}`, exact: true });

    // The reminder after 10 days puts it behind the second notice (7 days).
    await step(1).getByLabel('Days after').fill('10');

    // Without a note the form refuses before sending anything.
    await editor.getByTestId('ladder-save').click();
    await editor.getByText('Say why the ladder changes').first().waitFor({ timeout: 20_000 });

    await editor.getByTestId('ladder-note').fill(NOTE);
    await editor.getByTestId('ladder-save').click();
    const atStep = step(2).getByText(/second_notice step comes 7 days after the due date/u);
    await atStep.waitFor({ timeout: 20_000 });
    const alert = editor.getByRole('alert').filter({ hasText: 'The escalation ladder contradicts itself' });
    // The alert says what went wrong; the message itself stands at its step, not twice.
    expect(await alert.count()).toBe(1);
    expect(await alert.textContent()).not.toContain('second_notice step comes');
    expect(
      await step(1)
        .getByText(/second_notice step comes/u)
        .count(),
    ).toBe(0);
    expect(await settingsOf(him)).toMatchObject({ source: 'default', version: 0 });

    // Correct it: the second notice after 14 days; the suspension step removed and added again, 20 days on.
    await step(2).getByLabel('Days after').fill('14');
    await step(4).getByRole('button', { name: 'Remove step 4' }).click();
    expect(await editor.getByRole('group', { name: /^Step \d$/u }).count()).toBe(3);
    await editor.getByTestId('ladder-add-step').click();
    expect(await step(4).getByLabel('Kind').inputValue()).toBe('suspension');
    expect(await step(4).getByLabel('Counting from').inputValue()).toBe('delinquent');
    await step(4).getByLabel('Days after').fill('20');
    await editor.getByTestId('ladder-save').click();

    await him.getByTestId('ladder-saved').filter({ hasText: 'Saved version 1' }).waitFor({ timeout: 20_000 });
    expect(await him.getByTestId('ladder-saved').textContent()).toContain("the facility's own ladder, version 1");
    expect(await him.getByTestId('ladder-editor').count()).toBe(0);
    expect(await timingOf(table, /Reminder/u)).toBe('10 days after the due date');
    expect(await timingOf(table, /Second notice/u)).toBe('14 days after the due date');
    expect(await timingOf(table, /Suspension/u)).toBe('20 days after delinquency');

    const saved = await settingsOf(him);
    expect(saved).toMatchObject({ source: 'facility', version: 1, note: NOTE });
    expect(saved.ladder.steps.map((s) => [s.id, s.anchor, s.afterDays])).toEqual([
      ['reminder', 'due', 10],
      ['second_notice', 'due', 14],
      ['chair', 'delinquent', 0],
      ['suspension', 'delinquent', 20],
    ]);
  });

  it('says when someone else saved a newer version meanwhile, and reloads it', async () => {
    await him.getByTestId('ladder-edit').click();
    const editor = him.getByTestId('ladder-editor');
    expect(await editor.getByTestId('ladder-save-target').textContent()).toContain('Saving creates version 2');

    const current = await settingsOf(him);
    const elsewhere = await callApi(him, 'PUT', '/api/v1/notifications/settings', {
      facility: FACILITY,
      baseVersion: current.version,
      note: 'Saved from another window',
      ladder: { ...current.ladder, repeatEveryDays: 5 },
    });
    expect(elsewhere.status).toBe(200);

    await editor.getByRole('group', { name: 'Step 1', exact: true }).getByLabel('Days after').fill('1');
    await editor.getByTestId('ladder-note').fill('Earlier reminder');
    await editor.getByTestId('ladder-save').click();
    await editor.getByTestId('ladder-conflict').waitFor({ timeout: 20_000 });
    expect(await editor.getByTestId('ladder-conflict').textContent()).toContain('Someone else saved a newer version');
    expect(await settingsOf(him)).toMatchObject({ version: 2, note: 'Saved from another window' });

    await editor.getByTestId('ladder-reload').click();
    await him
      .getByTestId('ladder-save-target')
      .filter({ hasText: 'Saving creates version 3' })
      .waitFor({ timeout: 20_000 });
    expect(await him.getByTestId('ladder-source').textContent()).toContain('every 5 days');
    expect(await him.getByRole('group', { name: 'Step 1', exact: true }).getByLabel('Days after').inputValue()).toBe(
      '10',
    );
    expect(await him.getByTestId('ladder-conflict').count()).toBe(0);
  });

  it('shows a HIM technician, who may see the ladder but not change it, no way to edit or save', async () => {
    technicianContext = await env.browser.newContext();
    const technician = await technicianContext.newPage();
    await signInWithMfaEnrolment(technician, env.server.url, 'hit', env.password);
    const table = await openLadder(technician);
    await technician
      .getByTestId('ladder-source')
      .filter({ hasText: "the facility's own ladder, version 2" })
      .waitFor({ timeout: 20_000 });
    expect(await timingOf(table, /Second notice/u)).toBe('14 days after the due date');
    expect(await technician.getByTestId('ladder-edit').count()).toBe(0);
    expect(await technician.getByTestId('ladder-save').count()).toBe(0);
    expect(await technician.getByRole('button', { name: 'Save' }).count()).toBe(0);
  });
});
