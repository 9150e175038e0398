import { describe, expect, it } from 'vitest';
import { buildHccTables, type HccTableRows } from './build-tables.js';

const EMPTY: HccTableRows = {
  paymentYear: 2026,
  dxToCc: [],
  hierarchies: [],
  coefficients: [],
  labels: [],
  dxEdits: [],
};

describe('buildHccTables', () => {
  it('keeps V28 rows and skips the other models of the same files', () => {
    const built = buildHccTables({
      ...EMPTY,
      dxToCc: [
        { diagnosis_code: 'E119', cc: '38', model_name: 'CMS-HCC Model V28' },
        { diagnosis_code: 'E119', cc: '19', model_name: 'CMS-HCC Model V24' },
        { diagnosis_code: 'B377', cc: '6', model_name: 'CMS-HCC Model V28' },
        { diagnosis_code: 'B377', cc: '2', model_name: 'CMS-HCC Model V28' },
      ],
      coefficients: [
        { coefficient: 'CNA_HCC38', value: '0.166', model_version: 'C28' },
        { coefficient: 'CNA_HCC19', value: '0.105', model_version: 'C24' },
      ],
      labels: [
        { cc: 'HCC38', label: 'Diabetes with Glycemic, Unspecified, or No Complications', model_version: 'V28' },
      ],
      dxEdits: [
        {
          icd10: 'D66',
          edit_type: 'sex',
          sex: '2',
          age_min: '',
          age_max: '',
          action: 'override',
          cc_override: '112',
          model_name: 'CMS-HCC Model V28',
          description: 'Hemophilia A in female - assign to CC 112',
        },
      ],
    });
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect([...built.value.dxToCc]).toEqual([
      ['E119', [38]],
      ['B377', [6, 2]],
    ]);
    expect([...built.value.coefficients]).toEqual([['CNA_HCC38', 0.166]]);
    expect(built.value.labels.get(38)).toMatch(/^Diabetes/);
    expect(built.value.dxEdits.get('D66')).toEqual([
      {
        code: 'D66',
        kind: 'sex',
        sex: 'F',
        action: 'override',
        ccOverride: 112,
        description: 'Hemophilia A in female - assign to CC 112',
      },
    ]);
  });

  it('lists every unreadable row instead of building half a table', () => {
    const built = buildHccTables({
      ...EMPTY,
      dxToCc: [{ diagnosis_code: 'E119', cc: 'x', model_name: 'CMS-HCC Model V28' }],
      coefficients: [{ coefficient: 'CNA_HCC38', value: '', model_version: 'C28' }],
      hierarchies: [{ cc_parent: '37', cc_child: '', model_version: 'V28' }],
    });
    expect(built.ok).toBe(false);
    if (!built.ok) expect(built.error.map((i) => i.path)).toEqual(['/dxToCc/0', '/hierarchies/0', '/coefficients/0']);
  });
});
