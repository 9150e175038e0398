/**
 * MLLP listener for HL7 v2 messages (HL7 v2.5.1 Appendix C; HL7 Transport Specification: MLLP, Release 2).
 * Each connection has its own decoder and answers its frames strictly in order, one ACK per frame. A connection is
 * isolated: garbage, a frame over the size limit, a client that vanishes mid-frame, or a handler that fails affect
 * only that connection's current frame, never other connections or the listener. No message text is logged.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import {
  type AckCode,
  buildAck,
  buildFallbackAck,
  hl7Issue,
  Hl7ErrorCode,
  MllpDecoder,
  type MllpEvent,
  mllpEncode,
  parseHl7,
} from '@charta/core';
import type { Logger } from '../platform/logger.js';

/** The connection a message arrived on, for the audit trail. */
export interface MllpPeer {
  readonly remoteAddress: string | null;
}

export interface MllpListenerOptions {
  /** TCP port; 0 picks a free one (see the returned `port`). */
  readonly port: number;
  /** Interface to bind; defaults to 127.0.0.1 so that exposing the port is a deliberate choice. */
  readonly host?: string;
  /** Handles one message and returns its ACK. A rejection or a non-string result is answered with an AE ACK. */
  readonly handle: (message: string, peer: MllpPeer) => Promise<string>;
  /** Largest message accepted, in bytes; a larger frame is answered with AR and skipped. Default 1 MiB. */
  readonly maxMessageBytes?: number;
  /** A connection silent for this long is closed. Default 60 s. */
  readonly idleTimeoutMs?: number;
  /** Frames decoded but not yet answered on one connection before reading pauses. Default 32. */
  readonly maxPendingPerConnection?: number;
  /** Connections served at once; further ones are refused by the operating system's listener. Default unlimited. */
  readonly maxConnections?: number;
  readonly logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Clock for the ACKs this listener writes itself; defaults to the system clock. */
  readonly now?: () => Date;
}

export interface MllpListener {
  readonly port: number;
  /**
   * Stops accepting, closes every connection (unanswered frames get no ACK, so senders resend), waits for handlers
   * already running, and resolves.
   */
  close(): Promise<void>;
}

/** `YYYYMMDDHHMMSS+0000` in UTC (HL7 v2.5.1 chapter 2A, data type DTM). */
export function hl7Now(now: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return (
    `${p(now.getUTCFullYear(), 4)}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}` +
    `${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}+0000`
  );
}

/** MSH-10 is at most 20 characters in v2.5.1; 16 hex characters are unique enough for ACKs. */
function newControlId(): string {
  return randomBytes(8).toString('hex');
}

/**
 * Starts listening for MLLP connections. Resolves once bound (rejects if the port cannot be bound).
 *
 * ```ts
 * const listener = await startMllpListener({ port: 2575, handle: async (text) => acknowledgeAdt(text).ack });
 * // ...
 * await listener.close();
 * ```
 */
export async function startMllpListener(options: MllpListenerOptions): Promise<MllpListener> {
  const maxMessageBytes = options.maxMessageBytes ?? 1024 * 1024;
  const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  const maxPending = Math.max(1, options.maxPendingPerConnection ?? 32);
  const logger = options.logger;
  const now = options.now ?? (() => new Date());
  const sockets = new Set<Socket>();
  // Handlers still running (a database transaction each): close() waits for them, so that the database is not closed
  // under a message being applied.
  const inflight = new Set<Promise<unknown>>();

  /** An ACK the listener writes itself, for a frame the handler could not answer. */
  function ownAck(text: string | undefined, code: AckCode, hl7Code: Hl7ErrorCode, reason: string): string {
    const ctx = { controlId: newControlId(), timestamp: hl7Now(now()) };
    const errors = [hl7Issue({ segment: '' }, hl7Code, reason)];
    const parsed = text === undefined ? undefined : parseHl7(text);
    if (parsed?.ok) return buildAck(parsed.value, { ...ctx, code, errors });
    return buildFallbackAck(text ?? '', { ...ctx, code, errors });
  }

  async function answer(text: string, peer: MllpPeer): Promise<string> {
    try {
      const running = options.handle(text, peer);
      inflight.add(running);
      const ack: unknown = await running.finally(() => inflight.delete(running));
      if (typeof ack === 'string' && ack !== '') return ack;
      logger?.error('MLLP handler returned no ACK', { event: 'mllp.handler-no-ack' });
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      logger?.error('MLLP handler failed', { event: 'mllp.handler-error', errorName: e.name, errorMessage: e.message });
    }
    return ownAck(text, 'AE', Hl7ErrorCode.applicationInternalError, 'The message could not be processed');
  }

  function serve(socket: Socket): void {
    sockets.add(socket);
    const peer: MllpPeer = { remoteAddress: socket.remoteAddress ?? null };
    const decoder = new MllpDecoder({ maxMessageBytes });
    let queue: Promise<void> = Promise.resolve();
    let pending = 0;
    let noise = 0; // bytes outside frames since the last frame

    const send = (ack: string): void => {
      if (!socket.destroyed && socket.writable) socket.write(mllpEncode(ack));
    };
    // Frames are answered in arrival order: each reply waits for the previous one.
    const enqueue = (reply: () => Promise<string>): void => {
      pending++;
      if (pending >= maxPending) socket.pause();
      queue = queue
        .then(async () => send(await reply()))
        .catch((error: unknown) => {
          const e = error instanceof Error ? error : new Error(String(error));
          logger?.error('MLLP reply failed', { event: 'mllp.reply-error', errorName: e.name, errorMessage: e.message });
        })
        .finally(() => {
          pending--;
          if (pending < maxPending && !socket.destroyed) socket.resume();
        });
    };
    const onEvent = (event: MllpEvent): void => {
      switch (event.type) {
        case 'message':
          noise = 0;
          enqueue(() => answer(event.text, peer));
          break;
        case 'oversized':
          noise = 0;
          logger?.warn('MLLP frame over the size limit skipped', { event: 'mllp.oversized', count: event.bytes });
          enqueue(() =>
            Promise.resolve(
              ownAck(
                undefined,
                'AR',
                Hl7ErrorCode.applicationInternalError,
                `Message exceeds ${maxMessageBytes} bytes`,
              ),
            ),
          );
          break;
        case 'noise':
          // Dropping noise costs nothing, but a peer that sends only noise (a port scanner, an HTTP client) is not an
          // MLLP sender: once it has sent more than a message's worth, close it instead of serving it forever.
          noise += event.bytes;
          if (noise > maxMessageBytes) {
            logger?.warn('MLLP connection sent no frames, closed', { event: 'mllp.noise', count: noise });
            socket.destroy();
          }
          break;
        case 'incomplete':
          logger?.warn('MLLP connection ended mid-frame', { event: 'mllp.incomplete', count: event.bytes });
          break;
        default: {
          const unreachable: never = event;
          return unreachable;
        }
      }
    };

    socket.setTimeout(idleTimeoutMs);
    socket.on('timeout', () => {
      logger?.info('MLLP connection idle, closed', { event: 'mllp.idle' });
      socket.destroy();
    });
    socket.on('data', (chunk: Buffer) => {
      for (const event of decoder.push(chunk)) onEvent(event);
    });
    socket.on('end', () => {
      // The client finished sending: answer what is queued, then finish our side.
      for (const event of decoder.end()) onEvent(event);
      void queue.then(() => socket.end());
    });
    socket.on('error', (error) => {
      logger?.warn('MLLP connection error', { event: 'mllp.socket-error', errorName: error.name });
    });
    socket.on('close', () => {
      sockets.delete(socket);
      // A connection that closes without a clean end (reset, timeout) may still hold a partial frame.
      for (const event of decoder.end()) if (event.type === 'incomplete') onEvent(event);
    });
  }

  const server = createServer({ allowHalfOpen: true }, serve);
  if (options.maxConnections !== undefined) server.maxConnections = options.maxConnections;
  server.on('error', (error) => {
    logger?.error('MLLP listener error', { event: 'mllp.listener-error', errorName: error.name });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  logger?.info('MLLP listener started', { event: 'mllp.listening', port });

  return {
    port,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      await Promise.allSettled([...inflight]);
      logger?.info('MLLP listener stopped', { event: 'mllp.stopped', port });
    },
  };
}
