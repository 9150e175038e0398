import { CodeSetParseError } from './parse-error.js';
import { linesOf } from './lines.js';

/** One record of an ICD-10-CM or ICD-10-PCS order file. */
export interface OrderRecord {
  readonly order: number;
  readonly code: string;
  readonly billable: boolean;
  readonly short: string;
  readonly long: string;
}

/**
 * Parses an order file (CMS "ICD-10 order files" layout, shared by CM and PCS): columns 1-5 order number, 7-13 code
 * without dot, 15 flag (1 = valid for HIPAA transactions, 0 = header), 17-76 short title, 78- long title; columns 6,
 * 14, 16 and 77 blank [icd10OrderFiles.pdf; DOMAIN.md §1.3]. Any deviation is refused with the line and reason.
 */
export function parseOrderFile(text: string, file: string, system: 'ICD-10-CM' | 'ICD-10-PCS'): OrderRecord[] {
  const out: OrderRecord[] = [];
  const codeFormat = system === 'ICD-10-CM' ? /^[A-Z][0-9A-Z]{2,6}$/ : /^[0-9A-HJ-NP-Z]{3,7}$/;
  const seen = new Set<string>();
  for (const [line, n] of linesOf(text)) {
    if (line.length === 0) continue;
    if (line.length < 78)
      throw new CodeSetParseError(
        file,
        n,
        `Truncated record: ${line.length} characters, an order-file record has at least 78 (long title from column 78)`,
      );
    if (!/^[0-9]{5}$/.test(line.slice(0, 5)))
      throw new CodeSetParseError(file, n, 'Columns 1-5 must hold a zero-filled order number');
    if (line[5] !== ' ' || line[13] !== ' ' || line[15] !== ' ' || line[76] !== ' ')
      throw new CodeSetParseError(file, n, 'Columns 6, 14, 16 and 77 must be blank (fixed-width layout)');
    const code = line.slice(6, 13).trimEnd();
    if (!codeFormat.test(code))
      throw new CodeSetParseError(file, n, `Columns 7-13 hold "${code}", not a ${system} code`);
    const flag = line[14];
    if (flag !== '0' && flag !== '1')
      throw new CodeSetParseError(file, n, `Column 15 must be 0 (header) or 1 (billable), found "${flag ?? ''}"`);
    if (seen.has(code)) throw new CodeSetParseError(file, n, `Code ${code} appears twice`);
    seen.add(code);
    const long = line.slice(77).trim();
    if (long.length === 0) throw new CodeSetParseError(file, n, 'The long title (column 78 onwards) is empty');
    out.push({
      order: Number(line.slice(0, 5)),
      code,
      billable: flag === '1',
      short: line.slice(16, 76).trimEnd(),
      long,
    });
  }
  if (out.length === 0) throw new CodeSetParseError(file, 1, 'The order file holds no records');
  return out;
}
