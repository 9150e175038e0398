import { useMemo, useState } from 'react';
import {
  Badge,
  Button,
  Group,
  Loader,
  NativeSelect,
  Paper,
  SimpleGrid,
  Table,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { Action } from '@charta/core';
import { HoldReason, WorkItemStatus, type ProblemDetails, type QueueCount, type WorkItem } from '@charta/contracts';
import { problemOf } from '../../api/problem.js';
import { PageTitle } from '../../components/PageTitle.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { useSession } from '../../session/session-context.js';
import { useRemote } from '../encoder/use-encoder-api.js';
import type { CodingWorkApi } from './coding-work-api.js';
import { ageBoundError, EMPTY_QUEUE_FILTERS, queueQuery, type QueueFilters } from './queue-filters.js';
import { nextSort, sortRows, type SortState } from './table-sort.js';
import {
  dateOf,
  holdReasonLabel,
  HOLD_REASON_LABELS,
  queueLabel,
  statusLabel,
  STATUS_COLORS,
  STATUS_LABELS,
} from './work-format.js';

/** Typing in a text filter waits for a pause before asking again. */
const FILTER_DELAY_MS = 250;

type Column =
  'patient' | 'mrn' | 'account' | 'type' | 'discharge' | 'age' | 'due' | 'priority' | 'status' | 'hold' | 'assignee';

const COLUMNS: readonly { key: Column; label: string }[] = [
  { key: 'patient', label: 'Patient' },
  { key: 'mrn', label: 'MRN' },
  { key: 'account', label: 'Account' },
  { key: 'type', label: 'Type' },
  { key: 'discharge', label: 'Discharged' },
  { key: 'age', label: 'Age (days)' },
  { key: 'due', label: 'Due' },
  { key: 'priority', label: 'Priority' },
  { key: 'status', label: 'Status' },
  { key: 'hold', label: 'Hold reason' },
  { key: 'assignee', label: 'Assignee' },
];

function cellOf(item: WorkItem, column: Column): string | number | null {
  switch (column) {
    case 'patient':
      return `${item.familyName}, ${item.givenName}`;
    case 'mrn':
      return item.mrn;
    case 'account':
      return item.accountNumber;
    case 'type':
      return queueLabel(item.encounterType);
    case 'discharge':
      return item.dischargeAt;
    case 'age':
      return item.ageDays;
    case 'due':
      return item.dueAt;
    case 'priority':
      return item.priority;
    case 'status':
      return statusLabel(item.status);
    case 'hold':
      return holdReasonLabel(item.holdReason);
    case 'assignee':
      return item.assignee?.displayName ?? null;
  }
}

export interface CodingQueueProps {
  readonly api: CodingWorkApi;
  readonly onOpen: (encounterId: string) => void;
}

function QueueCards({
  counts,
  active,
  onPick,
}: {
  counts: readonly QueueCount[];
  active: string;
  onPick: (q: string) => void;
}) {
  const total = counts.reduce((sum, c) => sum + c.open, 0);
  const overdue = counts.reduce((sum, c) => sum + c.overdue, 0);
  const cards = [
    { queue: '', label: 'All queues', open: total, overdue, onHold: counts.reduce((s, c) => s + c.onHold, 0) },
  ].concat(
    counts.map((c) => ({
      queue: c.queue,
      label: queueLabel(c.queue),
      open: c.open,
      overdue: c.overdue,
      onHold: c.onHold,
    })),
  );
  return (
    <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} spacing="xs" role="group" aria-label="Queues">
      {cards.map((c) => (
        <UnstyledButton
          key={c.queue || 'all'}
          aria-pressed={active === c.queue}
          onClick={() => onPick(c.queue)}
          data-testid={`queue-${c.queue || 'all'}`}
        >
          <Paper withBorder p="xs" {...(active === c.queue ? { bg: 'var(--mantine-primary-color-light)' } : {})}>
            <Text size="xs" c="dimmed">
              {c.label}
            </Text>
            <Text fw={700} size="lg" data-testid="queue-open-count">
              {c.open}
            </Text>
            <Text size="xs" c={c.overdue > 0 ? 'red' : 'dimmed'}>
              {c.overdue} overdue · {c.onHold} on hold
            </Text>
          </Paper>
        </UnstyledButton>
      ))}
    </SimpleGrid>
  );
}

/**
 * The coding work queues: counts per queue (encounter type), filters, and the list of discharged encounters waiting
 * for coding, sortable by any column. A coder takes an item or opens it in the workbench.
 */
export function CodingQueue({ api, onOpen }: CodingQueueProps) {
  const { can, session } = useSession();
  const [filters, setFilters] = useState<QueueFilters>(EMPTY_QUEUE_FILTERS);
  const [sort, setSort] = useState<SortState<Column>>({ column: 'age', direction: 'desc' });
  const [generation, setGeneration] = useState(0);
  const [actionProblem, setActionProblem] = useState<ProblemDetails | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const canWrite = can(Action.codingWrite);

  const query = queueQuery(filters);
  const key = JSON.stringify([query, generation]);
  const list = useRemote(key, (signal) => api.queue(query, signal), FILTER_DELAY_MS);
  const items = useMemo(() => sortRows(list.data?.items ?? [], sort, cellOf), [list.data, sort]);
  const set = (field: keyof QueueFilters) => (value: string) => setFilters((f) => ({ ...f, [field]: value }));

  const take = async (item: WorkItem) => {
    setBusyId(item.encounterId);
    setActionProblem(null);
    try {
      await api.take(item.encounterId);
      setGeneration((g) => g + 1);
    } catch (error) {
      setActionProblem(problemOf(error));
    } finally {
      setBusyId(null);
    }
  };

  return (
    <>
      <PageTitle
        testId="coding-queue-title"
        description="Discharged encounters waiting for coding. Take one, or open it in the workbench."
        actions={
          <Button size="xs" variant="default" onClick={() => setGeneration((g) => g + 1)} loading={list.loading}>
            Refresh
          </Button>
        }
      >
        Coding queue
      </PageTitle>
      {list.data && <QueueCards counts={list.data.counts} active={filters.queue} onPick={set('queue')} />}
      <Paper withBorder p="sm" mt="sm" component="form" aria-label="Queue filters" onSubmit={(e) => e.preventDefault()}>
        <SimpleGrid cols={{ base: 2, sm: 4, lg: 8 }} spacing="xs">
          <TextInput
            label="Service"
            size="xs"
            value={filters.service}
            onChange={(e) => set('service')(e.currentTarget.value)}
          />
          <TextInput
            label="Payer"
            size="xs"
            value={filters.payer}
            onChange={(e) => set('payer')(e.currentTarget.value)}
          />
          <NativeSelect
            label="Status"
            size="xs"
            value={filters.status}
            onChange={(e) => set('status')(e.currentTarget.value)}
            data={[
              { value: '', label: 'Open (not final)' },
              { value: 'all', label: 'All, with final' },
              ...WorkItemStatus.options.map((s) => ({ value: s, label: STATUS_LABELS[s] })),
            ]}
          />
          <NativeSelect
            label="Assignee"
            size="xs"
            value={filters.assignee}
            onChange={(e) => set('assignee')(e.currentTarget.value)}
            data={[
              { value: '', label: 'Anyone' },
              { value: 'me', label: 'Me' },
              { value: 'none', label: 'Unassigned' },
            ]}
          />
          <TextInput
            label="Age from (days)"
            size="xs"
            inputMode="numeric"
            value={filters.minAgeDays}
            error={ageBoundError(filters.minAgeDays)}
            onChange={(e) => set('minAgeDays')(e.currentTarget.value)}
          />
          <TextInput
            label="Age to (days)"
            size="xs"
            inputMode="numeric"
            value={filters.maxAgeDays}
            error={ageBoundError(filters.maxAgeDays)}
            onChange={(e) => set('maxAgeDays')(e.currentTarget.value)}
          />
          <NativeSelect
            label="Due"
            size="xs"
            value={filters.due}
            onChange={(e) => set('due')(e.currentTarget.value)}
            data={[
              { value: '', label: 'Any time' },
              { value: 'overdue', label: 'Overdue' },
              { value: 'today', label: 'Due today' },
              { value: 'later', label: 'Due later' },
            ]}
          />
          <NativeSelect
            label="Hold reason"
            size="xs"
            value={filters.holdReason}
            onChange={(e) => set('holdReason')(e.currentTarget.value)}
            data={[
              { value: '', label: 'Any' },
              ...HoldReason.options.map((r) => ({ value: r, label: HOLD_REASON_LABELS[r] })),
            ]}
          />
        </SimpleGrid>
        <Group mt="xs" gap="xs">
          <Button size="compact-xs" variant="subtle" onClick={() => setFilters(EMPTY_QUEUE_FILTERS)}>
            Clear filters
          </Button>
        </Group>
      </Paper>
      {list.problem && <ProblemAlert problem={list.problem} />}
      {actionProblem && <ProblemAlert problem={actionProblem} onClose={() => setActionProblem(null)} />}
      <Group gap="xs" mt="sm" mb={4}>
        <Text size="sm" aria-live="polite" data-testid="queue-total">
          {list.data
            ? list.data.total > items.length
              ? `Showing ${items.length} of ${list.data.total} (oldest first; narrow the filters to see the rest)`
              : `${list.data.total} ${list.data.total === 1 ? 'encounter' : 'encounters'}`
            : ''}
        </Text>
        {list.loading && <Loader size="xs" aria-label="Loading the queue" />}
      </Group>
      <Table.ScrollContainer minWidth={1000}>
        <Table striped highlightOnHover verticalSpacing={4} fz="sm" data-testid="queue-table" aria-label="Coding queue">
          <Table.Thead>
            <Table.Tr>
              {COLUMNS.map((c) => {
                const sorted = sort.column === c.key;
                return (
                  <Table.Th
                    key={c.key}
                    aria-sort={sorted ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
                  >
                    <UnstyledButton onClick={() => setSort((s) => nextSort(s, c.key))} fw={600} fz="sm">
                      {c.label} {sorted ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
                    </UnstyledButton>
                  </Table.Th>
                );
              })}
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => {
              const name = `${item.familyName}, ${item.givenName}`;
              const mine = item.assignee?.id === session.user.id;
              return (
                <Table.Tr key={item.encounterId} data-testid="queue-row" data-account={item.accountNumber ?? ''}>
                  <Table.Td fw={600}>{name}</Table.Td>
                  <Table.Td ff="monospace">{item.mrn}</Table.Td>
                  <Table.Td ff="monospace">{item.accountNumber ?? '—'}</Table.Td>
                  <Table.Td>{queueLabel(item.encounterType)}</Table.Td>
                  <Table.Td className="charta-nowrap">{dateOf(item.dischargeAt) || '—'}</Table.Td>
                  <Table.Td ta="right">{item.ageDays}</Table.Td>
                  <Table.Td className="charta-nowrap">
                    {dateOf(item.dueAt)}{' '}
                    {item.overdue && (
                      <Badge size="xs" color="red" variant="light">
                        overdue
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{item.priority}</Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={STATUS_COLORS[item.status]}>
                      {statusLabel(item.status)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{holdReasonLabel(item.holdReason)}</Table.Td>
                  <Table.Td>{mine ? 'Me' : (item.assignee?.displayName ?? '—')}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {canWrite && !mine && item.status !== 'final' && (
                        <Button
                          size="compact-xs"
                          variant="default"
                          loading={busyId === item.encounterId}
                          aria-label={`Take ${name}, account ${item.accountNumber ?? item.mrn}`}
                          onClick={() => void take(item)}
                        >
                          Take
                        </Button>
                      )}
                      <Button
                        size="compact-xs"
                        aria-label={`Open ${name}, account ${item.accountNumber ?? item.mrn}`}
                        onClick={() => onOpen(item.encounterId)}
                      >
                        Open
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.data && items.length === 0 && (
        <Text size="sm" c="dimmed" mt="xs">
          No encounters match these filters.
        </Text>
      )}
    </>
  );
}
