import { ChartFrame, CHART_WIDTH, ValueGridY } from './ChartFrame.js';
import { seriesColor } from './palette.js';
import {
  allIntegers,
  defaultFormatValue,
  estimateTextWidth,
  linearScale,
  truncateLabel,
  zeroBasedTicks,
} from './scale.js';
import type { ChartBaseProps, ChartSeries } from './types.js';

export interface StackedBarChartProps extends ChartBaseProps {
  /** One column per category (for example months), in display order. */
  readonly categories: readonly string[];
  /** The stacked parts, bottom first; each series has one value per category (`null` counts as zero). */
  readonly series: readonly ChartSeries[];
  /**
   * Stacks each column to 100 % (shares rather than counts). The tooltips and the table still show the raw values,
   * followed by the share.
   */
  readonly normalize?: boolean;
}

/** Vertical stacked columns; values are assumed non-negative. */
export function StackedBarChart(props: StackedBarChartProps) {
  const format = props.formatValue ?? defaultFormatValue;
  const height = props.height ?? 240;
  const totals = props.categories.map((_, c) => props.series.reduce((sum, s) => sum + (s.values[c] ?? 0), 0));
  const normalize = props.normalize ?? false;
  const ticks = normalize
    ? { domain: [0, 1] as const, values: [0, 0.25, 0.5, 0.75, 1] }
    : zeroBasedTicks(Math.max(0, ...totals), 5, allIntegers(props.series.flatMap((x) => x.values)));
  const tickFormat = normalize ? (v: number) => `${Math.round(v * 100)}%` : format;
  const left = 12 + Math.max(...ticks.values.map((t) => estimateTextWidth(tickFormat(t))));
  const top = 12;
  const bottom = 28;
  const y = linearScale(ticks.domain, [height - bottom, top]);
  const band = (CHART_WIDTH - left - 8) / Math.max(1, props.categories.length);
  const barWidth = Math.max(2, band * 0.7);
  const maxChars = Math.max(3, Math.floor(band / 6.6));
  const share = (value: number, total: number) => (total === 0 ? '0%' : `${((value / total) * 100).toFixed(1)}%`);
  const cell = (value: number, total: number) =>
    normalize ? `${format(value)} (${share(value, total)})` : format(value);

  const table = {
    columns: [props.categoryLabel ?? 'Category', ...props.series.map((s) => s.name), 'Total'],
    rows: props.categories.map((category, c) => [
      category,
      ...props.series.map((s) => cell(s.values[c] ?? 0, totals[c] ?? 0)),
      format(totals[c] ?? 0),
    ]),
  };

  return (
    <ChartFrame
      title={props.title}
      description={props.description}
      height={height}
      table={table}
      legend={props.series}
      tableOpen={props.tableOpen}
      testId={props.testId}
      empty={props.categories.length === 0 || props.series.length === 0}
    >
      <ValueGridY ticks={ticks.values} y={y} x0={left} x1={CHART_WIDTH - 8} format={tickFormat} />
      {props.categories.map((category, c) => {
        const cx = left + band * c + band / 2;
        const total = totals[c] ?? 0;
        let base = 0;
        return (
          <g key={`${category}-${c}`} className="charta-chart-bar">
            {props.series.map((s, i) => {
              const raw = s.values[c] ?? 0;
              const value = normalize ? (total === 0 ? 0 : raw / total) : raw;
              const y0 = y(base);
              base += value;
              const y1 = y(base);
              return (
                <rect
                  key={s.name}
                  x={cx - barWidth / 2}
                  y={y1}
                  width={barWidth}
                  height={Math.max(0, y0 - y1)}
                  fill={seriesColor(i, s.color)}
                >
                  <title>{`${category}, ${s.name}: ${cell(raw, total)}`}</title>
                </rect>
              );
            })}
            <text x={cx} y={height - bottom + 14} textAnchor="middle" className="charta-chart-label">
              {truncateLabel(category, maxChars)}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}
