import { err, ok, type Issue, type Result } from '../result.js';
import { HCC_MODEL_V28, type HccDxEdit, type HccTables } from './types.js';

/**
 * Builds `HccTables` from rows shaped like the CMS-HCC PY2026 CSV tables (column names as in the files
 * `ra_dx_to_cc_2026.csv`, `ra_hierarchies_2026.csv`, `ra_coefficients_2026.csv`, `ra_labels_2026.csv`,
 * `ra_dx_edits.csv`). Rows of other models (V24, ESRD, RxHCC) are skipped, so the full files and V28-only extracts
 * both work. Pure: the data package reads the files, tests pass a few real rows.
 */

/** The model names the CSV tables give V28 rows, per table. */
const V28_MAPPING_MODEL = 'CMS-HCC Model V28';
const V28_HIERARCHY_VERSION = 'V28';
const V28_COEFFICIENT_VERSION = 'C28';

export interface HccDxToCcRow {
  readonly diagnosis_code: string;
  readonly cc: string;
  readonly model_name: string;
}
export interface HccHierarchyRow {
  readonly cc_parent: string;
  readonly cc_child: string;
  readonly model_version: string;
}
export interface HccCoefficientRow {
  readonly coefficient: string;
  readonly value: string;
  readonly model_version: string;
}
export interface HccLabelRow {
  readonly cc: string;
  readonly label: string;
  readonly model_version: string;
}
export interface HccDxEditRow {
  readonly icd10: string;
  readonly edit_type: string;
  /** 1 = male, 2 = female, blank = both. */
  readonly sex: string;
  readonly age_min: string;
  readonly age_max: string;
  readonly action: string;
  readonly cc_override: string;
  readonly model_name: string;
  readonly description: string;
}

export interface HccTableRows {
  readonly paymentYear: number;
  readonly dxToCc: readonly HccDxToCcRow[];
  readonly hierarchies: readonly HccHierarchyRow[];
  readonly coefficients: readonly HccCoefficientRow[];
  readonly labels: readonly HccLabelRow[];
  readonly dxEdits: readonly HccDxEditRow[];
}

const CC_PATTERN = /^\d{1,3}$/;

function parseCc(value: string): number | undefined {
  const trimmed = value.trim().replace(/^HCC/i, '');
  return CC_PATTERN.test(trimmed) ? Number(trimmed) : undefined;
}

function parseOptionalInt(value: string): number | undefined | null {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return /^\d{1,3}$/.test(trimmed) ? Number(trimmed) : null;
}

/** Builds the lookup tables, or lists every row that could not be read (path = table/row index). */
export function buildHccTables(rows: HccTableRows): Result<HccTables, readonly Issue[]> {
  const issues: Issue[] = [];
  const bad = (table: string, index: number, message: string): void => {
    issues.push({ path: `/${table}/${index}`, code: 'HCC.TABLES.ROW', message });
  };

  const dxToCc = new Map<string, number[]>();
  rows.dxToCc.forEach((row, i) => {
    if (row.model_name !== V28_MAPPING_MODEL) return;
    const cc = parseCc(row.cc);
    const code = row.diagnosis_code.trim().toUpperCase();
    if (cc === undefined || code === '')
      return bad('dxToCc', i, `unreadable mapping row "${row.diagnosis_code},${row.cc}"`);
    const ccs = dxToCc.get(code) ?? [];
    if (!ccs.includes(cc)) ccs.push(cc);
    dxToCc.set(code, ccs);
  });

  const hierarchy = new Map<number, number[]>();
  rows.hierarchies.forEach((row, i) => {
    if (row.model_version !== V28_HIERARCHY_VERSION) return;
    const parent = parseCc(row.cc_parent);
    const child = parseCc(row.cc_child);
    if (parent === undefined || child === undefined)
      return bad('hierarchies', i, `unreadable hierarchy row "${row.cc_parent}>${row.cc_child}"`);
    const children = hierarchy.get(parent) ?? [];
    if (!children.includes(child)) children.push(child);
    hierarchy.set(parent, children);
  });

  const coefficients = new Map<string, number>();
  rows.coefficients.forEach((row, i) => {
    if (row.model_version !== V28_COEFFICIENT_VERSION) return;
    const value = Number(row.value);
    if (row.coefficient.trim() === '' || row.value.trim() === '' || !Number.isFinite(value)) {
      return bad('coefficients', i, `unreadable coefficient row "${row.coefficient},${row.value}"`);
    }
    coefficients.set(row.coefficient.trim(), value);
  });

  const labels = new Map<number, string>();
  rows.labels.forEach((row, i) => {
    if (row.model_version !== V28_HIERARCHY_VERSION) return;
    const cc = parseCc(row.cc);
    if (cc === undefined) return bad('labels', i, `unreadable label row "${row.cc}"`);
    labels.set(cc, row.label.trim());
  });

  const dxEdits = new Map<string, HccDxEdit[]>();
  rows.dxEdits.forEach((row, i) => {
    if (row.model_name !== V28_MAPPING_MODEL) return;
    const code = row.icd10.trim().toUpperCase();
    const kind = row.edit_type.trim();
    const action = row.action.trim();
    const sexCode = row.sex.trim();
    const ageMin = parseOptionalInt(row.age_min);
    const ageMax = parseOptionalInt(row.age_max);
    const ccOverride = row.cc_override.trim() === '' ? undefined : parseCc(row.cc_override);
    if (
      code === '' ||
      (kind !== 'age' && kind !== 'sex') ||
      (action !== 'invalid' && action !== 'override') ||
      (sexCode !== '' && sexCode !== '1' && sexCode !== '2') ||
      ageMin === null ||
      ageMax === null ||
      (action === 'override' && ccOverride === undefined)
    ) {
      return bad('dxEdits', i, `unreadable edit row for "${row.icd10}"`);
    }
    const edit: HccDxEdit = {
      code,
      kind,
      action,
      description: row.description.trim(),
      ...(sexCode === '1' ? { sex: 'M' as const } : sexCode === '2' ? { sex: 'F' as const } : {}),
      ...(ageMin !== undefined ? { ageMin } : {}),
      ...(ageMax !== undefined ? { ageMax } : {}),
      ...(ccOverride !== undefined ? { ccOverride } : {}),
    };
    const list = dxEdits.get(code) ?? [];
    list.push(edit);
    dxEdits.set(code, list);
  });

  if (issues.length > 0) return err(issues);
  return ok({ model: HCC_MODEL_V28, paymentYear: rows.paymentYear, dxToCc, hierarchy, coefficients, labels, dxEdits });
}
