import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { FHIR_EXPORT_TYPES, type FhirImportResult } from '@charta/contracts';
import { appendAudit, exportResources, fhirFileSources, importFhir, listFhirFiles } from '@charta/server';
import type { Command } from 'commander';
import { withDatabase, type CliDatabase } from '../context.js';
import { CliError, ExitCode } from '../errors.js';
import { progressBar } from '../progress.js';

const OPERATOR = 'cli';

async function firstOrgId(db: CliDatabase): Promise<string> {
  const org = await db.handle.db
    .selectFrom('organizations')
    .select('id')
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
  if (!org) throw new CliError('The database has no organisation yet: start the server once, or run charta db migrate');
  return org.id;
}

function report(result: FhirImportResult): string {
  const lines = Object.entries(result.counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([type, c]) =>
        `${type.padEnd(22)} ${String(c.imported).padStart(7)} imported ${String(c.updated).padStart(6)} updated ` +
        `${String(c.unchanged).padStart(7)} unchanged ${String(c.rejected).padStart(6)} rejected`,
    );
  for (const r of result.rejections) {
    lines.push(`rejected: ${r.source}${r.line !== null ? `:${r.line}` : ''} ${r.path || '(line)'}: ${r.message}`);
  }
  if (result.rejectionsTruncated) lines.push('(more rejections not listed)');
  return lines.join('\n');
}

export function registerRecordCommands(program: Command): void {
  program
    .command('import <paths...>')
    .description(
      'Imports FHIR R4 records: Bundles (.json) and bulk NDJSON (.ndjson), gzipped or not, files or folders. ' +
        'Exit 2 when any resource was rejected.',
    )
    .option('--json', 'machine-readable output: counts per resource type and the rejections')
    .action(async (paths: string[], opts: { json?: boolean }) => {
      for (const p of paths) if (!existsSync(p)) throw new CliError(`No such file or folder: ${p}`);
      const { files, skipped } = listFhirFiles(paths);
      if (files.length === 0) throw new CliError('No .json or .ndjson files (optionally .gz) to import');
      const result = await withDatabase(async (db) => {
        const orgId = await firstOrgId(db);
        const bar = progressBar('import', files.length);
        let done = 0;
        let lastSource = '';
        const outcome = await importFhir(
          db.handle.db,
          {
            orgId,
            now: new Date(),
            auditKey: db.secrets.auditKey,
            actor: { userId: null, username: OPERATOR, role: null },
            onProgress: ({ source }) => {
              if (source !== lastSource) {
                if (lastSource !== '') done += 1;
                lastSource = source;
              }
              bar.tick(done);
            },
          },
          fhirFileSources(files),
        );
        bar.done();
        return outcome;
      });
      if (opts.json) process.stdout.write(JSON.stringify({ ...result, skipped }) + '\n');
      else {
        process.stdout.write(report(result) + '\n');
        for (const f of skipped) process.stderr.write(`charta: skipped ${f} (not .json or .ndjson)\n`);
      }
      if (result.totals.rejected > 0) {
        if (!opts.json) process.stderr.write(`charta: ${result.totals.rejected} resources rejected\n`);
        process.exitCode = ExitCode.badInput;
      }
    });

  program
    .command('export')
    .description(
      'Exports every patient record as FHIR R4 bulk NDJSON, one <Type>.ndjson file per resource type. Records with ' +
        'sensitivity labels are left out unless --labels grants them.',
    )
    .requiredOption('--out <dir>', 'folder to write the files into (created if missing)')
    .option('--labels <labels>', 'comma-separated sensitivity labels to include (e.g. 42CFRPart2,PSY)', '')
    .option('--json', 'machine-readable output: resources written per type')
    .action(async (opts: { out: string; labels: string; json?: boolean }) => {
      const grants = opts.labels
        .split(',')
        .map((l) => l.trim())
        .filter(Boolean);
      mkdirSync(opts.out, { recursive: true });
      const written: Record<string, number> = {};
      await withDatabase(async (db) => {
        const orgId = await firstOrgId(db);
        // Audited before the first byte is written, so that an interrupted export is still on record.
        await appendAudit(db.handle.db, db.secrets.auditKey, {
          action: 'records.export',
          outcome: 'success',
          occurredAt: new Date(),
          username: OPERATOR,
          detail: { format: 'fhir-ndjson', operation: '$export', types: [...FHIR_EXPORT_TYPES], labels: grants },
        });
        const bar = progressBar('export', FHIR_EXPORT_TYPES.length);
        let i = 0;
        for (const type of FHIR_EXPORT_TYPES) {
          const out = createWriteStream(join(opts.out, `${type}.ndjson`));
          let n = 0;
          for await (const resource of exportResources(db.handle.db, orgId, type, grants)) {
            if (!out.write(JSON.stringify(resource) + '\n')) await once(out, 'drain');
            n += 1;
          }
          out.end();
          await once(out, 'finish');
          written[type] = n;
          bar.tick(++i);
        }
        bar.done();
      });
      if (opts.json) process.stdout.write(JSON.stringify({ out: opts.out, written }) + '\n');
      else
        process.stdout.write(
          Object.entries(written)
            .map(([t, n]) => `${t.padEnd(18)} ${n}`)
            .join('\n') + '\n',
        );
    });
}
