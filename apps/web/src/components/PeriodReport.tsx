import {
  useEffect,
  useRef,
  useState,
  type Dispatch,
  type FormEvent,
  type ReactElement,
  type SetStateAction,
} from 'react';
import { Button, Group, Paper, TextInput } from '@mantine/core';
import type { ProblemDetails } from '@charta/contracts';
import { fieldMessages, problemOf } from '../api/problem.js';
import { validate, type Schema } from '../api/validate.js';
import { ProblemAlert } from './ProblemAlert.js';

/** A report period: first and last discharge date (YYYY-MM-DD), both inclusive. */
export interface DischargePeriod {
  readonly from: string;
  readonly to: string;
}

/** The pointers the period form shows next to its two fields, as the query or as a body. */
const PLACED = ['/query/from', '/query/to', '/from', '/to'];

export interface PeriodReport<R> {
  /** The period being typed, and the one the report shown was asked for (CSV links follow it). */
  readonly draft: DischargePeriod;
  readonly setDraft: Dispatch<SetStateAction<DischargePeriod>>;
  readonly applied: DischargePeriod;
  readonly report: R | null;
  readonly loading: boolean;
  /** The form's submit handler: checks the period with the query's own schema, then loads it. */
  readonly submit: (e: FormEvent) => void;
  /** The message for a field, from the form's check or the server's answer. */
  readonly fieldError: (name: 'from' | 'to') => string | undefined;
  /** The problem of the last load, if it failed, with its period messages placed at their fields. */
  readonly alert: ReactElement | null;
}

/**
 * A report over a discharge period: loads it for the initial period at once, then for each period the form submits;
 * a newer load cancels an older one still running.
 */
export function usePeriodReport<R>(
  initial: () => DischargePeriod,
  query: Schema<unknown>,
  load: (period: DischargePeriod, signal: AbortSignal) => Promise<R>,
): PeriodReport<R> {
  const [draft, setDraft] = useState<DischargePeriod>(initial);
  const [applied, setApplied] = useState<DischargePeriod>(draft);
  const [report, setReport] = useState<R | null>(null);
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [loading, setLoading] = useState(false);
  const controller = useRef<AbortController | null>(null);

  const run = async (period: DischargePeriod) => {
    controller.current?.abort();
    const c = new AbortController();
    controller.current = c;
    setLoading(true);
    setProblem(null);
    try {
      const result = await load(period, c.signal);
      if (!c.signal.aborted) setReport(result);
    } catch (error) {
      if (c.signal.aborted) return;
      const p = problemOf(error);
      setProblem(p);
      setFields(fieldMessages(p.errors));
    } finally {
      if (!c.signal.aborted) setLoading(false);
    }
  };

  useEffect(() => {
    void run(applied);
    return () => controller.current?.abort();
    // Only the first load runs here; later loads follow the form.
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = validate(query, { from: draft.from, to: draft.to });
    if (!checked.ok) {
      setFields(fieldMessages(checked.errors));
      return;
    }
    setFields({});
    setApplied(draft);
    void run(draft);
  };
  const fieldError = (name: 'from' | 'to') => fields[`/query/${name}`] ?? fields[`/${name}`];
  const alert = problem ? <ProblemAlert problem={problem} placed={PLACED} onClose={() => setProblem(null)} /> : null;
  return { draft, setDraft, applied, report, loading, submit, fieldError, alert };
}

/** The period form above a report: discharged from, to, and Show. `testId` prefixes its fields' test ids. */
export function PeriodForm<R>({ period, testId }: { readonly period: PeriodReport<R>; readonly testId?: string }) {
  const { draft, setDraft, submit, fieldError, loading } = period;
  const id = (suffix: string) => (testId ? { 'data-testid': `${testId}-${suffix}` } : {});
  return (
    <Paper withBorder p="sm" component="form" onSubmit={submit} noValidate aria-label="Period">
      <Group align="flex-end" gap="xs">
        <TextInput
          label="Discharged from"
          type="date"
          size="xs"
          value={draft.from}
          onChange={(e) => {
            const from = e.currentTarget.value;
            setDraft((d) => ({ ...d, from }));
          }}
          error={fieldError('from')}
          {...id('from')}
        />
        <TextInput
          label="to"
          type="date"
          size="xs"
          value={draft.to}
          onChange={(e) => {
            const to = e.currentTarget.value;
            setDraft((d) => ({ ...d, to }));
          }}
          error={fieldError('to')}
          {...id('to')}
        />
        <Button type="submit" size="xs" loading={loading} {...id('apply')}>
          Show
        </Button>
      </Group>
    </Paper>
  );
}
