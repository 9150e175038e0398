/**
 * HL7 TS/DTM values (HL7 v2.5.1 chapter 2A, data types TS and DTM):
 * `YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]`. Converted to ISO 8601 at the precision given, so nothing is invented:
 * `20260105` -> `2026-01-05`, `202601051432-0500` -> `2026-01-05T14:32-05:00`.
 */
const TS = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2}(?:\.\d{1,4})?)?([+-]\d{4})?$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Converts an HL7 timestamp to ISO 8601, or undefined when it is not a valid TS/DTM. */
export function hl7TimestampToIso(ts: string): string | undefined {
  const m = TS.exec(ts.trim());
  if (!m) return undefined;
  const [, y = '', mo, d, h, mi, s, zone] = m;
  // DTM allows an hour without minutes, but ISO 8601 extended format has no such time; refuse rather than invent.
  if (h !== undefined && mi === undefined) return undefined;
  const year = Number(y);
  if (mo !== undefined && (Number(mo) < 1 || Number(mo) > 12)) return undefined;
  if (d !== undefined && (Number(d) < 1 || Number(d) > daysIn(year, Number(mo)))) return undefined;
  if (h !== undefined && Number(h) > 23) return undefined;
  if (mi !== undefined && Number(mi) > 59) return undefined;
  if (s !== undefined && Number(s.slice(0, 2)) > 59) return undefined;
  let iso = y;
  if (mo !== undefined) iso += `-${mo}`;
  if (d !== undefined) iso += `-${d}`;
  if (h !== undefined && mi !== undefined) iso += `T${h}:${mi}`;
  if (s !== undefined) iso += `:${s}`;
  if (zone !== undefined) {
    if (h === undefined) return undefined; // an offset on a date alone has no ISO form
    const zh = Number(zone.slice(1, 3));
    const zm = Number(zone.slice(3, 5));
    if (zh > 14 || zm > 59) return undefined;
    iso += `${zone.slice(0, 3)}:${zone.slice(3, 5)}`;
  }
  return iso;
}
