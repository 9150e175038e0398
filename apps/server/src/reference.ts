import {
  loadCodeSetServices,
  loadHccTables,
  loadMceTablesOrThrow,
  loadMsDrgTables,
  createValidationReference,
  type CodeSetServices,
} from '@charta/data';
import type { HccTables, MsDrgTables, ValidationReference } from '@charta/core';

/**
 * Reference data the coding routes need: code sets with their search index, the validation reference (code sets plus
 * MCE tables), the MS-DRG tables and the CMS-HCC tables. Each is loaded once, on first use or when the server warms
 * it at start, and shared by every request.
 */
export class ReferenceData {
  #codes: Promise<CodeSetServices> | undefined;
  #validation: Promise<ValidationReference> | undefined;
  #drg: Promise<MsDrgTables> | undefined;
  #hcc: Promise<HccTables> | undefined;

  constructor(private readonly options: { readonly codeSetDataDir?: string | undefined } = {}) {}

  codes(): Promise<CodeSetServices> {
    this.#codes ??= loadCodeSetServices(this.options.codeSetDataDir ? { dataDir: this.options.codeSetDataDir } : {});
    return this.#codes;
  }

  validation(): Promise<ValidationReference> {
    this.#validation ??= this.codes().then((c) => createValidationReference(c.store, loadMceTablesOrThrow()));
    return this.#validation;
  }

  drg(): Promise<MsDrgTables> {
    this.#drg ??= Promise.resolve().then(() => loadMsDrgTables());
    return this.#drg;
  }

  hcc(): Promise<HccTables> {
    this.#hcc ??= Promise.resolve().then(() => {
      const r = loadHccTables();
      if (!r.ok) throw new Error(`CMS-HCC tables failed to load: ${r.error.map((i) => i.message).join('; ')}`);
      return r.value;
    });
    return this.#hcc;
  }

  /** Starts loading everything in the background, so the first request does not wait. */
  warm(onError: (error: unknown) => void): void {
    for (const p of [this.codes(), this.validation(), this.drg(), this.hcc()]) p.catch(onError);
  }
}
