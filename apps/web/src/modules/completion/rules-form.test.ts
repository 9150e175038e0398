import { describe, expect, it } from 'vitest';
import { DEFAULT_COMPLETION_RULE_SET } from '@charta/core';
import type { CompletionRuleSetSchema } from '@charta/contracts';
import {
  baseVersionOf,
  buildUpdate,
  describeAuthor,
  describeDocuments,
  describeInForce,
  draftOf,
  duplicateRule,
  fieldKeyOf,
  parseCodes,
  parseLines,
  parseWholeNumber,
  placeErrors,
  ruleSetOf,
  type RuleDraft,
  type RuleSetDraft,
} from './rules-form.js';

/** The default rule set as the rules endpoint sends it (plain JSON). */
const defaults = (): CompletionRuleSetSchema =>
  JSON.parse(JSON.stringify(DEFAULT_COMPLETION_RULE_SET)) as CompletionRuleSetSchema;

const indexOf = (draft: RuleSetDraft, id: string): number => {
  const i = draft.rules.findIndex((r) => r.rule.id === id);
  if (i < 0) throw new Error(`no rule ${id}`);
  return i;
};

const withRule = (draft: RuleSetDraft, id: string, patch: Partial<RuleDraft>): RuleSetDraft => ({
  ...draft,
  rules: draft.rules.map((r) => (r.rule.id === id ? { ...r, ...patch } : r)),
});

const orgDefault = { facility: '', loaded: { facility: '', version: 3 } };

describe('list fields', () => {
  it.each([
    ['one per line, trimmed', '[pending]\n  ***  \n\n[to be completed]', ['[pending]', '***', '[to be completed]']],
    ['keeps commas and spaces inside a line', 'see note, later\r\nTBD', ['see note, later', 'TBD']],
    ['nothing for blank text', ' \n ', []],
  ])('reads placeholders %s', (_, text, expected) => {
    expect(parseLines(text)).toEqual(expected);
  });

  it.each([
    ['commas', '18842-5,11504-8', ['18842-5', '11504-8']],
    ['commas and spaces', ' 18842-5 ,  11504-8 ', ['18842-5', '11504-8']],
    ['lines and semicolons', '18842-5\n11504-8; 34117-2', ['18842-5', '11504-8', '34117-2']],
    ['nothing', '', []],
  ])('reads codes separated by %s', (_, text, expected) => {
    expect(parseCodes(text)).toEqual(expected);
  });

  it.each([
    ['21', 21],
    [' 0 ', 0],
    ['', NaN],
    ['2.5', NaN],
    ['-1', NaN],
    ['ten', NaN],
  ])('reads %j as the whole number %d', (text, expected) => {
    expect(parseWholeNumber(text)).toBe(expected);
  });
});

describe('form state and rule set', () => {
  it('gives back the same rule set when nothing was changed', () => {
    expect(ruleSetOf(draftOf(defaults()))).toEqual(defaults());
  });

  it('applies the edited fields of a rule and the set', () => {
    const draft = withRule(
      { ...draftOf(defaults()), delinquencyDays: '21', dischargeSummary: '18842-5, 11490-0' },
      'COMPLETION.DS.MISSING',
      { enabled: false, beforeHours: '0', afterHours: '72', authenticatedBy: 'author', requireAuthentication: false },
    );
    const set = ruleSetOf(draft);
    expect(set.delinquencyDays).toBe(21);
    expect(set.documentTypes.dischargeSummary).toEqual(['18842-5', '11490-0']);
    expect(set.rules.find((r) => r.id === 'COMPLETION.DS.MISSING')).toMatchObject({
      enabled: false,
      window: { beforeHours: 0, afterHours: 72 },
      authenticatedBy: 'author',
      requireAuthentication: false,
      anchor: 'discharge',
    });
  });
});

describe('baseVersionOf', () => {
  it.each([
    ['the organisation default: its version', '', '', 3, 3],
    ['a facility’s own set: its version', 'North Campus', 'North Campus', 2, 2],
    ['a facility that follows the default: 0', 'North Campus', '', 3, 0],
  ])('starts an edit of %s', (_, facility, owner, version, expected) => {
    expect(baseVersionOf({ facility, loaded: { facility: owner, version } })).toBe(expected);
  });
});

describe('buildUpdate', () => {
  it('builds the update for the organisation default without a facility', () => {
    const checked = buildUpdate(
      { ...draftOf(defaults()), delinquencyDays: '21' },
      orgDefault,
      ' Medical staff bylaws 2026 ',
    );
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.value).not.toHaveProperty('facility');
    expect(checked.value).toMatchObject({ baseVersion: 3, note: 'Medical staff bylaws 2026' });
    expect(checked.value.ruleSet.delinquencyDays).toBe(21);
  });

  it('sends a facility’s first own set from version 0', () => {
    const checked = buildUpdate(draftOf(defaults()), { facility: 'North Campus', loaded: orgDefault.loaded }, 'x');
    expect(checked.ok && checked.value).toMatchObject({ facility: 'North Campus', baseVersion: 0 });
  });

  it('refuses delinquency days over 30 and a missing note, at their fields', () => {
    const checked = buildUpdate({ ...draftOf(defaults()), delinquencyDays: '45' }, orgDefault, '   ');
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    const paths = checked.errors.map((e) => e.path);
    expect(paths).toContain('/ruleSet/delinquencyDays');
    expect(paths).toContain('/note');
  });

  it('says “whole number” for a blank window instead of the schema’s remark about NaN', () => {
    const draft = withRule(draftOf(defaults()), 'COMPLETION.DS.MISSING', { afterHours: '' });
    const i = indexOf(draft, 'COMPLETION.DS.MISSING');
    const checked = buildUpdate(draft, orgDefault, 'x');
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    const here = checked.errors.filter((e) => e.path === `/ruleSet/rules/${i}/window/afterHours`);
    expect(here.map((e) => e.message)).toEqual(['Enter a whole number']);
  });

  it('finds a contradiction between rules before sending', () => {
    const draft = withRule(draftOf(defaults()), 'COMPLETION.DS.MISSING', { afterHours: String(31 * 24) });
    const i = indexOf(draft, 'COMPLETION.DS.MISSING');
    const checked = buildUpdate(draft, orgDefault, 'x');
    expect(checked.ok || checked.errors.map((e) => e.path)).toEqual([`/ruleSet/rules/${i}/window/afterHours`]);
  });

  it('refuses a LOINC code with a wrong check digit in the set’s document types', () => {
    const checked = buildUpdate({ ...draftOf(defaults()), operativeReport: '11504-9' }, orgDefault, 'x');
    expect(checked.ok || checked.errors.map((e) => e.path)).toEqual(['/ruleSet/documentTypes/operativeReport/0']);
  });
});

describe('duplicateRule', () => {
  const draft = draftOf(defaults());
  const ids = draft.rules.map((r) => r.rule.id);
  const source = draft.rules[indexOf(draft, 'COMPLETION.DS.MISSING')] as RuleDraft;

  it('copies a rule under the new id', () => {
    const copy = duplicateRule(source, ' SITE.DS.FAST ', ids);
    expect(copy.ok && copy.rule.rule).toEqual({ ...source.rule, id: 'SITE.DS.FAST' });
    expect(copy.ok && copy.rule.afterHours).toBe(source.afterHours);
  });

  it.each([
    ['an id already in the set', 'COMPLETION.DS.MISSING', /already has a rule COMPLETION\.DS\.MISSING/u],
    ['an id without a dot', 'SITEFAST', /Expected a rule id/u],
    ['lower case', 'site.ds.fast', /Expected a rule id/u],
  ])('refuses %s', (_, id, message) => {
    const copy = duplicateRule(source, id, ids);
    expect(copy.ok).toBe(false);
    if (!copy.ok) expect(copy.message).toMatch(message);
  });
});

describe('placing errors', () => {
  it.each([
    ['/ruleSet/delinquencyDays', 'delinquencyDays'],
    ['/ruleSet/placeholders/2', 'placeholders'],
    ['/ruleSet/documentTypes/dischargeSummary', 'dischargeSummary'],
    ['/ruleSet/documentTypes/operativeReport/0', 'operativeReport'],
    ['/note', 'note'],
    ['/facility', 'facility'],
    ['/ruleSet/rules/3/window/afterHours', 'rules/3/afterHours'],
    ['/ruleSet/rules/3/window/beforeHours', 'rules/3/beforeHours'],
    ['/ruleSet/rules/3/window', 'rules/3/row'],
    ['/ruleSet/rules/3', 'rules/3/row'],
    ['/ruleSet/rules/0/id', 'rules/0/id'],
    ['/ruleSet/rules/2/documents/exceptLoincCodes', 'rules/2/documents'],
    ['/ruleSet/rules/2/onlyAfterPriorLoincCodes/1', 'rules/2/documents'],
    ['/ruleSet/rules/2/appliesTo/services/0', 'rules/2/appliesTo'],
    ['/ruleSet/rules/2/citation/source', 'rules/2/citation'],
    ['/ruleSet/rules/4/dueBeforeSurgery', 'rules/4/dueBeforeSurgery'],
    ['/ruleSet/rules/4/anchor', 'rules/4/anchor'],
    ['/ruleSet/rules/4/authenticatedBy', 'rules/4/authenticatedBy'],
    ['/ruleSet/rules/4/scope', 'rules/4/row'],
    ['/ruleSet/rules/9', null],
    ['/ruleSet/rules', null],
    ['/ruleSet/surgicalProcedures/0/prefixes', null],
    ['/baseVersion', null],
    ['/ruleSet', null],
    ['/notes', null],
  ])('places %s at %s (five rules)', (pointer, key) => {
    expect(fieldKeyOf(pointer, 5)).toBe(key);
  });

  it('joins several messages for one field and leaves the unplaced ones to the alert', () => {
    const placed = placeErrors(
      [
        { path: '/ruleSet/documentTypes/dischargeSummary/0', code: 'custom', message: 'Not a LOINC document type' },
        { path: '/ruleSet/documentTypes/dischargeSummary', code: 'custom', message: '11504-8 cannot be both' },
        { path: '/ruleSet/documentTypes/dischargeSummary/1', code: 'custom', message: 'Not a LOINC document type' },
        { path: '/ruleSet/surgicalProcedures/0/system', code: 'custom', message: 'Expected a code' },
        { path: '/ruleSet/rules/1', code: 'custom', message: 'Contradicts rule COMPLETION.DS.MISSING' },
      ],
      2,
    );
    expect(placed.messages).toEqual({
      dischargeSummary: 'Not a LOINC document type; 11504-8 cannot be both',
      'rules/1/row': 'Contradicts rule COMPLETION.DS.MISSING',
    });
    expect(placed.placed).toEqual([
      '/ruleSet/documentTypes/dischargeSummary/0',
      '/ruleSet/documentTypes/dischargeSummary',
      '/ruleSet/documentTypes/dischargeSummary/1',
      '/ruleSet/rules/1',
    ]);
  });

  it('places nothing when there are no errors', () => {
    expect(placeErrors(undefined, 3)).toEqual({ messages: {}, placed: [] });
  });
});

describe('descriptions', () => {
  it.each([
    ['', '', 4, 'The organisation’s default, version 4'],
    ['North Campus', 'North Campus', 2, 'North Campus’s own rule set, version 2'],
    [
      'North Campus',
      '',
      4,
      'North Campus has no rule set of its own: it follows the organisation’s default, version 4',
    ],
  ])('says which set is in force for %j (owner %j)', (facility, owner, version, text) => {
    expect(describeInForce({ facility, loaded: { facility: owner, version } })).toBe(text);
  });

  it('describes the documents a rule asks for', () => {
    const set = defaults();
    const ds = set.rules.find((r) => r.id === 'COMPLETION.DS.MISSING');
    const notes = set.rules.find((r) => r.id === 'COMPLETION.NOTE.AUTH');
    expect(ds && describeDocuments(ds)).toBe('Once per encounter: LOINC 18842-5');
    expect(notes && describeDocuments(notes)).toMatch(
      /^Each matching document: any document; except LOINC .*18842-5; except labels containing “verbal order” or “telephone order”$/u,
    );
  });

  it.each([
    [null, null, 'Charta (defaults)'],
    ['u-1', 'Harriet Manager', 'Harriet Manager (you)'],
    ['u-2', 'Tobias Reyes-Lind', 'Tobias Reyes-Lind'],
    ['u-3', null, 'user u-3'],
  ])('names the author %j', (createdBy, createdByName, text) => {
    expect(describeAuthor({ createdBy, createdByName }, { id: 'u-1' })).toBe(text);
  });
});
