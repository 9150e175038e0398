import { describe, expect, it } from 'vitest';
import { DEFAULT_COMPLETION_RULES } from '@charta/core';
import {
  deficiencyAction,
  defaultAttestation,
  defaultReportPeriod,
  describeAppliesTo,
  describeWindow,
  documentTemplate,
  practitionerOptions,
  QUEUE_VIEWS,
  trendLabel,
  trendSeries,
  viewLabel,
} from './completion-format.js';

type Rule = Parameters<typeof describeWindow>[0];

/** A default rule as the rules endpoint sends it (plain JSON). */
const rule = (id: string): Rule => {
  const r = DEFAULT_COMPLETION_RULES.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return JSON.parse(JSON.stringify(r)) as Rule;
};

describe('queue view labels', () => {
  const counts = { toReview: 4, incomplete: 3, delinquent: 1, complete: 9 };
  it.each([
    ['to_review', 'To review (4)'],
    ['delinquent', 'Delinquent (1)'],
    ['all', 'All'],
  ])('labels %s as %s', (value, label) => {
    const view = QUEUE_VIEWS.find((v) => v.value === value)!;
    expect(viewLabel(view, counts)).toBe(label);
  });
  it('leaves the count out until the counts are known', () => {
    expect(viewLabel(QUEUE_VIEWS[0]!, undefined)).toBe('To review');
  });
});

describe('deficiencyAction', () => {
  it.each([
    [{ kind: 'missing', documentId: null }, 'write'],
    [{ kind: 'unauthenticated', documentId: 'd1' }, 'open'],
    [{ kind: 'incomplete', documentId: 'd1' }, 'open'],
    [{ kind: 'other', documentId: null }, 'none'],
  ] as const)('offers %j: %s', (d, action) => {
    expect(deficiencyAction(d)).toBe(action);
  });
});

describe('documentTemplate', () => {
  it('gives a discharge summary the headings the consistency checks read, with placeholders to replace', () => {
    const text = documentTemplate('COMPLETION.DS.MISSING');
    expect(text).toMatch(/^DISCHARGE DIAGNOSES:$/mu);
    expect(text).toMatch(/^DISPOSITION:$/mu);
    expect(text).toContain('[to be completed]');
  });
  it('is empty for a rule it has no template for', () => {
    expect(documentTemplate(null)).toBe('');
    expect(documentTemplate('COMPLETION.NOTE.AUTH')).toBe('');
  });
});

describe('report helpers', () => {
  it('defaults to the first day of the third month back', () => {
    expect(defaultReportPeriod('2026-05-17')).toEqual({ from: '2026-02-01', to: '2026-05-17' });
    expect(defaultReportPeriod('2026-02-03')).toEqual({ from: '2025-11-01', to: '2026-02-03' });
  });

  it('labels a month-end point with the month it closes', () => {
    expect(trendLabel({ at: '2026-04-01T00:00:00.000Z' } as never)).toBe('2026-03');
    expect(trendLabel({ at: '2026-04-15T10:00:00.000Z' } as never)).toBe('2026-04');
  });

  it('draws the threshold as a flat line beside the rate, in percent, with gaps where there were no discharges', () => {
    const { categories, series } = trendSeries({
      threshold: 0.5,
      delinquency: { at: '2026-03-01T00:00:00.000Z', rate: null } as never,
      trend: [
        { at: '2026-02-01T00:00:00.000Z', rate: 0.25 },
        { at: '2026-03-01T00:00:00.000Z', rate: null },
      ] as never,
    });
    expect(categories).toEqual(['2026-01', '2026-02']);
    expect(series[0]?.values).toEqual([25, null]);
    expect(series[1]?.values).toEqual([50, 50]);
    expect(series[1]?.name).toBe('Threshold (50.0%)');
  });

  it('ends the trend with the rate now when now is past the last month end', () => {
    const { categories, series } = trendSeries({
      threshold: 0.5,
      delinquency: { at: '2026-03-17T10:00:00.000Z', rate: 0.6 } as never,
      trend: [{ at: '2026-03-01T00:00:00.000Z', rate: 0.2 }] as never,
    });
    expect(categories).toEqual(['2026-02', 'Now']);
    expect(series[0]?.values.map((v) => (v === null ? null : Math.round(v)))).toEqual([20, 60]);
  });
});

describe('rule descriptions', () => {
  it('describes the H&P window around admission and before surgery', () => {
    expect(describeWindow(rule('COMPLETION.HP.MISSING'))).toBe(
      '30 d before to 24 h after admission and before surgery',
    );
  });
  it('describes the discharge summary window and its encounter types', () => {
    const ds = rule('COMPLETION.DS.MISSING');
    expect(describeWindow(ds)).toBe('within 14 d after discharge');
    expect(describeAppliesTo(ds)).toBe('inpatient, behavioral health, skilled nursing');
  });
  it('says when a rule applies to every encounter', () => {
    expect(describeAppliesTo(rule('COMPLETION.OP.REPORT'))).toBe('all encounter types');
  });
});

describe('practitionerOptions', () => {
  it('lists each named clinician once, by name, leaving out unassigned deficiencies', () => {
    expect(
      practitionerOptions([
        { practitionerId: 'b', practitionerName: 'Zora Quill, MD' },
        { practitionerId: null, practitionerName: null },
        { practitionerId: 'a', practitionerName: 'Ada Brook, MD' },
        { practitionerId: 'b', practitionerName: 'Zora Quill, MD' },
      ]),
    ).toEqual([
      { value: 'a', label: 'Ada Brook, MD' },
      { value: 'b', label: 'Zora Quill, MD' },
    ]);
  });
});

it('words the attestation with the signer and the document type', () => {
  expect(defaultAttestation('Discharge summary', 'Dr. Test Person')).toBe(
    'I, Dr. Test Person, attest that I have reviewed this discharge summary and that it is accurate and complete.',
  );
  expect(defaultAttestation('Addendum: Discharge summary', 'Dr. Test Person')).toBe(
    'I, Dr. Test Person, attest that I have reviewed this addendum to the discharge summary and that it is accurate and complete.',
  );
});
