import { buildMpiIndex, DEFAULT_MPI_SETTINGS, findDuplicatePairs, type MpiDuplicatePair } from '@charta/core';
import { describe, expect, it } from 'vitest';
import { generateMpiEvaluationSet } from './generate.js';

const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

function measure(found: readonly MpiDuplicatePair[], truth: ReadonlySet<string>, minScore: number) {
  const predicted = found.filter((p) => p.score >= minScore);
  const tp = predicted.filter((p) => truth.has(key(p.a, p.b))).length;
  return {
    predicted: predicted.length,
    truePositives: tp,
    precision: predicted.length === 0 ? 1 : tp / predicted.length,
    recall: truth.size === 0 ? 1 : tp / truth.size,
  };
}

describe('MPI matching on the labelled synthetic evaluation set', () => {
  const set = generateMpiEvaluationSet(20261130, 5000);
  const truth = new Set(set.truePairs.map(([a, b]) => key(a, b)));
  const settings = DEFAULT_MPI_SETTINGS;
  const found = findDuplicatePairs(buildMpiIndex(set.records), settings);

  it('generates at least 5,000 people with about 15% duplicated', () => {
    expect(set.people).toBeGreaterThanOrEqual(5000);
    const duplicates = set.records.length - set.people;
    expect(duplicates / set.people).toBeGreaterThan(0.12);
    expect(duplicates / set.people).toBeLessThan(0.2);
    expect(set.twinPairs.length).toBeGreaterThan(0);
  });

  it('is deterministic for a seed', () => {
    const again = generateMpiEvaluationSet(20261130, 200);
    expect(generateMpiEvaluationSet(20261130, 200)).toEqual(again);
    expect(generateMpiEvaluationSet(7, 200).records).not.toEqual(again.records);
  });

  it('reaches precision >= 0.95 and recall >= 0.90 at the review threshold', () => {
    const review = measure(found, truth, settings.thresholds.review);
    const match = measure(found, truth, settings.thresholds.match);
    console.log(
      `MPI evaluation: ${set.records.length} records, ${truth.size} true pairs; ` +
        `review (>= ${settings.thresholds.review}): precision ${review.precision.toFixed(4)} recall ${review.recall.toFixed(4)}; ` +
        `auto-link (>= ${settings.thresholds.match}): precision ${match.precision.toFixed(4)} recall ${match.recall.toFixed(4)}`,
    );
    expect(review.precision).toBeGreaterThanOrEqual(0.95);
    expect(review.recall).toBeGreaterThanOrEqual(0.9);
    expect(match.precision).toBeGreaterThanOrEqual(0.95);
  });

  it('never auto-links twins', () => {
    const twins = new Set(set.twinPairs.map(([a, b]) => key(a, b)));
    const linked = found.filter((p) => p.verdict === 'match' && twins.has(key(p.a, p.b)));
    expect(linked).toEqual([]);
  });
});
