/**
 * Parser for the grouping TSV layout (the layout of the MS-DRG golden encounters, also read by `charta drg group`):
 * a header line naming the columns, then one encounter per line. Known columns: `id age sex discharge_status
 * admit_date discharge_date admit_dx pdx pdx_poa sdx procs grouping_date scenario`; `sdx` is `CODE:POA` joined by
 * `;`, `procs` is codes joined by `;`, codes without dots. Unknown columns are ignored; only `pdx` is required in the
 * header. A malformed row is reported with its line number and reason, and the other rows still parse.
 */
import type { CodedDiagnosis, CodedEncounter, PoaIndicator, Sex } from '../encounter.js';

export interface GroupingTsvRow {
  /** 1-based line number in the text. */
  readonly line: number;
  readonly encounter: CodedEncounter;
  /** The `grouping_date` column, when given: the date that picks the grouper version. */
  readonly groupingDate?: string | undefined;
  /** The `scenario` column, when given. */
  readonly scenario?: string | undefined;
}

export interface GroupingTsvError {
  readonly line: number;
  readonly message: string;
}

export interface GroupingTsv {
  readonly rows: readonly GroupingTsvRow[];
  readonly errors: readonly GroupingTsvError[];
}

const DX_CODE = /^[A-Z][0-9][0-9A-Z]{1,5}$/;
const PCS_CODE = /^[0-9A-HJ-NP-Z]{7}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const POA = new Set(['Y', 'N', 'U', 'W', '1']);

class RowError extends Error {}

/** Parses grouping TSV text; never throws. */
export function parseGroupingTsv(text: string): GroupingTsv {
  const rows: GroupingTsvRow[] = [];
  const errors: GroupingTsvError[] = [];
  const lines = text.split(/\r?\n/);
  let headerLine = -1;
  for (let i = 0; i < lines.length; i++) {
    if ((lines[i] ?? '').trim() !== '') {
      headerLine = i;
      break;
    }
  }
  if (headerLine < 0) return { rows, errors: [{ line: 1, message: 'empty file: a header line is required' }] };
  const header = (lines[headerLine] ?? '').split('\t').map((h) => h.trim().toLowerCase());
  const col = (name: string): number => header.indexOf(name);
  if (col('pdx') < 0) {
    return {
      rows,
      errors: [{ line: headerLine + 1, message: `header has no "pdx" column (columns: ${header.join(', ')})` }],
    };
  }

  for (let i = headerLine + 1; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (raw.trim() === '') continue;
    const line = i + 1;
    const fields = raw.split('\t');
    const get = (name: string): string => {
      const k = col(name);
      return k < 0 ? '' : (fields[k] ?? '').trim();
    };
    try {
      if (fields.length > header.length)
        throw new RowError(`${fields.length} fields but the header has ${header.length}`);
      const ageText = get('age');
      if (!/^\d{1,3}$/.test(ageText)) throw new RowError(`age ${JSON.stringify(ageText)} is not a whole number`);
      const sexText = get('sex').toUpperCase();
      if (sexText !== 'M' && sexText !== 'F' && sexText !== 'U')
        throw new RowError(`sex ${JSON.stringify(get('sex'))} is not M, F or U`);
      const status = get('discharge_status');
      if (status !== '' && !/^\d{1,2}$/.test(status))
        throw new RowError(`discharge_status ${JSON.stringify(status)} is not a two-digit code`);
      const dates: Record<string, string> = {};
      for (const name of ['admit_date', 'discharge_date', 'grouping_date']) {
        const v = get(name);
        if (v !== '' && !DATE.test(v)) throw new RowError(`${name} ${JSON.stringify(v)} is not a YYYY-MM-DD date`);
        dates[name] = v;
      }
      const admitDate = dates['admit_date'] || dates['discharge_date'] || dates['grouping_date'] || '';
      if (!admitDate) throw new RowError('no admit_date, discharge_date or grouping_date');
      const pdx = dxCode(get('pdx'), 'pdx');
      if (!pdx) throw new RowError('pdx is empty');
      const pdxPoa = poa(get('pdx_poa'), 'pdx_poa');
      const diagnoses: CodedDiagnosis[] = [{ code: pdx, poa: pdxPoa }];
      const sdxText = get('sdx');
      if (sdxText !== '') {
        for (const token of sdxText.split(';')) {
          const t = token.trim();
          if (t === '') continue;
          const [code = '', poaText = '', extra] = t.split(':');
          if (extra !== undefined) throw new RowError(`sdx entry ${JSON.stringify(t)} is not CODE:POA`);
          diagnoses.push({ code: dxCode(code, 'sdx'), poa: poa(poaText, `POA of sdx ${code}`) });
        }
      }
      const procedures: { code: string }[] = [];
      const procText = get('procs');
      if (procText !== '') {
        for (const token of procText.split(';')) {
          const t = token.trim().toUpperCase();
          if (t === '') continue;
          if (!PCS_CODE.test(t))
            throw new RowError(`procedure ${JSON.stringify(token)} is not a 7-character ICD-10-PCS code`);
          procedures.push({ code: t });
        }
      }
      const admitDx = get('admit_dx');
      const id = get('id');
      const dischargeDate = dates['discharge_date'] || dates['grouping_date'] || undefined;
      const encounter: CodedEncounter = {
        id: id || undefined,
        ageYears: Number(ageText),
        sex: sexText as Sex,
        encounterType: 'inpatient',
        admitDate,
        dischargeDate,
        dischargeStatus: status === '' ? undefined : status.padStart(2, '0'),
        admitDiagnosis: admitDx ? dxCode(admitDx, 'admit_dx') : undefined,
        diagnoses,
        procedures,
      };
      rows.push({
        line,
        encounter,
        groupingDate: dates['grouping_date'] || undefined,
        scenario: get('scenario') || undefined,
      });
    } catch (e) {
      if (e instanceof RowError) errors.push({ line, message: e.message });
      else throw e;
    }
  }
  return { rows, errors };
}

function dxCode(raw: string, field: string): string {
  const code = raw.replace(/\./g, '').trim().toUpperCase();
  if (code === '') return '';
  if (!DX_CODE.test(code)) throw new RowError(`${field} ${JSON.stringify(raw)} is not an ICD-10-CM code`);
  return code;
}

function poa(raw: string, field: string): PoaIndicator | undefined {
  const v = raw.trim().toUpperCase();
  if (v === '') return undefined;
  if (!POA.has(v)) throw new RowError(`${field} ${JSON.stringify(raw)} is not Y, N, U, W or 1`);
  return v as PoaIndicator;
}
