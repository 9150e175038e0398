import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getValue, MllpDecoder, mllpEncode, parseHl7 } from '@charta/core';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../platform/config.js';
import { startServer } from '../server.js';
import { testConfig } from '../test-support.js';

// Synthetic message: every name, identifier and facility is made up.
const A04 = [
  'MSH|^~\\&|SYNTHADT|NORTHWIND GEN|CHARTA|HIM|20260105143000||ADT^A04^ADT_A04|WIRE-1|P|2.5.1',
  'PID|1||MRN880001^^^NWG^MR||TESTPATIENT^WIRE||19900101|U',
  'PV1|1|O|CLINIC2^^^NWG||||||||||||||||VN880001',
].join('\r');

/** Sends one framed message and resolves with the first ACK. */
function exchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const decoder = new MllpDecoder({ maxMessageBytes: 65536 });
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      for (const e of decoder.push(chunk)) {
        if (e.type === 'message') {
          socket.destroy();
          resolve(e.text);
        }
      }
    });
    socket.on('connect', () => socket.write(mllpEncode(text)));
  });
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.on('error', () => resolve(true));
    socket.on('connect', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

describe('HL7 settings', () => {
  it('leave the listener off unless a port is set, and default its address to HOST', () => {
    expect(loadConfig({}, '/repo').hl7?.mllpPort).toBeUndefined();
    const on = loadConfig({ HL7_MLLP_PORT: '2575', HOST: '0.0.0.0' }, '/repo').hl7;
    expect(on).toEqual({ mllpPort: 2575, mllpHost: '0.0.0.0', orgId: undefined });
  });

  it('refuse a port or organisation id that is not valid, naming the setting', () => {
    expect(() => loadConfig({ HL7_MLLP_PORT: 'mllp' }, '/repo')).toThrow(/HL7_MLLP_PORT/u);
    expect(() => loadConfig({ HL7_ORG_ID: 'north' }, '/repo')).toThrow(/HL7_ORG_ID/u);
  });
});

describe('server start-up with an MLLP port', () => {
  it('starts the listener with the server and closes it on shutdown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'charta-hl7-'));
    try {
      const config = testConfig(dir, { hl7: { mllpPort: 0, mllpHost: '127.0.0.1', orgId: undefined } });
      const running = await startServer({ config, warmReference: false });
      const port = running.mllpPort;
      expect(port).toBeGreaterThan(0);
      try {
        const ack = parseHl7(await exchange(port ?? 0, A04));
        expect(ack.ok && getValue(ack.value, 'MSA-1')).toBe('AA');
        const kept = await running.database.db
          .selectFrom('hl7_messages')
          .select(['status', 'channel'])
          .where('control_id', '=', 'WIRE-1')
          .execute();
        expect(kept).toEqual([{ status: 'applied', channel: 'mllp' }]);
      } finally {
        await running.stop();
      }
      expect(await refused(port ?? 0)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
