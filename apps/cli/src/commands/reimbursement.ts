import { readFileSync } from 'node:fs';
import { groupMsDrg, parseGroupingTsv, scoreHcc, type CodedEncounter } from '@charta/core';
import { loadHccTablesOrThrow, loadMsDrgTables, parseEncounterBatch, parseHccInput } from '@charta/data';
import type { Command } from 'commander';
import { CliError, ExitCode } from '../errors.js';
import { progressBar } from '../progress.js';

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`Cannot read ${file}`);
  }
}

function csvCell(v: string | number | undefined): string {
  const s = v === undefined ? '' : String(v);
  return /[",\n\r]/u.test(s) || /^[=+\-@]/u.test(s) ? `"${s.replace(/^([=+\-@])/u, "'$1").replaceAll('"', '""')}"` : s;
}

function parseNumber(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new CliError(`${flag} must be a number from ${min} to ${max} (got "${value}")`);
  return n;
}

export function registerReimbursementCommands(program: Command): void {
  const drg = program.command('drg').description('MS-DRG grouping');
  drg
    .command('group <file>')
    .description(
      'Group encounters: JSON (array or NDJSON of encounters) or the grouping TSV layout (header line; unknown columns ignored)',
    )
    .option('--json', 'one JSON line per encounter, in input order')
    .option('--csv', 'CSV: id, drg, mdc, initial_drg, return_code, weight')
    .option('--explain', 'include the explanation of each DRG')
    .action(async (file: string, opts: { json?: boolean; csv?: boolean; explain?: boolean }) => {
      const text = readText(file);
      const isTsv = /\.tsv$/iu.test(file) || (!text.trimStart().startsWith('[') && !text.trimStart().startsWith('{'));
      const rows: { line: number; encounter?: CodedEncounter; groupingDate?: string | undefined; error?: string }[] =
        [];
      if (isTsv) {
        const parsed = parseGroupingTsv(text);
        for (const r of parsed.rows) rows.push({ line: r.line, encounter: r.encounter, groupingDate: r.groupingDate });
        for (const e of parsed.errors) rows.push({ line: e.line, error: e.message });
      } else {
        const parsed = parseEncounterBatch(text, text.trimStart().startsWith('[') ? 'json' : 'ndjson');
        for (const r of parsed.rows) rows.push({ line: r.line, encounter: r.encounter });
        for (const e of parsed.errors)
          rows.push({ line: e.line, error: `${e.field ? e.field + ': ' : ''}${e.message}` });
      }
      rows.sort((a, b) => a.line - b.line);
      if (rows.length === 0) throw new CliError(`${file} holds no encounters`);
      const tables = loadMsDrgTables();
      const bar = progressBar('Grouping', rows.length);
      let bad = 0;
      if (opts.csv) process.stdout.write('id,line,drg,mdc,initial_drg,return_code,weight,error\n');
      rows.forEach((row, i) => {
        const id = row.encounter?.id ?? `line-${row.line}`;
        let out: Record<string, unknown>;
        if (!row.encounter) {
          bad++;
          out = { id, line: row.line, error: row.error };
        } else {
          const r = groupMsDrg(row.encounter, tables, {
            explain: Boolean(opts.explain),
            ...(row.groupingDate ? { groupingDate: row.groupingDate } : {}),
          });
          if (!r.ok) {
            bad++;
            out = { id, line: row.line, error: r.error.map((e) => `${e.path}: ${e.message}`).join('; ') };
          } else {
            const v = r.value;
            out = {
              id,
              line: row.line,
              drg: v.drg,
              mdc: v.mdc,
              initial_drg: v.initial.drg,
              return_code: v.returnCode,
              weight: v.relativeWeight,
              medical_surgical: v.medSurg,
              title: v.title,
              ...(opts.explain && v.explanation ? { explanation: v.explanation.text } : {}),
            };
          }
        }
        if (opts.csv) {
          process.stdout.write(
            [
              out['id'],
              out['line'],
              out['drg'],
              out['mdc'],
              out['initial_drg'],
              out['return_code'],
              out['weight'],
              out['error'],
            ]
              .map((c) => csvCell(c as string | number | undefined))
              .join(',') + '\n',
          );
        } else if (opts.json) process.stdout.write(JSON.stringify(out) + '\n');
        else
          process.stdout.write(
            out['error']
              ? `${String(id)}: ERROR ${String(out['error'])}\n`
              : `${String(id)}: DRG ${String(out['drg'])} (MDC ${String(out['mdc'])}, weight ${String(out['weight'])}) ${String(out['title'])}\n`,
          );
        bar.tick(i + 1);
      });
      bar.done();
      if (bad > 0) {
        process.stderr.write(`${bad} of ${rows.length} rows could not be grouped; see their errors.\n`);
        process.exitCode = bad === rows.length ? ExitCode.badInput : ExitCode.violations;
      }
    });

  const hcc = program.command('hcc').description('CMS-HCC risk adjustment');
  hcc
    .command('score <file>')
    .description('CMS-HCC V28 risk scores for persons in a JSON array or NDJSON file')
    .requiredOption(
      '--normalization <factor>',
      'the V28 normalization factor from the payment year’s Rate Announcement',
    )
    .option(
      '--coding-adjustment <fraction>',
      'MA coding pattern adjustment as a fraction (statutory minimum 0.059)',
      '0.059',
    )
    .option('--year <year>', 'payment year', '2026')
    .option('--json', 'one JSON line per person')
    .action(
      async (file: string, opts: { normalization: string; codingAdjustment: string; year: string; json?: boolean }) => {
        const normalizationFactor = parseNumber(opts.normalization, '--normalization', 0.1, 5)!;
        const codingIntensityAdjustment = parseNumber(opts.codingAdjustment, '--coding-adjustment', 0, 0.5)!;
        const paymentYear = parseNumber(opts.year, '--year', 2024, 2030)!;
        const parsed = parseHccInput(readText(file));
        const tables = loadHccTablesOrThrow();
        let bad = parsed.errors.length;
        for (const e of parsed.errors) {
          if (opts.json) process.stdout.write(JSON.stringify({ line: e.line, error: e.message }) + '\n');
          else process.stderr.write(`line ${e.line}: ${e.message}\n`);
        }
        for (const person of parsed.persons) {
          const r = scoreHcc(person, tables, { paymentYear, normalizationFactor, codingIntensityAdjustment });
          if (!r.ok) {
            bad++;
            const out = { id: person.id, line: person.line, findings: r.error };
            if (opts.json) process.stdout.write(JSON.stringify(out) + '\n');
            else
              process.stderr.write(
                `line ${person.line}: ${r.error.map((f) => `${f.path}: ${f.message}`).join('; ')}\n`,
              );
            continue;
          }
          if (opts.json) process.stdout.write(JSON.stringify({ id: person.id, line: person.line, ...r.value }) + '\n');
          else
            process.stdout.write(
              `${person.id ?? `line ${person.line}`}: raw ${r.value.rawScore}, adjusted ${r.value.adjustedScore}\n`,
            );
        }
        if (bad > 0) process.exitCode = parsed.persons.length === 0 ? ExitCode.badInput : ExitCode.violations;
      },
    );
}
