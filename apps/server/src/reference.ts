import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  createValidationReference,
  loadCodeSetServices,
  loadHccTables,
  loadMceTablesOrThrow,
  loadMsDrgTables,
  releasesDir,
  type CodeSetServices,
} from '@charta/data';
import type { HccTables, MsDrgTables, ValidationReference } from '@charta/core';

/** How often the imported-releases folder is checked for a new release. */
const RELEASE_CHECK_MS = 5000;

/** A fingerprint of the imported releases: every release folder with its modification time. */
function releasesFingerprint(dataDir: string | undefined): string {
  if (!dataDir) return '';
  const root = releasesDir(dataDir);
  if (!existsSync(root)) return '';
  const parts: string[] = [];
  for (const kind of readdirSync(root).sort()) {
    const kindDir = join(root, kind);
    if (!statSync(kindDir).isDirectory()) continue;
    for (const version of readdirSync(kindDir).sort())
      parts.push(`${kind}/${version}@${statSync(join(kindDir, version)).mtimeMs}`);
  }
  return parts.join('|');
}

/**
 * Reference data the coding routes need: code sets with their search index, the validation reference (code sets plus
 * MCE tables), the MS-DRG tables and the CMS-HCC tables. Each is loaded once and shared by every request. A release
 * imported with `charta codesets import` while the server runs is picked up without a restart: the new tables are
 * built beside the old ones, which keep answering until the swap.
 */
export class ReferenceData {
  #codes: Promise<CodeSetServices> | undefined;
  #codesFingerprint = '';
  #reloading: Promise<void> | undefined;
  #lastCheck = 0;
  #validation: { forCodes: Promise<CodeSetServices>; value: Promise<ValidationReference> } | undefined;
  #drg: Promise<MsDrgTables> | undefined;
  #hcc: Promise<HccTables> | undefined;

  constructor(
    private readonly options: { readonly codeSetDataDir?: string | undefined; readonly releaseCheckMs?: number } = {},
  ) {}

  #load(): Promise<CodeSetServices> {
    return loadCodeSetServices(this.options.codeSetDataDir ? { dataDir: this.options.codeSetDataDir } : {});
  }

  codes(): Promise<CodeSetServices> {
    if (!this.#codes) {
      this.#codesFingerprint = releasesFingerprint(this.options.codeSetDataDir);
      this.#codes = this.#load();
      this.#lastCheck = Date.now();
      return this.#codes;
    }
    const now = Date.now();
    if (!this.#reloading && now - this.#lastCheck >= (this.options.releaseCheckMs ?? RELEASE_CHECK_MS)) {
      this.#lastCheck = now;
      const fingerprint = releasesFingerprint(this.options.codeSetDataDir);
      if (fingerprint !== this.#codesFingerprint) {
        const next = this.#load();
        this.#reloading = next
          .then(() => {
            this.#codes = next;
            this.#codesFingerprint = fingerprint;
          })
          .catch(() => {
            // A release that fails to load leaves the current tables in service; the import step already refused
            // malformed files, so this is a storage problem for the operator's log.
          })
          .finally(() => {
            this.#reloading = undefined;
          });
      }
    }
    return this.#codes;
  }

  /** Resolves when a reload in progress (if any) has finished; for tests and operators. */
  async settled(): Promise<void> {
    await this.#reloading;
  }

  validation(): Promise<ValidationReference> {
    const codes = this.codes();
    if (!this.#validation || this.#validation.forCodes !== codes) {
      this.#validation = {
        forCodes: codes,
        value: codes.then((c) => createValidationReference(c.store, loadMceTablesOrThrow())),
      };
    }
    return this.#validation.value;
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
