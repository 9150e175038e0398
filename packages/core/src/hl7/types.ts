import type { Issue } from '../result.js';

/** The separator characters a message declares in MSH-1 and MSH-2 (HL7 v2.5.1 chapter 2, section 2.5.4). */
export interface Hl7Delimiters {
  readonly field: string;
  readonly component: string;
  readonly repetition: string;
  readonly escape: string;
  readonly subcomponent: string;
}

/** The delimiters HL7 recommends, `|^~\&`. */
export const DEFAULT_DELIMITERS: Hl7Delimiters = {
  field: '|',
  component: '^',
  repetition: '~',
  escape: '\\',
  subcomponent: '&',
};

/** One component: its subcomponents, unescaped. */
export type Hl7Component = readonly string[];
/** One repetition of a field: its components. */
export type Hl7Repetition = readonly Hl7Component[];
/** One field: its repetitions (an empty field has none). */
export type Hl7Field = readonly Hl7Repetition[];

/**
 * One segment. `fields[n]` is field n as HL7 numbers it (`fields[0]` is unused), so that `PID-3` is `fields[3]`.
 * For MSH, `fields[1]` is the field separator and `fields[2]` the encoding characters, both kept literally.
 */
export interface Hl7Segment {
  readonly id: string;
  /** Position of the segment in the message, from 0 (MSH). */
  readonly index: number;
  readonly fields: readonly Hl7Field[];
}

export interface Hl7Message {
  readonly delimiters: Hl7Delimiters;
  readonly segments: readonly Hl7Segment[];
}

/**
 * HL7 table 0357 (message error condition codes), v2.5.1 chapter 2, section 2.15.5 (ERR-3).
 * Keys are for code; values are the codes sent on the wire.
 */
export const Hl7ErrorCode = {
  accepted: '0',
  segmentSequenceError: '100',
  requiredFieldMissing: '101',
  dataTypeError: '102',
  tableValueNotFound: '103',
  unsupportedMessageType: '200',
  unsupportedEventCode: '201',
  unsupportedProcessingId: '202',
  unsupportedVersionId: '203',
  unknownKeyIdentifier: '204',
  duplicateKeyIdentifier: '205',
  applicationRecordLocked: '206',
  applicationInternalError: '207',
} as const;
export type Hl7ErrorCode = (typeof Hl7ErrorCode)[keyof typeof Hl7ErrorCode];

/** Display text for each table 0357 code, sent in ERR-3.2. */
export const HL7_ERROR_TEXT: Readonly<Record<Hl7ErrorCode, string>> = {
  '0': 'Message accepted',
  '100': 'Segment sequence error',
  '101': 'Required field missing',
  '102': 'Data type error',
  '103': 'Table value not found',
  '200': 'Unsupported message type',
  '201': 'Unsupported event code',
  '202': 'Unsupported processing id',
  '203': 'Unsupported version id',
  '204': 'Unknown key identifier',
  '205': 'Duplicate key identifier',
  '206': 'Application record locked',
  '207': 'Application internal error',
};

/** Where in a message a problem lies, as ERR-2 (ERL) expresses it; positions count from 1. */
export interface Hl7Location {
  /** Segment id, e.g. `PID`; empty when the segment could not be identified. */
  readonly segment: string;
  /** Index of the segment in the message, from 0 (MSH), when it exists. */
  readonly segmentIndex?: number;
  /** Occurrence of this segment id in the message, from 1. */
  readonly sequence?: number;
  readonly field?: number;
  readonly repetition?: number;
  readonly component?: number;
  readonly subcomponent?: number;
}

/** An expected failure in an HL7 message: an `Issue` plus its HL7 location and table 0357 code. */
export interface Hl7Issue extends Issue {
  readonly location: Hl7Location;
  readonly hl7Code: Hl7ErrorCode;
  /** HL7 table 0516: E error, W warning, I information. */
  readonly severity: 'E' | 'W' | 'I';
}
