import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi } from './api.js';
import { dischargedStayBundle, importStayForDemoPhysician } from './discharged-stay.js';
import { signInWithMfaEnrolment } from './sign-in.js';
import { chromiumPath, startE2e, type E2eEnvironment } from './support.js';

/**
 * A synthetic inpatient stay discharged 45 days before now (the server runs on the real clock, which the browser's MFA
 * codes need too): a signed history and physical, no discharge summary, attended by the practitioner the demo
 * physician is linked to. Thirty days after discharge the missing summary is delinquent.
 */
const ACCOUNT = 'E2E-ACCT-8101';
const MRN = 'E2E-MRN-8101';
const NPI = '1999999984';
const DAY = 86_400_000;
const now = Date.now();
const admitAt = new Date(now - 50 * DAY);
const dischargeAt = new Date(now - 45 * DAY);
const hpAt = new Date(admitAt.getTime() + 3 * 3_600_000);

const HP_TEXT =
  'HISTORY AND PHYSICAL\nCHIEF COMPLAINT: Fever and productive cough for three days.\n' +
  'PHYSICAL EXAMINATION: Crackles at the right base.\nASSESSMENT AND PLAN: Community-acquired pneumonia; ' +
  'admit for intravenous antibiotics.';

const SUMMARY_TEXT = [
  'DISCHARGE SUMMARY',
  '',
  'REASON FOR ADMISSION:',
  'Fever and productive cough with a right lower lobe infiltrate.',
  '',
  'HOSPITAL COURSE:',
  'Treated with intravenous ceftriaxone and azithromycin, then oral antibiotics; afebrile for 48 hours before discharge.',
  '',
  'DISCHARGE DIAGNOSES:',
  'Community-acquired pneumonia, right lower lobe.',
  '',
  'DISPOSITION:',
  'Discharged home in stable condition.',
  '',
  'FOLLOW-UP:',
  'Primary care clinic in one week with a repeat chest radiograph in six weeks.',
].join('\n');

const BUNDLE = dischargedStayBundle({
  key: 'rc-e2e',
  account: ACCOUNT,
  mrn: MRN,
  npi: NPI,
  attending: ['Marchetti-Obi', 'Solenne'],
  patient: ['Thornquist', 'Evander'],
  gender: 'male',
  birthDate: '1948-09-21',
  service: 'Medicine',
  admitAt,
  dischargeAt,
  hpAt,
  hpText: HP_TEXT,
});

interface AuditEvent {
  readonly action: string;
  readonly username: string | null;
  readonly outcome: string;
  readonly patientId: string | null;
  readonly recordId: string | null;
  readonly detail: Record<string, unknown> | null;
}

describe.skipIf(!chromiumPath)('record completion in the browser', () => {
  let env: E2eEnvironment;
  let himContext: BrowserContext;
  let physicianContext: BrowserContext;
  let him: Page;
  let physician: Page;
  let patientId = '';
  let encounterId = '';
  let summaryId = '';

  beforeAll(async () => {
    env = await startE2e();
    himContext = await env.browser.newContext();
    him = await himContext.newPage();
    await signInWithMfaEnrolment(him, env.server.url, 'hmanager', env.password);
    const linked = await importStayForDemoPhysician(env, him, BUNDLE, NPI);
    // No API records a care relationship either.
    const db = env.server.database.db;
    const patient = await db.selectFrom('patients').select('id').where('mrn', '=', MRN).executeTakeFirstOrThrow();
    const encounter = await db
      .selectFrom('encounters')
      .select('id')
      .where('account_number', '=', ACCOUNT)
      .executeTakeFirstOrThrow();
    patientId = patient.id;
    encounterId = encounter.id;
    await db
      .insertInto('care_relationships')
      .values({ patient_id: patient.id, user_id: linked.userId, relationship: 'attending' })
      .execute();

    const analyzed = await callApi(him, 'POST', '/api/v1/completion/analyze');
    expect(analyzed.status).toBe(200);
    expect((analyzed.body as { analyzed: number }).analyzed).toBeGreaterThanOrEqual(1);

    physicianContext = await env.browser.newContext();
    physician = await physicianContext.newPage();
    await signInWithMfaEnrolment(physician, env.server.url, 'drpatel', env.password);
  });
  afterAll(async () => {
    await himContext?.close();
    await physicianContext?.close();
    await env?.close();
  });

  const delinquencyRows = () => him.locator(`[data-testid="deficiency-row"][data-account="${ACCOUNT}"]`);

  it('shows the record in the analysis queue and the missing summary on the delinquency list', async () => {
    await him.getByTestId('nav-completion').click();
    await him.getByTestId('completion-title').waitFor({ timeout: 20_000 });
    const row = him.locator(`[data-testid="completion-queue-row"][data-account="${ACCOUNT}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain('Delinquent');
    expect(await row.textContent()).toContain('Solenne Marchetti-Obi, MD');

    await row.getByRole('button', { name: /^Open Evander Thornquist/u }).click();
    await him.getByTestId('record-completion-title').filter({ hasText: 'Thornquist' }).waitFor({ timeout: 20_000 });
    await him.getByTestId('record-status').filter({ hasText: 'Delinquent' }).waitFor({ timeout: 20_000 });
    const item = him.locator('[data-testid="completion-item"][data-rule="COMPLETION.DS.MISSING"]');
    expect(await item.textContent()).toContain('Owed, delinquent');
    const hp = him.locator('[data-testid="completion-item"][data-rule="COMPLETION.HP.MISSING"]');
    expect(await hp.textContent()).toContain('Met');
    await him.getByRole('button', { name: 'Mark reviewed' }).click();
    await him.getByRole('status').filter({ hasText: 'Marked reviewed' }).waitFor({ timeout: 20_000 });
    await him.getByRole('button', { name: 'Back to the list' }).click();

    await him.getByRole('tab', { name: 'Deficiencies' }).click();
    await him.getByRole('button', { name: 'Delinquency list' }).click();
    await him.getByRole('table', { name: 'Delinquency list' }).waitFor({ timeout: 20_000 });
    await delinquencyRows().first().waitFor({ timeout: 20_000 });
    expect(await delinquencyRows().count()).toBe(1);
    const text = (await delinquencyRows().first().textContent()) ?? '';
    expect(text).toContain('Discharge summary');
    expect(text).toContain('Missing');
    expect(text).toContain('Solenne Marchetti-Obi, MD');
    expect(text).toContain('Delinquent');
  });

  it('shows the delinquent record and its clinician in the completion report', async () => {
    await him.getByTestId('nav-completion-report').click();
    await him.getByTestId('completion-report-title').waitFor({ timeout: 20_000 });
    await expect
      .poll(async () => (await him.getByTestId('completion-delinquent-records').textContent()) ?? '', {
        timeout: 20_000,
      })
      .toBe('1');
    const clinician = him.getByTestId('completion-clinicians').getByRole('row', { name: /Solenne Marchetti-Obi/u });
    expect(await clinician.textContent()).toContain('Solenne Marchetti-Obi, MD');
    // Completion by service: the delinquent stay counts in its service's row.
    const services = him.getByTestId('completion-services');
    await expect.poll(async () => (await services.locator('tbody tr').count()) > 0, { timeout: 20_000 }).toBe(true);
    expect(await services.textContent()).toMatch(/Delinquent/u);
    await expect.poll(() => him.getByTestId('completion-trend-chart').locator('svg[role="img"]').count()).toBe(1);
    await expect.poll(() => him.getByTestId('completion-timeliness-chart').locator('svg[role="img"]').count()).toBe(1);
    await him.getByRole('table', { name: 'Completion rules' }).getByText('COMPLETION.DS.MISSING').waitFor();

    const csv = await him.evaluate(
      async (href) => (await fetch(href)).text(),
      (await him.getByTestId('completion-report-csv').getAttribute('href')) ?? '',
    );
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'practitioner_id,name,open,missing,incomplete,unauthenticated,other,due,overdue,delinquent,oldest_age_days',
    );
    // One open deficiency: missing, delinquent (the name is quoted: it holds a comma).
    expect(lines.find((l) => l.includes('Solenne Marchetti-Obi'))).toMatch(
      /,"Solenne Marchetti-Obi, MD",1,1,0,0,0,0,0,1,\d+$/u,
    );
  });

  it('lets the physician write and sign the discharge summary, which clears the deficiency', async () => {
    await physician.getByTestId('nav-my-deficiencies').click();
    await physician.getByTestId('my-deficiencies-title').waitFor({ timeout: 20_000 });
    const mine = physician.locator(`[data-testid="my-deficiency-row"][data-account="${ACCOUNT}"]`);
    await mine.first().waitFor({ timeout: 20_000 });
    expect(await mine.first().textContent()).toContain('Delinquent');
    expect(await mine.first().textContent()).toContain('Missing');

    // The form starts from a template whose sections still say "[to be completed]"; it is saved as it is first.
    await mine.getByRole('button', { name: /^Write Discharge summary/u }).click();
    const draft = physician.getByTestId('write-document').getByRole('textbox', { name: 'Document text' });
    expect(await draft.inputValue()).toContain('DISCHARGE DIAGNOSES:');
    await physician.getByRole('button', { name: 'Save document' }).click();

    const panel = physician.getByTestId('document-panel');
    const editor = panel.getByRole('textbox', { name: 'Document text' });
    await panel
      .getByTestId('document-status')
      .filter({ hasText: /^Not signed$/u })
      .waitFor({ timeout: 20_000 });
    expect(await editor.inputValue()).toContain('[to be completed]');
    const attestation = await panel.getByRole('textbox', { name: 'Attestation' }).inputValue();
    expect(attestation).toMatch(/attest that I have reviewed this discharge summary/u);
    const sign = panel.getByRole('button', { name: 'Sign', exact: true });
    expect(await sign.isDisabled()).toBe(true);
    const confirm = panel.getByRole('checkbox', { name: /I confirm the attestation/u });
    await confirm.check();

    // Signing the unfinished text is refused (422) and the reason is shown.
    await sign.click();
    await panel
      .getByRole('alert')
      .filter({ hasText: 'Complete the document before signing it' })
      .waitFor({ timeout: 20_000 });

    // The physician writes the summary in the editor and saves and signs in one step.
    await editor.fill(SUMMARY_TEXT);
    await panel.getByRole('button', { name: 'Save and sign' }).click();
    await panel
      .getByTestId('document-status')
      .filter({ hasText: /^Signed/u })
      .waitFor({ timeout: 20_000 });
    await panel.getByTestId('document-signature').filter({ hasText: 'attest' }).waitFor({ timeout: 20_000 });
    expect(await panel.getByTestId('document-text').textContent()).toBe(SUMMARY_TEXT);
    await expect.poll(() => mine.count(), { timeout: 20_000 }).toBe(0);

    const doc = await env.server.database.db
      .selectFrom('documents')
      .select(['id', 'authenticated_at', 'status', 'text'])
      .where('encounter_id', '=', encounterId)
      .where('loinc_code', '=', '18842-5')
      .executeTakeFirstOrThrow();
    expect(doc.authenticated_at).not.toBeNull();
    expect(doc.status).toBe('final');
    expect(doc.text).toBe(SUMMARY_TEXT);
    summaryId = doc.id;
  });

  it('takes the record off the delinquency list and shows it complete', async () => {
    await him.getByTestId('nav-completion').click();
    await him.getByRole('tab', { name: 'Deficiencies' }).click();
    await him.getByRole('button', { name: 'Delinquency list' }).click();
    await him.locator('[data-testid="deficiency-table"][aria-busy="false"]').waitFor({ timeout: 20_000 });
    await expect.poll(() => delinquencyRows().count(), { timeout: 20_000 }).toBe(0);

    const queueRow = him.locator(`[data-testid="completion-queue-row"][data-account="${ACCOUNT}"]`);
    const showView = async (label: RegExp, view: string) => {
      await him.getByTestId('completion-queue-views').getByText(label).click();
      await him
        .locator(`[data-testid="completion-queue-table"][data-view="${view}"][aria-busy="false"]`)
        .waitFor({ timeout: 20_000 });
    };
    await him.getByRole('tab', { name: 'Analysis queue' }).click();
    await showView(/^Delinquent/u, 'delinquent');
    expect(await queueRow.count()).toBe(0);

    await showView(/^Complete/u, 'complete');
    expect(await queueRow.count()).toBe(1);
    expect(await queueRow.textContent()).toContain('Complete');
  });

  it('reports no delinquent record once the summary is signed', async () => {
    await him.getByTestId('nav-completion-report').click();
    await him.getByTestId('completion-report-title').waitFor({ timeout: 20_000 });
    await expect
      .poll(async () => (await him.getByTestId('completion-delinquent-records').textContent()) ?? '', {
        timeout: 20_000,
      })
      .toBe('0');
  });

  it('adds a signed addendum, and says so when the addendum changed after it was opened', async () => {
    const panel = physician.getByTestId('document-panel');
    await panel.getByRole('textbox', { name: 'Addendum' }).fill('Addendum: the repeat chest radiograph is booked.');
    await panel.getByRole('button', { name: 'Add addendum' }).click();
    await panel.getByRole('heading', { name: 'Addendum: Discharge summary' }).waitFor({ timeout: 20_000 });
    await panel
      .getByTestId('document-status')
      .filter({ hasText: /^Not signed$/u })
      .waitFor({ timeout: 20_000 });

    // The same physician changes the addendum elsewhere (another window) while this one still shows the first text.
    const addendum = await env.server.database.db
      .selectFrom('documents')
      .select('id')
      .where('amends_document_id', '=', summaryId)
      .executeTakeFirstOrThrow();
    const read = await callApi(physician, 'GET', `/api/v1/documents/${addendum.id}/signatures`);
    const hash = (read.body as { document: { versionHash: string } }).document.versionHash;
    const changed = 'Addendum: the repeat chest radiograph is booked for the sixth week after discharge.';
    const put = await callApi(physician, 'PUT', `/api/v1/documents/${addendum.id}/text`, {
      text: changed,
      expectedVersionHash: hash,
    });
    expect(put.status).toBe(200);

    await panel.getByRole('checkbox', { name: /I confirm the attestation/u }).check();
    await panel.getByRole('button', { name: 'Sign', exact: true }).click();
    await panel
      .getByRole('alert')
      .filter({ hasText: 'The document changed since you opened it' })
      .waitFor({ timeout: 20_000 });
    const editor = panel.getByRole('textbox', { name: 'Document text' });
    await expect.poll(() => editor.inputValue(), { timeout: 20_000 }).toBe(changed);

    await panel.getByRole('checkbox', { name: /I confirm the attestation/u }).check();
    await panel.getByRole('button', { name: 'Sign', exact: true }).click();
    await panel
      .getByTestId('document-status')
      .filter({ hasText: /^Signed/u })
      .waitFor({ timeout: 20_000 });
  });

  it('shows every step in the audit trail', async () => {
    const answer = await callApi(him, 'GET', '/api/v1/audit/events?limit=500');
    expect(answer.status).toBe(200);
    const events = (answer.body as { events: AuditEvent[] }).events.filter((e) => e.outcome === 'success');
    const did = (username: string, action: string, test: (e: AuditEvent) => boolean = () => true) =>
      events.some((e) => e.username === username && e.action === action && test(e));
    const aboutPatient = (e: AuditEvent) => e.patientId === patientId;
    const listsPatient = (e: AuditEvent) =>
      Array.isArray(e.detail?.['patientIds']) && (e.detail['patientIds'] as unknown[]).includes(patientId);

    expect(did('hmanager', 'completion.analyze')).toBe(true);
    expect(did('hmanager', 'completion.queue.read', listsPatient)).toBe(true);
    expect(did('hmanager', 'completion.encounter.read', (e) => aboutPatient(e) && e.recordId === encounterId)).toBe(
      true,
    );
    expect(did('hmanager', 'completion.record.review', aboutPatient)).toBe(true);
    expect(did('hmanager', 'completion.deficiency.list', listsPatient)).toBe(true);
    expect(did('drpatel', 'completion.deficiency.mine', listsPatient)).toBe(true);
    expect(did('drpatel', 'document.create', aboutPatient)).toBe(true);
    expect(did('drpatel', 'document.signatures.read', (e) => e.recordId === summaryId)).toBe(true);
    expect(did('drpatel', 'document.sign', (e) => aboutPatient(e) && e.recordId === summaryId)).toBe(true);
    expect(did('drpatel', 'document.addendum.create', aboutPatient)).toBe(true);
    // The refused signatures (unfinished text, then a stale version) are kept in the trail too.
    const refusedSigns = (answer.body as { events: AuditEvent[] }).events.filter(
      (e) => e.username === 'drpatel' && e.action === 'document.sign' && e.outcome === 'failure',
    );
    expect(refusedSigns.length).toBe(2);

    // The audit page shows the same steps for the patient.
    await him.getByTestId('nav-audit').click();
    await him.getByLabel('Patient').fill(patientId);
    await him.getByTestId('audit-filter-submit').click();
    for (const action of ['document.sign', 'document.create', 'completion.encounter.read']) {
      await him.getByTestId('audit-row').filter({ hasText: action }).first().waitFor({ timeout: 20_000 });
    }
  });
  it('lets a technician add a deficiency by hand and waive it with a reason', async () => {
    await him.getByTestId('nav-completion').click();
    await him.getByRole('tab', { name: 'Analysis queue' }).click();
    await him.getByTestId('completion-queue-views').getByText(/^All/u).click();
    const row = him.locator(`[data-testid="completion-queue-row"][data-account="${ACCOUNT}"]`);
    await row.waitFor({ timeout: 20_000 });
    await row.getByRole('button', { name: /^Open Evander Thornquist/u }).click();
    await him.getByTestId('record-status').waitFor({ timeout: 20_000 });

    await him.getByRole('button', { name: 'Add deficiency' }).click();
    const dialog = him.getByRole('dialog', { name: 'Add a deficiency' });
    await dialog.getByRole('textbox', { name: 'What is owed' }).fill('Signed consent for the central line');
    await dialog.getByLabel('Due').fill(new Date(now + 7 * DAY).toISOString().slice(0, 10));
    // Without a reason the form says so next to the field and sends nothing.
    await dialog.getByRole('button', { name: 'Add deficiency' }).click();
    await dialog.getByText('Give a reason').waitFor({ timeout: 20_000 });
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Found on review of the nursing notes');
    await dialog.getByRole('button', { name: 'Add deficiency' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 20_000 });

    const added = him.locator('[data-testid="record-deficiency"]').filter({ hasText: 'Signed consent' });
    await added.waitFor({ timeout: 20_000 });
    expect(await added.getAttribute('data-status')).toBe('open');
    await added.getByRole('button', { name: /^Waive/u }).click();
    const waive = him.getByRole('dialog', { name: 'Waive the deficiency' });
    await waive.getByRole('textbox', { name: 'Reason' }).fill('Consent is on the paper chart, scanned later');
    await waive.getByRole('button', { name: 'Waive' }).click();
    await waive.waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(() => added.getAttribute('data-status'), { timeout: 20_000 }).toBe('waived');
  });
});
