import { useEffect, useMemo, useRef, useState } from 'react';
import type { ProblemDetails } from '@charta/contracts';
import { useApi } from '../../api/api-context.js';
import { createApiClient } from '../../api/client.js';
import { problemOf } from '../../api/problem.js';
import { createEncoderApi, readGrouperRefusals, type EncoderApi } from './encoder-api.js';

/**
 * The Encoder's API. The shell does not share its client, so the Encoder makes its own with the same options (same
 * origin, CSRF cookie, no caching); a 401 here is handed to the shell by one call through the shell's client, which
 * then gets the same 401 and ends the session everywhere, as any other page's 401 would.
 */
export function useEncoderApi(): EncoderApi {
  const api = useApi();
  const apiRef = useRef(api);
  apiRef.current = api;
  return useMemo(
    () =>
      createEncoderApi(
        createApiClient({
          fetch: readGrouperRefusals((input, init) => window.fetch(input, init)),
          cookies: () => document.cookie,
          onUnauthorized: () => {
            apiRef.current.keepalive().catch(() => undefined);
          },
        }),
      ),
    [],
  );
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
