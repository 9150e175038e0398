import { testDatabases } from '@charta/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpAt } from './auth/totp.js';
import { createTestServer, TEST_PASSWORD, type TestClient, type TestServer } from './test-support.js';

async function passwordStep(
  s: TestServer,
  username: string,
  password = TEST_PASSWORD,
): Promise<{ client: TestClient; status: number; stage?: string; body: string }> {
  const client = s.client();
  await client.get('/api/v1/session');
  const res = await client.post('/api/v1/auth/login', { username, password });
  return {
    client,
    status: res.status,
    body: res.text,
    ...(res.status === 200 ? { stage: res.json<{ stage: string }>().stage } : {}),
  };
}

describe.each(testDatabases())('sign-in, MFA and sessions on $name', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await createTestServer(kind);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('reaches no PHI with a password alone: MFA enrolment is required by default', async () => {
    const { client, stage } = await passwordStep(s, 'coder');
    expect(stage).toBe('mfa_enrol');
    expect((await client.get('/api/v1/patients?q=Alvarez')).status).toBe(401);
    expect((await client.get('/api/v1/audit/events')).status).toBe(401);
    const session = (await client.get('/api/v1/session')).json<{ stage: string; permissions: string[] }>();
    expect(session.stage).toBe('mfa_enrol');
    expect(session.permissions).toEqual([]);
  });

  it('enrols TOTP by QR code, issues recovery codes and rotates the session token', async () => {
    const { client } = await passwordStep(s, 'registrar');
    const before = client.cookies.get('charta_session');
    const start = (await client.post('/api/v1/auth/mfa/enrol/start')).json<{
      secret: string;
      otpauthUri: string;
      qrSvg: string;
    }>();
    expect(start.otpauthUri).toMatch(/^otpauth:\/\/totp\/Charta%3Aregistrar\?secret=/u);
    expect(start.qrSvg).toContain('<svg');
    const wrong = await client.post('/api/v1/auth/mfa/enrol/confirm', {
      code: '000000' === totpAt(start.secret, s.clock.now()) ? '111111' : '000000',
    });
    expect(wrong.status).toBe(401);
    const ok = await client.post('/api/v1/auth/mfa/enrol/confirm', { code: totpAt(start.secret, s.clock.now()) });
    expect(ok.status).toBe(200);
    const body = ok.json<{ recoveryCodes: string[]; stage: string }>();
    expect(body.stage).toBe('active');
    expect(body.recoveryCodes).toHaveLength(10);
    expect(client.cookies.get('charta_session')).not.toBe(before);
    expect((await client.get('/api/v1/patients?q=Alvarez')).status).toBe(200);
    // The seed is stored encrypted, never in the clear.
    const row = await s.handle.db
      .selectFrom('users')
      .select('totp_secret_enc')
      .where('username', '=', 'registrar')
      .executeTakeFirstOrThrow();
    expect(row.totp_secret_enc).not.toContain(start.secret);
    expect(row.totp_secret_enc).toMatch(/^v1\./u);
  });

  it('refuses a replayed TOTP code, and a code older than one step', async () => {
    await s.signIn('auditor');
    s.clock.advance(60_000);
    const code = await s.totp(s.users.auditor.id);
    const first = await passwordStep(s, 'auditor');
    expect(first.stage).toBe('mfa_challenge');
    expect((await first.client.post('/api/v1/auth/mfa/verify', { code })).status).toBe(200);
    const second = await passwordStep(s, 'auditor');
    expect((await second.client.post('/api/v1/auth/mfa/verify', { code })).status).toBe(401);
    const third = await passwordStep(s, 'auditor');
    const old = await s.totp(s.users.auditor.id, new Date(s.clock.now().getTime() - 60_000));
    expect((await third.client.post('/api/v1/auth/mfa/verify', { code: old })).status).toBe(401);
  });

  it('accepts one of 100 parallel submissions of the same code', async () => {
    await s.signIn('cdi_specialist');
    s.clock.advance(90_000);
    const pending = await Promise.all(Array.from({ length: 100 }, () => passwordStep(s, 'cdi')));
    const code = await s.totp(s.users.cdi_specialist.id);
    const results = await Promise.all(pending.map((p) => p.client.post('/api/v1/auth/mfa/verify', { code })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    await s.handle.db
      .updateTable('users')
      .set({ failed_totp_count: 0, locked_until: null })
      .where('id', '=', s.users.cdi_specialist.id)
      .execute();
  });

  it('accepts a recovery code once', async () => {
    const { client } = await passwordStep(s, 'hmanager');
    const start = (await client.post('/api/v1/auth/mfa/enrol/start')).json<{ secret: string }>();
    const codes = (
      await client.post('/api/v1/auth/mfa/enrol/confirm', { code: totpAt(start.secret, s.clock.now()) })
    ).json<{ recoveryCodes: string[] }>().recoveryCodes;
    const a = await passwordStep(s, 'hmanager');
    expect((await a.client.post('/api/v1/auth/mfa/verify', { recoveryCode: codes[0] })).status).toBe(200);
    const b = await passwordStep(s, 'hmanager');
    expect((await b.client.post('/api/v1/auth/mfa/verify', { recoveryCode: codes[0] })).status).toBe(401);
  });

  it('locks MFA after 10 wrong codes', async () => {
    await s.signIn('roi_specialist');
    s.clock.advance(30_000);
    const { client } = await passwordStep(s, 'roi');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await client.post('/api/v1/auth/mfa/verify', { code: '123456' })).status);
    expect(statuses.slice(0, 9).every((st) => st === 401)).toBe(true);
    expect(statuses[9]).toBe(429);
    // Locked: even the right code and the right password are refused for now.
    const again = await passwordStep(s, 'roi');
    expect(again.status).toBe(429);
    s.clock.advance(16 * 60_000);
    expect((await passwordStep(s, 'roi')).status).toBe(200);
  });

  it('throttles repeated password failures identically for known and unknown users', async () => {
    const known: { status: number; body: string }[] = [];
    const unknown: { status: number; body: string }[] = [];
    for (let i = 0; i < 6; i++) {
      known.push(await passwordStep(s, 'analyst', 'not-the-password-' + i));
      unknown.push(await passwordStep(s, 'nobody-such', 'not-the-password-' + i));
    }
    const strip = (r: { status: number; body: string }) => ({
      status: r.status,
      body: r.body.replace(/"traceId":"[^"]+"/u, '').replace(/"instance":"[^"]*"/u, ''),
    });
    expect(known.map(strip)).toEqual(unknown.map(strip));
    expect(known.slice(0, 5).every((r) => r.status === 401)).toBe(true);
    expect(known[5]?.status).toBe(429);
    // The right password is refused while the name is blocked, and accepted after the block.
    expect((await passwordStep(s, 'analyst')).status).toBe(429);
    s.clock.advance(16 * 60_000);
    expect((await passwordStep(s, 'analyst')).status).toBe(200);
  });

  it('locks an account after 100 consecutive failures until an administrator unlocks it', async () => {
    // 99 failures are already on record (each fifth one blocked the name for 15 minutes; that has passed).
    await s.handle.db
      .insertInto('login_throttle')
      .values({ key: 'user:drpatel', failures: 99, window_started_at: s.clock.now(), blocked_until: null })
      .onConflict((oc) => oc.column('key').doUpdateSet({ failures: 99, blocked_until: null }))
      .execute();
    expect((await passwordStep(s, 'drpatel', 'wrong-password-100')).status).toBe(401);
    const row = await s.handle.db
      .selectFrom('users')
      .select('locked_until')
      .where('username', '=', 'drpatel')
      .executeTakeFirstOrThrow();
    expect(new Date(row.locked_until as Date).getUTCFullYear()).toBe(9999);
    s.clock.advance(60 * 60_000);
    expect((await passwordStep(s, 'drpatel')).status).toBe(429);
    const admin = await s.signIn('administrator');
    expect((await admin.patch(`/api/v1/users/${s.users.physician.id}`, { unlock: true })).status).toBe(200);
    expect((await passwordStep(s, 'drpatel')).status).toBe(200);
  });

  it('expires an idle session at 15 minutes, on the server clock', async () => {
    const c = await s.signIn('coder');
    expect((await c.get('/api/v1/patients?q=Alvarez')).status).toBe(200);
    s.clock.advance(15 * 60_000 - 1000);
    expect((await c.get('/api/v1/patients?q=Alvarez')).status).toBe(200);
    s.clock.advance(15 * 60_000 - 1000);
    // Polling the session endpoint is not activity.
    expect((await c.get('/api/v1/session')).json<{ authenticated: boolean }>().authenticated).toBe(true);
    s.clock.advance(2000);
    expect((await c.get('/api/v1/session')).json<{ authenticated: boolean }>().authenticated).toBe(false);
    const res = await c.get('/api/v1/patients?q=Alvarez');
    expect(res.status).toBe(401);
    const expired = await s.handle.db
      .selectFrom('audit_events')
      .select('reason')
      .where('action', '=', 'auth.session.expired')
      .execute();
    expect(expired.some((e) => e.reason?.includes('idle'))).toBe(true);
  });

  it('ends a session at its absolute lifetime even under constant activity', async () => {
    const c = await s.signIn('coder');
    const started = s.clock.now().getTime();
    while (s.clock.now().getTime() - started < 12 * 3_600_000 - 10 * 60_000) {
      s.clock.advance(10 * 60_000);
      expect((await c.post('/api/v1/auth/keepalive')).status).toBe(200);
    }
    s.clock.set(new Date(started + 12 * 3_600_000 - 1000));
    expect((await c.get('/api/v1/patients?q=Alvarez')).status).toBe(200);
    s.clock.set(new Date(started + 12 * 3_600_000 + 1000));
    expect((await c.get('/api/v1/patients?q=Alvarez')).status).toBe(401);
  });

  it('signs out everywhere', async () => {
    const a = await s.signIn('coder');
    s.clock.advance(30_000);
    const b = await s.signIn('coder');
    expect((await a.post('/api/v1/auth/logout-all')).status).toBe(204);
    expect((await b.get('/api/v1/patients?q=Alvarez')).status).toBe(401);
  });

  it('kills sessions at once when a user is deactivated or re-roled', async () => {
    s.clock.advance(30_000);
    const coder = await s.signIn('coder');
    const admin = await s.signIn('administrator');
    expect((await admin.patch(`/api/v1/users/${s.users.coder.id}`, { role: 'registrar' })).status).toBe(200);
    expect((await coder.get('/api/v1/patients?q=Alvarez')).status).toBe(401);
    await admin.patch(`/api/v1/users/${s.users.coder.id}`, { role: 'coder' });
    const changes = await s.handle.db
      .selectFrom('audit_events')
      .select('detail')
      .where('action', '=', 'user.update')
      .execute();
    const roleChanges = changes
      .map((c) => (c.detail as { changes?: { role?: unknown } } | null)?.changes?.role)
      .filter(Boolean);
    expect(roleChanges).toContainEqual({ from: 'coder', to: 'registrar' });
  });

  it('refuses a state-changing request without the CSRF token, or with another session’s', async () => {
    s.clock.advance(30_000);
    const c = await s.signIn('administrator');
    const noHeader = await c.request(
      'POST',
      '/api/v1/users',
      { username: 'csrfvictim', displayName: 'X', role: 'coder', password: 'a-long-enough-passphrase-42' },
      { 'x-csrf-token': '' },
    );
    expect(noHeader.status).toBe(403);
    expect(noHeader.json<{ type: string }>().type).toMatch(/csrf$/u);
    const other = s.client();
    await other.get('/api/v1/session');
    const foreign = other.cookies.get('charta_csrf') ?? '';
    c.cookies.set('charta_csrf', foreign);
    const mismatch = await c.request(
      'POST',
      '/api/v1/users',
      { username: 'csrfvictim', displayName: 'X', role: 'coder', password: 'a-long-enough-passphrase-42' },
      { 'x-csrf-token': foreign },
    );
    expect(mismatch.status).toBe(403);
    const crossSite = await c.request('POST', '/api/v1/auth/logout', undefined, {
      origin: 'https://evil.example',
      host: 'localhost',
    });
    expect(crossSite.status).toBe(403);
    expect(
      await s.handle.db.selectFrom('users').select('id').where('username', '=', 'csrfvictim').executeTakeFirst(),
    ).toBeUndefined();
  });

  it('sets the session cookie HttpOnly and SameSite=Strict, and sends the security headers', async () => {
    const c = s.client();
    await c.get('/api/v1/session');
    const raw = await s.app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: `charta_csrf=${c.cookies.get('charta_csrf')}`,
        'x-csrf-token': c.cookies.get('charta_csrf') ?? '',
      },
      body: JSON.stringify({ username: 'admin', password: TEST_PASSWORD }),
    });
    const cookie = raw.headers.getSetCookie().find((h) => h.startsWith('charta_session='));
    expect(cookie).toMatch(/HttpOnly/u);
    expect(cookie).toMatch(/SameSite=Strict/u);
    expect(raw.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(raw.headers.get('x-content-type-options')).toBe('nosniff');
    expect(raw.headers.get('referrer-policy')).toBe('no-referrer');
    expect(raw.headers.get('cache-control')).toBe('no-store');
  });

  it('keeps PHI and secrets out of the logs of requests that carry them', async () => {
    s.logLines.length = 0;
    const c = await s.signIn('coder');
    await c.get('/api/v1/patients?q=Alvarez');
    await c.get('/api/v1/patients?q=1958-03-14');
    await passwordStep(s, 'admin', 'Sup3r-Secret-Canary-Password');
    const admin = await s.signIn('administrator');
    await admin.post('/api/v1/users', {
      username: 'canaryuser',
      displayName: 'Canary Zebediah Quill',
      role: 'coder',
      password: 'canary-passphrase-000-11',
      email: 'canary.quill@example.org',
    });
    const log = s.logLines.join('\n');
    for (const canary of [
      'Alvarez',
      '1958-03-14',
      'Sup3r-Secret-Canary-Password',
      'Zebediah',
      'canary-passphrase',
      'canary.quill@example.org',
      TEST_PASSWORD,
    ]) {
      expect(log).not.toContain(canary);
    }
    for (const token of [...c.cookies.values(), ...admin.cookies.values()]) expect(log).not.toContain(token);
    expect(log).toContain('"route":"/api/v1/patients"');
  });
});
