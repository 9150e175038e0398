import type { MpiSettings, MpiWeightTable } from './types.js';

/**
 * Default m and u probabilities per field and agreement level. m = share of true pairs (same person) showing the
 * level; u = share of non-pairs showing it. The weight added to the score is log2(m / u) (Fellegi & Sunter 1969).
 * These are starting values chosen from the usual shape of US registration data, not estimated from any real data
 * set; a site should re-estimate them (for example by EM over its own pairs) and pass its own table in the settings.
 * The reasons for each value are in README.md beside this file.
 */
export const DEFAULT_MPI_WEIGHTS: MpiWeightTable = {
  identifier: {
    'ssn-exact': { m: 0.6, u: 0.00001 },
    'ssn-last4': { m: 0.25, u: 0.0005 },
    'id-exact': { m: 0.1, u: 0.000001 },
    'ssn-disagree': { m: 0.01, u: 0.9999 },
  },
  familyName: {
    exact: { m: 0.82, u: 0.01 },
    compound: { m: 0.03, u: 0.001 },
    typo: { m: 0.05, u: 0.004 },
    phonetic: { m: 0.02, u: 0.006 },
    'previous-name': { m: 0.02, u: 0.0005 },
    swapped: { m: 0.01, u: 0.0002 },
    disagree: { m: 0.05, u: 0.98 },
  },
  givenName: {
    exact: { m: 0.8, u: 0.01 },
    nickname: { m: 0.06, u: 0.002 },
    typo: { m: 0.06, u: 0.004 },
    phonetic: { m: 0.02, u: 0.006 },
    initial: { m: 0.01, u: 0.005 },
    'middle-as-given': { m: 0.01, u: 0.003 },
    swapped: { m: 0.01, u: 0.0002 },
    disagree: { m: 0.01, u: 0.97 },
  },
  middleName: {
    exact: { m: 0.8, u: 0.05 },
    initial: { m: 0.15, u: 0.05 },
    disagree: { m: 0.05, u: 0.9 },
  },
  birthDate: {
    exact: { m: 0.9, u: 0.0003 },
    'day-month-swapped': { m: 0.01, u: 0.0001 },
    'digit-transposed': { m: 0.02, u: 0.0002 },
    'one-digit': { m: 0.03, u: 0.002 },
    disagree: { m: 0.02, u: 0.997 },
  },
  sex: {
    agree: { m: 0.98, u: 0.5 },
    disagree: { m: 0.02, u: 0.5 },
  },
  address: {
    exact: { m: 0.6, u: 0.003 },
    street: { m: 0.05, u: 0.002 },
    'postal-code': { m: 0.1, u: 0.03 },
    disagree: { m: 0.25, u: 0.965 },
  },
  phone: {
    exact: { m: 0.55, u: 0.002 },
    // Conditional on the address agreeing too: people at one address share a landline, so u is high.
    'exact-with-address': { m: 0.85, u: 0.4 },
    'last-7': { m: 0.03, u: 0.005 },
    disagree: { m: 0.42, u: 0.993 },
  },
  email: {
    exact: { m: 0.5, u: 0.0005 },
    disagree: { m: 0.3, u: 0.9995 },
  },
};

/** Default settings; the thresholds were set on the synthetic evaluation set of @charta/testing (see README.md). */
export const DEFAULT_MPI_SETTINGS: MpiSettings = {
  thresholds: { match: 20, review: 12 },
  weights: DEFAULT_MPI_WEIGHTS,
  multipleBirthPenalty: -20,
  maxBlockSize: 500,
};

/** log2(m / u), the Fellegi–Sunter agreement weight. */
export function weightOf(m: number, u: number): number {
  return Math.log2(m / u);
}
