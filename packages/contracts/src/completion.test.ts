import { DEFAULT_COMPLETION_RULE_SET } from '@charta/core';
import { describe, expect, it } from 'vitest';
import { CompletionRuleSetSchema, isLoincCode } from './completion.js';

type RuleSet = typeof DEFAULT_COMPLETION_RULE_SET;
const rules = DEFAULT_COMPLETION_RULE_SET.rules;
const ds = rules.find((r) => r.id === 'COMPLETION.DS.MISSING');
if (!ds) throw new Error('default rules changed');

/** The paths and messages the schema gives for a rule set. */
function problems(set: unknown): { path: string; message: string }[] {
  const parsed = CompletionRuleSetSchema.safeParse(set);
  return parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join('/'), message: i.message }));
}
const withRules = (extra: RuleSet['rules'], base: RuleSet = DEFAULT_COMPLETION_RULE_SET): RuleSet => ({
  ...base,
  rules: [...base.rules, ...extra],
});

describe('completion rule set validation', () => {
  it('accepts the default rule set', () => {
    expect(problems(DEFAULT_COMPLETION_RULE_SET)).toEqual([]);
  });

  it('checks LOINC codes with their check digit', () => {
    expect(['18842-5', '34117-2', '11504-8', '11506-3'].every(isLoincCode)).toBe(true);
    expect(['18842-4', '18842', 'ABC-1', '12345678-0'].some(isLoincCode)).toBe(false);
  });

  it.each<[string, RuleSet, string, RegExp]>([
    [
      'an unknown document type',
      withRules([{ ...ds, id: 'SITE.DS.OTHER', documents: { ...ds.documents, loincCodes: ['18842-4'] } }]),
      `rules/${rules.length}/documents/loincCodes/0`,
      /LOINC/u,
    ],
    [
      'an unknown encounter type',
      withRules([
        { ...ds, id: 'SITE.DS.CLINIC', appliesTo: { encounterTypes: ['clinic' as 'inpatient'], services: [] } },
      ]),
      `rules/${rules.length}/appliesTo/encounterTypes/0`,
      /./u,
    ],
    [
      'a document both required and excluded',
      withRules([
        {
          ...ds,
          id: 'SITE.DS.BOTH',
          documents: { ...ds.documents, exceptLoincCodes: [...ds.documents.loincCodes] },
        },
      ]),
      `rules/${rules.length}/documents/exceptLoincCodes`,
      /both required and excluded/u,
    ],
    [
      'a requirement due after the record is delinquent',
      withRules([], {
        ...DEFAULT_COMPLETION_RULE_SET,
        rules: rules.map((r) => (r.id === ds.id ? { ...r, window: { ...r.window, afterHours: 40 * 24 } } : r)),
      }),
      `rules/${rules.indexOf(ds)}/window/afterHours`,
      /after the record is delinquent/u,
    ],
    [
      'two rules asking for the same document with different deadlines',
      withRules([{ ...ds, id: 'SITE.DS.SEVEN_DAYS', window: { beforeHours: 0, afterHours: 7 * 24 } }]),
      `rules/${rules.length}`,
      /Contradicts rule COMPLETION\.DS\.MISSING/u,
    ],
    [
      'one type both an operative report and a discharge summary',
      {
        ...DEFAULT_COMPLETION_RULE_SET,
        documentTypes: { operativeReport: ['11504-8', '18842-5'], dischargeSummary: ['18842-5'] },
      },
      'documentTypes/dischargeSummary',
      /both an operative report and a discharge summary/u,
    ],
  ])('refuses %s, naming the field', (_name, set, path, message) => {
    const found = problems(set);
    expect(found.map((p) => p.path)).toContain(path);
    expect(found.find((p) => p.path === path)?.message).toMatch(message);
  });
});
