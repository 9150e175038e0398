import type { MpiCandidateDetail, MpiFieldComparison, MpiPatientView } from '@charta/contracts';

/** How a compared field reads in the comparison: agreeing, partly agreeing, disagreeing, or not compared. */
export type Tone = 'agree' | 'partial' | 'disagree' | 'none';

export interface ComparisonRow {
  readonly key: string;
  readonly label: string;
  readonly a: string;
  readonly b: string;
  readonly agreement: string | null;
  readonly weight: number | null;
  readonly text: string | null;
  readonly tone: Tone;
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  identifier: 'Identifiers',
  familyName: 'Family name',
  givenName: 'Given name',
  middleName: 'Middle name',
  birthDate: 'Date of birth',
  sex: 'Sex',
  address: 'Address',
  phone: 'Phone',
  email: 'E-mail',
  multipleBirth: 'Multiple birth check',
};

/** Exact agreement levels; any other level with a positive weight is partial (nickname, typo, transposition ...). */
const FULL_AGREEMENT = new Set(['exact', 'agree', 'ssn-exact', 'id-exact', 'exact-with-address']);

export function toneOf(c: Pick<MpiFieldComparison, 'agreement' | 'weight'> | undefined): Tone {
  if (!c) return 'none';
  if (c.weight < 0) return 'disagree';
  if (FULL_AGREEMENT.has(c.agreement)) return 'agree';
  return c.weight > 0 ? 'partial' : 'none';
}

const blank = (s: string | null | undefined): string => (s === null || s === undefined || s === '' ? '—' : s);

function valueOf(field: string, p: MpiPatientView): string {
  switch (field) {
    case 'identifier':
      return blank(p.identifiers.map((i) => `${i.type} ${i.value}`).join(', '));
    case 'familyName':
      return p.previousFamilyNames.length > 0
        ? `${p.familyName} (formerly ${p.previousFamilyNames.join(', ')})`
        : p.familyName;
    case 'givenName':
      return p.givenName;
    case 'middleName':
      return blank(p.middleName);
    case 'birthDate':
      return p.birthDate;
    case 'sex':
      return p.sex;
    case 'address':
      return blank([p.address, p.postalCode].filter((x) => x !== null && x !== '').join(' '));
    case 'phone':
      return blank(p.phone);
    case 'email':
      return blank(p.email);
    default:
      return '';
  }
}

const ORDER = ['identifier', 'familyName', 'givenName', 'middleName', 'birthDate', 'sex', 'address', 'phone', 'email'];

/**
 * The side-by-side rows: every compared field with both values, the agreement level and the weight the matcher gave
 * it (fields missing on a side were not compared and carry no weight), then the multiple-birth check when it fired.
 */
export function comparisonRows(detail: MpiCandidateDetail): ComparisonRow[] {
  const byField = new Map(detail.fields.map((f) => [f.field, f]));
  const rows: ComparisonRow[] = [
    {
      key: 'mrn',
      label: 'MRN',
      a: detail.a.mrn,
      b: detail.b.mrn,
      agreement: null,
      weight: null,
      text: null,
      tone: 'none',
    },
  ];
  for (const field of ORDER) {
    const c = byField.get(field);
    rows.push({
      key: field,
      label: FIELD_LABELS[field] ?? field,
      a: valueOf(field, detail.a),
      b: valueOf(field, detail.b),
      agreement: c?.agreement ?? null,
      weight: c?.weight ?? null,
      text: c?.text ?? (c ? null : 'Missing on one side: not compared'),
      tone: toneOf(c),
    });
  }
  const twin = byField.get('multipleBirth');
  if (twin) {
    rows.push({
      key: 'multipleBirth',
      label: FIELD_LABELS['multipleBirth'] ?? 'Multiple birth',
      a: '',
      b: '',
      agreement: twin.agreement,
      weight: twin.weight,
      text: twin.text,
      tone: 'disagree',
    });
  }
  rows.push({
    key: 'history',
    label: 'Encounters / documents',
    a: `${detail.a.encounters} / ${detail.a.documents}`,
    b: `${detail.b.encounters} / ${detail.b.documents}`,
    agreement: null,
    weight: null,
    text: null,
    tone: 'none',
  });
  return rows;
}

/** The score's band at the thresholds it was judged with. */
export function scoreBand(score: number, thresholds: { match: number; review: number }): 'likely' | 'possible' | 'low' {
  if (score >= thresholds.match) return 'likely';
  if (score >= thresholds.review) return 'possible';
  return 'low';
}

export const formatWeight = (w: number | null): string =>
  w === null ? '' : `${w > 0 ? '+' : w < 0 ? '−' : ''}${Math.abs(w).toFixed(2)}`;

export const personLine = (p: { familyName: string; givenName: string; birthDate: string }): string =>
  `${p.familyName}, ${p.givenName} (${p.birthDate})`;
