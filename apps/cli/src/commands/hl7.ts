import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { splitHl7Batch } from '@charta/core';
import {
  Hl7OrgError,
  receiveHl7Message,
  resolveHl7Org,
  standaloneServices,
  systemRequestInfo,
  type ReceiveResult,
} from '@charta/server';
import type { Command } from 'commander';
import { withDatabase } from '../context.js';
import { CliError, ExitCode } from '../errors.js';

/** Files larger than this are refused rather than read whole. */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

interface MessageReport {
  readonly file: string;
  readonly line: number;
  readonly messageId: string;
  readonly controlId: string | null;
  readonly status: ReceiveResult['status'];
  readonly ackCode: ReceiveResult['ackCode'];
  readonly duplicate: boolean;
  readonly errors: readonly { code: string; message: string }[];
}

function readInput(file: string): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new CliError(`${file}: no such file`);
  }
  if (size > MAX_FILE_BYTES) throw new CliError(`${file}: larger than ${MAX_FILE_BYTES} bytes; split it first`);
  return readFileSync(file, 'utf8');
}

export function registerHl7Commands(program: Command): void {
  const hl7 = program.command('hl7').description('HL7 v2 ADT messages');

  hl7
    .command('import <file...>')
    .description(
      'Apply HL7 v2 ADT messages from files (one message, several, FHS/BHS batches or MLLP dumps); each message is kept with its outcome. Exit 2 when any message was refused.',
    )
    .option('--org <id>', 'the organisation the messages belong to (default: HL7_ORG_ID, or the only organisation)')
    .option('--json', 'machine-readable report')
    .action(async (files: string[], opts: { org?: string; json?: boolean }) => {
      // Read every file first, so that a missing one stops the run before anything is applied.
      const inputs = files.map((file) => ({ file, text: readInput(file) }));
      await withDatabase(async ({ handle, config, secrets }) => {
        const services = standaloneServices(handle.db, config, secrets);
        let orgId: string;
        try {
          orgId = await resolveHl7Org(handle.db, opts.org ?? config.hl7?.orgId);
        } catch (error) {
          if (error instanceof Hl7OrgError) throw new CliError(error.message);
          throw error;
        }
        const reports: MessageReport[] = [];
        for (const { file, text } of inputs) {
          const parts = splitHl7Batch(text);
          if (parts.length === 0) throw new CliError(`${file}: no HL7 message found`);
          for (const part of parts) {
            const info = systemRequestInfo(services, 'file');
            const r = await receiveHl7Message(services, part.text, { orgId, channel: 'file', info });
            reports.push({
              file,
              line: part.line,
              messageId: r.messageId,
              controlId: r.controlId,
              status: r.status,
              ackCode: r.ackCode,
              duplicate: r.duplicate,
              errors: r.errors.map((e) => ({ code: e.hl7Code, message: e.message })),
            });
          }
        }
        const refused = reports.filter((r) => r.ackCode !== 'AA');
        const counts = {
          received: reports.length,
          applied: reports.filter((r) => !r.duplicate && r.ackCode === 'AA').length,
          duplicate: reports.filter((r) => r.duplicate).length,
          refused: refused.length,
        };
        if (opts.json) process.stdout.write(JSON.stringify({ messages: reports, counts }) + '\n');
        else {
          for (const r of reports) {
            const what = r.duplicate ? 'already received' : r.status;
            const why = r.errors[0] ? ` ${r.errors[0].code} ${r.errors[0].message}` : '';
            process.stdout.write(
              `${basename(r.file)}:${r.line} ${r.controlId ?? '(no control id)'} ${r.ackCode} ${what}${why}\n`,
            );
          }
          process.stdout.write(
            `${counts.received} messages: ${counts.applied} applied, ${counts.duplicate} already received, ${counts.refused} refused\n`,
          );
        }
        // Refused messages are kept for review (GET /api/v1/hl7/messages?status=error); the run still signals them.
        if (refused.length > 0) process.exitCode = ExitCode.badInput;
      });
    });
}
