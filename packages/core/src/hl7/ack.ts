/**
 * General acknowledgements (HL7 v2.5.1 chapter 2: 2.9 original acknowledgement mode, 2.14.1 ACK, 2.15.8 MSA,
 * 2.15.5 ERR with HL7 table 0357 in ERR-3 and table 0516 in ERR-4). The ACK is written with the incoming message's
 * delimiters and swaps its sending and receiving application/facility. Core has no clock: the caller passes the ACK's
 * own control id and timestamp, or the incoming ones are echoed.
 */
import { type AdtEvent, mapAdtEvent } from './adt.js';
import { escapeHl7, getSegments, hl7Issue, parseHl7 } from './parse.js';
import { err, type Result } from '../result.js';
import {
  DEFAULT_DELIMITERS,
  HL7_ERROR_TEXT,
  type Hl7Delimiters,
  Hl7ErrorCode,
  type Hl7Field,
  type Hl7Issue,
  type Hl7Message,
} from './types.js';

/** HL7 table 0008: application accept, application error, application reject. */
export type AckCode = 'AA' | 'AE' | 'AR';

export interface AckOptions {
  readonly code: AckCode;
  /** MSA-3, a short text for a person. */
  readonly text?: string;
  /** One ERR segment each. */
  readonly errors?: readonly Hl7Issue[];
  /** MSH-10 of the ACK; defaults to the incoming control id. */
  readonly controlId?: string;
  /** MSH-7 of the ACK as an HL7 TS (`YYYYMMDDHHMMSS`); defaults to the incoming MSH-7. */
  readonly timestamp?: string;
}

/** Writes a field back with the message's delimiters, escaping its text. */
export function formatHl7Field(field: Hl7Field | undefined, d: Hl7Delimiters): string {
  if (!field) return '';
  return field
    .map((rep) => rep.map((comp) => comp.map((sub) => escapeHl7(sub, d)).join(d.subcomponent)).join(d.component))
    .join(d.repetition);
}

/**
 * The acknowledgement code for a set of issues, after HL7 v2.5.1 section 2.9.2 (original acknowledgement rules): a
 * message that fails the header checks (MSH-9 type or event, MSH-11 processing id, MSH-12 version) is rejected (AR);
 * any other failure is an application error (AE); no issue is AA.
 */
export function ackCodeFor(issues: readonly Hl7Issue[]): AckCode {
  if (issues.length === 0) return 'AA';
  const reject: readonly string[] = [
    Hl7ErrorCode.unsupportedMessageType,
    Hl7ErrorCode.unsupportedEventCode,
    Hl7ErrorCode.unsupportedProcessingId,
    Hl7ErrorCode.unsupportedVersionId,
  ];
  return issues.some((i) => reject.includes(i.hl7Code)) ? 'AR' : 'AE';
}

function errSegment(issue: Hl7Issue, d: Hl7Delimiters): string {
  const l = issue.location;
  const num = (n: number | undefined): string => (n === undefined ? '' : String(n));
  // ERR-2 (ERL): segment id ^ sequence ^ field ^ repetition ^ component ^ subcomponent.
  const erl = [l.segment, num(l.sequence), num(l.field), num(l.repetition), num(l.component), num(l.subcomponent)];
  while (erl.length > 1 && erl[erl.length - 1] === '') erl.pop();
  const location = l.segment === '' ? '' : erl.map((p) => escapeHl7(p, d)).join(d.component);
  const code = [issue.hl7Code, escapeHl7(HL7_ERROR_TEXT[issue.hl7Code], d), 'HL70357'].join(d.component);
  // ERR-1 (ELD) is kept for v2.5.1 only for backward compatibility, so it stays empty; ERR-8 carries the text.
  return ['ERR', '', location, code, issue.severity, '', '', '', escapeHl7(issue.message, d)].join(d.field);
}

function mshOf(message: Hl7Message) {
  return getSegments(message, 'MSH')[0];
}

/**
 * Builds an ACK for a parsed message: MSH (sender and receiver swapped, `ACK^<trigger>^ACK`), MSA (code, the incoming
 * MSH-10, optional text) and one ERR per issue. Segments end in CR.
 */
export function buildAck(message: Hl7Message, options: AckOptions): string {
  const d = message.delimiters;
  const msh = mshOf(message);
  const f = (n: number): string => formatHl7Field(msh?.fields[n], d);
  const trigger = msh?.fields[9]?.[0]?.[1]?.[0] ?? '';
  const type = trigger === '' ? 'ACK' : ['ACK', escapeHl7(trigger, d), 'ACK'].join(d.component);
  const encoding = `${d.component}${d.repetition}${d.escape}${d.subcomponent}`;
  const header = [
    'MSH',
    encoding,
    f(5),
    f(6),
    f(3),
    f(4),
    options.timestamp === undefined ? f(7) : escapeHl7(options.timestamp, d),
    '',
    type,
    options.controlId === undefined ? f(10) : escapeHl7(options.controlId, d),
    f(11),
    f(12),
  ].join(d.field);
  const msa = ['MSA', options.code, f(10)];
  if (options.text !== undefined) msa.push(escapeHl7(options.text, d));
  const segments = [header, msa.join(d.field), ...(options.errors ?? []).map((e) => errSegment(e, d))];
  return segments.map((s) => s + '\r').join('');
}

/**
 * An ACK for input whose MSH cannot be read: default delimiters, no sender to answer, MSA-2 from a best-effort read
 * of MSH-10. Defaults to AR with one ERR (segment sequence error) unless errors are given.
 */
export function buildFallbackAck(raw: string, options: Partial<AckOptions> = {}): string {
  const d = DEFAULT_DELIMITERS;
  const start = raw.replace(/^[\s\uFEFF\u0000]+/, '');
  let controlId = '';
  const sep = start.charAt(3);
  if (start.startsWith('MSH') && sep !== '' && !/[A-Za-z0-9\s]/.test(sep)) {
    const first = start.split(/\r|\n/)[0] ?? '';
    controlId = first.split(sep)[9] ?? '';
  }
  const errors = options.errors ?? [
    hl7Issue({ segment: 'MSH' }, Hl7ErrorCode.segmentSequenceError, 'The message header (MSH) could not be read'),
  ];
  const message: Hl7Message = {
    delimiters: d,
    segments: [
      {
        id: 'MSH',
        index: 0,
        fields: [[], [[['|']]], [[['^~\\&']]], [], [], [], [], [[[options.timestamp ?? '']]], [], [], [[[controlId]]]],
      },
    ],
  };
  return buildAck(message, {
    code: options.code ?? 'AR',
    errors,
    ...(options.text === undefined ? {} : { text: options.text }),
    ...(options.controlId === undefined ? {} : { controlId: options.controlId }),
  });
}

/** The outcome of `acknowledgeAdt`: the mapped event or the issues (to be kept with the message), and the ACK. */
export interface AdtAcknowledgement {
  readonly result: Result<AdtEvent, readonly Hl7Issue[]>;
  readonly ack: string;
}

/**
 * Parses and maps an ADT message and builds the matching ACK in one step: AA when it maps, AE or AR (see `ackCodeFor`)
 * with ERR segments when it does not, and a fallback ACK when the header cannot be read.
 */
export function acknowledgeAdt(
  text: string,
  options: { readonly controlId?: string; readonly timestamp?: string } = {},
): AdtAcknowledgement {
  const parsed = parseHl7(text);
  if (!parsed.ok) {
    // A broken body line under a readable header is an application error answered to the sender with the header's
    // delimiters; an unreadable header fails the accept checks and is rejected.
    const header = parseHl7(text.replace(/^[\s\uFEFF\u0000]+/, '').split(/\r|\n/)[0] ?? '');
    const ack = header.ok
      ? buildAck(header.value, { ...options, code: 'AE', errors: parsed.error })
      : buildFallbackAck(text, { ...options, code: 'AR', errors: parsed.error });
    return { result: err(parsed.error), ack };
  }
  const mapped = mapAdtEvent(parsed.value);
  const issues = mapped.ok ? [] : mapped.error;
  const ack = buildAck(parsed.value, { ...options, code: ackCodeFor(issues), errors: issues });
  return { result: mapped, ack };
}
