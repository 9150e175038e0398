import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { TestServer } from '../test-support.js';

/** Synthetic names and numbers the tests look for in logs and messages (none may appear there). */
export const PATIENT = { family: 'Quillfeather', given: 'Ondine', mrn: 'NTF-MRN-4471' } as const;
export const CLINICIAN_EMAIL = 'vantongeren.notify@example.org';

const DAY = 86_400_000;

/**
 * One inpatient stay of a synthetic patient, attended by the demo physician's practitioner record, with a signed
 * history and physical and no discharge summary: exactly one deficiency, due 14 days after discharge and delinquent
 * 30 days after it (the default rule set).
 */
export async function stayWithoutSummary(
  s: TestServer,
  options: { facility: string; account: string; dischargeAt: string; specialty?: string },
): Promise<{ encounterId: string; patientId: string; practitionerId: string }> {
  const db = s.handle.db;
  const patientId = randomUUID();
  await db
    .insertInto('patients')
    .values({
      id: patientId,
      org_id: s.orgId,
      mrn: `${PATIENT.mrn}-${options.account}`,
      family_name: PATIENT.family,
      given_name: PATIENT.given,
      birth_date: '1958-04-04',
      sex: 'F',
      address: null,
      phone: null,
      labels: [],
      updated_at: new Date(),
    })
    .execute();
  let practitioner = await db
    .selectFrom('practitioners')
    .select('id')
    .where('source_key', '=', 'test:notify:dr')
    .executeTakeFirst();
  if (!practitioner) {
    practitioner = { id: randomUUID() };
    await db
      .insertInto('practitioners')
      .values({
        id: practitioner.id,
        org_id: s.orgId,
        family_name: 'Vantongeren',
        given_name: 'Priya',
        credentials: 'MD',
        npi: null,
        specialty: options.specialty ?? 'Cardiology',
        user_id: s.users.physician.id,
        source_key: 'test:notify:dr',
      })
      .execute();
    await db.updateTable('users').set({ email: CLINICIAN_EMAIL }).where('id', '=', s.users.physician.id).execute();
  }
  const discharge = new Date(options.dischargeAt);
  const admit = new Date(discharge.getTime() - 3 * DAY);
  const encounterId = randomUUID();
  await db
    .insertInto('encounters')
    .values({
      id: encounterId,
      org_id: s.orgId,
      patient_id: patientId,
      facility: options.facility,
      account_number: options.account,
      type: 'inpatient',
      status: 'discharged',
      admit_at: admit,
      discharge_at: discharge,
      discharge_disposition: '01',
      attending_id: practitioner.id,
      source_key: `test:notify:${encounterId}`,
      updated_at: new Date(),
    })
    .execute();
  const signed = new Date(admit.getTime() + 3 * 3_600_000);
  await db
    .insertInto('documents')
    .values({
      id: randomUUID(),
      org_id: s.orgId,
      patient_id: patientId,
      encounter_id: encounterId,
      loinc_code: '34117-2',
      type_label: 'History and physical note',
      author_id: practitioner.id,
      authored_at: new Date(admit.getTime() + 2 * 3_600_000),
      status: 'final',
      authenticated_at: signed,
      authenticated_by: practitioner.id,
      content_type: 'text/plain',
      text: 'CHIEF COMPLAINT: Shortness of breath.\nASSESSMENT: Stable.',
      attachment: null,
      source_key: `test:notify:hp:${encounterId}`,
      updated_at: new Date(),
    })
    .execute();
  return { encounterId, patientId, practitionerId: practitioner.id };
}

export type SmtpMode = 'ok' | 'tempfail' | 'reject' | 'drop';

export interface FakeSmtp {
  readonly port: number;
  mode: SmtpMode;
  readonly received: { from: string; to: string[]; data: string }[];
  close(): Promise<void>;
}

/**
 * A small SMTP server on 127.0.0.1 for tests: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT. In `tempfail` and
 * `reject` mode it answers the message with 451 or 554; in `drop` mode it closes each connection at once.
 */
export async function startFakeSmtp(): Promise<FakeSmtp> {
  const sockets = new Set<Socket>();
  const state: { mode: SmtpMode } = { mode: 'ok' };
  const received: FakeSmtp['received'] = [];
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (state.mode === 'drop') {
      socket.destroy();
      return;
    }
    socket.setEncoding('utf8');
    socket.write('220 fake.test ESMTP\r\n');
    let buffer = '';
    let data: string[] | null = null;
    let current = { from: '', to: [] as string[] };
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let eol: number;
      while ((eol = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        if (data) {
          if (line !== '.') {
            data.push(line.startsWith('..') ? line.slice(1) : line);
            continue;
          }
          const message = { ...current, data: data.join('\r\n') };
          data = null;
          current = { from: '', to: [] };
          if (state.mode === 'tempfail') socket.write('451 4.3.0 Mailbox temporarily unavailable\r\n');
          else if (state.mode === 'reject') socket.write('554 5.7.1 Message refused\r\n');
          else {
            received.push(message);
            socket.write('250 2.0.0 Queued\r\n');
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 fake.test\r\n');
        else if (verb === 'MAIL') {
          current.from = /<([^>]*)>/u.exec(line)?.[1] ?? '';
          socket.write('250 2.1.0 OK\r\n');
        } else if (verb === 'RCPT') {
          current.to.push(/<([^>]*)>/u.exec(line)?.[1] ?? '');
          socket.write('250 2.1.5 OK\r\n');
        } else if (verb === 'DATA') {
          data = [];
          socket.write('354 End data with <CR><LF>.<CR><LF>\r\n');
        } else if (verb === 'RSET' || verb === 'NOOP') socket.write('250 OK\r\n');
        else if (verb === 'QUIT') {
          socket.write('221 Bye\r\n');
          socket.end();
        } else socket.write('502 5.5.2 Command not recognised\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    get mode() {
      return state.mode;
    },
    set mode(m: SmtpMode) {
      state.mode = m;
    },
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
