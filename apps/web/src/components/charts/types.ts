/** Props shared by every chart. */
export interface ChartBaseProps {
  /** Short title: shown as the figure caption and used as the SVG's accessible name and the table caption. */
  readonly title: string;
  /** A sentence saying what the chart shows and how to read it (the SVG's accessible description, shown under it). */
  readonly description?: string;
  /** Formats a value for axis ticks, tooltips and the data table. Default: up to two decimals. */
  readonly formatValue?: (value: number) => string;
  /** Header of the category column of the data table (for example "Month" or "DRG"). Default "Category". */
  readonly categoryLabel?: string;
  /** Height of the plot in pixels; the width follows the container (the SVG scales with a fixed aspect ratio). */
  readonly height?: number;
  /** Shows the data table expanded rather than behind a "Show data" disclosure. */
  readonly tableOpen?: boolean;
  /** `data-testid` of the figure element. */
  readonly testId?: string;
}

/** One bar of a bar chart. */
export interface BarDatum {
  readonly label: string;
  readonly value: number;
  /** Extra words for the tooltip and the data table (for example a DRG title). */
  readonly detail?: string;
}

/** One named series of values, aligned with the chart's `categories`; `null` is a gap (no data). */
export interface ChartSeries {
  readonly name: string;
  readonly values: readonly (number | null)[];
  /** CSS colour; by default the next palette colour. */
  readonly color?: string;
}
