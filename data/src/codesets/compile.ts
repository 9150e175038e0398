import type {
  CompiledCodeSets,
  CompiledConversion,
  CompiledIndex,
  CompiledPcsDefinition,
  CompiledPcsTables,
  CompiledPoaExempt,
  CompiledRelease,
  CompiledTabular,
  CodeSystem,
} from '@charta/core';
import { parseOrderFile } from './order-file.js';
import { parsePcsDefinitionsXml, parsePcsTablesXml } from './pcs-tables.js';
import type { SourceSpec } from './sources.js';
import { parseConversionCsv, parseHcpcsCsv, parsePoaExempt, type CptRecord } from './tables-misc.js';
import { parseIndexXml, parseTabularXml } from './tabular.js';
import { decodeText, readZipMember } from './zip.js';

/** Interns titles so releases that share most titles store each once. */
export class StringTable {
  readonly strings: string[] = [];
  private readonly ids = new Map<string, number>();
  intern(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.ids.set(s, id);
    }
    return id;
  }
}

/** A release whose titles are inline, as stored in an imported release file (no shared string table). */
export interface PortableRelease {
  readonly system: CodeSystem;
  readonly version: string;
  readonly effectiveFrom: string;
  readonly source: string;
  readonly codes: readonly string[];
  readonly billable: string;
  readonly short: readonly string[];
  readonly long: readonly string[];
  readonly addedOn?: readonly string[] | undefined;
  readonly terminatesOn?: readonly string[] | undefined;
  readonly crossRefs?: readonly string[] | undefined;
}

/** What one source file contributes. */
export type CompiledPart =
  | { readonly kind: 'release'; readonly release: PortableRelease }
  | { readonly kind: 'tabular'; readonly tabular: CompiledTabular }
  | { readonly kind: 'index'; readonly index: CompiledIndex }
  | { readonly kind: 'pcs-tables'; readonly pcsTables: CompiledPcsTables }
  | { readonly kind: 'pcs-definitions'; readonly definitions: readonly CompiledPcsDefinition[] }
  | { readonly kind: 'conversion'; readonly rows: readonly CompiledConversion[]; readonly source: string }
  | { readonly kind: 'poa-exempt'; readonly poa: CompiledPoaExempt };

/** Turns one source file's bytes into its compiled part; throws CodeSetParseError with line and reason. */
export function compileSource(spec: SourceSpec, bytes: Uint8Array, displayName: string): CompiledPart {
  switch (spec.kind) {
    case 'order': {
      const { name, text } = readZipMember(bytes, displayName, spec.member);
      const records = parseOrderFile(text, `${displayName}:${name}`, spec.system);
      return {
        kind: 'release',
        release: {
          system: spec.system,
          version: spec.version,
          effectiveFrom: spec.effectiveFrom,
          source: name,
          codes: records.map((r) => r.code),
          billable: records.map((r) => (r.billable ? '1' : '0')).join(''),
          short: records.map((r) => r.short),
          long: records.map((r) => r.long),
        },
      };
    }
    case 'hcpcs': {
      // Modifiers are kept out of the code list: they qualify a code and are validated by the modifier rules.
      const records = parseHcpcsCsv(decodeText(bytes, displayName), displayName).filter((r) => !r.modifier);
      return {
        kind: 'release',
        release: {
          system: 'HCPCS',
          version: spec.version,
          effectiveFrom: spec.effectiveFrom,
          source: displayName,
          codes: records.map((r) => r.code),
          billable: '1'.repeat(records.length),
          short: records.map((r) => r.short),
          long: records.map((r) => r.long),
          addedOn: records.map((r) => r.addedOn),
          terminatesOn: records.map((r) => r.terminatesOn),
          crossRefs: records.map((r) => r.crossRefs.join(' ')),
        },
      };
    }
    case 'tabular': {
      const { nodes } = parseTabularXml(decodeText(bytes, displayName), displayName);
      return { kind: 'tabular', tabular: { release: spec.release, source: displayName, nodes } };
    }
    case 'index': {
      const { headings, terms } = parseIndexXml(decodeText(bytes, displayName), displayName, spec.indexKind);
      return {
        kind: 'index',
        index: { kind: spec.indexKind, release: spec.release, source: displayName, headings, terms },
      };
    }
    case 'pcs-tables': {
      const { tables } = parsePcsTablesXml(decodeText(bytes, displayName), displayName);
      return { kind: 'pcs-tables', pcsTables: { release: spec.release, source: displayName, tables } };
    }
    case 'pcs-definitions':
      return {
        kind: 'pcs-definitions',
        definitions: parsePcsDefinitionsXml(decodeText(bytes, displayName), displayName),
      };
    case 'conversion':
      return {
        kind: 'conversion',
        rows: parseConversionCsv(decodeText(bytes, displayName), displayName),
        source: displayName,
      };
    case 'poa-exempt':
      return {
        kind: 'poa-exempt',
        poa: {
          version: spec.version,
          effectiveFrom: spec.effectiveFrom,
          source: displayName,
          codes: parsePoaExempt(decodeText(bytes, displayName), displayName),
        },
      };
  }
}

/** A CPT release from a site's file. */
export function cptRelease(
  records: readonly CptRecord[],
  version: string,
  effectiveFrom: string,
  source: string,
): PortableRelease {
  return {
    system: 'CPT',
    version,
    effectiveFrom,
    source,
    codes: records.map((r) => r.code),
    billable: '1'.repeat(records.length),
    short: records.map((r) => r.short),
    long: records.map((r) => r.long),
  };
}

/**
 * Merges compiled parts into one CompiledCodeSets. Later parts win: an imported release replaces a shipped one of the
 * same system and version, and an imported Tabular or PCS Tables file replaces an older one.
 */
export function mergeParts(parts: readonly { part: CompiledPart; origin: 'shipped' | 'imported' }[]): CompiledCodeSets {
  const table = new StringTable();
  const releases = new Map<string, CompiledRelease>();
  let tabular: CompiledTabular | undefined;
  const indexes = new Map<string, CompiledIndex>();
  let pcsTables: CompiledPcsTables | undefined;
  let pcsDefinitions: readonly CompiledPcsDefinition[] = [];
  const poaExempt = new Map<string, CompiledPoaExempt>();
  let conversion: readonly CompiledConversion[] = [];
  let conversionSource: string | undefined;
  for (const { part, origin } of parts) {
    switch (part.kind) {
      case 'release': {
        const r = part.release;
        releases.set(`${r.system}|${r.version}`, {
          system: r.system,
          version: r.version,
          effectiveFrom: r.effectiveFrom,
          source: r.source,
          origin,
          codes: r.codes,
          billable: r.billable,
          short: r.short.map((s) => table.intern(s)),
          long: r.long.map((s) => table.intern(s)),
          ...(r.addedOn ? { addedOn: r.addedOn } : {}),
          ...(r.terminatesOn ? { terminatesOn: r.terminatesOn } : {}),
          ...(r.crossRefs ? { crossRefs: r.crossRefs } : {}),
        });
        break;
      }
      case 'tabular':
        if (!tabular || part.tabular.release >= tabular.release) tabular = part.tabular;
        break;
      case 'index': {
        const prev = indexes.get(part.index.kind);
        if (!prev || part.index.release >= prev.release) indexes.set(part.index.kind, part.index);
        break;
      }
      case 'pcs-tables':
        if (!pcsTables || part.pcsTables.release >= pcsTables.release) pcsTables = part.pcsTables;
        break;
      case 'pcs-definitions':
        pcsDefinitions = part.definitions;
        break;
      case 'conversion':
        conversion = [...conversion, ...part.rows];
        conversionSource = part.source;
        break;
      case 'poa-exempt':
        poaExempt.set(part.poa.version, part.poa);
        break;
    }
  }
  return {
    formatVersion: 1,
    strings: table.strings,
    releases: [...releases.values()],
    tabular,
    indexes: [...indexes.values()],
    pcsTables,
    pcsDefinitions,
    poaExempt: [...poaExempt.values()],
    conversion,
    conversionSource,
  };
}
