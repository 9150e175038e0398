import { useCallback, useEffect, useRef, useState } from 'react';
import type { CodingState, FieldError, ProblemDetails } from '@charta/contracts';
import { problemOf } from '../../api/problem.js';
import type { CodingWorkApi } from './coding-work-api.js';
import { adoptChargeIds, draftFromState, draftSignature, toSaveRequest, type CodingDraft } from './coding-draft.js';

/**
 * Long enough that a burst of edits (re-sequencing with the arrows, picking a POA right after adding a code) is one
 * save, short enough that the findings follow the coder's work.
 */
const SAVE_DELAY_MS = 500;

export interface CodingWork {
  readonly state: CodingState | null;
  readonly draft: CodingDraft | null;
  /** Loading, saving or a change not yet saved: the findings and DRG on screen are not yet those of the draft. */
  readonly checking: boolean;
  readonly saving: boolean;
  readonly problem: ProblemDetails | null;
  /** The draft's field errors (a half-typed charge line): the draft is not saved until they are fixed. */
  readonly fieldErrors: readonly FieldError[];
  edit(update: (draft: CodingDraft) => CodingDraft): void;
  /** Saves any change now and waits for it; false when it could not be saved. */
  flush(): Promise<boolean>;
  finalize(): Promise<boolean>;
  reopen(reason: string): Promise<boolean>;
  reload(): void;
  clearProblem(): void;
}

/**
 * The coder's edits to one encounter's coded record, saved as they are made (debounced, one save at a time, each
 * naming the revision it started from). Every save answers with the server's findings and working DRG for exactly
 * the codes saved, so what the coder sees is always checked by the same rules that decide whether they may finalise.
 */
export function useCodingWork(api: CodingWorkApi, encounterId: string): CodingWork {
  const [state, setState] = useState<CodingState | null>(null);
  const [draft, setDraft] = useState<CodingDraft | null>(null);
  const [savedSignature, setSavedSignature] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [fieldErrors, setFieldErrors] = useState<readonly FieldError[]>([]);
  const [generation, setGeneration] = useState(0);

  const stateRef = useRef<CodingState | null>(null);
  const draftRef = useRef<CodingDraft | null>(null);
  const savedRef = useRef<string | null>(null);
  const inFlight = useRef<Promise<boolean> | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const alive = useRef(true);

  const adopt = useCallback((next: CodingState) => {
    const fresh = draftFromState(next);
    stateRef.current = next;
    draftRef.current = fresh;
    savedRef.current = draftSignature(fresh);
    setState(next);
    setDraft(fresh);
    setSavedSignature(savedRef.current);
    setFieldErrors([]);
  }, []);

  useEffect(() => {
    alive.current = true;
    const controller = new AbortController();
    setProblem(null);
    api.coding(encounterId, controller.signal).then(
      (loaded) => {
        if (!controller.signal.aborted) adopt(loaded);
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setProblem(problemOf(error));
      },
    );
    return () => {
      controller.abort();
      alive.current = false;
      window.clearTimeout(timer.current);
    };
  }, [api, encounterId, generation, adopt]);

  const saveOnce = useCallback(async (): Promise<boolean> => {
    const current = draftRef.current;
    const base = stateRef.current;
    if (current === null || base === null) return false;
    const signature = draftSignature(current);
    if (signature === savedRef.current) return true;
    const request = toSaveRequest(current, base.revision);
    if (!request.ok) {
      setFieldErrors(request.errors);
      return false;
    }
    setFieldErrors([]);
    setSaving(true);
    try {
      const saved = await api.save(encounterId, request.value);
      if (!alive.current) return false;
      stateRef.current = saved;
      setState(saved);
      setProblem(null);
      // Keep the coder's rows (and focus) as they are; only new charge lines learn their ids.
      const latest = draftRef.current ?? current;
      const adopted = adoptChargeIds(latest, saved.charges);
      const unchanged = draftSignature(latest) === signature;
      draftRef.current = adopted;
      setDraft(adopted);
      savedRef.current = unchanged ? draftSignature(adopted) : signature;
      setSavedSignature(savedRef.current);
      return true;
    } catch (error) {
      if (alive.current) setProblem(problemOf(error));
      return false;
    } finally {
      if (alive.current) setSaving(false);
    }
  }, [api, encounterId]);

  /** Runs saves one after another until the saved record is the draft (or a save fails). */
  const flush = useCallback(async (): Promise<boolean> => {
    window.clearTimeout(timer.current);
    while (inFlight.current !== null) await inFlight.current;
    const run = saveOnce();
    inFlight.current = run;
    try {
      return await run;
    } finally {
      inFlight.current = null;
    }
  }, [saveOnce]);

  const edit = useCallback(
    (update: (draft: CodingDraft) => CodingDraft) => {
      const current = draftRef.current;
      if (current === null) return;
      const next = update(current);
      draftRef.current = next;
      setDraft(next);
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void flush(), SAVE_DELAY_MS);
    },
    [flush],
  );

  const finalize = useCallback(async (): Promise<boolean> => {
    if (!(await flush())) return false;
    try {
      const final = await api.finalize(encounterId);
      if (alive.current) {
        adopt(final);
        setProblem(null);
      }
      return true;
    } catch (error) {
      if (alive.current) setProblem(problemOf(error));
      // The server refused: its findings may have moved on, so show the current ones.
      api.coding(encounterId).then(
        (s) => alive.current && adopt(s),
        () => undefined,
      );
      return false;
    }
  }, [api, encounterId, flush, adopt]);

  const reopen = useCallback(
    async (reason: string): Promise<boolean> => {
      try {
        const opened = await api.reopen(encounterId, reason);
        if (alive.current) {
          adopt(opened);
          setProblem(null);
        }
        return true;
      } catch (error) {
        if (alive.current) setProblem(problemOf(error));
        return false;
      }
    },
    [api, encounterId, adopt],
  );

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const clearProblem = useCallback(() => setProblem(null), []);
  const dirty = draft !== null && savedSignature !== null && draftSignature(draft) !== savedSignature;

  return {
    state,
    draft,
    checking: state === null || saving || (dirty && fieldErrors.length === 0),
    saving,
    problem,
    fieldErrors,
    edit,
    flush,
    finalize,
    reopen,
    reload,
    clearProblem,
  };
}
