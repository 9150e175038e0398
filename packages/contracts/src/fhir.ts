import { z } from 'zod';

/** Media types the FHIR import accepts: one Bundle as JSON, or FHIR Bulk Data NDJSON (one resource per line). */
export const FHIR_JSON_TYPES = ['application/fhir+json', 'application/json'] as const;
export const FHIR_NDJSON_TYPES = ['application/fhir+ndjson', 'application/x-ndjson', 'application/ndjson'] as const;

/** What happened to the resources of one type in an import. */
export const FhirImportCount = z.object({
  imported: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
});
export type FhirImportCount = z.infer<typeof FhirImportCount>;

/** A resource (or a whole bundle's worth of them) left out, with where: source name, line for NDJSON, FHIR path. */
export const FhirRejection = z.object({
  source: z.string(),
  line: z.number().int().nullable(),
  resourceType: z.string().nullable(),
  sourceKey: z.string().nullable(),
  path: z.string(),
  code: z.string(),
  message: z.string(),
});
export type FhirRejection = z.infer<typeof FhirRejection>;

export const FhirImportResult = z.object({
  /** Counts per resource type. */
  counts: z.record(z.string(), FhirImportCount),
  totals: FhirImportCount,
  rejections: z.array(FhirRejection),
  /** True when rejections were left out of the list because there were too many. */
  rejectionsTruncated: z.boolean(),
});
export type FhirImportResult = z.infer<typeof FhirImportResult>;

/** Resource types the bulk export writes, one NDJSON stream per type. */
export const FHIR_EXPORT_TYPES = [
  'Patient',
  'Practitioner',
  'Encounter',
  'Condition',
  'Procedure',
  'DocumentReference',
  'Coverage',
] as const;
export type FhirExportType = (typeof FHIR_EXPORT_TYPES)[number];

export const FhirExportQuery = z.strictObject({
  _type: z.enum(FHIR_EXPORT_TYPES, { message: `_type must be one of ${FHIR_EXPORT_TYPES.join(', ')}` }),
});

export const FhirEverythingParams = z.strictObject({ id: z.uuid({ message: 'Expected an id (UUID)' }) });

/** A FHIR Bundle as sent back; its resources are checked in tests, not here. */
export const FhirBundleResponse = z.looseObject({
  resourceType: z.literal('Bundle'),
  type: z.string(),
  entry: z.array(z.looseObject({ fullUrl: z.string(), resource: z.looseObject({ resourceType: z.string() }) })),
});
