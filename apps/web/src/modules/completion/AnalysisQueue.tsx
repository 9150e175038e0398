import { useState } from 'react';
import {
  Badge,
  Button,
  Group,
  Loader,
  NativeSelect,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { RecordEncounterType } from '@charta/contracts';
import { Pager } from '../../components/Pager.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { useRemote } from '../encoder/use-encoder-api.js';
import { queueLabel } from '../coding-work/work-format.js';
import type { CompletionApi } from './completion-api.js';
import {
  dayOf,
  NONE,
  QUEUE_SORTS,
  QUEUE_VIEWS,
  RECORD_STATUS_COLORS,
  recordStatusLabel,
  viewLabel,
  type QueueSort,
  type QueueView,
} from './completion-format.js';

const PAGE = 50;
const FILTER_DELAY_MS = 250;

export interface QueueFilters {
  readonly view: QueueView;
  readonly facility: string;
  readonly encounterType: string;
  readonly service: string;
  readonly sort: QueueSort;
}

export const DEFAULT_QUEUE_FILTERS: QueueFilters = {
  view: 'to_review',
  facility: '',
  encounterType: '',
  service: '',
  sort: 'discharge_desc',
};

export interface AnalysisQueueProps {
  readonly api: CompletionApi;
  /** The view and filters, kept by the page so that they survive opening a record and coming back. */
  readonly filters: QueueFilters;
  readonly onFilters: (filters: QueueFilters) => void;
  readonly onOpen: (encounterId: string) => void;
}

/**
 * The technicians' analysis queue: discharged records by view (to review, incomplete, delinquent, complete, all) with
 * the count of each, filters, and the records page by page. Opening one shows its analysis.
 */
export function AnalysisQueue({ api, filters, onFilters, onOpen }: AnalysisQueueProps) {
  const view = filters.view;
  const [offset, setOffset] = useState(0);
  const [generation, setGeneration] = useState(0);
  const query = {
    view,
    sort: filters.sort,
    facility: filters.facility.trim(),
    encounterType: filters.encounterType,
    service: filters.service.trim(),
    limit: PAGE,
    offset,
  };
  const key = JSON.stringify([query, generation]);
  const list = useRemote(key, (signal) => api.queue(query, signal), FILTER_DELAY_MS);
  // Busy until the answer for the current view and filters is in (the previous answer stays up meanwhile).
  const busy = list.loading || list.key !== key;
  const records = list.data?.records ?? [];
  const total = list.data?.total ?? 0;
  const set = (field: Exclude<keyof QueueFilters, 'view'>) => (value: string) => {
    setOffset(0);
    onFilters({ ...filters, [field]: value });
  };

  return (
    <>
      <Group justify="space-between" align="flex-end" gap="xs">
        <SegmentedControl
          aria-label="Queue view"
          value={view}
          onChange={(v) => {
            setOffset(0);
            onFilters({ ...filters, view: QUEUE_VIEWS.find((q) => q.value === v)?.value ?? 'to_review' });
          }}
          data={QUEUE_VIEWS.map((v) => ({ value: v.value, label: viewLabel(v, list.data?.counts) }))}
          data-testid="completion-queue-views"
        />
        <Button size="xs" variant="default" onClick={() => setGeneration((g) => g + 1)} loading={list.loading}>
          Refresh
        </Button>
      </Group>
      <Paper withBorder p="sm" component="form" aria-label="Queue filters" onSubmit={(e) => e.preventDefault()}>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
          <TextInput
            label="Facility"
            size="xs"
            value={filters.facility}
            onChange={(e) => set('facility')(e.currentTarget.value)}
          />
          <NativeSelect
            label="Encounter type"
            size="xs"
            value={filters.encounterType}
            onChange={(e) => set('encounterType')(e.currentTarget.value)}
            data={[
              { value: '', label: 'Any' },
              ...RecordEncounterType.options.map((t) => ({ value: t, label: queueLabel(t) })),
            ]}
          />
          <TextInput
            label="Service"
            size="xs"
            value={filters.service}
            onChange={(e) => set('service')(e.currentTarget.value)}
          />
          <NativeSelect
            label="Order"
            size="xs"
            value={filters.sort}
            onChange={(e) => set('sort')(e.currentTarget.value)}
            data={QUEUE_SORTS.map((s) => ({ value: s.value, label: s.label }))}
          />
        </SimpleGrid>
      </Paper>
      {list.problem && <ProblemAlert problem={list.problem} />}
      <Group gap="xs">
        <Text size="sm" aria-live="polite" data-testid="completion-queue-total">
          {list.data
            ? total === 0
              ? 'No records in this view.'
              : `Records ${offset + 1}–${offset + records.length} of ${total}`
            : ''}
        </Text>
        {list.loading && <Loader size="xs" aria-label="Loading the queue" />}
      </Group>
      <Table.ScrollContainer minWidth={1100}>
        <Table
          striped
          highlightOnHover
          fz="sm"
          verticalSpacing={4}
          aria-label="Analysis queue"
          aria-busy={busy}
          data-view={view}
          data-testid="completion-queue-table"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Patient</Table.Th>
              <Table.Th scope="col">MRN</Table.Th>
              <Table.Th scope="col">Account</Table.Th>
              <Table.Th scope="col">Type</Table.Th>
              <Table.Th scope="col">Service</Table.Th>
              <Table.Th scope="col">Discharged</Table.Th>
              <Table.Th scope="col">Attending</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col" ta="right">
                Open
              </Table.Th>
              <Table.Th scope="col" ta="right">
                Delinquent
              </Table.Th>
              <Table.Th scope="col">Oldest due</Table.Th>
              <Table.Th scope="col">Reviewed</Table.Th>
              <Table.Th scope="col">Action</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {records.map((r) => (
              <Table.Tr key={r.encounterId} data-testid="completion-queue-row" data-account={r.accountNumber ?? ''}>
                <Table.Td fw={600}>{r.patientName}</Table.Td>
                <Table.Td ff="monospace">{r.mrn ?? NONE}</Table.Td>
                <Table.Td ff="monospace">{r.accountNumber ?? NONE}</Table.Td>
                <Table.Td>{queueLabel(r.encounterType)}</Table.Td>
                <Table.Td>{r.service ?? NONE}</Table.Td>
                <Table.Td className="charta-nowrap">{dayOf(r.dischargeAt)}</Table.Td>
                <Table.Td>{r.attendingName ?? NONE}</Table.Td>
                <Table.Td>
                  <Badge
                    size="sm"
                    variant="light"
                    color={r.recordStatus === null ? 'gray' : RECORD_STATUS_COLORS[r.recordStatus]}
                  >
                    {recordStatusLabel(r.recordStatus)}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right">{r.openDeficiencies}</Table.Td>
                <Table.Td ta="right" {...(r.delinquentDeficiencies > 0 ? { c: 'red' } : {})}>
                  {r.delinquentDeficiencies}
                </Table.Td>
                <Table.Td className="charta-nowrap">{dayOf(r.oldestDueAt)}</Table.Td>
                <Table.Td>
                  {r.reviewedAt === null ? (
                    'Not yet'
                  ) : (
                    <span title={r.reviewNote ?? undefined}>
                      {dayOf(r.reviewedAt)}
                      {r.reviewedBy !== null ? `, ${r.reviewedBy}` : ''}
                    </span>
                  )}
                </Table.Td>
                <Table.Td>
                  <Button
                    size="compact-xs"
                    aria-label={`Open ${r.patientName}, account ${r.accountNumber ?? r.mrn ?? NONE}`}
                    onClick={() => onOpen(r.encounterId)}
                  >
                    Open
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
