import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BarChart } from './BarChart.js';
import { LineChart, lineRuns } from './LineChart.js';
import { StackedBarChart } from './StackedBarChart.js';

describe('charts', () => {
  it('names the bar chart SVG by its title and description and repeats the data in a table', () => {
    const html = renderToStaticMarkup(
      createElement(BarChart, {
        title: 'Top DRGs',
        description: 'Cases by DRG.',
        categoryLabel: 'DRG',
        valueLabel: 'Cases',
        data: [
          { label: '871', value: 12, detail: 'Septicemia' },
          { label: '470', value: 4 },
        ],
      }),
    );
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="[^"]+ [^"]+"/);
    expect(html).toContain('<title id=');
    expect(html).toContain('<desc id=');
    expect(html).toContain('<caption>Top DRGs</caption>');
    expect(html).toContain('<th scope="col">DRG</th><th scope="col">Description</th><th scope="col">Cases</th>');
    expect(html).toContain('<th scope="row">871</th><td>Septicemia</td><td>12</td>');
    expect((html.match(/<rect /g) ?? []).length).toBe(2);
  });

  it('shows a message and no SVG when there is no data', () => {
    const html = renderToStaticMarkup(createElement(BarChart, { title: 'Empty', data: [] }));
    expect(html).toContain('No data for this period.');
    expect(html).not.toContain('<svg');
  });

  it('stacks one rect per series and category, with raw values and shares in the table when normalised', () => {
    const html = renderToStaticMarkup(
      createElement(StackedBarChart, {
        title: 'Mix',
        categories: ['2026-01', '2026-02'],
        normalize: true,
        series: [
          { name: 'Medical', values: [3, 1] },
          { name: 'Surgical', values: [1, null] },
        ],
      }),
    );
    expect((html.match(/<rect /g) ?? []).length).toBe(4);
    expect(html).toContain('<td>3 (75.0%)</td><td>1 (25.0%)</td><td>4</td>');
    expect(html).toContain('Medical</li>');
  });

  it('draws a line per run of values and leaves gaps for nulls', () => {
    expect(lineRuns([1, 2, null, 3]).map((r) => r.map((p) => p.index))).toEqual([[0, 1], [3]]);
    const html = renderToStaticMarkup(
      createElement(LineChart, {
        title: 'CMI',
        categories: ['2026-01', '2026-02', '2026-03'],
        series: [{ name: 'CMI', values: [1.5, null, 1.8] }],
        formatValue: (v: number) => v.toFixed(4),
      }),
    );
    expect((html.match(/<circle /g) ?? []).length).toBe(2);
    expect(html).toContain('<th scope="row">2026-02</th><td>—</td>');
    expect(html).toContain('<td>1.8000</td>');
  });
});
