/** A rule's verdict on one part of an input. A violation is a finding, never an exception. */
export const Severity = { error: 'error', warning: 'warning', info: 'info' } as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

export interface Citation {
  /** Document, section and release, e.g. "ICD-10-CM Official Guidelines FY2026, I.A.12.a". */
  readonly source: string;
  readonly url?: string;
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  /** JSON Pointer into the input. */
  readonly path: string;
  readonly message: string;
  readonly citation: Citation;
  readonly codes?: readonly string[];
  readonly data?: Readonly<Record<string, unknown>>;
}
