import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProblemDetails } from '@charta/contracts';
import { problemOf } from '../api/problem.js';

export interface Loaded<T> {
  readonly data: T | null;
  readonly problem: ProblemDetails | null;
  readonly loading: boolean;
  reload(): void;
  /** Replaces the data locally, after a write returned the new version of a row. */
  setData(update: (current: T | null) => T | null): void;
}

/**
 * Loads data for a page when it mounts (and on reload), ignoring answers that arrive after the page has gone or after
 * a newer load started, so a slow response can never repaint stale data.
 */
export function useLoad<T>(load: () => Promise<T>): Loaded<T> {
  const [data, setDataState] = useState<T | null>(null);
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let current = true;
    setLoading(true);
    setProblem(null);
    loadRef.current().then(
      (value) => {
        if (!current) return;
        setDataState(value);
        setLoading(false);
      },
      (error: unknown) => {
        if (!current) return;
        setProblem(problemOf(error));
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const setData = useCallback((update: (current: T | null) => T | null) => setDataState(update), []);
  return { data, problem, loading, reload, setData };
}
