import {
  CodingSaveRequest,
  type ChargeLine,
  type CodingState,
  type CodingSaveRequest as SaveRequest,
  type FieldError,
} from '@charta/contracts';
import { validate } from '../../api/validate.js';

export const POA_VALUES = ['Y', 'N', 'U', 'W', '1'] as const;
export type PoaValue = (typeof POA_VALUES)[number];

/** What each POA value means [ICD-10-CM Official Guidelines FY2026, Appendix I]. */
export const POA_LABELS: Readonly<Record<PoaValue, string>> = {
  Y: 'Y: present at admission',
  N: 'N: not present at admission',
  U: 'U: documentation insufficient',
  W: 'W: clinically undetermined',
  '1': '1: exempt from POA reporting',
};

export const PROCEDURE_SYSTEMS = ['ICD-10-PCS', 'CPT', 'HCPCS'] as const;
export type ProcedureSystem = (typeof PROCEDURE_SYSTEMS)[number];

export const CHARGE_SYSTEMS = ['CPT', 'HCPCS'] as const;
export type ChargeSystem = (typeof CHARGE_SYSTEMS)[number];

/** Rows carry a key of their own so React keeps a row's inputs with it when the coder re-sequences. */
export interface DraftDiagnosis {
  readonly key: string;
  readonly code: string;
  readonly poa: PoaValue | '';
}

export interface DraftProcedure {
  readonly key: string;
  readonly system: ProcedureSystem;
  readonly code: string;
  /** As typed: two-character modifiers separated by spaces or commas. */
  readonly modifiers: string;
  /** YYYY-MM-DD or ''. */
  readonly date: string;
}

/** A charge line as the form holds it: text everywhere, '' meaning "not given". */
export interface DraftCharge {
  readonly key: string;
  /** The server's id of an existing line; absent for a line added here. */
  readonly id?: string;
  readonly codeSystem: ChargeSystem | '';
  readonly code: string;
  readonly modifiers: string;
  readonly units: string;
  readonly revenueCode: string;
  readonly amount: string;
  readonly serviceDate: string;
  readonly description: string;
}

export interface CodingDraft {
  readonly diagnoses: readonly DraftDiagnosis[];
  readonly procedures: readonly DraftProcedure[];
  readonly charges: readonly DraftCharge[];
  /** Whether the coder changed the charge lines (only then are they sent: the charge list is replaced whole). */
  readonly chargesEdited: boolean;
}

let lastKey = 0;
/** A key for a new row, unique for the page's life. */
export function newRowKey(): string {
  lastKey += 1;
  return `row-${lastKey}`;
}

const asPoa = (value: string | null): PoaValue | '' =>
  value !== null && (POA_VALUES as readonly string[]).includes(value) ? (value as PoaValue) : '';
const asProcedureSystem = (value: string): ProcedureSystem =>
  (PROCEDURE_SYSTEMS as readonly string[]).includes(value) ? (value as ProcedureSystem) : 'ICD-10-PCS';
const asChargeSystem = (value: string | null): ChargeSystem | '' =>
  value !== null && (CHARGE_SYSTEMS as readonly string[]).includes(value) ? (value as ChargeSystem) : '';

export function chargeToDraft(line: ChargeLine): DraftCharge {
  return {
    key: `charge-${line.id}`,
    id: line.id,
    codeSystem: asChargeSystem(line.codeSystem),
    code: line.code ?? '',
    modifiers: line.modifiers.join(' '),
    units: line.units,
    revenueCode: line.revenueCode ?? '',
    amount: line.amount,
    serviceDate: line.serviceDate ?? '',
    description: line.description ?? '',
  };
}

/** The coded record as the server holds it, in the form's shape. */
export function draftFromState(state: CodingState): CodingDraft {
  return {
    diagnoses: [...state.coding.diagnoses]
      .sort((a, b) => a.seq - b.seq)
      .map((d) => ({ key: `dx-${d.seq}-${d.code}`, code: d.code, poa: asPoa(d.poa) })),
    procedures: [...state.coding.procedures]
      .sort((a, b) => a.seq - b.seq)
      .map((p) => ({
        key: `px-${p.seq}-${p.code}`,
        system: asProcedureSystem(p.system),
        code: p.code,
        modifiers: p.modifiers.join(' '),
        date: p.date ?? '',
      })),
    charges: state.charges.map(chargeToDraft),
    chargesEdited: false,
  };
}

/** Splits typed modifiers ("25, 59" or "25 59") into upper-case items. */
export function splitModifiers(text: string): string[] {
  return text
    .split(/[\s,]+/u)
    .map((m) => m.trim().toUpperCase())
    .filter((m) => m !== '');
}

const plainCode = (code: string): string => code.replace(/[.\s]/gu, '').toUpperCase();

/** The save request body for a draft (before the server's parsing): codes without dots, blanks left out. */
export function saveBody(draft: CodingDraft): Record<string, unknown> {
  return {
    diagnoses: draft.diagnoses.map((d) => ({ code: plainCode(d.code), ...(d.poa !== '' ? { poa: d.poa } : {}) })),
    procedures: draft.procedures.map((p) => ({
      system: p.system,
      code: plainCode(p.code),
      modifiers: splitModifiers(p.modifiers),
      ...(p.date !== '' ? { date: p.date } : {}),
    })),
    ...(draft.chargesEdited
      ? {
          charges: draft.charges.map((c) => ({
            ...(c.id !== undefined ? { id: c.id } : {}),
            ...(c.codeSystem !== '' ? { codeSystem: c.codeSystem } : {}),
            ...(c.code.trim() !== '' ? { code: plainCode(c.code) } : {}),
            modifiers: splitModifiers(c.modifiers),
            units: c.units.trim() === '' ? 1 : Number(c.units),
            ...(c.revenueCode.trim() !== '' ? { revenueCode: c.revenueCode.trim() } : {}),
            amount: c.amount.trim(),
            ...(c.serviceDate !== '' ? { serviceDate: c.serviceDate } : {}),
            ...(c.description.trim() !== '' ? { description: c.description.trim() } : {}),
          })),
        }
      : {}),
  };
}

/** A stable text for "has the coded record changed": the body a save would send. */
export function draftSignature(draft: CodingDraft): string {
  return JSON.stringify(saveBody(draft));
}

export type SaveInput = { ok: true; value: SaveRequest } | { ok: false; errors: FieldError[] };

/**
 * The request to save a draft, checked with the server's own contract so a half-typed charge line shows its message
 * beside the field instead of a refused request.
 */
export function toSaveRequest(draft: CodingDraft, revision: number, reason?: string): SaveInput {
  return validate(CodingSaveRequest, {
    ...saveBody(draft),
    revision,
    ...(reason !== undefined ? { reason } : {}),
  });
}

/**
 * After a save, new charge lines in a draft that changed meanwhile take the ids the server gave them (lines the draft
 * does not know yet, in order), so the next save changes them rather than adding them again.
 */
export function adoptChargeIds(draft: CodingDraft, saved: readonly ChargeLine[]): CodingDraft {
  const known = new Set(draft.charges.flatMap((c) => (c.id !== undefined ? [c.id] : [])));
  const fresh = saved.filter((line) => !known.has(line.id)).map((line) => line.id);
  if (fresh.length === 0) return draft;
  let next = 0;
  const charges = draft.charges.map((c) => {
    if (c.id !== undefined || next >= fresh.length) return c;
    const id = fresh[next];
    next += 1;
    return id === undefined ? c : { ...c, id };
  });
  return { ...draft, charges };
}

/** Where a finding points, in a coder's words: "/diagnoses/1/poa" -> "Diagnosis 2, POA". */
export function placeOf(path: string): string {
  const [field, index, sub] = path.split('/').slice(1);
  const n = index !== undefined && /^\d+$/u.test(index) ? Number(index) + 1 : undefined;
  const suffix = sub === 'poa' ? ', POA' : sub === 'modifiers' ? ', modifiers' : sub === 'units' ? ', units' : '';
  switch (field) {
    case 'diagnoses':
      return n === undefined ? 'Diagnoses' : `${n === 1 ? 'Principal diagnosis' : `Diagnosis ${n}`}${suffix}`;
    case 'procedures':
      return n === undefined ? 'Procedures' : `Procedure ${n}${suffix}`;
    case 'charges':
      return n === undefined ? 'Charges' : `Charge ${n}${suffix}`;
    case undefined:
    case '':
      return 'Encounter';
    default:
      return field;
  }
}

/** The rows of a list (diagnoses, procedures, charges) that a finding points at, by index. */
export function flaggedRows(
  findings: readonly { readonly path: string; readonly severity: string }[],
  list: 'diagnoses' | 'procedures' | 'charges',
): ReadonlyMap<number, 'error' | 'warning' | 'info'> {
  const rank = { error: 3, warning: 2, info: 1 } as const;
  const out = new Map<number, 'error' | 'warning' | 'info'>();
  for (const f of findings) {
    const [field, index] = f.path.split('/').slice(1);
    if (field !== list || index === undefined || !/^\d+$/u.test(index)) continue;
    const severity = f.severity === 'error' || f.severity === 'warning' ? f.severity : 'info';
    const i = Number(index);
    const current = out.get(i);
    if (current === undefined || rank[severity] > rank[current]) out.set(i, severity);
  }
  return out;
}
