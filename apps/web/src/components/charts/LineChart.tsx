import { ChartFrame, CHART_WIDTH, ValueGridY } from './ChartFrame.js';
import { seriesColor } from './palette.js';
import { allIntegers, defaultFormatValue, estimateTextWidth, linearScale, niceTicks, truncateLabel } from './scale.js';
import type { ChartBaseProps, ChartSeries } from './types.js';

export interface LineChartProps extends ChartBaseProps {
  /** Points along the horizontal axis (for example months), in order. */
  readonly categories: readonly string[];
  /** One line per series; `null` leaves a gap in the line. */
  readonly series: readonly ChartSeries[];
  /**
   * Start the value axis at zero. Default false: the axis fits the data, which suits indexes such as a case-mix
   * index whose month-to-month movement is small next to its size.
   */
  readonly zeroBased?: boolean;
}

/** Splits a series into runs of consecutive non-null points, so gaps are not bridged. */
export function lineRuns(values: readonly (number | null)[]): { index: number; value: number }[][] {
  const runs: { index: number; value: number }[][] = [];
  let current: { index: number; value: number }[] = [];
  values.forEach((value, index) => {
    if (value === null || !Number.isFinite(value)) {
      if (current.length > 0) runs.push(current);
      current = [];
    } else current.push({ index, value });
  });
  if (current.length > 0) runs.push(current);
  return runs;
}

/** A line chart with a point marker (and tooltip) on every value. */
export function LineChart(props: LineChartProps) {
  const format = props.formatValue ?? defaultFormatValue;
  const height = props.height ?? 220;
  const all = props.series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v)));
  const lo = all.length === 0 ? 0 : Math.min(...all);
  const hi = all.length === 0 ? 1 : Math.max(...all);
  const ticks = niceTicks(props.zeroBased === true ? Math.min(0, lo) : lo, hi, 4, allIntegers(all));
  const left = 12 + Math.max(...ticks.values.map((t) => estimateTextWidth(format(t))));
  const right = 16;
  const top = 12;
  const bottom = 28;
  const y = linearScale(ticks.domain, [height - bottom, top]);
  const n = props.categories.length;
  const x = (i: number) =>
    n <= 1 ? (left + CHART_WIDTH - right) / 2 : left + (i * (CHART_WIDTH - left - right)) / (n - 1);
  // Label every k-th category so the labels do not overlap.
  const longest = Math.max(1, ...props.categories.map((c) => estimateTextWidth(c)));
  const every = Math.max(1, Math.ceil((longest + 8) / ((CHART_WIDTH - left - right) / Math.max(1, n))));

  const table = {
    columns: [props.categoryLabel ?? 'Category', ...props.series.map((s) => s.name)],
    rows: props.categories.map((category, c) => [
      category,
      ...props.series.map((s) => {
        const v = s.values[c] ?? null;
        return v === null ? '—' : format(v);
      }),
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
      empty={n === 0 || all.length === 0}
    >
      <ValueGridY ticks={ticks.values} y={y} x0={left} x1={CHART_WIDTH - right} format={format} />
      <g aria-hidden>
        {props.categories.map((category, i) =>
          i % every === 0 ? (
            <text
              key={`${category}-${i}`}
              x={x(i)}
              y={height - bottom + 16}
              textAnchor="middle"
              className="charta-chart-label"
            >
              {truncateLabel(category, 12)}
            </text>
          ) : null,
        )}
      </g>
      {props.series.map((s, si) => {
        const color = seriesColor(si, s.color);
        return (
          <g key={s.name} className="charta-chart-line">
            {lineRuns(s.values).map((run) => (
              <polyline
                key={run[0]?.index ?? 0}
                points={run.map((p) => `${x(p.index)},${y(p.value)}`).join(' ')}
                fill="none"
                stroke={color}
                strokeWidth={2}
              />
            ))}
            {s.values.map((v, i) =>
              v === null || !Number.isFinite(v) ? null : (
                <circle key={i} cx={x(i)} cy={y(v)} r={3.5} fill={color}>
                  <title>{`${props.categories[i] ?? ''}, ${s.name}: ${format(v)}`}</title>
                </circle>
              ),
            )}
          </g>
        );
      })}
    </ChartFrame>
  );
}
