import { useMemo, useState } from 'react';
import {
  Badge,
  Group,
  Loader,
  Paper,
  ScrollArea,
  SegmentedControl,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import type { DocumentSummary } from '@charta/contracts';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { formatDateTime } from '../../format/datetime.js';
import { useRemote } from '../encoder/use-encoder-api.js';
import { sortRows } from './table-sort.js';
import type { CodingWorkApi } from './coding-work-api.js';

export interface DocumentsPaneProps {
  readonly api: CodingWorkApi;
  readonly documents: readonly DocumentSummary[];
}

type Order = 'date' | 'type';

/**
 * The record's documents (listed by date or by type) and a reading pane. Each document's text is fetched, and its
 * reading audited, only when the coder opens it.
 */
export function DocumentsPane({ api, documents }: DocumentsPaneProps) {
  const [order, setOrder] = useState<Order>('date');
  const [openId, setOpenId] = useState<string | null>(null);
  const sorted = useMemo(
    () =>
      order === 'date'
        ? sortRows(documents, { column: 'date', direction: 'desc' }, (d) => d.authoredAt)
        : sortRows(documents, { column: 'type', direction: 'asc' }, (d) => `${d.typeLabel} ${d.authoredAt ?? ''}`),
    [documents, order],
  );
  const doc = useRemote(openId, (signal) => api.document(openId ?? '', signal));
  const open = doc.key === openId ? doc.data : null;

  return (
    <Stack gap="xs">
      <Group justify="space-between" align="center">
        <Title order={2} size="h5">
          Documents ({documents.length})
        </Title>
        <SegmentedControl
          size="xs"
          aria-label="Order documents by"
          value={order}
          onChange={(v) => setOrder(v === 'type' ? 'type' : 'date')}
          data={[
            { value: 'date', label: 'Newest first' },
            { value: 'type', label: 'By type' },
          ]}
        />
      </Group>
      {documents.length === 0 && (
        <Text size="sm" c="dimmed">
          No documents on this encounter.
        </Text>
      )}
      <ul className="charta-plain-list" aria-label="Documents">
        {sorted.map((d) => {
          const selected = d.id === openId;
          return (
            <li key={d.id}>
              <UnstyledButton
                className="charta-encoder-row"
                w="100%"
                px={6}
                py={4}
                aria-pressed={selected}
                aria-label={`Read ${d.typeLabel}${d.authoredAt ? `, ${formatDateTime(d.authoredAt)}` : ''}`}
                data-testid="workbench-document"
                onClick={() => setOpenId(d.id)}
                {...(selected ? { bg: 'var(--mantine-primary-color-light)' } : {})}
              >
                <Group gap={6} wrap="nowrap" justify="space-between">
                  <Text size="sm" fw={600}>
                    {d.typeLabel}
                  </Text>
                  <Text size="xs" c="dimmed" className="charta-nowrap">
                    {formatDateTime(d.authoredAt)}
                  </Text>
                </Group>
                <Group gap={6}>
                  {d.authorName !== null && (
                    <Text size="xs" c="dimmed">
                      {d.authorName}
                    </Text>
                  )}
                  {d.status !== 'final' && (
                    <Badge size="xs" variant="light" color={d.status === 'preliminary' ? 'orange' : 'gray'}>
                      {d.status}
                    </Badge>
                  )}
                </Group>
              </UnstyledButton>
            </li>
          );
        })}
      </ul>
      {openId !== null && (
        <Paper withBorder p="sm" component="section" aria-label="Document text" aria-busy={doc.loading}>
          {doc.loading && <Loader size="xs" aria-label="Loading the document" />}
          {doc.problem && <ProblemAlert problem={doc.problem} />}
          {open && (
            <Stack gap={4}>
              <Title order={3} size="h6">
                {open.typeLabel}
              </Title>
              <Text size="xs" c="dimmed">
                {[formatDateTime(open.authoredAt), open.authorName, open.status].filter(Boolean).join(' · ')}
              </Text>
              <ScrollArea.Autosize mah="55vh" type="auto">
                {open.text !== null ? (
                  <Text
                    size="sm"
                    component="pre"
                    style={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', margin: 0 }}
                    data-testid="document-text"
                    tabIndex={0}
                  >
                    {open.text}
                  </Text>
                ) : (
                  <Text size="sm" c="dimmed">
                    This document has no text to show{open.hasAttachment ? ' (it holds an attachment only)' : ''}.
                  </Text>
                )}
              </ScrollArea.Autosize>
            </Stack>
          )}
        </Paper>
      )}
    </Stack>
  );
}
