/**
 * Synthetic ADT messages for tests and demonstrations (not exported from the package index). Every name, identifier,
 * address and facility is made up.
 */

/** Builds a segment from field numbers to raw (already escaped) field text. */
export function segment(id: string, fields: Readonly<Record<number, string>>, separator = '|'): string {
  const last = Math.max(0, ...Object.keys(fields).map(Number));
  const parts = [id];
  for (let n = 1; n <= last; n++) parts.push(fields[n] ?? '');
  return parts.join(separator);
}

/** Joins segments with CR, HL7's segment terminator. */
export function hl7(...segments: readonly string[]): string {
  return segments.join('\r') + '\r';
}

/** An MSH for a trigger; `type` defaults to ADT. */
export function msh(trigger: string, controlId = `CTL-${trigger}`, type = 'ADT'): string {
  return `MSH|^~\\&|SYNTHADT|NORTHWIND GEN|CHARTA|HIM|20260105143000||${type}^${trigger}^${type}_${trigger}|${controlId}|P|2.5.1`;
}

export const EVN = segment('EVN', { 2: '20260105143000', 6: '20260105142500' });

export const PID_FIELDS: Readonly<Record<number, string>> = {
  1: '1',
  3: 'MRN000123^^^NWG^MR~ACC778^^^NWG^AN',
  5: 'TESTPATIENT^ALPHA^QUINN^JR^MX',
  7: '19800229',
  8: 'F',
  11: '12 Example Way^Apt 4^Springfield^IL^62701^USA^H',
  13: '^PRN^PH^^^217^5550100',
  18: 'ACCT9001',
};
export const PID = segment('PID', PID_FIELDS);

export const PV1_FIELDS: Readonly<Record<number, string>> = {
  1: '1',
  2: 'I',
  3: '4W^401^B^NWG',
  7: '1234^DOCTOR^PRIMA^^^^MD',
  10: 'MED',
  14: '7',
  19: 'VN55501',
  44: '20260105142500',
};
export const PV1 = segment('PV1', PV1_FIELDS);

/** PV1 with a discharge: disposition 01 (home) in PV1-36 and the date/time in PV1-45. */
export const PV1_DISCHARGED = segment('PV1', { ...PV1_FIELDS, 36: '01', 45: '20260109101500' });

export const MRG = segment('MRG', { 1: 'MRN000999^^^NWG^MR', 3: 'ACCT0001', 5: 'VN00001' });

/** A valid message for each supported trigger. */
export const VALID_ADT: Readonly<Record<string, string>> = {
  A01: hl7(msh('A01'), EVN, PID, PV1),
  A02: hl7(msh('A02'), EVN, PID, segment('PV1', { ...PV1_FIELDS, 3: '5E^510^A^NWG', 6: '4W^401^B^NWG' })),
  A03: hl7(msh('A03'), EVN, PID, PV1_DISCHARGED),
  A04: hl7(msh('A04'), EVN, PID, segment('PV1', { 1: '1', 2: 'O', 3: 'CLINIC2^^^NWG', 19: 'VN55502' })),
  A05: hl7(msh('A05'), EVN, PID, segment('PV1', { 1: '1', 2: 'P', 19: 'VN55503' })),
  A08: hl7(msh('A08'), EVN, PID, PV1),
  A11: hl7(msh('A11'), EVN, PID, PV1),
  A13: hl7(msh('A13'), EVN, PID, PV1_DISCHARGED),
  A40: hl7(msh('A40'), EVN, segment('PID', { 1: '1', 3: 'MRN000123^^^NWG^MR', 5: 'TESTPATIENT^ALPHA' }), MRG),
};
