import type { CompiledIndex, CodeSystem } from '@charta/core';

/** A shipped or imported source file and how to read it. */
export type SourceSpec =
  | {
      readonly kind: 'order';
      readonly system: 'ICD-10-CM' | 'ICD-10-PCS';
      readonly file: string;
      readonly member: RegExp;
      readonly version: string;
      readonly effectiveFrom: string;
    }
  | { readonly kind: 'hcpcs'; readonly file: string; readonly version: string; readonly effectiveFrom: string }
  | { readonly kind: 'tabular'; readonly file: string; readonly release: string }
  | {
      readonly kind: 'index';
      readonly indexKind: CompiledIndex['kind'];
      readonly file: string;
      readonly release: string;
    }
  | { readonly kind: 'pcs-tables'; readonly file: string; readonly release: string }
  | { readonly kind: 'pcs-definitions'; readonly file: string; readonly release: string }
  | { readonly kind: 'conversion'; readonly file: string }
  | { readonly kind: 'poa-exempt'; readonly file: string; readonly version: string; readonly effectiveFrom: string };

/**
 * The files shipped in data/codesets (see data/codesets/PROVENANCE.md). ICD-10 releases start on 1 Oct of the year
 * before the fiscal year [DOMAIN.md §1.1]; the HCPCS October 2025 quarterly file takes effect on 2025-10-01.
 */
export const SHIPPED_SOURCES: readonly SourceSpec[] = [
  {
    kind: 'order',
    system: 'ICD-10-CM',
    file: 'icd10cm-order-fy2025.zip',
    member: /^icd10cm_order_2025\.txt$/,
    version: 'FY2025',
    effectiveFrom: '2024-10-01',
  },
  {
    kind: 'order',
    system: 'ICD-10-CM',
    file: 'icd10cm-order-fy2026.zip',
    member: /^icd10cm_order_2026\.txt$/,
    version: 'FY2026',
    effectiveFrom: '2025-10-01',
  },
  {
    kind: 'order',
    system: 'ICD-10-PCS',
    file: 'icd10pcs-order-fy2025.zip',
    member: /^icd10pcs_order_2025\.txt$/,
    version: 'FY2025',
    effectiveFrom: '2024-10-01',
  },
  {
    kind: 'order',
    system: 'ICD-10-PCS',
    file: 'icd10pcs-order-fy2026.zip',
    member: /^icd10pcs_order_2026\.txt$/,
    version: 'FY2026',
    effectiveFrom: '2025-10-01',
  },
  { kind: 'hcpcs', file: 'hcpcs-2025-10.csv.gz', version: '2025-10', effectiveFrom: '2025-10-01' },
  { kind: 'tabular', file: 'icd10cm-tabular-fy2023.xml.gz', release: 'FY2023' },
  { kind: 'index', indexKind: 'index', file: 'icd10cm-index-fy2023.xml.gz', release: 'FY2023' },
  { kind: 'index', indexKind: 'eindex', file: 'icd10cm-eindex-fy2025.xml.gz', release: 'FY2025' },
  { kind: 'index', indexKind: 'drug', file: 'icd10cm-drug-fy2025.xml.gz', release: 'FY2025' },
  { kind: 'index', indexKind: 'neoplasm', file: 'icd10cm-neoplasm-fy2025.xml.gz', release: 'FY2025' },
  { kind: 'index', indexKind: 'pcs-index', file: 'icd10pcs-index-fy2025.xml.gz', release: 'FY2025' },
  { kind: 'pcs-tables', file: 'icd10pcs-tables-fy2026.xml.gz', release: 'FY2026' },
  { kind: 'pcs-definitions', file: 'icd10pcs-definitions-fy2026.xml.gz', release: 'FY2026' },
  { kind: 'conversion', file: 'icd10cm-conversion-fy2026.csv.gz' },
  { kind: 'poa-exempt', file: 'icd10cm-poa-exempt-fy2026.txt.gz', version: 'FY2026', effectiveFrom: '2025-10-01' },
];

export const HCPCS_SYSTEM: CodeSystem = 'HCPCS';
