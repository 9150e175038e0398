/**
 * A small RFC 4180 reader for the CMS-HCC tables: comma-separated, double-quoted fields may hold commas and doubled
 * quotes (the V28 labels do), one record per line. Returns the header's column names and one record per data line.
 */
export interface CsvTable {
  readonly columns: readonly string[];
  readonly records: readonly Readonly<Record<string, string>>[];
}

/** Splits one line into fields; undefined when a quoted field is left open. */
export function splitCsvRecord(line: string): string[] | undefined {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  if (quoted) return undefined;
  fields.push(field);
  return fields;
}

/** Parses a whole CSV text with a header line. Throws on a malformed line: the input is a shipped file. */
export function parseCsvTable(text: string, file: string): CsvTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvRecord(lines[0] ?? '');
  if (!header || header.length === 0 || header[0] === '') throw new Error(`${file}: missing header line`);
  const records: Record<string, string>[] = [];
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n] ?? '';
    if (line.trim() === '') continue;
    const fields = splitCsvRecord(line);
    if (!fields || fields.length !== header.length) {
      throw new Error(`${file}:${n + 1}: expected ${header.length} fields`);
    }
    const record: Record<string, string> = {};
    header.forEach((column, i) => {
      record[column] = fields[i] ?? '';
    });
    records.push(record);
  }
  return { columns: header, records };
}
