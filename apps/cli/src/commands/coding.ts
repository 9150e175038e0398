import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import {
  batchFormatOf,
  importCodeSetFile,
  loadCodeSetServices,
  loadCompiledCodeSets,
  loadValidationReference,
  parseEncounterBatch,
  type ImportKind,
} from '@charta/data';
import {
  codeDetail,
  CODE_SYSTEMS,
  createCodeSetStore,
  normalizeCode,
  searchCodes,
  validateEncounter,
  type CodeSystem,
  type Finding,
} from '@charta/core';
import type { Command } from 'commander';
import { cliConfig } from '../context.js';
import { CliError, ExitCode } from '../errors.js';
import { progressBar } from '../progress.js';

function parseDate(value: string | undefined, flag = '--date'): string {
  if (value === undefined) return new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new CliError(`${flag} must be a date as YYYY-MM-DD (got "${value}")`);
  }
  return value;
}

function parseSystem(value: string | undefined): CodeSystem | undefined {
  if (value === undefined) return undefined;
  const found = CODE_SYSTEMS.find(
    (s) =>
      s.toLowerCase() === value.toLowerCase() ||
      s.replaceAll('-', '').toLowerCase() === value.replaceAll('-', '').toLowerCase(),
  );
  if (!found) throw new CliError(`--system must be one of: ${CODE_SYSTEMS.join(', ')} (got "${value}")`);
  return found;
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return 20;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 500)
    throw new CliError(`--limit must be a whole number from 1 to 500 (got "${value}")`);
  return n;
}

const IMPORT_KINDS: readonly ImportKind[] = [
  'icd10cm-order',
  'icd10pcs-order',
  'icd10cm-tabular',
  'icd10cm-index',
  'icd10pcs-tables',
  'hcpcs',
  'cpt',
];

export function registerCodingCommands(program: Command): void {
  const codes = program
    .command('codes')
    .description('Search and look up ICD-10-CM, ICD-10-PCS, HCPCS and (site-licensed) CPT codes');

  codes
    .command('search [query]')
    .description(
      'Ranked codes for a query; without QUERY, reads one query per line from standard input and writes one JSON line per query',
    )
    .option('--system <system>', `limit to one system: ${CODE_SYSTEMS.join(', ')}`)
    .option('--date <date>', 'date of service or discharge (YYYY-MM-DD); picks the release in force', undefined)
    .option('--limit <n>', 'how many codes (default 20)')
    .option('--json', 'machine-readable output')
    .action(
      async (query: string | undefined, opts: { system?: string; date?: string; limit?: string; json?: boolean }) => {
        const system = parseSystem(opts.system);
        const date = parseDate(opts.date);
        const limit = parseLimit(opts.limit);
        const services = await loadCodeSetServices({ dataDir: cliConfig().dataDir });
        const run = (q: string) => {
          const trimmed = q.trim();
          if (trimmed.length === 0) return { query: q, error: 'empty query', hits: [] };
          if (trimmed.length > 200)
            return { query: q.slice(0, 50), error: 'query longer than 200 characters', hits: [] };
          const hits = searchCodes(services.search, trimmed, { date, limit, ...(system ? { system } : {}) });
          return {
            query: q,
            hits: hits.map((h) => ({
              system: h.system,
              code: h.display,
              title: h.title,
              billable: h.billable,
              ...(h.path.length > 0 ? { path: h.path } : {}),
            })),
          };
        };
        if (query !== undefined) {
          const result = run(query);
          if (opts.json) process.stdout.write(JSON.stringify(result) + '\n');
          else if (result.error) throw new CliError(result.error);
          else
            process.stdout.write(
              result.hits
                .map((h) => `${h.code.padEnd(9)} ${h.billable ? ' ' : 'H'} ${h.system.padEnd(10)} ${h.title}`)
                .join('\n') + '\n',
            );
          return;
        }
        const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
        for await (const line of lines) process.stdout.write(JSON.stringify(run(line)) + '\n');
      },
    );

  codes
    .command('show <code>')
    .description('A code’s detail: title, hierarchy, billable, Tabular notes, POA exemption, history')
    .option('--system <system>', 'the code system (default: worked out from the code)')
    .option('--date <date>', 'date (YYYY-MM-DD)')
    .option('--json', 'machine-readable output')
    .action(async (code: string, opts: { system?: string; date?: string; json?: boolean }) => {
      const date = parseDate(opts.date);
      const compiled = await loadCompiledCodeSets({ dataDir: cliConfig().dataDir });
      const store = createCodeSetStore(compiled);
      const norm = normalizeCode(code);
      const systems = opts.system ? [parseSystem(opts.system)!] : CODE_SYSTEMS;
      const details = systems.map((s) => codeDetail(store, compiled, s, norm, date));
      const found = details.find((d) => d.entry !== undefined) ?? details.find((d) => d.history.length > 0);
      if (!found) throw new CliError(`${code} is not a code of ${opts.system ?? 'any loaded code set'}`);
      if (opts.json) {
        process.stdout.write(JSON.stringify(found) + '\n');
        return;
      }
      const e = found.entry;
      const lines = [
        `${found.system} ${e?.display ?? code} ${e ? (e.billable ? '(billable)' : '(header: not billable)') : '(not valid on ' + date + ')'}`,
        e ? e.longTitle : '',
      ];
      if (!found.lookup.ok) lines.push(`Not valid on ${date}: ${found.lookup.error.reason}`);
      if (found.notes) for (const n of found.notes.notes ?? []) lines.push(`  ${n.kind}: ${n.text}`);
      if (found.notesDisclaimer) lines.push(`(${found.notesDisclaimer})`);
      process.stdout.write(lines.filter(Boolean).join('\n') + '\n');
    });

  program
    .command('validate <file>')
    .description(
      'Validate a JSON, NDJSON or CSV batch of coded encounters; a bad row is reported and the rest still run',
    )
    .option('--json', 'write the report as JSON lines (one per encounter, then a summary)')
    .option('--csv', 'write the findings as CSV')
    .option('--format <format>', 'json, ndjson or csv (default: from the file name)')
    .action(async (file: string, opts: { json?: boolean; csv?: boolean; format?: string }) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        throw new CliError(`Cannot read ${file}`);
      }
      const format = (opts.format ?? batchFormatOf(file)) as Parameters<typeof parseEncounterBatch>[1] | undefined;
      if (!format || !['json', 'ndjson', 'csv'].includes(format))
        throw new CliError(`Say the format with --format json|ndjson|csv (cannot tell from "${basename(file)}")`);
      const batch = parseEncounterBatch(text, format);
      // Validation needs the code-set store and the MCE tables, not the search index.
      const reference = await loadValidationReference({ dataDir: cliConfig().dataDir });
      const bar = progressBar('Validating', batch.rows.length);
      const results: { line: number; id?: string; findings: Finding[] }[] = [];
      batch.rows.forEach((row, i) => {
        results.push({
          line: row.line,
          ...(row.encounter.id ? { id: row.encounter.id } : {}),
          findings: validateEncounter(row.encounter, { reference }),
        });
        bar.tick(i + 1);
      });
      bar.done();
      const errors = results.reduce((n, r) => n + r.findings.filter((f) => f.severity === 'error').length, 0);
      const summary = {
        encounters: results.length,
        rejectedRows: batch.errors.length,
        findings: results.reduce((n, r) => n + r.findings.length, 0),
        errors,
      };
      if (opts.csv) {
        const esc = (v: string) =>
          /[",\n\r]/u.test(v) || /^[=+\-@]/u.test(v) ? `"${v.replace(/^([=+\-@])/u, "'$1").replaceAll('"', '""')}"` : v;
        process.stdout.write('line,id,rule_id,severity,path,codes,message\n');
        for (const r of results)
          for (const f of r.findings)
            process.stdout.write(
              [String(r.line), r.id ?? '', f.ruleId, f.severity, f.path, (f.codes ?? []).join(' '), f.message]
                .map(esc)
                .join(',') + '\n',
            );
        for (const e of batch.errors)
          process.stdout.write(
            [String(e.line), '', 'INPUT.ROW', 'error', e.field, '', e.message].map(esc).join(',') + '\n',
          );
      } else if (opts.json) {
        for (const r of results) process.stdout.write(JSON.stringify(r) + '\n');
        for (const e of batch.errors)
          process.stdout.write(
            JSON.stringify({ line: e.line, rejected: true, path: e.field, message: e.message }) + '\n',
          );
        process.stdout.write(JSON.stringify({ summary }) + '\n');
      } else {
        for (const r of results) {
          for (const f of r.findings)
            process.stdout.write(
              `line ${r.line}${r.id ? ` (${r.id})` : ''}: ${f.severity.toUpperCase()} ${f.ruleId} ${f.path}: ${f.message}\n`,
            );
        }
        for (const e of batch.errors)
          process.stderr.write(`line ${e.line}: row rejected: ${e.field ? e.field + ': ' : ''}${e.message}\n`);
        process.stdout.write(
          `${summary.encounters} encounters validated, ${summary.errors} errors, ${summary.findings} findings in all; ${summary.rejectedRows} rows rejected.\n`,
        );
      }
      if (batch.errors.length > 0 && results.length === 0) process.exitCode = ExitCode.badInput;
      else if (errors > 0 || batch.errors.length > 0) process.exitCode = ExitCode.violations;
    });

  const codesets = program.command('codesets').description('Code-set releases');
  codesets
    .command('import <file>')
    .description(
      'Load an official release file (order-file zip, Tabular/Index XML, PCS Tables, HCPCS quarterly CSV, a site CPT file) as a new release',
    )
    .requiredOption('--kind <kind>', IMPORT_KINDS.join(', '))
    .requiredOption('--version <label>', 'release label, e.g. FY2027 or 2026-01')
    .requiredOption('--effective <date>', 'first day the release is in force (YYYY-MM-DD)')
    .option('--replace', 'replace an imported release with the same label')
    .option('--json', 'machine-readable output')
    .action(
      async (
        file: string,
        opts: { kind: string; version: string; effective: string; replace?: boolean; json?: boolean },
      ) => {
        if (!(IMPORT_KINDS as readonly string[]).includes(opts.kind))
          throw new CliError(`--kind must be one of: ${IMPORT_KINDS.join(', ')}`);
        const effectiveFrom = parseDate(opts.effective, '--effective');
        const result = await importCodeSetFile(file, {
          dataDir: cliConfig().dataDir,
          kind: opts.kind as ImportKind,
          version: opts.version,
          effectiveFrom,
          replace: Boolean(opts.replace),
        });
        if (!result.ok) {
          const where = result.error.line > 0 ? ` line ${result.error.line}` : '';
          if (opts.json) process.stdout.write(JSON.stringify({ ok: false, ...result.error }) + '\n');
          throw new CliError(
            `${basename(result.error.file)}${where}: ${result.error.reason}. Nothing was imported; loaded releases are unchanged.`,
          );
        }
        if (opts.json) process.stdout.write(JSON.stringify({ ok: true, ...result.value }) + '\n');
        else
          process.stdout.write(
            `Imported ${result.value.system} ${result.value.version} (${result.value.count} entries), in force from ${result.value.effectiveFrom}. A running server picks it up within seconds, without a restart.\n`,
          );
      },
    );
}
