import { useId, type ReactNode } from 'react';
import { seriesColor } from './palette.js';
import type { ChartSeries } from './types.js';
import './charts.css';

/** SVG width in user units; the element scales to its container's width. */
export const CHART_WIDTH = 640;

export interface ChartTable {
  /** Column headers: the category column first, then one per value column. */
  readonly columns: readonly string[];
  /** Rows of already formatted cells, category first. */
  readonly rows: readonly (readonly string[])[];
}

interface ChartFrameProps {
  readonly title: string;
  readonly description: string | undefined;
  readonly height: number;
  readonly table: ChartTable;
  readonly legend?: readonly Pick<ChartSeries, 'name' | 'color'>[];
  readonly tableOpen: boolean | undefined;
  readonly testId: string | undefined;
  readonly empty: boolean;
  readonly children: ReactNode;
}

/**
 * The frame every chart shares: a `<figure>` whose caption is the title, an SVG with role="img" named by its
 * `<title>` and `<desc>`, a legend in HTML, and the same numbers as a table for screen readers, keyboard users and
 * anyone who wants exact figures (WCAG 2.2 SC 1.1.1, non-text content; SC 1.4.1, use of colour).
 */
export function ChartFrame(props: ChartFrameProps) {
  const id = useId();
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  return (
    <figure className="charta-chart" data-testid={props.testId}>
      <figcaption className="charta-chart-caption">
        <span className="charta-chart-title">{props.title}</span>
        {props.description !== undefined && <span className="charta-chart-description">{props.description}</span>}
      </figcaption>
      {props.empty ? (
        <p className="charta-chart-empty">No data for this period.</p>
      ) : (
        <svg
          className="charta-chart-svg"
          viewBox={`0 0 ${CHART_WIDTH} ${props.height}`}
          role="img"
          aria-labelledby={props.description === undefined ? titleId : `${titleId} ${descId}`}
          preserveAspectRatio="xMidYMid meet"
        >
          <title id={titleId}>{props.title}</title>
          {props.description !== undefined && <desc id={descId}>{props.description}</desc>}
          {props.children}
        </svg>
      )}
      {props.legend !== undefined && props.legend.length > 1 && !props.empty && (
        <ul className="charta-chart-legend">
          {props.legend.map((s, i) => (
            <li key={s.name}>
              <span className="charta-chart-swatch" style={{ background: seriesColor(i, s.color) }} aria-hidden />
              {s.name}
            </li>
          ))}
        </ul>
      )}
      {!props.empty && (
        <details className="charta-chart-data" open={props.tableOpen ?? false}>
          <summary>Show data as a table</summary>
          <table>
            <caption>{props.title}</caption>
            <thead>
              <tr>
                {props.table.columns.map((c, i) => (
                  <th key={i} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.table.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, c) =>
                    c === 0 ? (
                      <th key={c} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={c}>{cell}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}

/** Horizontal grid lines with their value labels, for a vertical value axis. */
export function ValueGridY(props: {
  readonly ticks: readonly number[];
  readonly y: (v: number) => number;
  readonly x0: number;
  readonly x1: number;
  readonly format: (v: number) => string;
}) {
  return (
    <g className="charta-chart-grid" aria-hidden>
      {props.ticks.map((t) => (
        <g key={t}>
          <line x1={props.x0} x2={props.x1} y1={props.y(t)} y2={props.y(t)} />
          <text x={props.x0 - 6} y={props.y(t)} dy="0.32em" textAnchor="end">
            {props.format(t)}
          </text>
        </g>
      ))}
    </g>
  );
}
