import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeCompletion } from './analyze.js';
import { DEFAULT_COMPLETION_RULE_SET } from './rules.js';
import type { CompletionDocument, CompletionRecord, CompletionRuleSet } from './types.js';

/**
 * Golden completion cases: each file in golden/ holds a record, optional rule-set overrides, and the expected items,
 * findings and record status at several instants (the injected clock); `then` patches the record and checks again.
 * Expected objects name only the fields they care about; `rules` limits the items compared to those rules (an empty
 * list compares none), and `findings`, when present, must match exactly.
 */
interface Expectation {
  readonly now: string;
  readonly recordStatus?: string;
  readonly items?: readonly Record<string, unknown>[];
  readonly findings?: readonly Record<string, unknown>[];
}
interface Step {
  readonly name: string;
  readonly patch: { documents?: Partial<CompletionDocument>[]; procedures?: CompletionRecord['procedures'] };
  readonly at: readonly Expectation[];
}
interface GoldenCase {
  readonly name: string;
  readonly rules?: readonly string[];
  readonly ruleSet?: Partial<CompletionRuleSet>;
  readonly record: {
    encounter: Partial<CompletionRecord['encounter']>;
    clinicians?: CompletionRecord['clinicians'];
    documents: Partial<CompletionDocument>[];
    procedures?: Partial<CompletionRecord['procedures'][number]>[];
  };
  readonly at: readonly Expectation[];
  readonly then?: Step;
}

const dir = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

function document(d: Partial<CompletionDocument>): CompletionDocument {
  return {
    id: 'doc',
    loincCode: null,
    typeLabel: 'Note',
    authorId: null,
    authoredAt: null,
    status: 'final',
    authenticatedAt: null,
    authenticatedBy: null,
    text: 'Complete text.',
    hasAttachment: false,
    amendsDocumentId: null,
    ...d,
  };
}

function buildRecord(c: GoldenCase['record']): CompletionRecord {
  return {
    encounter: {
      id: 'enc',
      type: 'inpatient',
      service: null,
      status: 'discharged',
      admitAt: null,
      dischargeAt: null,
      dischargeDisposition: '01',
      attendingId: 'pr-att',
      ...c.encounter,
    },
    clinicians: c.clinicians ?? [],
    documents: c.documents.map(document),
    procedures: (c.procedures ?? []).map((p) => ({
      source: 'ehr' as const,
      system: 'ICD-10-PCS',
      code: '',
      performedAt: null,
      practitionerId: null,
      ...p,
    })),
  };
}

function patched(record: CompletionRecord, patch: Step['patch']): CompletionRecord {
  const documents = [...record.documents];
  for (const d of patch.documents ?? []) {
    const i = documents.findIndex((x) => x.id === d.id);
    if (i >= 0) documents[i] = { ...(documents[i] as CompletionDocument), ...d };
    else documents.push(document(d));
  }
  return { ...record, documents, procedures: patch.procedures ?? record.procedures };
}

const pick = (actual: object, expected: Record<string, unknown>) =>
  Object.fromEntries(Object.keys(expected).map((k) => [k, (actual as Record<string, unknown>)[k]]));

function check(c: GoldenCase, record: CompletionRecord, e: Expectation): void {
  const ruleSet = { ...DEFAULT_COMPLETION_RULE_SET, ...c.ruleSet };
  const result = analyzeCompletion(record, ruleSet, new Date(e.now));
  if (e.recordStatus !== undefined) expect(result.recordStatus).toBe(e.recordStatus);
  if (e.items !== undefined) {
    const actual = result.items.filter((i) => c.rules === undefined || c.rules.includes(i.ruleId));
    expect(actual.length, JSON.stringify(actual, null, 1)).toBe(e.items.length);
    expect(actual.map((a, i) => pick(a, e.items?.[i] ?? {}))).toEqual(e.items);
  }
  if (e.findings !== undefined) {
    expect(result.findings.map((f, i) => pick(f, e.findings?.[i] ?? { ruleId: 1, path: 1 }))).toEqual(e.findings);
  }
}

describe('completion golden cases', () => {
  it('has cases', () => expect(files.length).toBeGreaterThan(10));
  for (const file of files) {
    const c = JSON.parse(readFileSync(join(dir, file), 'utf8')) as GoldenCase;
    const record = buildRecord(c.record);
    describe(`${file}: ${c.name}`, () => {
      it.each(c.at.map((e) => [e.now, e] as const))('at %s', (_now, e) => check(c, record, e));
      if (c.then) {
        const then = c.then;
        it.each(then.at.map((e) => [e.now, e] as const))(`then ${then.name}, at %s`, (_now, e) =>
          check(c, patched(record, then.patch), e),
        );
      }
    });
  }
});

describe('every default rule and consistency check has a golden case', () => {
  const text = files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  it.each(DEFAULT_COMPLETION_RULE_SET.rules.map((r) => r.id))('%s', (id) => expect(text).toContain(`"${id}"`));
  it.each([
    'COMPLETION.CHECK.DOC_DATE',
    'COMPLETION.CHECK.DS_DIAGNOSES',
    'COMPLETION.CHECK.DS_DISPOSITION',
    'COMPLETION.CHECK.OP_PROCEDURE',
    'COMPLETION.CHECK.PROC_REPORT',
    'COMPLETION.CHECK.DISCHARGE_DATE',
  ])('%s', (id) => expect(text).toContain(`"${id}"`));
});
