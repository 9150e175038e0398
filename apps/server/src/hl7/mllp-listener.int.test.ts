import { connect, type Socket } from 'node:net';
import { acknowledgeAdt, getValue, MllpDecoder, mllpEncode, parseHl7 } from '@charta/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type MllpListener, type MllpListenerOptions, startMllpListener } from './mllp-listener.js';

// Synthetic messages only: every name, identifier and facility is made up.
function adt(trigger: string, controlId: string): string {
  return [
    `MSH|^~\\&|SYNTHADT|NORTHWIND GEN|CHARTA|HIM|20260105143000||ADT^${trigger}^ADT_${trigger}|${controlId}|P|2.5.1`,
    'EVN||20260105143000',
    'PID|1||MRN000123^^^NWG^MR||TESTPATIENT^ALPHA||19800229|F',
    'PV1|1|I|4W^401^B^NWG',
  ].join('\r');
}

interface LogEntry {
  readonly level: 'info' | 'warn' | 'error';
  readonly event: string | undefined;
}

/** A client that collects ACKs and lets a test wait for the n-th one or for the close, without sleeping. */
class Client {
  readonly acks: string[] = [];
  readonly closed: Promise<void>;
  readonly #decoder = new MllpDecoder({ maxMessageBytes: 1024 * 1024 });
  #waiters: { n: number; resolve: () => void }[] = [];

  constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const e of this.#decoder.push(chunk)) if (e.type === 'message') this.acks.push(e.text);
      this.#waiters = this.#waiters.filter((w) => (this.acks.length >= w.n ? (w.resolve(), false) : true));
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static async open(port: number): Promise<Client> {
    const socket = connect({ port, host: '127.0.0.1' });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new Client(socket);
  }

  send(...chunks: (string | Uint8Array)[]): void {
    for (const c of chunks) this.socket.write(typeof c === 'string' ? mllpEncode(c) : c);
  }

  async ack(n: number): Promise<string> {
    if (this.acks.length < n) await new Promise<void>((resolve) => this.#waiters.push({ n, resolve }));
    return this.acks[n - 1] ?? '';
  }
}

function msa(ack: string): [string | undefined, string | undefined] {
  const parsed = parseHl7(ack);
  if (!parsed.ok) throw new Error('ACK does not parse');
  return [getValue(parsed.value, 'MSA-1'), getValue(parsed.value, 'MSA-2')];
}

describe('startMllpListener', () => {
  let listener: MllpListener | undefined;
  const clients: Client[] = [];
  const logs: LogEntry[] = [];
  const logged = (event: string): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (logs.some((l) => l.event === event)) resolve();
        else setImmediate(check);
      };
      check();
    });

  async function start(overrides: Partial<MllpListenerOptions> = {}): Promise<number> {
    listener = await startMllpListener({
      port: 0,
      host: '127.0.0.1',
      handle: (text) => Promise.resolve(acknowledgeAdt(text, { controlId: 'ACK1', timestamp: '20260105143001' }).ack),
      maxMessageBytes: 4096,
      idleTimeoutMs: 10_000,
      logger: {
        info: (_m, f) => logs.push({ level: 'info', event: f?.event }),
        warn: (_m, f) => logs.push({ level: 'warn', event: f?.event }),
        error: (_m, f) => logs.push({ level: 'error', event: f?.event }),
      },
      ...overrides,
    });
    return listener.port;
  }

  async function open(port: number): Promise<Client> {
    const c = await Client.open(port);
    clients.push(c);
    return c;
  }

  afterEach(async () => {
    for (const c of clients.splice(0)) c.socket.destroy();
    await listener?.close();
    listener = undefined;
    logs.splice(0);
  });

  it('answers several messages on one connection in order', async () => {
    const c = await open(await start());
    c.send(adt('A01', 'C1'), adt('A08', 'C2'), adt('A28', 'C3'));
    await c.ack(3);
    expect(c.acks.map(msa)).toEqual([
      ['AA', 'C1'],
      ['AA', 'C2'],
      ['AR', 'C3'],
    ]);
  });

  it('answers in order even when a later message is handled faster', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const port = await start({
      handle: async (text) => {
        if (text.includes('|SLOW|')) await gate;
        return acknowledgeAdt(text).ack;
      },
    });
    const c = await open(port);
    c.send(adt('A01', 'SLOW'), adt('A01', 'FAST'));
    // Handlers run one at a time per connection, so the fast one waits for the slow one.
    release();
    await c.ack(2);
    expect(c.acks.map((a) => msa(a)[1])).toEqual(['SLOW', 'FAST']);
  });

  it('serves two concurrent clients independently', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const port = await start({
      handle: async (text) => {
        if (text.includes('|BLOCKED|')) await gate;
        return acknowledgeAdt(text).ack;
      },
    });
    const [a, b] = await Promise.all([open(port), open(port)]);
    a.send(adt('A01', 'BLOCKED'));
    b.send(adt('A04', 'B1'));
    // B is answered while A's handler is still waiting.
    expect(msa(await b.ack(1))).toEqual(['AA', 'B1']);
    expect(a.acks).toHaveLength(0);
    release();
    expect(msa(await a.ack(1))).toEqual(['AA', 'BLOCKED']);
  });

  it('survives a client that disconnects mid-frame', async () => {
    const handled: string[] = [];
    const port = await start({
      handle: (text) => {
        handled.push(text);
        return Promise.resolve(acknowledgeAdt(text).ack);
      },
    });
    const other = await open(port);
    const quitter = await open(port);
    const frame = mllpEncode(adt('A01', 'CUT'));
    quitter.send(frame.subarray(0, 40));
    quitter.socket.destroy();
    await quitter.closed;
    await logged('mllp.incomplete');
    other.send(adt('A01', 'AFTER'));
    expect(msa(await other.ack(1))).toEqual(['AA', 'AFTER']);
    expect(handled.map((t) => t.includes('|CUT|'))).toEqual([false]);
    const late = await open(port);
    late.send(adt('A03', 'LATE'));
    expect(msa(await late.ack(1))[1]).toBe('LATE');
  });

  it('answers an oversized frame with AR and keeps the connection usable', async () => {
    const c = await open(await start({ maxMessageBytes: 512 }));
    const big = adt('A01', 'BIG') + '\rNTE|1||' + 'X'.repeat(5000);
    c.send(big, adt('A01', 'SMALL'));
    await c.ack(2);
    expect(msa(c.acks[0] ?? '')).toEqual(['AR', undefined]);
    expect(msa(c.acks[1] ?? '')).toEqual(['AA', 'SMALL']);
    expect(logs.some((l) => l.event === 'mllp.oversized')).toBe(true);
  });

  it('answers a handler failure with AE and keeps serving', async () => {
    const port = await start({
      handle: (text) => {
        if (text.includes('|BOOM|')) return Promise.reject(new Error('database unavailable'));
        return Promise.resolve(acknowledgeAdt(text).ack);
      },
    });
    const c = await open(port);
    c.send(adt('A08', 'BOOM'), adt('A08', 'NEXT'));
    await c.ack(2);
    const failed = parseHl7(c.acks[0] ?? '');
    expect(failed.ok).toBe(true);
    if (!failed.ok) return;
    expect(getValue(failed.value, 'MSA-1')).toBe('AE');
    expect(getValue(failed.value, 'MSA-2')).toBe('BOOM');
    expect(getValue(failed.value, 'ERR-3.1')).toBe('207');
    expect(getValue(failed.value, 'MSH-5')).toBe('SYNTHADT');
    expect(msa(c.acks[1] ?? '')).toEqual(['AA', 'NEXT']);
    expect(logs.some((l) => l.level === 'error' && l.event === 'mllp.handler-error')).toBe(true);
  });

  it('ignores garbage outside frames and answers garbage inside a frame with AR', async () => {
    const c = await open(await start());
    c.send(new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'), 'not hl7 at all', adt('A01', 'OK1'));
    await c.ack(2);
    expect(msa(c.acks[0] ?? '')).toEqual(['AR', undefined]);
    expect(msa(c.acks[1] ?? '')).toEqual(['AA', 'OK1']);
  });

  it('closes a connection that sends only garbage, without disturbing another', async () => {
    const port = await start({ maxMessageBytes: 1024 });
    const [noisy, good] = await Promise.all([open(port), open(port)]);
    noisy.send(new Uint8Array(4096).fill(0x41));
    await noisy.closed;
    expect(noisy.acks).toHaveLength(0);
    good.send(adt('A01', 'G1'));
    expect(msa(await good.ack(1))).toEqual(['AA', 'G1']);
  });

  it('answers queued frames before closing when the client half-closes', async () => {
    const c = await open(await start());
    c.send(adt('A01', 'H1'), adt('A02', 'H2'));
    c.socket.end();
    await c.closed;
    expect(c.acks.map((a) => msa(a)[1])).toEqual(['H1', 'H2']);
  });

  it('closes an idle connection', async () => {
    const c = await open(await start({ idleTimeoutMs: 100 }));
    await c.closed;
    expect(logs.some((l) => l.event === 'mllp.idle')).toBe(true);
  });

  it('closes open connections when the listener stops', async () => {
    const c = await open(await start());
    await listener?.close();
    listener = undefined;
    await c.closed;
    expect(c.socket.destroyed).toBe(true);
  });

  it('fails to start on a port already in use', async () => {
    const port = await start();
    await expect(startMllpListener({ port, host: '127.0.0.1', handle: () => Promise.resolve('') })).rejects.toThrow();
  });
});
