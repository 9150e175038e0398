/**
 * The one runner of the validation golden cases (packages/testing/golden/validation/*.json), against the shipped
 * code sets and MCE 43.1 tables. A case compares the findings of the rules it lists (`rules`), or every finding when
 * it lists none. `_skip.json` names skipped cases, each with its reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  VALIDATION_RULES,
  validateEncounter,
  type CodedEncounter,
  type ValidationContext,
  type ValidationReference,
} from '@charta/core';
import { REPO_ROOT } from '../paths.js';
import { loadValidationReference } from './reference.js';

interface ExpectedFinding {
  readonly ruleId: string;
  readonly path: string;
  readonly severity: string;
}

interface GoldenCase {
  readonly name: string;
  readonly note?: string;
  /** Rule ids whose findings are compared; absent means every finding. */
  readonly rules?: readonly string[];
  readonly settings?: { readonly poaExemptFacility?: boolean; readonly unrelatedExcludes1Pairs?: readonly string[] };
  readonly input: CodedEncounter;
  readonly expectedFindings: readonly ExpectedFinding[];
}

interface Skip {
  readonly name: string;
  readonly reason: string;
}

const GOLDEN_DIR = join(REPO_ROOT, 'packages', 'testing', 'golden', 'validation');
const files = readdirSync(GOLDEN_DIR)
  .filter((f) => f.endsWith('.json') && !f.startsWith('_'))
  .sort();
const cases: GoldenCase[] = files.flatMap((f) => {
  const parsed = JSON.parse(readFileSync(join(GOLDEN_DIR, f), 'utf8')) as GoldenCase | GoldenCase[];
  return Array.isArray(parsed) ? parsed : [parsed];
});
const skips = JSON.parse(readFileSync(join(GOLDEN_DIR, '_skip.json'), 'utf8')) as Skip[];
const skipped = new Map(skips.map((s) => [s.name, s.reason]));
const active = cases.filter((c) => !skipped.has(c.name));

const key = (f: ExpectedFinding): string => `${f.ruleId} ${f.path} ${f.severity}`;

function contextOf(c: GoldenCase, reference: ValidationReference): ValidationContext {
  const s = c.settings;
  return {
    reference,
    settings: {
      poaExemptFacility: s?.poaExemptFacility,
      unrelatedExcludes1Pairs: s?.unrelatedExcludes1Pairs ? new Set(s.unrelatedExcludes1Pairs) : undefined,
    },
  };
}

describe('validation golden cases', () => {
  let reference: ValidationReference;
  beforeAll(async () => {
    reference = await loadValidationReference();
  }, 300_000);

  it.each(active.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const wanted = c.rules ? new Set(c.rules) : undefined;
    const actual = validateEncounter(c.input, contextOf(c, reference))
      .filter((f) => !wanted || wanted.has(f.ruleId))
      .map(key)
      .sort();
    expect(actual).toEqual(c.expectedFindings.map(key).sort());
  });

  for (const s of skips) it.skip(`${s.name} (skipped: ${s.reason})`, () => undefined);
});

describe('validation golden case set', () => {
  it('gives every skip a reason and names an existing case', () => {
    const names = new Set(cases.map((c) => c.name));
    for (const s of skips) {
      expect(s.reason.trim().length, s.name).toBeGreaterThan(20);
      expect(names.has(s.name), s.name).toBe(true);
    }
  });

  it('has unique case names', () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(VALIDATION_RULES.map((r) => [r.id] as const))('has a passing and a failing case for %s', (id) => {
    const fails = cases.filter((c) => c.expectedFindings.some((f) => f.ruleId === id));
    const passes = cases.filter(
      (c) => (c.rules === undefined || c.rules.includes(id)) && !c.expectedFindings.some((f) => f.ruleId === id),
    );
    expect(fails.length, `failing cases for ${id}`).toBeGreaterThan(0);
    expect(passes.length, `passing cases for ${id}`).toBeGreaterThan(0);
  });
});
