import { useEffect, useRef, useState } from 'react';
import type { ProblemDetails } from '@charta/contracts';
import { useModuleApi } from '../../api/use-module-api.js';
import { problemOf } from '../../api/problem.js';
import { createEncoderApi, readGrouperRefusals, type EncoderApi } from './encoder-api.js';

/** The Encoder's API (see useModuleApi); grouper refusals are read off the raw responses. */
export function useEncoderApi(): EncoderApi {
  return useModuleApi(createEncoderApi, readGrouperRefusals);
}

export interface Remote<T> {
  readonly data: T | null;
  readonly problem: ProblemDetails | null;
  readonly loading: boolean;
}

/**
 * Runs `load` whenever `key` changes (null: nothing to load), after `delayMs`, aborting the previous request, so
 * typing never shows a stale answer and never leaves requests for old input running on the server.
 */
export function useRemote<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
  delayMs = 0,
): Remote<T> & { readonly key: string | null } {
  const [state, setState] = useState<Remote<T> & { readonly key: string | null }>({
    data: null,
    problem: null,
    loading: false,
    key: null,
  });
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    if (key === null) {
      setState({ data: null, problem: null, loading: false, key: null });
      return;
    }
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    const timer = window.setTimeout(() => {
      loadRef.current(controller.signal).then(
        (data) => {
          if (!controller.signal.aborted) setState({ data, problem: null, loading: false, key });
        },
        (error: unknown) => {
          if (!controller.signal.aborted) setState({ data: null, problem: problemOf(error), loading: false, key });
        },
      );
    }, delayMs);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [key, delayMs]);

  return state;
}
