import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Badge, Button, Code, Group, Modal, SegmentedControl, Stack, Table, Text, Textarea } from '@mantine/core';
import {
  Hl7DismissRequest,
  type Hl7MessageDetail,
  type Hl7MessageStatus,
  type ProblemDetails,
} from '@charta/contracts';
import { problemOf } from '../../api/problem.js';
import { useModuleApi } from '../../api/use-module-api.js';
import { validate } from '../../api/validate.js';
import { PageTitle } from '../../components/PageTitle.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { formatDateTime } from '../../format/datetime.js';
import { useLoad } from '../../hooks/use-load.js';
import { createHl7Api, segmentsOf } from './hl7-api.js';

const FILTERS: { value: Hl7MessageStatus | 'all'; label: string }[] = [
  { value: 'error', label: 'Errors' },
  { value: 'rejected', label: 'Rejected' },
  { value: 'applied', label: 'Applied' },
  { value: 'reprocessed', label: 'Reprocessed' },
  { value: 'dismissed', label: 'Dismissed' },
  { value: 'all', label: 'All' },
];

const STATUS_COLOR: Record<Hl7MessageStatus, string> = {
  applied: 'green',
  reprocessed: 'teal',
  error: 'red',
  rejected: 'orange',
  dismissed: 'gray',
};

/**
 * The HL7 v2 interface's review list: every ADT message received is kept with its outcome, and one that failed waits
 * here until it is reprocessed (after the cause is fixed) or dismissed with a reason. The list shows header items and
 * error codes only; opening a message shows its text, and that read is audited.
 */
export function Hl7MessagesPage() {
  const api = useModuleApi(createHl7Api);
  const [filter, setFilter] = useState<Hl7MessageStatus | 'all'>('error');
  const messages = useLoad(() => api.list(filter === 'all' ? undefined : filter));
  const [openId, setOpenId] = useState<string | null>(null);
  const { reload } = messages;
  // useLoad loads once on mount; a changed filter loads again (not the first render, which would load twice).
  const shownFilter = useRef(filter);
  useEffect(() => {
    if (shownFilter.current === filter) return;
    shownFilter.current = filter;
    reload();
  }, [filter, reload]);

  return (
    <Stack gap="sm">
      <PageTitle
        description="ADT messages received from the EHR feed, newest first. Reprocess a failed message once its cause is fixed, or dismiss it with a reason."
        actions={
          <SegmentedControl
            aria-label="Status"
            size="xs"
            value={filter}
            onChange={(v) => setFilter(v as Hl7MessageStatus | 'all')}
            data={FILTERS}
          />
        }
      >
        HL7 messages
      </PageTitle>
      {messages.problem && <ProblemAlert problem={messages.problem} />}
      <Table.ScrollContainer minWidth={900}>
        <Table striped highlightOnHover data-testid="hl7-messages-table" aria-busy={messages.loading}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Received</Table.Th>
              <Table.Th>Sender</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>Control id</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>ACK</Table.Th>
              <Table.Th>Error</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(messages.data?.messages ?? []).map((m) => (
              <Table.Tr key={m.id} data-testid="hl7-message-row">
                <Table.Td className="charta-nowrap">{formatDateTime(m.receivedAt)}</Table.Td>
                <Table.Td>{[m.sendingApplication, m.sendingFacility].filter(Boolean).join(' / ') || '—'}</Table.Td>
                <Table.Td className="charta-nowrap">
                  {m.messageType ?? '?'}
                  {m.triggerEvent ? `^${m.triggerEvent}` : ''}
                </Table.Td>
                <Table.Td>
                  <code>{m.controlId ?? '—'}</code>
                </Table.Td>
                <Table.Td>
                  <Badge size="sm" color={STATUS_COLOR[m.status]}>
                    {m.status}
                  </Badge>
                  {m.receiveCount > 1 && (
                    <Text size="xs" c="dimmed">
                      received {m.receiveCount}×
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{m.ackCode}</Table.Td>
                <Table.Td>
                  {m.error ? (
                    <Text size="xs">
                      {m.error.code} {m.error.text}
                      {m.error.location ? ` at ${m.error.location}` : ''}
                    </Text>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td>
                  <Button size="compact-xs" variant="light" onClick={() => setOpenId(m.id)}>
                    Open
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {messages.data !== null && messages.data.messages.length === 0 && (
        <Text size="sm" c="dimmed">
          {filter === 'error' ? 'No message is waiting for review.' : 'No messages.'}
        </Text>
      )}
      <MessageModal
        messageId={openId}
        api={api}
        onClose={() => setOpenId(null)}
        onSettled={() => {
          setOpenId(null);
          reload();
        }}
      />
    </Stack>
  );
}

interface MessageModalProps {
  readonly messageId: string | null;
  readonly api: ReturnType<typeof createHl7Api>;
  readonly onClose: () => void;
  readonly onSettled: () => void;
}

function MessageModal({ messageId, api, onClose, onSettled }: MessageModalProps) {
  const [detail, setDetail] = useState<Hl7MessageDetail | null>(null);
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setDetail(null);
    setProblem(null);
    setReason('');
    setReasonError(undefined);
    if (messageId === null) return;
    const controller = new AbortController();
    api.open(messageId, controller.signal).then(setDetail, (error: unknown) => {
      if (!controller.signal.aborted) setProblem(problemOf(error));
    });
    return () => controller.abort();
  }, [messageId, api]);

  const open = detail !== null && (detail.status === 'error' || detail.status === 'rejected');

  const reprocess = async () => {
    if (messageId === null) return;
    setBusy(true);
    setProblem(null);
    try {
      const result = await api.reprocess(messageId);
      if (result.status === 'error') setDetail((d) => (d ? { ...d, errors: result.errors } : d));
      else onSettled();
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  };

  const dismiss = async (event: FormEvent) => {
    event.preventDefault();
    if (messageId === null) return;
    const checked = validate(Hl7DismissRequest, { reason });
    if (!checked.ok) {
      setReasonError(checked.errors[0]?.message);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await api.dismiss(messageId, checked.value.reason);
      onSettled();
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={messageId !== null} onClose={onClose} title="HL7 message" size="xl">
      <Stack gap="sm">
        {problem && <ProblemAlert problem={problem} />}
        {detail && (
          <>
            <Group gap="xs">
              <Badge color={STATUS_COLOR[detail.status]}>{detail.status}</Badge>
              <Text size="sm">
                {detail.messageType}
                {detail.triggerEvent ? `^${detail.triggerEvent}` : ''} · control id <code>{detail.controlId}</code> ·
                version {detail.version ?? '?'} · received {formatDateTime(detail.receivedAt)}
              </Text>
            </Group>
            {detail.errors.length > 0 && (
              <Stack gap={2} data-testid="hl7-message-errors">
                {detail.errors.map((e, i) => (
                  <Text key={i} size="sm" c="red">
                    {e.code} at {e.location || 'message'}: {e.message}
                  </Text>
                ))}
              </Stack>
            )}
            <Text size="xs" fw={600}>
              Message
            </Text>
            <Code block aria-label="Message text">
              {segmentsOf(detail.raw).join('\n')}
            </Code>
            <Text size="xs" fw={600}>
              Acknowledgement sent
            </Text>
            <Code block aria-label="Acknowledgement text">
              {segmentsOf(detail.ack).join('\n')}
            </Code>
            {detail.resolutionNote && (
              <Text size="sm">
                Resolved {formatDateTime(detail.resolvedAt)}: {detail.resolutionNote}
              </Text>
            )}
            {open && (
              <form onSubmit={(e) => void dismiss(e)}>
                <Stack gap="xs">
                  <Button onClick={() => void reprocess()} loading={busy} variant="filled">
                    Reprocess
                  </Button>
                  <Textarea
                    label="Reason for dismissing"
                    value={reason}
                    onChange={(e) => setReason(e.currentTarget.value)}
                    error={reasonError}
                    autosize
                    minRows={2}
                  />
                  <Button type="submit" color="gray" loading={busy}>
                    Dismiss
                  </Button>
                </Stack>
              </form>
            )}
          </>
        )}
      </Stack>
    </Modal>
  );
}
