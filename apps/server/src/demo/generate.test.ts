import { describe, expect, it } from 'vitest';
import { bundlesToNdjson, type FhirBundle, type FhirResource } from './fhir.js';
import { generateDemoData, generateDemoPeople } from './generate.js';
import { isNpiShaped, npiCheckDigit } from './people.js';
import { Setting } from './scenarios.js';

const NOW = new Date('2026-01-15T09:00:00Z');
const DAY = 86_400_000;
const data = generateDemoData({ seed: 7, now: NOW, patients: 300 });
const resources = (type: string) =>
  data.bundles.flatMap((b) => b.entry.map((e) => e.resource)).filter((r) => r.resourceType === type);

/** Every `reference` string anywhere in a value. */
function referencesIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) referencesIn(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') out.push(v);
      else referencesIn(v, out);
    }
  }
  return out;
}

const noteText = (doc: FhirResource) => {
  const content = doc['content'] as { attachment: { data: string } }[];
  return Buffer.from(content[0]?.attachment.data ?? '', 'base64').toString('utf8');
};

/** FHIR R4 elements with cardinality 1..* that the importer relies on, per resource type. */
const REQUIRED: Record<string, string[]> = {
  Patient: ['identifier', 'name', 'gender', 'birthDate', 'address', 'telecom'],
  Practitioner: ['identifier', 'name'],
  Organization: ['name'],
  Coverage: ['status', 'beneficiary', 'payor'],
  Encounter: ['status', 'class', 'subject', 'period', 'serviceProvider'],
  Condition: ['code', 'subject', 'encounter'],
  Procedure: ['status', 'code', 'subject', 'encounter'],
  DocumentReference: ['status', 'type', 'subject', 'content', 'context', 'author', 'date'],
  Claim: ['status', 'type', 'use', 'patient', 'created', 'provider', 'priority', 'insurance', 'total'],
};

describe('demo data generator', () => {
  it('gives the same bundles for the same seed and now, and different ones for another seed', () => {
    const again = generateDemoData({ seed: 7, now: NOW, patients: 300 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(data));
    const other = generateDemoData({ seed: 8, now: NOW, patients: 300 });
    expect(JSON.stringify(other.bundles[0])).not.toBe(JSON.stringify(data.bundles[0]));
  });

  it('makes every bundle self-contained: unique ids, references that resolve inside it, required elements', () => {
    const problems: string[] = [];
    for (const bundle of data.bundles as FhirBundle[]) {
      expect(bundle.type).toBe('transaction');
      const urls = new Set(bundle.entry.map((e) => e.fullUrl));
      expect(urls.size).toBe(bundle.entry.length);
      for (const e of bundle.entry) {
        expect(e.fullUrl).toBe(`urn:uuid:${e.resource.id}`);
        expect(e.request.url).toBe(`${e.resource.resourceType}/${e.resource.id}`);
        for (const ref of referencesIn(e.resource))
          if (!urls.has(ref)) problems.push(`${e.resource.resourceType} -> ${ref}`);
        for (const element of REQUIRED[e.resource.resourceType] ?? ['missing rule']) {
          const v = e.resource[element];
          if (v === undefined || v === null || (Array.isArray(v) && v.length === 0))
            problems.push(`${e.resource.resourceType}.${element} missing`);
        }
      }
      expect(bundle.entry.filter((e) => e.resource.resourceType === 'Patient')).toHaveLength(1);
    }
    expect(problems).toEqual([]);
  });

  it('covers every care setting, with stays in house and discharges spread over the past 45 days', () => {
    for (const setting of Object.values(Setting))
      expect(data.stats.encountersBySetting[setting] ?? 0).toBeGreaterThan(0);
    expect(data.stats.inHouse).toBeGreaterThan(0);
    const ages = resources('Encounter')
      .map((e) => (e['period'] as { end?: string }).end)
      .filter((end): end is string => end !== undefined)
      .map((end) => (NOW.getTime() - Date.parse(end)) / DAY);
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ages)).toBeLessThanOrEqual(45);
    // DNFB aging buckets (days since discharge): each one has accounts.
    for (const [from, to] of [
      [0, 3],
      [4, 7],
      [8, 14],
      [15, 30],
      [31, 45],
    ] as const)
      expect(ages.filter((a) => a >= from && a < to + 1).length).toBeGreaterThan(0);
    for (const e of resources('Encounter')) {
      const period = e['period'] as { start: string; end?: string };
      expect(Date.parse(period.start)).toBeLessThanOrEqual(NOW.getTime());
      expect(e['status']).toBe(period.end ? 'finished' : 'in-progress');
    }
  });

  it('leaves record-completion work: missing and unsigned discharge summaries, unauthenticated operative reports', () => {
    expect(data.stats.missingDischargeSummaries).toBeGreaterThan(0);
    expect(data.stats.unsignedDischargeSummaries).toBeGreaterThan(0);
    expect(data.stats.unsignedOperativeReports).toBeGreaterThan(0);
    const docs = resources('DocumentReference');
    const preliminary = docs.filter((d) => d['docStatus'] === 'preliminary');
    expect(preliminary.length).toBeGreaterThan(0);
    for (const d of preliminary) expect(d['authenticator']).toBeUndefined();
    for (const d of docs.filter((x) => x['docStatus'] === 'final')) expect(d['authenticator']).toBeDefined();
  });

  it('writes notes that mention every coded condition of their encounter, and operations in operative reports', () => {
    const notesByEncounter = new Map<string, string>();
    for (const d of resources('DocumentReference')) {
      const enc = (d['context'] as { encounter: { reference: string }[] }).encounter[0]?.reference ?? '';
      notesByEncounter.set(enc, (notesByEncounter.get(enc) ?? '') + '\n' + noteText(d).toLowerCase());
    }
    let checked = 0;
    for (const c of resources('Condition')) {
      const notes = notesByEncounter.get((c['encounter'] as { reference: string }).reference);
      if (notes === undefined) continue; // admitted within the hour: nothing written yet
      const term = (c['code'] as { text: string }).text.toLowerCase();
      expect(notes, term).toContain(term);
      checked++;
    }
    expect(checked).toBeGreaterThan(resources('Condition').length * 0.9);
    for (const d of resources('DocumentReference')) {
      if ((d['type'] as { coding: { code: string }[] }).coding[0]?.code !== '11504-8') continue;
      expect(noteText(d)).toMatch(/PROCEDURE: .+\nANESTHESIA:/u);
      expect(noteText(d)).toMatch(/ESTIMATED BLOOD LOSS: /u);
    }
  });

  it('uses only ICD-10-CM for conditions and ICD-10-PCS, HCPCS or made-up "four digits + Z" codes for procedures', () => {
    for (const c of resources('Condition'))
      expect((c['code'] as { coding: { system: string }[] }).coding[0]?.system).toBe(
        'http://hl7.org/fhir/sid/icd-10-cm',
      );
    for (const p of resources('Procedure')) {
      const coding = (p['code'] as { coding: { system: string; code: string }[] }).coding[0];
      if (coding?.system === 'http://www.ama-assn.org/go/cpt') expect(coding.code).toMatch(/^\d{4}Z$/u);
      else
        expect([
          'http://www.cms.gov/Medicare/Coding/ICD10',
          'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
        ]).toContain(coding?.system);
    }
  });

  it('makes synthetic identifiers: Luhn-valid NPIs, fictional 555-01xx phone numbers, one MRN per facility', () => {
    // The CMS worked example: 123456789 with the 80840 prefix has check digit 3.
    expect(npiCheckDigit('123456789')).toBe(3);
    expect(isNpiShaped('1234567893')).toBe(true);
    expect(isNpiShaped('1234567890')).toBe(false);
    for (const p of resources('Practitioner'))
      for (const id of p['identifier'] as { value: string }[]) expect(isNpiShaped(id.value)).toBe(true);
    for (const p of resources('Patient')) {
      for (const t of p['telecom'] as { value: string }[]) expect(t.value).toMatch(/^\d{3}-555-01\d\d$/u);
      const mrns = (p['identifier'] as { system: string; type: { coding: { code: string }[] } }[]).filter(
        (i) => i.type.coding[0]?.code === 'MR',
      );
      expect(mrns.length).toBeGreaterThan(0);
      expect(new Set(mrns.map((m) => m.system)).size).toBe(mrns.length);
    }
  });

  it('registers some people twice with a nickname, a typo or a transposed birth date', () => {
    expect(data.duplicates.length).toBeGreaterThan(0);
    const patients = new Map(resources('Patient').map((p) => [p.id, p]));
    for (const d of data.duplicates) {
      const a = patients.get(d.originalPatientId);
      const b = patients.get(d.duplicatePatientId);
      expect(a && b).toBeTruthy();
      const name = (p: FhirResource | undefined) => (p?.['name'] as { family: string; given: string[] }[])[0];
      if (d.kind === 'transposed-birth-date') expect(b?.['birthDate']).not.toBe(a?.['birthDate']);
      else expect(b?.['birthDate']).toBe(a?.['birthDate']);
      if (d.kind === 'typo') expect(name(b)?.family).not.toBe(name(a)?.family);
      if (d.kind === 'nickname') expect(name(b)?.given[0]).not.toBe(name(a)?.given[0]);
    }
    const many = generateDemoData({ seed: 11, now: NOW, patients: 1500 });
    expect(new Set(many.duplicates.map((d) => d.kind))).toEqual(new Set(['nickname', 'typo', 'transposed-birth-date']));
  });

  it('gives the same resources as bulk NDJSON, each once, with literal references that resolve across lines', () => {
    const lines = bundlesToNdjson(data.bundles);
    const resources = lines.map((l) => JSON.parse(l) as FhirResource);
    const keys = new Set(resources.map((r) => `${r.resourceType}/${r.id}`));
    expect(keys.size).toBe(lines.length);
    expect(lines.length).toBe(new Set(data.bundles.flatMap((b) => b.entry.map((e) => e.fullUrl))).size);
    const refs = resources.flatMap((r) => referencesIn(r));
    expect(refs.filter((r) => r.startsWith('urn:'))).toEqual([]);
    expect(refs.filter((r) => !keys.has(r))).toEqual([]);
  });

  it('generates bulk people deterministically with unique MRNs', () => {
    const a = generateDemoPeople(3, NOW, 2000);
    expect(generateDemoPeople(3, NOW, 2000)).toEqual(a);
    expect(new Set(a.map((p) => p.mrn)).size).toBe(2000);
  });
});

describe('demo history', () => {
  const until = new Date('2026-09-30T12:00:00Z');
  const withHistory = generateDemoData({ seed: 7, now: NOW, patients: 300, history: { until, patients: 40 } });
  const extra = withHistory.bundles.slice(-40);

  it('adds one acute inpatient stay per history person, discharged in the 180 days up to the cut-off', () => {
    for (const bundle of extra) {
      const stays = bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === 'Encounter');
      expect(stays).toHaveLength(1);
      const stay = stays[0] as FhirResource & { class: { code: string }; period: { end: string } };
      expect(stay.class.code).toBe('IMP');
      const end = new Date(stay.period.end).getTime();
      expect(end).toBeLessThanOrEqual(until.getTime());
      expect(end).toBeGreaterThan(until.getTime() - 181 * 86_400_000);
    }
  });

  it('leaves the current set as it was', () => {
    expect(JSON.stringify(withHistory.bundles.slice(0, data.bundles.length))).toBe(JSON.stringify(data.bundles));
  });
});
