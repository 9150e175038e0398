/**
 * Wires the MLLP listener to the intake: each framed message is received, applied and kept, and its ACK is sent back.
 * Writes made for a message are audited as the system, with the sending address and the instant of receipt.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '@charta/db';
import type { Kysely } from 'kysely';
import type { RequestInfo, Services } from '../http/context.js';
import { systemClock } from '../platform/clock.js';
import type { Config } from '../platform/config.js';
import { createLogger, type Logger } from '../platform/logger.js';
import type { Secrets } from '../platform/secrets.js';
import { ReferenceData } from '../reference.js';
import { type Hl7Channel, receiveHl7Message } from './intake.js';
import { type MllpListener, type MllpPeer, startMllpListener } from './mllp-listener.js';

/** The organisation a feed belongs to cannot be decided. */
export class Hl7OrgError extends Error {
  override readonly name = 'Hl7OrgError';
}

/**
 * The organisation an HL7 feed writes into: the configured one (which must exist), else the only organisation;
 * with several and none configured, refuses rather than guess.
 */
export async function resolveHl7Org(db: Kysely<Database>, configured: string | undefined): Promise<string> {
  if (configured !== undefined) {
    const org = await db.selectFrom('organizations').select('id').where('id', '=', configured).executeTakeFirst();
    if (!org) throw new Hl7OrgError(`HL7_ORG_ID names no organisation: ${configured}`);
    return org.id;
  }
  const orgs = await db.selectFrom('organizations').select('id').limit(2).execute();
  if (orgs.length === 0) throw new Hl7OrgError('No organisation exists yet to receive HL7 messages');
  if (orgs.length > 1)
    throw new Hl7OrgError('There are several organisations: set HL7_ORG_ID to the one the feed is for');
  return (orgs[0] as { id: string }).id;
}

/** Request information for a message that arrived outside HTTP: the system acts, at the clock's instant. */
export function systemRequestInfo(services: Services, channel: Hl7Channel, ip: string | null = null): RequestInfo {
  return {
    traceId: randomUUID(),
    ip,
    userAgent: `charta-hl7-${channel}`,
    now: services.clock.now(),
    method: channel.toUpperCase(),
    route: `hl7:${channel}`,
  };
}

export interface Hl7ListenerOptions {
  readonly port: number;
  readonly host?: string;
  readonly orgId: string;
  readonly maxMessageBytes?: number;
  readonly idleTimeoutMs?: number;
}

/** Starts the MLLP listener for an organisation. Close it before the database. */
export function startHl7Listener(services: Services, options: Hl7ListenerOptions): Promise<MllpListener> {
  return startMllpListener({
    port: options.port,
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.maxMessageBytes === undefined ? {} : { maxMessageBytes: options.maxMessageBytes }),
    ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
    logger: services.logger,
    now: () => services.clock.now(),
    handle: async (text: string, peer: MllpPeer) => {
      const info = systemRequestInfo(services, 'mllp', peer.remoteAddress);
      const received = await receiveHl7Message(services, text, { orgId: options.orgId, channel: 'mllp', info });
      services.logger.info('HL7 message received', {
        event: `hl7.${received.duplicate ? 'duplicate' : received.status}`,
        traceId: info.traceId,
      });
      return received.ack;
    },
  });
}

/**
 * Services for intake outside the running server (the command line): the system clock, a logger, and reference data
 * that is never loaded (HL7 intake does not use it). Audit events are chained as the server chains them.
 */
export function standaloneServices(
  db: Kysely<Database>,
  config: Config,
  secrets: Secrets,
  logger: Logger = createLogger('silent'),
): Services {
  return {
    db,
    config,
    clock: systemClock,
    secrets,
    logger,
    reference: new ReferenceData({ codeSetDataDir: config.dataDir }),
    onAuditHead: () => {},
  };
}
