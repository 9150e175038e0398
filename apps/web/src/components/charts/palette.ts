/**
 * Series colours: the Okabe–Ito palette, distinguishable with the common colour-vision deficiencies. Charts never rely
 * on colour alone: every series is named in the legend, every mark has a tooltip and the data table repeats the values.
 */
export const CHART_PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
] as const;

/** The colour of the `index`-th series unless the series names its own. */
export function seriesColor(index: number, own?: string): string {
  return own ?? CHART_PALETTE[index % CHART_PALETTE.length] ?? '#0072B2';
}
