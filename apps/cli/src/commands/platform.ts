import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { migrateToLatest } from '@charta/db';
import { ALL_ROLES, isRole } from '@charta/core';
import {
  appendAudit,
  checkpointFile,
  hashPassword,
  newUserRow,
  passwordProblem,
  queryAudit,
  readCheckpoint,
  toAuditView,
  toFhirAuditEvent,
  usernameKey,
  verifyAuditChain,
} from '@charta/server';
import type { Command } from 'commander';
import { CliError, ExitCode } from '../errors.js';
import { openCliDatabase, output, withDatabase } from '../context.js';

const OPERATOR = 'cli';

function isoDate(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(value) || Number.isNaN(Date.parse(value)))
    throw new CliError(`${flag} must be a date as YYYY-MM-DD (got "${value}")`);
  return value;
}

export function registerPlatformCommands(program: Command): void {
  program
    .command('migrate')
    .description('Bring the database schema to the newest version')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const db = await openCliDatabase();
      try {
        const report = await migrateToLatest(db.handle.db as never);
        output(Boolean(opts.json), { ...report, database: db.via }, () =>
          report.applied.length === 0
            ? `Schema is up to date (${report.alreadyApplied} migrations applied).`
            : `Applied: ${report.applied.join(', ')}`,
        );
      } finally {
        await db.close();
      }
    });

  const users = program.command('users').description('Manage users');

  users
    .command('create')
    .description('Create a user')
    .requiredOption('--username <name>', 'login name')
    .requiredOption('--role <role>', `one of: ${ALL_ROLES.join(', ')}`)
    .option('--name <display>', 'display name')
    .option('--email <email>', 'e-mail address')
    .option('--password-stdin', 'read the password from standard input (otherwise CHARTA_NEW_PASSWORD)')
    .option('--emergency-access', 'designate the user for emergency access')
    .option('--json', 'machine-readable output')
    .action(
      async (opts: {
        username: string;
        role: string;
        name?: string;
        email?: string;
        passwordStdin?: boolean;
        emergencyAccess?: boolean;
        json?: boolean;
      }) => {
        if (!isRole(opts.role))
          throw new CliError(`--role must be one of: ${ALL_ROLES.join(', ')} (got "${opts.role}")`);
        if (!/^[\p{L}\p{N}._-]{3,64}$/u.test(opts.username))
          throw new CliError('--username: 3 to 64 letters, digits, dot, underscore or hyphen');
        const password = opts.passwordStdin ? await readStdin() : process.env['CHARTA_NEW_PASSWORD'];
        if (!password)
          throw new CliError('Give the password on standard input with --password-stdin, or in CHARTA_NEW_PASSWORD');
        const problem = passwordProblem(password, opts.username);
        if (problem) throw new CliError(`Password refused: ${problem}`);
        const role = opts.role;
        await withDatabase(async ({ handle, secrets }) => {
          const org = await handle.db
            .selectFrom('organizations')
            .select('id')
            .orderBy('created_at')
            .limit(1)
            .executeTakeFirst();
          if (!org)
            throw new CliError(
              'No organisation exists yet: start the server once, or run with the demo enabled',
              ExitCode.unexpected,
            );
          const key = usernameKey(opts.username);
          const hashed = await hashPassword(password);
          const id = randomUUID();
          const now = new Date();
          await handle.db.transaction().execute(async (tx) => {
            if (await tx.selectFrom('users').select('id').where('username_key', '=', key).executeTakeFirst()) {
              throw new CliError(`The username "${opts.username}" is taken`);
            }
            await tx
              .insertInto('users')
              .values(
                newUserRow({
                  id,
                  orgId: org.id,
                  username: opts.username,
                  displayName: opts.name ?? opts.username,
                  email: opts.email,
                  role,
                  passwordHash: hashed,
                  emergencyAccessDesignated: Boolean(opts.emergencyAccess),
                  now,
                }),
              )
              .execute();
            await appendAudit(tx, secrets.auditKey, {
              action: 'user.create',
              outcome: 'success',
              occurredAt: now,
              username: OPERATOR,
              recordType: 'user',
              recordId: id,
              detail: { username: opts.username, role, source: 'command line' },
            });
          });
          output(
            Boolean(opts.json),
            { id, username: opts.username, role },
            () => `Created ${opts.username} (${role}); MFA enrolment happens at first sign-in.`,
          );
        });
      },
    );

  users
    .command('list')
    .description('List users')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      await withDatabase(async ({ handle }) => {
        const rows = await handle.db
          .selectFrom('users')
          .select(['id', 'username', 'display_name', 'role', 'active', 'mfa_enrolled', 'locked_until', 'last_login_at'])
          .orderBy('username')
          .execute();
        const list = rows.map((r) => ({
          id: r.id,
          username: r.username,
          displayName: r.display_name,
          role: r.role,
          active: r.active,
          mfaEnrolled: r.mfa_enrolled,
          lockedUntil: r.locked_until ? new Date(r.locked_until).toISOString() : null,
          lastLoginAt: r.last_login_at ? new Date(r.last_login_at).toISOString() : null,
        }));
        output(Boolean(opts.json), { users: list }, () =>
          list
            .map(
              (u) =>
                `${u.username.padEnd(16)} ${u.role.padEnd(22)} ${u.active ? 'active  ' : 'inactive'} ${u.mfaEnrolled ? 'mfa' : 'no-mfa'}`,
            )
            .join('\n'),
        );
      });
    });

  users
    .command('deactivate <username>')
    .description('Deactivate a user and end their sessions')
    .option('--json', 'machine-readable output')
    .action(async (username: string, opts: { json?: boolean }) => {
      await withDatabase(async ({ handle, secrets }) => {
        const now = new Date();
        const result = await handle.db.transaction().execute(async (tx) => {
          const user = await tx
            .selectFrom('users')
            .select(['id', 'username', 'active', 'role'])
            .where('username_key', '=', usernameKey(username))
            .executeTakeFirst();
          if (!user) throw new CliError(`No user named "${username}"`);
          if (!user.active) return { id: user.id, changed: false };
          await tx.updateTable('users').set({ active: false, updated_at: now }).where('id', '=', user.id).execute();
          await tx
            .updateTable('sessions')
            .set({ revoked_at: now })
            .where('user_id', '=', user.id)
            .where('revoked_at', 'is', null)
            .execute();
          await appendAudit(tx, secrets.auditKey, {
            action: 'user.update',
            outcome: 'success',
            occurredAt: now,
            username: OPERATOR,
            recordType: 'user',
            recordId: user.id,
            detail: { username: user.username, changes: { active: { from: true, to: false } }, source: 'command line' },
          });
          return { id: user.id, changed: true };
        });
        output(Boolean(opts.json), { username, ...result }, () =>
          result.changed ? `Deactivated ${username}; their sessions are ended.` : `${username} was already inactive.`,
        );
      });
    });

  const auditCmd = program.command('audit').description('The audit trail');

  auditCmd
    .command('verify')
    .description('Check the hash chain; exit 0 when intact, 3 naming the first bad event otherwise')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const result = await withDatabase(async ({ handle, secrets, config }) =>
        verifyAuditChain(handle.db, secrets.auditKey, readCheckpoint(checkpointFile(config.dataDir))),
      );
      output(Boolean(opts.json), result, () =>
        result.ok
          ? `Audit chain intact: ${result.checked} events verified.`
          : `Audit chain BROKEN at event ${result.firstBad?.seq}${result.firstBad?.id ? ` (${result.firstBad.id})` : ''}: ${result.firstBad?.problem}. ${result.checked} events before it are intact.`,
      );
      if (!result.ok) process.exitCode = ExitCode.violations;
    });

  auditCmd
    .command('export')
    .description('Export audit events as FHIR R4 AuditEvent NDJSON')
    .option('--out <file>', 'write to a file instead of standard output')
    .option('--user <user>', 'username or user id')
    .option('--patient <id>', 'patient id')
    .option('--action <action>', 'action, or a prefix such as auth')
    .option('--from <date>', 'first day, YYYY-MM-DD')
    .option('--to <date>', 'last day, YYYY-MM-DD')
    .option('--json', 'print a JSON summary (to standard error when the events go to standard output)')
    .action(
      async (opts: {
        out?: string;
        user?: string;
        patient?: string;
        action?: string;
        from?: string;
        to?: string;
        json?: boolean;
      }) => {
        const from = isoDate(opts.from, '--from');
        const to = isoDate(opts.to, '--to');
        const count = await withDatabase(async ({ handle, secrets }) => {
          const filters = { user: opts.user, patient: opts.patient, action: opts.action, from, to };
          await appendAudit(handle.db, secrets.auditKey, {
            action: 'audit.export',
            outcome: 'success',
            occurredAt: new Date(),
            username: OPERATOR,
            detail: {
              filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)),
              format: 'fhir-ndjson',
              source: 'command line',
            },
          });
          const sink: NodeJS.WritableStream = opts.out ? createWriteStream(opts.out) : process.stdout;
          let n = 0;
          let before: number | undefined;
          for (;;) {
            const page = await queryAudit(handle.db, {
              limit: 500,
              ...(opts.user ? { user: opts.user } : {}),
              ...(opts.patient ? { patient: opts.patient } : {}),
              ...(opts.action ? { action: opts.action } : {}),
              ...(from ? { from } : {}),
              ...(to ? { to } : {}),
              ...(before ? { before } : {}),
            });
            for (const row of page.rows) {
              if (!sink.write(JSON.stringify(toFhirAuditEvent(toAuditView(row))) + '\n'))
                await new Promise<void>((r) => sink.once('drain', () => r()));
              n++;
            }
            if (page.nextBefore === null) break;
            before = page.nextBefore;
          }
          if (opts.out) {
            await new Promise<void>((resolve, reject) => {
              sink.once('error', reject);
              sink.end(() => resolve());
            });
          }
          return n;
        });
        const summary = { exported: count, ...(opts.out ? { file: opts.out } : {}) };
        if (opts.json) (opts.out ? process.stdout : process.stderr).write(JSON.stringify(summary) + '\n');
        else process.stderr.write(`Exported ${count} audit events${opts.out ? ` to ${opts.out}` : ''}.\n`);
      },
    );
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/u, '');
}
