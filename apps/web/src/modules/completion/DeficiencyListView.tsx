import { useEffect, useState } from 'react';
import { Badge, Button, Group, Loader, NativeSelect, Paper, SimpleGrid, Table, Text } from '@mantine/core';
import { DeficiencyKind, DeficiencyStatus, DeficiencyTiming } from '@charta/contracts';
import { Pager } from '../../components/Pager.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { useRemote } from '../encoder/use-encoder-api.js';
import type { CompletionApi } from './completion-api.js';
import { dayOf, KIND_LABELS, NONE, practitionerOptions, TIMING_COLORS, TIMING_LABELS } from './completion-format.js';

const PAGE = 100;

export interface DeficiencyFilters {
  readonly status: string;
  readonly timing: string;
  readonly kind: string;
  readonly practitionerId: string;
}

export const ALL_OPEN: DeficiencyFilters = { status: 'open', timing: '', kind: '', practitionerId: '' };
/** The medical staff office's delinquency list: open deficiencies past their delinquency instant. */
export const DELINQUENCY_LIST: DeficiencyFilters = { ...ALL_OPEN, timing: 'delinquent' };

export interface DeficiencyListViewProps {
  readonly api: CompletionApi;
  readonly filters: DeficiencyFilters;
  readonly onFilters: (filters: DeficiencyFilters) => void;
  readonly onOpen: (encounterId: string) => void;
}

/**
 * Deficiencies across the organisation, most urgent first, filtered by status, timing, kind and clinician. With
 * timing "delinquent" it is the delinquency list the medical staff office works from.
 */
export function DeficiencyListView({ api, filters, onFilters, onOpen }: DeficiencyListViewProps) {
  const [offset, setOffset] = useState(0);
  const [generation, setGeneration] = useState(0);
  const [clinicians, setClinicians] = useState<{ value: string; label: string }[]>([]);
  const query = {
    status: filters.status,
    timing: filters.status === 'open' ? filters.timing : '',
    kind: filters.kind,
    practitionerId: filters.practitionerId,
    limit: PAGE,
    offset,
  };
  const key = JSON.stringify([query, generation]);
  const list = useRemote(key, (signal) => api.deficiencies(query, signal));
  const busy = list.loading || list.key !== key;
  const rows = list.data?.deficiencies ?? [];
  const total = list.data?.total ?? 0;

  // The clinician filter offers every clinician met so far (there is no separate clinician directory to ask).
  useEffect(() => {
    if (!list.data) return;
    const found = list.data.deficiencies;
    setClinicians((known) =>
      practitionerOptions([...known.map((k) => ({ practitionerId: k.value, practitionerName: k.label })), ...found]),
    );
  }, [list.data]);

  const set = (field: keyof DeficiencyFilters) => (value: string) => {
    setOffset(0);
    onFilters({ ...filters, [field]: value });
  };
  const delinquencyList = filters.status === 'open' && filters.timing === 'delinquent';

  return (
    <>
      <Group justify="space-between" align="flex-end" gap="xs">
        <Group gap="xs">
          <Button
            size="xs"
            variant={delinquencyList ? 'filled' : 'default'}
            aria-pressed={delinquencyList}
            onClick={() => {
              setOffset(0);
              onFilters(DELINQUENCY_LIST);
            }}
          >
            Delinquency list
          </Button>
          <Button
            size="xs"
            variant="default"
            onClick={() => {
              setOffset(0);
              onFilters(ALL_OPEN);
            }}
          >
            All open
          </Button>
        </Group>
        <Button size="xs" variant="default" onClick={() => setGeneration((g) => g + 1)} loading={list.loading}>
          Refresh
        </Button>
      </Group>
      <Paper withBorder p="sm" component="form" aria-label="Deficiency filters" onSubmit={(e) => e.preventDefault()}>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
          <NativeSelect
            label="Status"
            size="xs"
            value={filters.status}
            onChange={(e) => set('status')(e.currentTarget.value)}
            data={DeficiencyStatus.options.map((s) => ({ value: s, label: s[0]?.toUpperCase() + s.slice(1) }))}
          />
          <NativeSelect
            label="Timing"
            size="xs"
            value={filters.timing}
            disabled={filters.status !== 'open'}
            onChange={(e) => set('timing')(e.currentTarget.value)}
            data={[
              { value: '', label: 'Any' },
              ...DeficiencyTiming.options.map((t) => ({ value: t, label: TIMING_LABELS[t] })),
            ]}
          />
          <NativeSelect
            label="Kind"
            size="xs"
            value={filters.kind}
            onChange={(e) => set('kind')(e.currentTarget.value)}
            data={[
              { value: '', label: 'Any' },
              ...DeficiencyKind.options.map((k) => ({ value: k, label: KIND_LABELS[k] })),
            ]}
          />
          <NativeSelect
            label="Clinician"
            size="xs"
            value={filters.practitionerId}
            onChange={(e) => set('practitionerId')(e.currentTarget.value)}
            data={[{ value: '', label: 'Anyone' }, ...clinicians]}
          />
        </SimpleGrid>
      </Paper>
      {list.problem && <ProblemAlert problem={list.problem} />}
      <Group gap="xs">
        <Text size="sm" aria-live="polite" data-testid="deficiency-total">
          {list.data
            ? total === 0
              ? 'No deficiencies match.'
              : `Deficiencies ${offset + 1}–${offset + rows.length} of ${total}`
            : ''}
        </Text>
        {list.loading && <Loader size="xs" aria-label="Loading deficiencies" />}
      </Group>
      <Table.ScrollContainer minWidth={1100}>
        <Table
          striped
          highlightOnHover
          fz="sm"
          verticalSpacing={4}
          aria-label={delinquencyList ? 'Delinquency list' : 'Deficiencies'}
          aria-busy={busy}
          data-testid="deficiency-table"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Account</Table.Th>
              <Table.Th scope="col">Requirement</Table.Th>
              <Table.Th scope="col">Kind</Table.Th>
              <Table.Th scope="col">Clinician</Table.Th>
              <Table.Th scope="col">Due</Table.Th>
              <Table.Th scope="col">Delinquent from</Table.Th>
              <Table.Th scope="col">Timing</Table.Th>
              <Table.Th scope="col" ta="right">
                Age (days)
              </Table.Th>
              <Table.Th scope="col">Source</Table.Th>
              <Table.Th scope="col">Action</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((d) => (
              <Table.Tr key={d.id} data-testid="deficiency-row" data-account={d.accountNumber ?? ''}>
                <Table.Td ff="monospace">{d.accountNumber ?? NONE}</Table.Td>
                <Table.Td>{d.title}</Table.Td>
                <Table.Td>{KIND_LABELS[d.kind]}</Table.Td>
                <Table.Td>{d.practitionerName ?? 'Unassigned'}</Table.Td>
                <Table.Td className="charta-nowrap">{dayOf(d.dueAt)}</Table.Td>
                <Table.Td className="charta-nowrap">{dayOf(d.delinquentAt)}</Table.Td>
                <Table.Td>
                  {d.timing ? (
                    <Badge size="sm" variant="light" color={TIMING_COLORS[d.timing]}>
                      {TIMING_LABELS[d.timing]}
                    </Badge>
                  ) : (
                    d.status
                  )}
                </Table.Td>
                <Table.Td ta="right">{d.ageDays}</Table.Td>
                <Table.Td>{d.source === 'manual' ? 'Added by hand' : 'Analysis'}</Table.Td>
                <Table.Td>
                  <Button
                    size="compact-xs"
                    aria-label={`Open the record, account ${d.accountNumber ?? NONE}`}
                    onClick={() => onOpen(d.encounterId)}
                  >
                    Open record
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Pager offset={offset} pageSize={PAGE} total={total} onOffset={setOffset} />
    </>
  );
}
