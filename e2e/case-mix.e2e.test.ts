import { readFileSync } from 'node:fs';
import { loadMsDrgTables } from '@charta/data';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMsDrgGolden, storeSyntheticStay } from '../apps/server/src/analytics/case-mix-fixtures.js';
import { seedDemoRecords } from '../apps/server/src/seed.js';
import { signInWithMfaEnrolment } from './sign-in.js';
import { chromiumPath, startE2e, type E2eEnvironment } from './support.js';

// Three golden cases with CMS's verdicts: DRG 393 (medical, MCC), 644 (medical, CC) and 219 (surgical, MCC).
const CASES = [
  { golden: 'val-001', discharge: '2026-03-04', service: 'Medicine' },
  { golden: 'val-003', discharge: '2026-03-12', service: 'Medicine' },
  { golden: 'val-139', discharge: '2026-03-20', service: 'Cardiac Surgery' },
] as const;

describe.skipIf(!chromiumPath)('case-mix page in the browser', () => {
  let env: E2eEnvironment;
  let context: BrowserContext;
  let page: Page;
  let expectedCmi = '';
  let demoFinal = 0;

  beforeAll(async () => {
    env = await startE2e();
    const db = env.server.database.db;
    const org = await db
      .selectFrom('users')
      .select('org_id')
      .where('username', '=', 'hmanager')
      .executeTakeFirstOrThrow();
    const golden = readMsDrgGolden();
    const tables = loadMsDrgTables();
    let weight = 0;
    for (const c of CASES) {
      await storeSyntheticStay(db, {
        orgId: org.org_id,
        encounter: golden.encounters.get(c.golden)!,
        discharge: c.discharge,
        service: c.service,
      });
      const drg = golden.verdicts.get(c.golden)!.drg.drg;
      weight += tables.drgs.find((d) => d.drg === drg)!.weight!;
    }
    expectedCmi = (weight / CASES.length).toFixed(4);
    // The demo set, as a first start loads it: its earlier stays are coded, final and billed.
    const demo = await seedDemoRecords(env.server.services);
    demoFinal = demo?.history.finalised ?? 0;
    context = await env.browser.newContext({ acceptDownloads: true });
    page = await context.newPage();
    await signInWithMfaEnrolment(page, env.server.url, 'hmanager', env.password);
  });
  afterAll(async () => {
    await context?.close();
    await env?.close();
  });

  it('shows the CMI of the chosen period with its charts and tables', async () => {
    await page.getByTestId('nav-case-mix').click();
    await page.getByTestId('case-mix-title').waitFor({ timeout: 20_000 });
    await page.getByTestId('case-mix-from').fill('2026-03-01');
    await page.getByTestId('case-mix-to').fill('2026-03-31');
    await page.getByTestId('case-mix-apply').click();

    await expect
      .poll(async () => (await page.getByTestId('case-mix-cmi').textContent()) ?? '', { timeout: 30_000 })
      .toBe(expectedCmi);
    expect(await page.getByTestId('case-mix-cases').textContent()).toBe('3');
    await expect.poll(async () => page.getByTestId('case-mix-cmi-chart').locator('svg[role="img"]').count()).toBe(1);
    expect(await page.getByTestId('case-mix-by-service').textContent()).toContain('Cardiac Surgery');
  });

  it('downloads the figures as CSV', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      page.getByTestId('case-mix-csv-month').click(),
    ]);
    expect(download.suggestedFilename()).toBe('case-mix-by-month-2026-03-01-to-2026-03-31.csv');
    const path = await download.path();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]?.startsWith('dimension,key,label,cases,')).toBe(true);
    const total = lines[lines.length - 1]!.split(',');
    expect(total[0]).toBe('total');
    expect(total[3]).toBe('3');
    expect(Number(total[7]).toFixed(4)).toBe(expectedCmi);
  });

  it('shows the CMI chart for the demo data over the default period', async () => {
    expect(demoFinal).toBeGreaterThan(50);
    await page.getByTestId('nav-case-mix').click();
    await page.getByTestId('case-mix-title').waitFor({ timeout: 20_000 });
    // The default period is the last twelve months, which holds the demo set's coded history.
    await page.reload();
    await page.getByTestId('nav-case-mix').click();
    await expect
      .poll(async () => Number((await page.getByTestId('case-mix-cases').textContent()) ?? '0'), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(demoFinal);
    const cmi = Number(await page.getByTestId('case-mix-cmi').textContent());
    expect(cmi).toBeGreaterThan(0.5);
    expect(cmi).toBeLessThan(5);
    await expect.poll(async () => page.getByTestId('case-mix-cmi-chart').locator('svg[role="img"]').count()).toBe(1);
  });
});
