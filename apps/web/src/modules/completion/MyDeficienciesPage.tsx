import { useState } from 'react';
import { Badge, Button, Group, Loader, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import type { Deficiency } from '@charta/contracts';
import { PageTitle } from '../../components/PageTitle.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { useRemote } from '../encoder/use-encoder-api.js';
import { useCompletionApi } from './completion-api.js';
import {
  dayOf,
  deficiencyAction,
  KIND_LABELS,
  NONE,
  TIMING_COLORS,
  TIMING_LABELS,
  type DeficiencyTiming,
} from './completion-format.js';
import { DocumentPanel } from './DocumentPanel.js';
import { WriteDocumentForm } from './WriteDocumentForm.js';

type Work =
  { readonly kind: 'write'; readonly deficiency: Deficiency } | { readonly kind: 'document'; readonly id: string };

const TIMINGS: readonly { value: '' | DeficiencyTiming; label: string }[] = [
  { value: '', label: 'All open' },
  { value: 'due', label: 'Due' },
  { value: 'overdue', label: 'Overdue' },
  { value: 'delinquent', label: 'Delinquent' },
];

/**
 * A physician's open record-completion work: each deficiency with its age, due date and timing, and the step that
 * clears it. A missing document is written here and then signed; an unsigned or incomplete one is opened, finished
 * and signed; a signed one can take an addendum. The list is read again after each change, so cleared items leave.
 */
export function MyDeficienciesPage() {
  const api = useCompletionApi();
  const [timing, setTiming] = useState<'' | DeficiencyTiming>('');
  const [generation, setGeneration] = useState(0);
  const [work, setWork] = useState<Work | null>(null);
  const key = JSON.stringify([timing, generation]);
  const list = useRemote(key, (signal) => api.myDeficiencies({ timing: timing === '' ? undefined : timing }, signal));
  const rows = list.data?.deficiencies ?? [];
  const refresh = () => setGeneration((g) => g + 1);

  return (
    <Stack gap="sm">
      <PageTitle
        testId="my-deficiencies-title"
        description="Documents you owe on discharged records: write the missing ones, finish and sign the rest. Delinquent items count against the facility's completion rate."
        actions={
          <Button size="xs" variant="default" onClick={refresh} loading={list.loading}>
            Refresh
          </Button>
        }
      >
        My deficiencies
      </PageTitle>

      <Group gap="sm" align="center">
        <SegmentedControl
          size="xs"
          aria-label="Show deficiencies"
          value={timing}
          onChange={(v) => setTiming(TIMINGS.find((t) => t.value === v)?.value ?? '')}
          data={TIMINGS.map((t) => ({ value: t.value, label: t.label }))}
        />
        <Text size="sm" aria-live="polite" data-testid="my-deficiencies-total">
          {list.data ? `${list.data.total} open ${list.data.total === 1 ? 'item' : 'items'}` : ''}
        </Text>
        {list.loading && <Loader size="xs" aria-label="Loading your deficiencies" />}
      </Group>

      {list.problem && <ProblemAlert problem={list.problem} />}

      <Table.ScrollContainer minWidth={860}>
        <Table
          striped
          highlightOnHover
          fz="sm"
          verticalSpacing={4}
          aria-label="My deficiencies"
          aria-busy={list.loading || list.key !== key}
          data-testid="my-deficiencies-table"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Account</Table.Th>
              <Table.Th scope="col">What is owed</Table.Th>
              <Table.Th scope="col">Kind</Table.Th>
              <Table.Th scope="col">Document</Table.Th>
              <Table.Th scope="col">Due</Table.Th>
              <Table.Th scope="col">Timing</Table.Th>
              <Table.Th scope="col" ta="right">
                Age (days)
              </Table.Th>
              <Table.Th scope="col">Action</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((d) => {
              const action = deficiencyAction(d);
              const what = `${d.title}, account ${d.accountNumber ?? NONE}`;
              return (
                <Table.Tr key={d.id} data-testid="my-deficiency-row" data-account={d.accountNumber ?? ''}>
                  <Table.Td ff="monospace">{d.accountNumber ?? NONE}</Table.Td>
                  <Table.Td>{d.title}</Table.Td>
                  <Table.Td>{KIND_LABELS[d.kind]}</Table.Td>
                  <Table.Td>{d.documentType ?? NONE}</Table.Td>
                  <Table.Td className="charta-nowrap">{dayOf(d.dueAt)}</Table.Td>
                  <Table.Td>
                    {d.timing && (
                      <Badge size="sm" variant="light" color={TIMING_COLORS[d.timing]}>
                        {TIMING_LABELS[d.timing]}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{d.ageDays}</Table.Td>
                  <Table.Td>
                    {action === 'write' && (
                      <Button
                        size="compact-xs"
                        aria-label={`Write ${what}`}
                        onClick={() => setWork({ kind: 'write', deficiency: d })}
                      >
                        Write
                      </Button>
                    )}
                    {action === 'open' && (
                      <Button
                        size="compact-xs"
                        aria-label={`Open ${what}`}
                        onClick={() => setWork({ kind: 'document', id: d.documentId ?? '' })}
                      >
                        Open
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.data && rows.length === 0 && (
        <Text size="sm" c="dimmed" data-testid="my-deficiencies-empty">
          Nothing open. Every record you are responsible for is complete.
        </Text>
      )}

      {work?.kind === 'write' && (
        <WriteDocumentForm
          key={work.deficiency.id}
          api={api}
          deficiency={work.deficiency}
          onCreated={(doc) => {
            setWork({ kind: 'document', id: doc.id });
            refresh();
          }}
          onCancel={() => setWork(null)}
        />
      )}
      {work?.kind === 'document' && (
        <DocumentPanel
          key={work.id}
          api={api}
          documentId={work.id}
          onChanged={refresh}
          onOpenDocument={(id) => setWork({ kind: 'document', id })}
          onClose={() => setWork(null)}
        />
      )}
    </Stack>
  );
}
