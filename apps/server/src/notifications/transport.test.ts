import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { composeDigest } from './messages.js';
import { describeDeliveryError, logTransport, recipientHash } from './transport.js';

const SMTP_URL = 'smtp://mailer:s3cret-pass@mail.example.org:587';

describe('notification settings from the environment', () => {
  const load = (env: Record<string, string>) => loadConfig(env, '/nonexistent-root');

  it('defaults to the log transport and hourly runs', () => {
    expect(load({}).notify).toMatchObject({ transport: 'log', intervalMinutes: 60, maxAttempts: 8 });
  });

  it('reads the smtp settings', () => {
    const notify = load({
      CHARTA_NOTIFY_TRANSPORT: 'smtp',
      CHARTA_SMTP_URL: SMTP_URL,
      CHARTA_SMTP_FROM: 'him@example.org',
      CHARTA_NOTIFY_INTERVAL_MINUTES: '0',
    }).notify;
    expect(notify).toMatchObject({ transport: 'smtp', smtpUrl: SMTP_URL, from: 'him@example.org', intervalMinutes: 0 });
  });

  it.each([
    [{ CHARTA_NOTIFY_TRANSPORT: 'pigeon' }, 'CHARTA_NOTIFY_TRANSPORT'],
    [{ CHARTA_NOTIFY_TRANSPORT: 'smtp', CHARTA_SMTP_FROM: 'him@example.org' }, 'CHARTA_SMTP_URL is required'],
    [{ CHARTA_NOTIFY_TRANSPORT: 'smtp', CHARTA_SMTP_URL: SMTP_URL }, 'CHARTA_SMTP_FROM is required'],
    [{ CHARTA_SMTP_URL: 'http://user:s3cret-pass@mail.example.org' }, 'CHARTA_SMTP_URL must be'],
    [{ CHARTA_NOTIFY_INTERVAL_MINUTES: '-5' }, 'CHARTA_NOTIFY_INTERVAL_MINUTES must be at least 0'],
    [{ CHARTA_NOTIFY_MAX_ATTEMPTS: 'many' }, 'CHARTA_NOTIFY_MAX_ATTEMPTS must be a whole number'],
  ])('refuses %j, naming the setting and never quoting the URL', (env, message) => {
    let error: unknown;
    try {
      load(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('s3cret-pass');
  });
});

describe('delivery errors and the log transport', () => {
  it('describes a server refusal without the address or the credentials', () => {
    const error = Object.assign(new Error('Message failed: 554 <dr.who@example.org> refused for mailer s3cret-pass'), {
      code: 'EMESSAGE',
      responseCode: 554,
    });
    const text = describeDeliveryError(error, SMTP_URL);
    expect(text).toMatch(/^EMESSAGE: 554: Message failed: 554/u);
    expect(text).not.toContain('dr.who@example.org');
    expect(text).not.toContain('s3cret-pass');
  });

  it('logs one line with the step, the count and a hash of the address, and nothing of the message', async () => {
    const lines: string[] = [];
    const transport = logTransport(createLogger('info', (l) => lines.push(l)));
    const digest = composeDigest({
      step: 'reminder',
      recipient: { kind: 'clinician', practitionerId: 'p1' },
      repeat: false,
      items: [{ kind: 'missing', practitionerId: 'p1', dueAt: null, delinquentAt: null, accountNumber: 'ACC-77' }],
      suspensionAt: null,
      now: new Date('2026-02-01T00:00:00Z'),
      clinicianNames: new Map(),
    });
    await transport.send({
      to: 'dr.who@example.org',
      subject: digest.subject,
      text: digest.inApp,
      step: 'reminder',
      count: 1,
      userId: null,
    });
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(line).toMatchObject({ event: 'notification.reminder', count: 1 });
    expect(lines[0]).toContain(recipientHash('dr.who@example.org'));
    for (const leak of ['dr.who', 'ACC-77', 'Reminder']) expect(lines[0]).not.toContain(leak);
  });
});
