#!/usr/bin/env node
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatabaseUnavailableError } from '@charta/db';
import { ConfigError, loadConfig } from './platform/config.js';
import { startServer, StartupError } from './server.js';
import { DEMO_USERS, seedDemoRecords } from './seed.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..', '..');

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env, repoRoot);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  let running;
  try {
    running = await startServer({ config, webDir: join(repoRoot, 'apps', 'web', 'dist') });
  } catch (error) {
    if (error instanceof DatabaseUnavailableError || error instanceof StartupError) {
      process.stderr.write(`Charta cannot start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  // First start: the demo records go in before the address is shown. A failure leaves a working, emptier demo.
  let demoRecords: string | undefined;
  if (running.demo?.created) {
    process.stdout.write('Loading the synthetic demo records...\n');
    try {
      const loaded = await seedDemoRecords(running.services);
      if (loaded)
        demoRecords =
          `  Demo records: ${loaded.patients} synthetic patients (${loaded.resources} FHIR resources) loaded in ${(loaded.milliseconds / 1000).toFixed(1)} s;` +
          ` ${loaded.history.finalised} earlier stays coded and billed for the case-mix history`;
    } catch (error) {
      // The error's name only: a database message can quote the values it refused.
      demoRecords = `  The demo records could not be loaded (${error instanceof Error ? error.name : 'error'}); the server runs without them`;
    }
  }
  const lines = [
    '',
    `  Charta is running at ${running.url}`,
    `  Database: ${config.database.kind === 'pglite' ? `embedded PostgreSQL (PGlite) in ${config.database.dir}` : 'PostgreSQL server (DATABASE_URL)'}`,
    `  API reference: ${running.url}/api/docs`,
  ];
  if (running.mllpPort !== undefined) lines.push(`  HL7 v2 MLLP listener on port ${running.mllpPort}`);
  if (demoRecords) lines.push(demoRecords);
  if (running.demo) {
    lines.push(
      '',
      `  Demo organisation${running.demo.created ? ' created' : ''}. Sign in as the administrator:`,
      `    username: admin`,
      `    password: ${running.demo.password}`,
      '  You will be asked to set up multi-factor authentication with an authenticator app (scan the QR code).',
      `  The same password works for the other demo users: ${DEMO_USERS.filter((u) => u.username !== 'admin')
        .map((u) => `${u.username} (${u.role})`)
        .join(', ')}.`,
      `  (Kept in ${join(config.dataDir, 'demo-credentials.txt')}; delete that file to stop showing it.)`,
    );
  }
  process.stdout.write(lines.join('\n') + '\n\n');
  const shutdown = (signal: string) => {
    process.stdout.write(`Stopping (${signal})...\n`);
    running
      .stop()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Charta failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
