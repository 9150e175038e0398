import { z } from 'zod';
import { isoDate } from './common.js';

const code = z
  .string()
  .trim()
  .min(1, 'Enter a code')
  .max(10, 'A code has at most 7 characters (10 with a dot)')
  .regex(/^[A-Za-z0-9.]+$/u, 'Letters, digits and a dot only');

export const CodeSystemSchema = z.enum(['ICD-10-CM', 'ICD-10-PCS', 'HCPCS', 'CPT']);

export const CodeSearchQuery = z.strictObject({
  q: z.string().trim().min(1, 'Enter a code or words').max(200, 'At most 200 characters'),
  system: CodeSystemSchema.optional(),
  date: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const CodeDetailParams = z.strictObject({ system: CodeSystemSchema, code });
export const DateQuery = z.strictObject({ date: isoDate.optional() });

export const PcsBuilderQuery = z.strictObject({
  prefix: z
    .string()
    .max(7)
    .regex(/^[0-9A-HJ-NP-Za-hj-np-z]*$/u, 'PCS characters are digits and letters other than I and O')
    .default(''),
});

export const IndexBrowseQuery = z.strictObject({
  kind: z.enum(['index', 'eindex', 'drug', 'neoplasm', 'pcs-index']).default('index'),
  q: z.string().trim().max(100).default(''),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const TableLookupQuery = z.strictObject({
  kind: z.enum(['drug', 'neoplasm']),
  /** Main term and subterms, separated by "|". */
  path: z.string().trim().min(1).max(400),
});

export const EncounterTypeSchema = z.enum([
  'inpatient',
  'outpatient',
  'emergency',
  'observation',
  'skilled-nursing',
  'behavioral-health',
]);

/** A coded encounter as the validation engine and the groupers take it (codes with or without dots). */
export const CodedEncounterSchema = z.strictObject({
  id: z.string().max(100).optional(),
  ageYears: z.number().int().min(0).max(124),
  ageDays: z.number().int().min(0).max(365).optional(),
  sex: z.enum(['M', 'F', 'U']),
  encounterType: EncounterTypeSchema,
  admitDate: isoDate,
  dischargeDate: isoDate.optional(),
  dischargeStatus: z
    .string()
    .regex(/^\d{2}$/u, 'Two digits')
    .optional(),
  admitDiagnosis: code.optional(),
  diagnoses: z
    .array(z.strictObject({ code, poa: z.enum(['Y', 'N', 'U', 'W', '1']).optional() }))
    .max(100, 'At most 100 diagnoses'),
  procedures: z.array(z.strictObject({ code, date: isoDate.optional() })).max(100, 'At most 100 procedures'),
});
export type CodedEncounterInput = z.infer<typeof CodedEncounterSchema>;

export const ValidateRequest = z.union([
  CodedEncounterSchema,
  z.strictObject({
    encounters: z.array(CodedEncounterSchema).min(1).max(1000, 'At most 1,000 encounters per request'),
  }),
]);

export const FindingSchema = z.object({
  ruleId: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  path: z.string(),
  message: z.string(),
  citation: z.object({ source: z.string(), url: z.string().optional() }),
  codes: z.array(z.string()).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});

export const DrgGroupRequest = z.union([
  CodedEncounterSchema.extend({
    groupingDate: isoDate.optional(),
    explain: z.boolean().optional(),
    impact: z.boolean().optional(),
  }),
  z.strictObject({
    encounters: z
      .array(CodedEncounterSchema.extend({ groupingDate: isoDate.optional() }))
      .min(1)
      .max(5000, 'At most 5,000 encounters per request'),
    explain: z.boolean().optional(),
  }),
]);

const HccDiagnosisInput = z.union([code, z.strictObject({ code, date: isoDate.optional() })]);

export const HccPersonSchema = z.strictObject({
  id: z.union([z.string().max(100), z.number()]).optional(),
  sex: z.enum(['M', 'F']),
  dateOfBirth: isoDate.optional(),
  ageYears: z.number().int().min(0).max(124).optional(),
  medicaidDual: z.enum(['full', 'partial', 'non']),
  originallyDisabled: z.boolean().optional(),
  segment: z.enum([
    'community',
    'community-nondual-aged',
    'community-nondual-disabled',
    'community-fulldual-aged',
    'community-fulldual-disabled',
    'community-partialdual-aged',
    'community-partialdual-disabled',
    'institutional',
    'new-enrollee',
    'snp-new-enrollee',
  ]),
  diagnoses: z.array(HccDiagnosisInput).max(500),
});

export const HccSettingsSchema = z.strictObject({
  paymentYear: z.number().int().min(2024).max(2030),
  /** From CMS's Rate Announcement for the payment year (V28 FFS normalization factor). */
  normalizationFactor: z.number().positive().max(5),
  /** MA coding pattern adjustment as a fraction; the statutory minimum is 0.059 (SSA 1853(a)(1)(C)(ii)). */
  codingIntensityAdjustment: z.number().min(0).max(0.5).default(0.059),
});

export const HccScoreRequest = z.strictObject({
  settings: HccSettingsSchema,
  persons: z.array(HccPersonSchema).min(1).max(5000),
});
