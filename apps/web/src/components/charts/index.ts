/**
 * Small, dependency-free SVG charts. Each renders a `<figure>` with a caption, an SVG with an accessible name and
 * description, a legend when there are several series, and the same data as a table behind a disclosure.
 *
 * @example
 *   <BarChart title="Top DRGs" categoryLabel="DRG" valueLabel="Cases" data={[{ label: '871', value: 12 }]} />
 *   <LineChart title="CMI by month" categories={['2026-01', '2026-02']} series={[{ name: 'CMI', values: [1.7, 1.8] }]} />
 *   <StackedBarChart title="Medical and surgical" categories={['2026-01']} normalize
 *     series={[{ name: 'Medical', values: [30] }, { name: 'Surgical', values: [10] }]} />
 */
export { BarChart, type BarChartProps } from './BarChart.js';
export { LineChart, type LineChartProps } from './LineChart.js';
export { StackedBarChart, type StackedBarChartProps } from './StackedBarChart.js';
export { CHART_PALETTE, seriesColor } from './palette.js';
export type { BarDatum, ChartBaseProps, ChartSeries } from './types.js';
