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
import type { BarDatum, ChartBaseProps } from './types.js';

export interface BarChartProps extends ChartBaseProps {
  readonly data: readonly BarDatum[];
  /** Header of the value column of the data table. Default "Value". */
  readonly valueLabel?: string;
  /**
   * `horizontal` (default) lays bars out as rows with the labels on the left: best for many or long labels (DRGs,
   * physicians). `vertical` puts short labels (months) under columns.
   */
  readonly orientation?: 'horizontal' | 'vertical';
  readonly color?: string;
}

const ROW = 22;
const MAX_LABEL_CHARS = 28;

/** A single-series bar chart. Values are assumed non-negative; the value axis starts at zero. */
export function BarChart(props: BarChartProps) {
  const format = props.formatValue ?? defaultFormatValue;
  const orientation = props.orientation ?? 'horizontal';
  const color = seriesColor(0, props.color);
  const max = Math.max(0, ...props.data.map((d) => d.value));
  const ticks = zeroBasedTicks(max, 5, allIntegers(props.data.map((d) => d.value)));
  const height = props.height ?? (orientation === 'horizontal' ? Math.max(80, props.data.length * ROW + 36) : 240);
  const hasDetail = props.data.some((d) => d.detail !== undefined);
  const table = {
    columns: [props.categoryLabel ?? 'Category', ...(hasDetail ? ['Description'] : []), props.valueLabel ?? 'Value'],
    rows: props.data.map((d) => [d.label, ...(hasDetail ? [d.detail ?? ''] : []), format(d.value)]),
  };
  const tip = (d: BarDatum) => `${d.label}${d.detail === undefined ? '' : ` ${d.detail}`}: ${format(d.value)}`;

  let body;
  if (orientation === 'horizontal') {
    const labels = props.data.map((d) => truncateLabel(d.label, MAX_LABEL_CHARS));
    const left = Math.min(220, 12 + Math.max(24, ...labels.map((l) => estimateTextWidth(l))));
    const right = 56;
    const x = linearScale(ticks.domain, [left, CHART_WIDTH - right]);
    const top = 8;
    body = (
      <>
        <g className="charta-chart-grid" aria-hidden>
          {ticks.values.map((t) => (
            <g key={t}>
              <line x1={x(t)} x2={x(t)} y1={top} y2={height - 20} />
              <text x={x(t)} y={height - 6} textAnchor="middle">
                {format(t)}
              </text>
            </g>
          ))}
        </g>
        {props.data.map((d, i) => {
          const y = top + i * ROW;
          return (
            <g key={`${d.label}-${i}`} className="charta-chart-bar">
              <title>{tip(d)}</title>
              <text x={left - 6} y={y + ROW / 2} dy="0.32em" textAnchor="end" className="charta-chart-label">
                {labels[i]}
              </text>
              <rect x={x(0)} y={y + 3} width={Math.max(0, x(d.value) - x(0))} height={ROW - 6} fill={color} />
              <text x={x(d.value) + 4} y={y + ROW / 2} dy="0.32em" className="charta-chart-value">
                {format(d.value)}
              </text>
            </g>
          );
        })}
      </>
    );
  } else {
    const left = 12 + Math.max(...ticks.values.map((t) => estimateTextWidth(format(t))));
    const bottom = 28;
    const top = 16;
    const y = linearScale(ticks.domain, [height - bottom, top]);
    const band = (CHART_WIDTH - left - 8) / Math.max(1, props.data.length);
    const barWidth = Math.max(2, band * 0.7);
    const maxChars = Math.max(3, Math.floor(band / 6.6));
    body = (
      <>
        <ValueGridY ticks={ticks.values} y={y} x0={left} x1={CHART_WIDTH - 8} format={format} />
        {props.data.map((d, i) => {
          const cx = left + band * i + band / 2;
          return (
            <g key={`${d.label}-${i}`} className="charta-chart-bar">
              <title>{tip(d)}</title>
              <rect
                x={cx - barWidth / 2}
                y={y(d.value)}
                width={barWidth}
                height={Math.max(0, y(0) - y(d.value))}
                fill={color}
              />
              <text x={cx} y={height - bottom + 14} textAnchor="middle" className="charta-chart-label">
                {truncateLabel(d.label, maxChars)}
              </text>
            </g>
          );
        })}
      </>
    );
  }

  return (
    <ChartFrame
      title={props.title}
      description={props.description}
      height={height}
      table={table}
      tableOpen={props.tableOpen}
      testId={props.testId}
      empty={props.data.length === 0}
    >
      {body}
    </ChartFrame>
  );
}
