import { useEffect, useState } from 'react';
import {
  Anchor,
  Breadcrumbs,
  Button,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import type { PcsBuilderOption } from '@charta/core';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import type { OpenCode } from './CodeSearch.js';
import { useEncoderApi, useRemote } from './use-encoder-api.js';

export interface PcsBuilderProps {
  /** A starting prefix (from a PCS Index entry); changes restart the builder there. */
  readonly start: string;
  readonly onOpen: (code: OpenCode) => void;
}

/** PCS characters are digits and letters other than I and O [ICD-10-PCS Official Guidelines FY2026, A.2]. */
const PCS_PREFIX = /^[0-9A-HJ-NP-Z]{0,7}$/u;

/**
 * Builds an ICD-10-PCS code one character at a time. Each step offers only the values that still lead to a code the
 * Tables list (rows are Cartesian products, so a choice narrows the rows), which is how the Tables are meant to be
 * read [ICD-10-PCS Official Guidelines FY2026, A.6-A.8].
 */
export function PcsBuilder({ start, onOpen }: PcsBuilderProps) {
  const api = useEncoderApi();
  const [chosen, setChosen] = useState<readonly (PcsBuilderOption | undefined)[]>([]);
  const [prefix, setPrefix] = useState(start);
  const [typed, setTyped] = useState(start);

  useEffect(() => {
    setPrefix(start);
    setTyped(start);
    setChosen([]);
  }, [start]);

  const remote = useRemote(prefix, (signal) => api.pcsStep(prefix, signal));
  const step = remote.key === prefix ? remote.data : null;
  const complete = step?.complete === true && prefix.length === 7;

  useEffect(() => {
    if (complete) onOpen({ system: 'ICD-10-PCS', code: prefix });
    // Opening is a side effect of reaching a complete code: once per code, not on every new onOpen identity.
  }, [complete, prefix]);

  // Characters typed or taken from the Index have no labels yet: ask for the step each was chosen at and take the
  // label from there, so the breadcrumb always reads in words.
  useEffect(() => {
    const missing = [...prefix].flatMap((c, i) => (chosen[i]?.value === c ? [] : [i]));
    if (missing.length === 0) return;
    const controller = new AbortController();
    Promise.all(
      missing.map((i) =>
        api
          .pcsStep(prefix.slice(0, i), controller.signal)
          .then((s) => [i, s.options.find((o) => o.value === prefix[i])] as const),
      ),
    ).then(
      (found) => {
        if (controller.signal.aborted) return;
        setChosen((current) => {
          const next = Array.from({ length: prefix.length }, (_, k) => current[k]);
          for (const [i, option] of found) if (option) next[i] = option;
          return next;
        });
      },
      () => undefined,
    );
    return () => controller.abort();
    // Only a new prefix can leave characters unlabelled; `chosen` is read as of that change.
  }, [api, prefix]);

  const goTo = (length: number) => {
    setPrefix(prefix.slice(0, length));
    setTyped(prefix.slice(0, length));
    setChosen(chosen.slice(0, length));
  };
  const choose = (option: PcsBuilderOption) => {
    setPrefix(prefix + option.value);
    setTyped(prefix + option.value);
    setChosen([...Array.from({ length: prefix.length }, (_, i) => chosen[i]), option]);
  };

  const crumbs = [...prefix].map((value, i) => {
    const option = chosen[i];
    const known = option && option.value === value ? option : undefined;
    const label = known ? `${value} ${known.label}` : value;
    return (
      <Anchor
        component="button"
        type="button"
        size="sm"
        key={i}
        onClick={() => goTo(i + 1)}
        title={`${known ? `${known.axis}. ` : ''}Go back to this character`}
      >
        {label}
      </Anchor>
    );
  });
  const axis = step?.options[0]?.axis;

  return (
    <Stack gap="xs" data-testid="pcs-builder">
      <Group gap="xs" align="flex-end">
        <TextInput
          label="Code so far"
          description="Type a start (0DT) or pick below"
          w={200}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          value={typed}
          maxLength={7}
          onChange={(e) => {
            const next = e.currentTarget.value.toUpperCase();
            setTyped(next);
            if (PCS_PREFIX.test(next)) {
              setPrefix(next);
              // Keep the labels of the characters that did not change.
              setChosen([...next].map((c, i) => (chosen[i]?.value === c ? chosen[i] : undefined)));
            }
          }}
          error={PCS_PREFIX.test(typed) ? undefined : 'Digits and letters other than I and O'}
          data-testid="pcs-prefix"
        />
        <Button variant="default" size="sm" onClick={() => goTo(0)} disabled={prefix === ''}>
          Start over
        </Button>
      </Group>
      <Group gap={6} wrap="nowrap" align="center">
        <Text size="sm" fw={600} ff="monospace" data-testid="pcs-code">
          {prefix.padEnd(7, '_')}
        </Text>
        {prefix.length > 0 && (
          <Breadcrumbs separator="›" separatorMargin={4} style={{ flexWrap: 'wrap' }}>
            {crumbs}
          </Breadcrumbs>
        )}
      </Group>
      {remote.problem && <ProblemAlert problem={remote.problem} />}
      {remote.loading && <Loader size="xs" />}
      {complete && (
        <Group gap="xs">
          <Text size="sm">
            <Text span ff="monospace" fw={700}>
              {prefix}
            </Text>{' '}
            is a complete code.
          </Text>
          <Button size="xs" variant="light" onClick={() => onOpen({ system: 'ICD-10-PCS', code: prefix })}>
            Open
          </Button>
        </Group>
      )}
      {step && !complete && step.options.length === 0 && (
        <Text size="sm" c="orange">
          No code in the Tables starts with {prefix}. Go back a step.
        </Text>
      )}
      {step && !complete && step.options.length > 0 && (
        <section aria-label={`Choose character ${step.position}`}>
          <Text size="sm" fw={700} mb={4}>
            Character {step.position}: {axis}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={2} verticalSpacing={2}>
            {step.options.map((o) => (
              <UnstyledButton
                key={o.value}
                onClick={() => choose(o)}
                px={6}
                py={2}
                className="charta-encoder-row"
                data-testid="pcs-option"
              >
                <Group gap={8} wrap="nowrap">
                  <Text ff="monospace" fw={700} size="sm" w={16}>
                    {o.value}
                  </Text>
                  <Text size="sm">{o.label}</Text>
                </Group>
              </UnstyledButton>
            ))}
          </SimpleGrid>
        </section>
      )}
    </Stack>
  );
}
