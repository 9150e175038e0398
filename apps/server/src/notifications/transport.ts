import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Services } from '../http/context.js';
import { DEFAULT_NOTIFY_CONFIG, type NotifyConfig } from '../platform/config.js';
import { scrub, type Logger } from '../platform/logger.js';

/** One e-mail to send. `step` and `count` are for the log transport, which writes them instead of the message. */
export interface OutgoingEmail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly step: string;
  readonly count: number;
  /** The recipient's user, when the recipient is a clinician with a user. */
  readonly userId: string | null;
}

/** Sends e-mail. A failure throws {@link DeliveryError}, whose message is safe to store and show. */
export interface NotificationTransport {
  readonly name: 'log' | 'smtp';
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

/** A delivery failure described without secrets, addresses or quoted server text. */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
}

/** A short, stable pseudonym for an address, so that a log line can be matched without naming anyone. */
export function recipientHash(address: string): string {
  return createHash('sha256').update(address.trim().toLowerCase()).digest('hex').slice(0, 12);
}

/**
 * The development transport: one JSON log line per e-mail with the rung, the number of deficiencies and a hash of the
 * recipient (or the user id); never the subject, the body or the address.
 */
export function logTransport(logger: Logger): NotificationTransport {
  return {
    name: 'log',
    send(email) {
      logger.info(`Notification e-mail (log transport) for recipient ${recipientHash(email.to)}`, {
        event: `notification.${email.step}`,
        count: email.count,
        ...(email.userId ? { userId: email.userId } : {}),
      });
      return Promise.resolve();
    },
    close() {},
  };
}

/** Turns a transport error into text fit to store: its code and a scrubbed message without the URL's secrets. */
export function describeDeliveryError(error: unknown, smtpUrl: string | undefined): string {
  if (!(error instanceof Error)) return 'Delivery failed';
  const code = (error as { code?: unknown }).code;
  const responseCode = (error as { responseCode?: unknown }).responseCode;
  let message = error.message;
  if (smtpUrl) {
    try {
      const url = new URL(smtpUrl);
      for (const secret of [url.password, decodeURIComponent(url.password), url.username].filter((s) => s.length > 2))
        message = message.replaceAll(secret, '[redacted]');
    } catch {
      // Validated at start-up; nothing to redact otherwise.
    }
  }
  const parts = [
    typeof code === 'string' ? code : null,
    typeof responseCode === 'number' ? String(responseCode) : null,
    scrub(message).replace(/\s+/gu, ' ').trim(),
  ].filter((p): p is string => Boolean(p));
  return parts.join(': ').slice(0, 500);
}

/** Delivery through the configured SMTP server (nodemailer); a connection per message, with bounded waits. */
export function smtpTransport(config: NotifyConfig): NotificationTransport {
  const url = config.smtpUrl;
  if (!url) throw new Error('The smtp transport needs CHARTA_SMTP_URL');
  const transporter = nodemailer.createTransport({
    url,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
    logger: false,
    debug: false,
  });
  return {
    name: 'smtp',
    async send(email) {
      try {
        await transporter.sendMail({ from: config.from, to: email.to, subject: email.subject, text: email.text });
      } catch (error) {
        throw new DeliveryError(describeDeliveryError(error, url));
      }
    },
    close() {
      transporter.close();
    },
  };
}

const transports = new WeakMap<Services, NotificationTransport>();

/** The notification settings of a server (defaults when its configuration names none). */
export function notifyConfigOf(services: Pick<Services, 'config'>): NotifyConfig {
  return services.config.notify ?? DEFAULT_NOTIFY_CONFIG;
}

/** The transport of a server, made once from its configuration. */
export function notificationTransport(services: Services): NotificationTransport {
  let transport = transports.get(services);
  if (!transport) {
    const config = notifyConfigOf(services);
    transport = config.transport === 'smtp' ? smtpTransport(config) : logTransport(services.logger);
    transports.set(services, transport);
  }
  return transport;
}

/** Closes and forgets a server's transport (at shutdown). */
export function closeNotificationTransport(services: Services): void {
  transports.get(services)?.close();
  transports.delete(services);
}
